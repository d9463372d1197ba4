/* muying-denominators-pane.c: the bureau's population figures (分母) on the statistics page
 *
 * 产妇数, 活产数 and the 应查人数 of the two cancers are not in the records: the bureau gives
 * them, per statistical year (or a quarter of it) and per county. The table lists every row the
 * store keeps (muying_store_list_denominators); an administrator enters or changes a row in the
 * form below it, which saves through muying_store_set_denominators (refused to other roles,
 * audited with old → new). Everyone else sees the table only. A figure left empty in the form
 * keeps its stored value, as on the command line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-ui"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "muying-date.h"
#include "muying-denominators-pane-private.h"
#include "muying-denominators-pane.h"
#include "muying-period.h"
#include "muying-store-denominators.h"
#include "muying-ui-text.h"

#define N_COLUMNS 7
#define N_FIGURES 4

struct _MuyingDenominatorsPane
{
  GtkWidget         parent_instance;

  MuyingAppContext *context;
  gboolean          editable;
  GPtrArray        *rows;          /* MuyingDenominators, as listed; NULL when not read */
  GPtrArray        *cells;         /* char *, row-major, N_COLUMNS per row */
  char             *message;
  GtkWidget        *delete_dialog;  /* the open confirmation (weak) */

  GtkStack         *table_stack;
  GtkGrid          *table;
  GtkLabel         *error_label;
  GtkWidget        *form_box;
  GtkLabel         *read_only_label;
  GtkSpinButton    *year_spin;
  GtkDropDown      *quarter_dropdown;
  GtkEntry         *area_entry;
  GtkEntry         *deliveries_entry;
  GtkEntry         *live_births_entry;
  GtkEntry         *cervical_due_entry;
  GtkEntry         *breast_due_entry;
  GtkButton        *save_button;
  GtkLabel         *message_label;
};

G_DEFINE_FINAL_TYPE (MuyingDenominatorsPane, muying_denominators_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gint64 *
figure_of (MuyingDenominators *d,
           guint               i)
{
  gint64 *figures[N_FIGURES] = { &d->deliveries, &d->live_births, &d->cervical_due, &d->breast_due };

  return figures[i];
}

static GtkEntry *
entry_of (MuyingDenominatorsPane *self,
          guint                   i)
{
  GtkEntry *entries[N_FIGURES] = { self->deliveries_entry, self->live_births_entry, self->cervical_due_entry,
                                   self->breast_due_entry };

  return entries[i];
}

/* A row's county code, or 全辖区 for the row of the whole jurisdiction. */
static const char *
area_text (const char *area_code)
{
  return area_code != NULL && *area_code != '\0' ? area_code : _("Whole jurisdiction");
}

static char *
quarter_text (int quarter)
{
  switch (quarter)
    {
    case 1:
      return g_strdup (_("Q1 (October–December)"));
    case 2:
      return g_strdup (_("Q2 (January–March)"));
    case 3:
      return g_strdup (_("Q3 (April–June)"));
    case 4:
      return g_strdup (_("Q4 (July–September)"));
    default:
      return g_strdup (_("Whole year"));
    }
}

static void
set_message (MuyingDenominatorsPane *self,
             const char             *text,
             gboolean                is_error)
{
  g_free (self->message);
  self->message = g_strdup (text);
  gtk_label_set_label (self->message_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), is_error ? "success-banner" : "error-banner");
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), is_error ? "error-banner" : "success-banner");
}

/* ---- the table ------------------------------------------------------------------------------ */

static void
attach_cell (MuyingDenominatorsPane *self,
             const char             *text,
             int                     column,
             int                     row,
             const char             *css)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column >= 3 ? 1 : 0);
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  gtk_grid_attach (self->table, label, column, row, 1, 1);
}

/* The form takes the row's key and figures (an administrator changes a row from there). */
static void
on_edit_clicked_cb (GtkButton              *button,
                    MuyingDenominatorsPane *self)
{
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "row"));
  MuyingDenominators *d;

  if (self->rows == NULL || i >= self->rows->len)
    return;
  d = g_ptr_array_index (self->rows, i);
  gtk_spin_button_set_value (self->year_spin, d->year);
  gtk_drop_down_set_selected (self->quarter_dropdown, (guint) d->quarter);
  gtk_editable_set_text (GTK_EDITABLE (self->area_entry), d->area_code ? d->area_code : "");
  for (guint f = 0; f < N_FIGURES; f++)
    {
      g_autofree char *text = *figure_of (d, f) >= 0 ? g_strdup_printf ("%lld", (long long) *figure_of (d, f))
                                                     : g_strdup ("");

      gtk_editable_set_text (GTK_EDITABLE (entry_of (self, f)), text);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->deliveries_entry));
}

