/* muying-indicator-cases-window.c: the cases behind an indicator's count (the drill-down)
 *
 * A doctor who finds a number surprising clicks it on the statistics page (or presses Enter on
 * it) and sees the cases it counts: each unit's first screening record of the period (a
 * pregnancy's earliest record, a newborn, a woman's first exam), from the same walk that counted
 * them (muying_store_list_indicator_records), so the list has exactly as many cases as the count.
 * It is read in a thread on its own connection. Enter or a double click on a case opens it as
 * the worklist does (win.open-case of the main window).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-id-number.h"
#include "muying-indicator-cases-window-private.h"
#include "muying-indicator-cases-window.h"
#include "muying-indicators.h"
#include "muying-record-query.h"
#include "muying-ui-text.h"

/* A count of a year at a million records can be a hundred thousand pregnancies: the window lists
 * the first ones the walk found, by date, and says how many there are. */
#define MAX_SHOWN 1000

struct _MuyingIndicatorCasesWindow
{
  GtkWindow         parent_instance;

  MuyingAppContext *context;
  MuyingPeriod      period;
  char             *id;
  gboolean          denominator;
  GCancellable     *cancellable;
  gboolean          loading;
  GArray           *ids;        /* the record ids shown (gint64) */
  char             *error;
  char             *period_text;

  GtkLabel         *title_label;
  GtkLabel         *count_label;
  GtkStack         *stack;
  GtkLabel         *error_label;
  GtkListBox       *list;
  GtkBox           *header_box;
  GtkSizeGroup     *columns[5];
};

G_DEFINE_FINAL_TYPE (MuyingIndicatorCasesWindow, muying_indicator_cases_window, GTK_TYPE_WINDOW)

static MuyingProgram
program_of (const char *id)
{
  switch (id[0])
    {
    case 'P':
      return MUYING_PROGRAM_PRENATAL;
    case 'N':
      return MUYING_PROGRAM_NEWBORN;
    default:
      return MUYING_PROGRAM_TWO_CANCER;
    }
}

static GtkWidget *
cell (MuyingIndicatorCasesWindow *self,
      guint                       column,
      const char                 *text,
      const char                 *css)
{
  static const int widths[] = { 14, 12, 20, 11, 8 };
  GtkWidget *label = gtk_label_new (text ? text : "");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_width_chars (GTK_LABEL (label), widths[column]);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  gtk_size_group_add_widget (self->columns[column], label);
  return label;
}

static GtkWidget *
make_row (MuyingIndicatorCasesWindow *self,
          const MuyingRecordRow      *row)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *masked = muying_id_number_mask (row->id_number);

  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_box_append (GTK_BOX (box), cell (self, 0, row->key, NULL));
  gtk_box_append (GTK_BOX (box), cell (self, 1, row->name, NULL));
  gtk_box_append (GTK_BOX (box), cell (self, 2, masked, NULL));
  gtk_box_append (GTK_BOX (box), cell (self, 3, row->date, NULL));
  gtk_box_append (GTK_BOX (box), cell (self, 4, muying_level_get_label (row->level),
                                       muying_ui_level_css_class (row->level)));
  return box;
}

/* ---- reading in a thread ------------------------------------------------------------------ */

typedef struct
{
  char         *path;
  MuyingPeriod  period;
  char         *id;
  gboolean      denominator;
  guint         total;
  GPtrArray    *rows;   /* MuyingRecordRow */
} Job;

static void
job_free (Job *job)
{
  g_free (job->path);
  g_free (job->id);
  g_clear_pointer (&job->rows, g_ptr_array_unref);
  g_free (job);
}

/* By date, then record id: the order a doctor checks them in. */
static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const MuyingRecordRow *x = *(MuyingRecordRow * const *) a;
  const MuyingRecordRow *y = *(MuyingRecordRow * const *) b;
  int c = g_strcmp0 (x->date, y->date);

  return c != 0 ? c : (x->id > y->id) - (x->id < y->id);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) reader = muying_store_open (job->path, &error);
  g_autoptr(GArray) ids = NULL;

  if (reader != NULL)
    ids = muying_store_list_indicator_records (reader, &job->period, MUYING_INDICATORS_BY_NONE, NULL, job->id,
                                               job->denominator, &error);
  if (ids != NULL)
    {
      job->total = ids->len;
      if (ids->len > MAX_SHOWN)
        g_array_set_size (ids, MAX_SHOWN);
      job->rows = muying_record_query_rows (reader, program_of (job->id), ids, &error);
      if (job->rows != NULL)
        g_ptr_array_sort (job->rows, compare_rows);
    }
  if (job->rows == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
show_error (MuyingIndicatorCasesWindow *self,
            const char                 *message)
{
  g_free (self->error);
  self->error = g_strdup_printf (_("The cases could not be listed: %s"), message);
  gtk_label_set_label (self->error_label, self->error);
  gtk_stack_set_visible_child_name (self->stack, "error");
  gtk_label_set_label (self->count_label, "");
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  MuyingIndicatorCasesWindow *self = MUYING_INDICATOR_CASES_WINDOW (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;   /* the window was closed */
  self->loading = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_error (self, error->message);
      return;
    }
  g_clear_pointer (&self->ids, g_array_unref);
  self->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), job->rows->len);
  for (guint i = 0; i < job->rows->len; i++)
    {
      const MuyingRecordRow *row = g_ptr_array_index (job->rows, i);

      g_array_append_val (self->ids, row->id);
      gtk_list_box_append (self->list, make_row (self, row));
    }
  {
    g_autofree char *total = muying_ui_format_count (job->total);
    g_autofree char *shown = muying_ui_format_count (job->rows->len);
    g_autofree char *count = job->rows->len < job->total
                               ? g_strdup_printf (_("%s cases; the first %s are listed"), total, shown)
                               : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s case", "%s cases", job->total),
                                                  total);
    g_autofree char *text = g_strdup_printf ("%s · %s", self->period_text, count);

    gtk_label_set_label (self->count_label, text);
  }
  gtk_stack_set_visible_child_name (self->stack, job->rows->len > 0 ? "list" : "empty");
  if (job->rows->len > 0)
    {
      GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->list, 0);

      gtk_list_box_select_row (self->list, first);
      gtk_widget_grab_focus (GTK_WIDGET (first));
    }
}

static void
load (MuyingIndicatorCasesWindow *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job = g_new0 (Job, 1);

  job->path = g_strdup (muying_store_get_path (muying_app_context_get_store (self->context)));
  job->period = self->period;
  job->id = g_strdup (self->id);
  job->denominator = self->denominator;
  self->loading = TRUE;
  self->cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->stack, "loading");
  task = g_task_new (self, self->cancellable, on_loaded, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, load_thread);
}

/* ---- opening a case ----------------------------------------------------------------------- */

static void
on_row_activated_cb (MuyingIndicatorCasesWindow *self,
                     GtkListBoxRow              *row)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  int i = gtk_list_box_row_get_index (row);

  if (parent == NULL || self->ids == NULL || i < 0 || (guint) i >= self->ids->len)
    return;
  gtk_widget_activate_action (GTK_WIDGET (parent), "win.open-case", "x", g_array_index (self->ids, gint64, i));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* ---- life cycle --------------------------------------------------------------------------- */

static void
muying_indicator_cases_window_dispose (GObject *object)
{
  MuyingIndicatorCasesWindow *self = MUYING_INDICATOR_CASES_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  for (guint i = 0; i < G_N_ELEMENTS (self->columns); i++)
    g_clear_object (&self->columns[i]);
  g_clear_object (&self->context);
  gtk_widget_dispose_template (GTK_WIDGET (object), MUYING_TYPE_INDICATOR_CASES_WINDOW);
  G_OBJECT_CLASS (muying_indicator_cases_window_parent_class)->dispose (object);
}

static void
muying_indicator_cases_window_finalize (GObject *object)
{
  MuyingIndicatorCasesWindow *self = MUYING_INDICATOR_CASES_WINDOW (object);

  g_free (self->id);
  g_free (self->error);
  g_free (self->period_text);
  g_clear_pointer (&self->ids, g_array_unref);
  G_OBJECT_CLASS (muying_indicator_cases_window_parent_class)->finalize (object);
}

static void
muying_indicator_cases_window_class_init (MuyingIndicatorCasesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = muying_indicator_cases_window_dispose;
  object_class->finalize = muying_indicator_cases_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/muying/Muying/ui/muying-indicator-cases-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MuyingIndicatorCasesWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingIndicatorCasesWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingIndicatorCasesWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MuyingIndicatorCasesWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingIndicatorCasesWindow, list);
  gtk_widget_class_bind_template_child (widget_class, MuyingIndicatorCasesWindow, header_box);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
  gtk_widget_class_install_action (widget_class, "cases.close", NULL, close_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "cases.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "cases.close", NULL);
}

static void
muying_indicator_cases_window_init (MuyingIndicatorCasesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < G_N_ELEMENTS (self->columns); i++)
    self->columns[i] = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
}

MuyingIndicatorCasesWindow *
muying_indicator_cases_window_new (GtkWindow          *parent,
                                   MuyingAppContext   *context,
                                   const MuyingPeriod *period,
                                   const char         *id,
                                   gboolean            denominator,
                                   const char         *title)
{
  MuyingIndicatorCasesWindow *self;
  const char *headings[] = { C_("column", "Number"), C_("column", "Name"), C_("column", "ID number"),
                             C_("column", "Date"), C_("column", "Level") };
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_return_val_if_fail (MUYING_IS_APP_CONTEXT (context), NULL);
  g_return_val_if_fail (period != NULL && id != NULL, NULL);

  self = g_object_new (MUYING_TYPE_INDICATOR_CASES_WINDOW, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  self->period = *period;
  self->id = g_strdup (id);
  self->denominator = denominator;
  from = muying_period_dup_from_string (period);
  to = muying_period_dup_to_string (period);
  self->period_text = g_strdup_printf (_("%s to %s"), from, to);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->count_label, self->period_text);
  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    {
      GtkWidget *label = cell (self, i, headings[i], "heading");
      gtk_box_append (self->header_box, label);
    }
  load (self);
  return self;
}

gboolean
muying_indicator_cases_window_is_loading (MuyingIndicatorCasesWindow *self)
{
  return self->loading;
}

GArray *
muying_indicator_cases_window_get_record_ids (MuyingIndicatorCasesWindow *self)
{
  return self->ids;
}

const char *
muying_indicator_cases_window_get_error (MuyingIndicatorCasesWindow *self)
{
  return self->error;
}

GtkListBox *
muying_indicator_cases_window_get_list (MuyingIndicatorCasesWindow *self)
{
  return self->list;
}