static void
on_delete_response_cb (GtkDialog              *dialog,
                       int                     response,
                       MuyingDenominatorsPane *self)
{
  MuyingDenominators *d = g_object_get_data (G_OBJECT (dialog), "row");
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT && d != NULL)
    {
      g_autofree char *quarter = quarter_text (d->quarter);
      const char *area = area_text (d->area_code);

      if (!muying_store_delete_denominators (muying_app_context_get_store (self->context),
                                             muying_app_context_get_user (self->context), d->year, d->quarter,
                                             d->area_code, &error))
        {
          g_autofree char *text = g_strdup_printf (_("The figures were not deleted: %s"), error->message);

          set_message (self, text, TRUE);
        }
      else
        {
          g_autofree char *text = g_strdup_printf (_("Deleted: statistical year %d, %s, %s (its rates read 未填报 "
                                                     "until the figures are entered again)"), d->year, quarter, area);

          set_message (self, text, FALSE);
          muying_denominators_pane_reload (self);
          g_signal_emit (self, signals[CHANGED], 0);
        }
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Asks before a row entered by mistake is removed: its rates go back to 未填报. */
static void
on_delete_clicked_cb (GtkButton              *button,
                      MuyingDenominatorsPane *self)
{
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "row"));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  MuyingDenominators *d, *copy;
  g_autofree char *quarter = NULL;
  g_autofree char *text = NULL;
  GtkWidget *dialog;

  if (self->rows == NULL || i >= self->rows->len)
    return;
  d = g_ptr_array_index (self->rows, i);
  quarter = quarter_text (d->quarter);
  text = g_strdup_printf (_("Statistical year %d, %s, %s. The rates over these figures read 未填报 until they are "
                            "entered again; the audit trail keeps the deleted figures."),
                          d->year, quarter, area_text (d->area_code));
  dialog = gtk_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, GTK_DIALOG_MODAL,
                                   GTK_MESSAGE_WARNING, GTK_BUTTONS_NONE, "%s",
                                   _("Delete this row of population figures?"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", text);
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Delete"), GTK_RESPONSE_ACCEPT);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  copy = g_new0 (MuyingDenominators, 1);
  *copy = *d;
  copy->area_code = g_strdup (d->area_code);
  g_object_set_data_full (G_OBJECT (dialog), "row", copy, (GDestroyNotify) muying_denominators_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_delete_response_cb), self);
  g_set_weak_pointer (&self->delete_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fill_table (MuyingDenominatorsPane *self)
{
  const char *headings[N_COLUMNS] = { _("Statistical year"), _("Quarter"), _("Area"), _("Deliveries"),
                                      _("Live births"), _("Due for cervical screening"),
                                      _("Due for breast screening") };
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table))) != NULL)
    gtk_grid_remove (self->table, child);
  g_ptr_array_set_size (self->cells, 0);
  for (int c = 0; c < N_COLUMNS; c++)
    attach_cell (self, headings[c], c, 0, "heading");
  for (guint i = 0; i < self->rows->len; i++)
    {
      MuyingDenominators *d = g_ptr_array_index (self->rows, i);
      int row = (int) i + 1;

      g_ptr_array_add (self->cells, g_strdup_printf ("%d", d->year));
      g_ptr_array_add (self->cells, quarter_text (d->quarter));
      g_ptr_array_add (self->cells, g_strdup (area_text (d->area_code)));
      for (guint f = 0; f < N_FIGURES; f++)
        g_ptr_array_add (self->cells, *figure_of (d, f) >= 0 ? muying_ui_format_count (*figure_of (d, f))
                                                              /* TRANSLATORS: a population figure not entered */
                                                              : g_strdup (_("not reported")));
      for (int c = 0; c < N_COLUMNS; c++)
        {
          const char *text = g_ptr_array_index (self->cells, i * N_COLUMNS + (guint) c);

          attach_cell (self, text, c, row, c >= 3 && *figure_of (d, (guint) c - 3) < 0 ? "dim-label" : NULL);
        }
      if (self->editable)
        {
          GtkWidget *edit = gtk_button_new_with_label (_("Edit"));
          GtkWidget *remove;

          gtk_widget_add_css_class (edit, "flat");
          g_object_set_data (G_OBJECT (edit), "row", GUINT_TO_POINTER (i));
          gtk_widget_set_tooltip_text (edit, _("Put this row's figures in the form below"));
          g_signal_connect (edit, "clicked", G_CALLBACK (on_edit_clicked_cb), self);
          gtk_grid_attach (self->table, edit, N_COLUMNS, row, 1, 1);
          remove = gtk_button_new_with_label (_("Delete"));
          gtk_widget_add_css_class (remove, "flat");
          g_object_set_data (G_OBJECT (remove), "row", GUINT_TO_POINTER (i));
          gtk_widget_set_tooltip_text (remove, _("Delete this row (figures entered by mistake)"));
          g_signal_connect (remove, "clicked", G_CALLBACK (on_delete_clicked_cb), self);
          gtk_grid_attach (self->table, remove, N_COLUMNS + 1, row, 1, 1);
        }
    }
}

void
muying_denominators_pane_reload (MuyingDenominatorsPane *self)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows;

  g_return_if_fail (MUYING_IS_DENOMINATORS_PANE (self));

  rows = muying_store_list_denominators (muying_app_context_get_store (self->context), 0, &error);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  if (rows == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The population figures could not be read: %s"), error->message);

      gtk_label_set_label (self->error_label, text);
      gtk_stack_set_visible_child_name (self->table_stack, "error");
      return;
    }
  self->rows = rows;
  fill_table (self);
  gtk_stack_set_visible_child_name (self->table_stack, rows->len > 0 ? "table" : "empty");
}

/* ---- the form ------------------------------------------------------------------------------- */

/* An entry's figure: -1 when empty (the stored figure stays); FALSE when it is not a count. */
static gboolean
read_figure (GtkEntry *entry,
             gint64   *value)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  char *end = NULL;

  if (*text == '\0')
    {
      *value = -1;
      return TRUE;
    }
  if (strspn (text, "0123456789") != strlen (text) || strlen (text) > 12)
    return FALSE;
  *value = g_ascii_strtoll (text, &end, 10);
  return end != NULL && *end == '\0';
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MuyingDenominatorsPane *self = MUYING_DENOMINATORS_PANE (widget);
  const char *names[N_FIGURES] = { _("Deliveries"), _("Live births"), _("Due for cervical screening"),
                                   _("Due for breast screening") };
  g_autoptr(GError) error = NULL;
  g_autofree char *area = NULL;
  MuyingDenominators figures;
  gboolean any = FALSE;

  if (!self->editable)
    return;
  muying_denominators_init (&figures);
  figures.year = gtk_spin_button_get_value_as_int (self->year_spin);
  figures.quarter = (int) gtk_drop_down_get_selected (self->quarter_dropdown);
  area = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->area_entry))));
  for (guint f = 0; f < N_FIGURES; f++)
    {
      if (!read_figure (entry_of (self, f), figure_of (&figures, f)))
        {
          g_autofree char *text = g_strdup_printf (_("%s: enter a whole number, or leave it empty"), names[f]);

          set_message (self, text, TRUE);
          gtk_widget_grab_focus (GTK_WIDGET (entry_of (self, f)));
          return;
        }
      any = any || *figure_of (&figures, f) >= 0;
    }
  if (!any)
    {
      set_message (self, _("Enter at least one figure"), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->deliveries_entry));
      return;
    }
  figures.area_code = g_steal_pointer (&area);
  if (!muying_store_set_denominators (muying_app_context_get_store (self->context),
                                      muying_app_context_get_user (self->context), &figures, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The figures were not saved: %s"), error->message);

      set_message (self, text, TRUE);
      muying_denominators_clear (&figures);
      return;
    }
  {
    g_autofree char *quarter = quarter_text (figures.quarter);
    g_autofree char *text = g_strdup_printf (_("Saved: statistical year %d, %s, %s"), figures.year, quarter,
                                             area_text (figures.area_code));

    set_message (self, text, FALSE);
  }
  muying_denominators_clear (&figures);
  muying_denominators_pane_reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_entry_activate_cb (MuyingDenominatorsPane *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "denominators.save", NULL);
}

/* ---- life cycle ----------------------------------------------------------------------------- */

static void
muying_denominators_pane_dispose (GObject *object)
{
  MuyingDenominatorsPane *self = MUYING_DENOMINATORS_PANE (object);
  GtkWidget *child;

  if (self->delete_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->delete_dialog));
  g_clear_weak_pointer (&self->delete_dialog);
  gtk_widget_dispose_template (GTK_WIDGET (self), MUYING_TYPE_DENOMINATORS_PANE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (muying_denominators_pane_parent_class)->dispose (object);
}

static void
muying_denominators_pane_finalize (GObject *object)
{
  MuyingDenominatorsPane *self = MUYING_DENOMINATORS_PANE (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_free (self->message);
  G_OBJECT_CLASS (muying_denominators_pane_parent_class)->finalize (object);
}

static void
muying_denominators_pane_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  MuyingDenominatorsPane *self = MUYING_DENOMINATORS_PANE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
muying_denominators_pane_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  MuyingDenominatorsPane *self = MUYING_DENOMINATORS_PANE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      /* the store refuses the others too; the form is not even shown to them */
      self->editable = muying_app_context_can (self->context, MUYING_PERMISSION_MANAGE_USERS);
      gtk_widget_set_visible (self->form_box, self->editable);
      gtk_widget_set_visible (GTK_WIDGET (self->read_only_label), !self->editable);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "denominators.save", self->editable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
muying_denominators_pane_class_init (MuyingDenominatorsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = muying_denominators_pane_dispose;
  object_class->finalize = muying_denominators_pane_finalize;
  object_class->get_property = muying_denominators_pane_get_property;
  object_class->set_property = muying_denominators_pane_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MUYING_TYPE_APP_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MuyingDenominatorsPane::changed:
   *
   * Figures were saved: the rates over them change.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muying/Muying/ui/muying-denominators-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, MuyingDenominatorsPane, table_stack);
  gtk_widget_class_bind_template_child (widget_class, MuyingDenominatorsPane, table);
  gtk_widget_class_bind_template_child (widget_class, MuyingDenominatorsPane, error_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingDenominatorsPane, form_box);
  gtk_widget_class_bind_template_child (widget_class, MuyingDenominatorsPane, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingDenominatorsPane, year_spin);
  gtk_widget_class_bind_template_child (widget_class, MuyingDenominatorsPane, quarter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MuyingDenominatorsPane, area_entry);
  gtk_widget_class_bind_template_child (widget_class, MuyingDenominatorsPane, deliveries_entry);
  gtk_widget_class_bind_template_child (widget_class, MuyingDenominatorsPane, live_births_entry);
  gtk_widget_class_bind_template_child (widget_class, MuyingDenominatorsPane, cervical_due_entry);
  gtk_widget_class_bind_template_child (widget_class, MuyingDenominatorsPane, breast_due_entry);
  gtk_widget_class_bind_template_child (widget_class, MuyingDenominatorsPane, save_button);
  gtk_widget_class_bind_template_child (widget_class, MuyingDenominatorsPane, message_label);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate_cb);
  gtk_widget_class_install_action (widget_class, "denominators.save", NULL, save_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
muying_denominators_pane_init (MuyingDenominatorsPane *self)
{
  GDate today;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cells = g_ptr_array_new_with_free_func (g_free);
  muying_date_today (&today);
  gtk_spin_button_set_value (self->year_spin, muying_period_statistical_year_of (&today));
}

MuyingDenominatorsPane *
muying_denominators_pane_new (MuyingAppContext *context)
{
  return g_object_new (MUYING_TYPE_DENOMINATORS_PANE, "context", context, NULL);
}

int
muying_denominators_pane_get_n_rows (MuyingDenominatorsPane *self)
{
  return self->rows != NULL ? (int) self->rows->len : -1;
}

const char *
muying_denominators_pane_get_cell (MuyingDenominatorsPane *self,
                                   int                     row,
                                   int                     column)
{
  guint i = (guint) row * N_COLUMNS + (guint) column;

  return row >= 0 && column >= 0 && column < N_COLUMNS && i < self->cells->len ? g_ptr_array_index (self->cells, i)
                                                                                : NULL;
}

gboolean
muying_denominators_pane_is_editable (MuyingDenominatorsPane *self)
{
  return self->editable && gtk_widget_get_visible (self->form_box);
}

GtkWidget *
muying_denominators_pane_get_widget (MuyingDenominatorsPane *self,
                                     const char             *name)
{
  const struct
  {
    const char *name;
    gpointer    widget;
  } widgets[] = {
    { "year", self->year_spin }, { "quarter", self->quarter_dropdown }, { "area", self->area_entry },
    { "deliveries", self->deliveries_entry }, { "live_births", self->live_births_entry },
    { "cervical_due", self->cervical_due_entry }, { "breast_due", self->breast_due_entry },
    { "save", self->save_button },
  };

  for (guint i = 0; i < G_N_ELEMENTS (widgets); i++)
    if (g_strcmp0 (widgets[i].name, name) == 0)
      return widgets[i].widget;
  return NULL;
}

const char *
muying_denominators_pane_get_message (MuyingDenominatorsPane *self)
{
  return self->message;
}

GtkWidget *
muying_denominators_pane_delete_row (MuyingDenominatorsPane *self,
                                     int                     row)
{
  GtkWidget *button = gtk_grid_get_child_at (self->table, N_COLUMNS + 1, row + 1);

  g_return_val_if_fail (GTK_IS_BUTTON (button), NULL);
  g_signal_emit_by_name (button, "clicked");
  return self->delete_dialog;
}
