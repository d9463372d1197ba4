/* muying-person-window.c: every record of one woman (and her newborns) across the programmes
 *
 * Opened from a record form or a case window ("她的全部记录"): one row per record in date order
 * with the programme, date, sample/exam number, name, level and state. Activating a row opens
 * the case (flagged records) or the record in the main window. Below, her pregnancies
 * (muying-pregnancy.h): each with its expected delivery date, its screenings and its diagnoses and
 * outcome, in date order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-app-context.h"
#include "muying-date.h"
#include "muying-follow-on.h"
#include "muying-followup.h"
#include "muying-person-window-private.h"
#include "muying-person-window.h"
#include "muying-ui-text.h"
#include "muying-store-follow-on.h"
#include "muying-store-persons.h"
#include "muying-store-worklist.h"

struct _MuyingPersonWindow
{
  GtkWindow            parent_instance;

  MuyingAppContext *context;

  MuyingPersonHistory *history;
  GtkSizeGroup        *columns[6];   /* the rows' cells line up as columns */

  GtkLabel            *title_label;
  GtkLabel            *summary_label;
  GtkListBox          *list;
  GtkBox              *pregnancies_box;
  int                  n_pregnancies;   /* -1: they could not be read */
};

G_DEFINE_FINAL_TYPE (MuyingPersonWindow, muying_person_window, GTK_TYPE_WINDOW)

static GtkWidget *
cell (const char *text,
      int         width_chars,
      const char *css)
{
  GtkWidget *label = gtk_label_new (text ? text : "");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_width_chars (GTK_LABEL (label), width_chars);
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  return label;
}

static const char *
state_text (const MuyingPersonRecord *record)
{
  if (record->followup_state >= 0)
    return muying_followup_state_get_label ((MuyingFollowupState) record->followup_state);
  if (g_strcmp0 (record->review_state, "none") != 0)
    return muying_review_state_get_label (record->review_state);
  return _("No follow-up needed");
}

static GtkWidget *
make_row (MuyingPersonWindow       *self,
          const MuyingPersonRecord *record)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  const char *level_css = muying_ui_level_css_class (record->level);
  GtkWidget *row;
  guint column;

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), cell (record->record_date, 10, NULL));
  gtk_box_append (GTK_BOX (box), cell (muying_program_get_label (record->program), 10, NULL));
  gtk_box_append (GTK_BOX (box), cell (record->key, 15, NULL));
  gtk_box_append (GTK_BOX (box), cell (record->name, 6, NULL));
  gtk_box_append (GTK_BOX (box), cell (muying_level_get_label (record->level), 6, level_css));
  gtk_box_append (GTK_BOX (box), cell (state_text (record), 6, NULL));
  column = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (box); child; child = gtk_widget_get_next_sibling (child))
    gtk_size_group_add_widget (self->columns[column++], child);
  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

void
muying_person_window_open_row (MuyingPersonWindow *self,
                               guint               position)
{
  const MuyingPersonRecord *record;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  g_return_if_fail (MUYING_IS_PERSON_WINDOW (self));
  g_return_if_fail (position < self->history->records->len);

  record = g_ptr_array_index (self->history->records, position);
  if (parent == NULL)
    return;
  /* A flagged record is worked on as a case; any other is opened as the record itself. */
  if (record->followup_state >= 0 || record->level > MUYING_LEVEL_LOW)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.open-case", "x", record->record_id);
  else
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.open-record", "x", record->record_id);
}

static void
on_row_activated_cb (GtkListBox         *list,
                     GtkListBoxRow      *row,
                     MuyingPersonWindow *self)
{
  muying_person_window_open_row (self, (guint) gtk_list_box_row_get_index (row));
}

/* ---- pregnancies -------------------------------------------------------------------------- */

typedef struct
{
  char *date;
  char *text;
  guint seq;
} Event;

static void
event_free (Event *event)
{
  g_free (event->date);
  g_free (event->text);
  g_free (event);
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const Event *x = *(const Event * const *) a;
  const Event *y = *(const Event * const *) b;
  int c = g_strcmp0 (x->date, y->date);

  return c != 0 ? c : (x->seq < y->seq ? -1 : x->seq > y->seq);
}

static void
add_event (GPtrArray  *events,
           const char *date,
           char       *text)
{
  Event *event = g_new0 (Event, 1);

  event->date = g_strdup (date ? date : "");
  event->text = text;
  event->seq = events->len;
  g_ptr_array_add (events, event);
}

static GtkWidget *
line_label (const char *text,
            const char *css)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  return label;
}

static const MuyingPersonRecord *
find_record (MuyingPersonWindow *self,
             gint64              record_id)
{
  for (guint i = 0; i < self->history->records->len; i++)
    {
      const MuyingPersonRecord *r = g_ptr_array_index (self->history->records, i);

      if (r->record_id == record_id)
        return r;
    }
  return NULL;
}

/* The record whose case a pregnancy's 打开个案 opens: a flagged one if she has one (its case carries
 * the follow-up), else her latest screening of the pregnancy; 0 if none is on her page. */
static gint64
pregnancy_case_record (MuyingPersonWindow        *self,
                       const MuyingPregnancyInfo *pregnancy)
{
  gint64 latest = 0;

  for (guint i = 0; i < pregnancy->record_ids->len; i++)
    {
      gint64 id = g_array_index (pregnancy->record_ids, gint64, i);
      const MuyingPersonRecord *r = find_record (self, id);

      if (r == NULL)
        continue;
      if (r->followup_state >= 0 || r->level > MUYING_LEVEL_LOW)
        return id;
      latest = id;
    }
  return latest;
}

static void
on_open_pregnancy_clicked_cb (GtkButton          *button,
                              MuyingPersonWindow *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  gint64 *record_id = g_object_get_data (G_OBJECT (button), "record-id");

  if (parent != NULL && record_id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.open-case", "x", *record_id);
}

/* One pregnancy: its expected delivery date, then its screenings, diagnoses and outcome by date. */
static GtkWidget *
make_pregnancy (MuyingPersonWindow        *self,
                MuyingStore               *store,
                guint                      number,
                const MuyingPregnancyInfo *pregnancy)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) event_free);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *edd = muying_date_format (&pregnancy->edd);
  g_autofree char *heading = NULL;

  gtk_widget_add_css_class (card, "card-box");
  /* TRANSLATORS: the pregnancy's number (1 = her first here) and its expected delivery date */
  heading = g_strdup_printf (_("Pregnancy %u · expected delivery %s"), number, edd);
  {
    GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    GtkWidget *title = line_label (heading, "heading");
    gint64 case_record = pregnancy_case_record (self, pregnancy);

    gtk_widget_set_hexpand (title, TRUE);
    gtk_box_append (GTK_BOX (top), title);
    if (case_record != 0)
      {
        /* Her case of this pregnancy: where its diagnoses and outcome are entered. */
        GtkWidget *open = gtk_button_new_with_mnemonic (_("Open its _case…"));
        gint64 *id = g_new (gint64, 1);

        *id = case_record;
        g_object_set_data_full (G_OBJECT (open), "record-id", id, g_free);
        gtk_widget_set_tooltip_text (open, _("Open the case of this pregnancy to see or enter its diagnoses and outcome"));
        g_signal_connect (open, "clicked", G_CALLBACK (on_open_pregnancy_clicked_cb), self);
        gtk_box_append (GTK_BOX (top), open);
      }
    gtk_box_append (GTK_BOX (card), top);
  }

  for (guint i = 0; i < pregnancy->record_ids->len; i++)
    {
      gint64 id = g_array_index (pregnancy->record_ids, gint64, i);
      const MuyingPersonRecord *r = find_record (self, id);

      if (r != NULL)
        add_event (events, r->record_date,
                   /* TRANSLATORS: programme, sample number, level, follow-up state */
                   g_strdup_printf (_("Screening: %s %s, %s (%s)"), muying_program_get_label (r->program), r->key,
                                    muying_level_get_label (r->level), state_text (r)));
    }
  /* The diagnoses and outcome of the pregnancy are those of the case of any of its records. */
  if (pregnancy->record_ids->len > 0)
    rows = muying_store_list_case_follow_on (store, g_array_index (pregnancy->record_ids, gint64, 0), &error);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      const MuyingFollowOnRow *row = g_ptr_array_index (rows, i);
      const MuyingFollowOnDescriptor *d = muying_follow_on_descriptor_get (row->kind);
      const MuyingField *date_field = muying_follow_on_descriptor_find (d, d->date_field);
      g_autofree char *date = date_field != NULL ? muying_field_to_text (date_field, row->record) : NULL;

      add_event (events, date, muying_follow_on_describe (row->kind, row->record));
    }
  g_ptr_array_sort (events, compare_events);
  for (guint i = 0; i < events->len; i++)
    {
      const Event *e = g_ptr_array_index (events, i);
      g_autofree char *text = g_strdup_printf ("%s  %s", e->date, e->text);

      gtk_box_append (GTK_BOX (card), line_label (text, NULL));
    }
  if (rows == NULL && error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The diagnoses and outcomes cannot be read: %s"), error->message);

      gtk_box_append (GTK_BOX (card), line_label (text, "error-banner"));
    }
  else if (rows != NULL && rows->len == 0)
    gtk_box_append (GTK_BOX (card), line_label (_("No prenatal diagnosis or outcome entered yet."), "dim-label"));
  return card;
}

static void
show_pregnancies (MuyingPersonWindow *self)
{
  MuyingStore *store = muying_app_context_get_store (self->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pregnancies = muying_store_list_pregnancies (store, self->history->person_id, &error);

  if (pregnancies == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Her pregnancies cannot be read: %s"), error->message);

      self->n_pregnancies = -1;
      gtk_box_append (self->pregnancies_box, line_label (text, "error-banner"));
      return;
    }
  self->n_pregnancies = (int) pregnancies->len;
  if (pregnancies->len == 0)
    {
      gtk_box_append (self->pregnancies_box,
                      line_label (_("No pregnancy: she has no prenatal screening record."), "dim-label"));
      return;
    }
  for (guint i = 0; i < pregnancies->len; i++)
    gtk_box_append (self->pregnancies_box, make_pregnancy (self, store, i + 1, g_ptr_array_index (pregnancies, i)));
}

int
muying_person_window_get_n_pregnancies (MuyingPersonWindow *self)
{
  g_return_val_if_fail (MUYING_IS_PERSON_WINDOW (self), -1);
  return self->n_pregnancies;
}

static void
muying_person_window_dispose (GObject *object)
{
  MuyingPersonWindow *self = MUYING_PERSON_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MUYING_TYPE_PERSON_WINDOW);
  g_clear_pointer (&self->history, muying_person_history_free);
  for (guint i = 0; i < G_N_ELEMENTS (self->columns); i++)
    g_clear_object (&self->columns[i]);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (muying_person_window_parent_class)->dispose (object);
}

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
muying_person_window_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MuyingPersonWindow *self = MUYING_PERSON_WINDOW (object);

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
muying_person_window_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  MuyingPersonWindow *self = MUYING_PERSON_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
muying_person_window_class_init (MuyingPersonWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = muying_person_window_dispose;
  object_class->get_property = muying_person_window_get_property;
  object_class->set_property = muying_person_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MUYING_TYPE_APP_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muying/Muying/ui/muying-person-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MuyingPersonWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingPersonWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingPersonWindow, list);
  gtk_widget_class_bind_template_child (widget_class, MuyingPersonWindow, pregnancies_box);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
muying_person_window_init (MuyingPersonWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < G_N_ELEMENTS (self->columns); i++)
    self->columns[i] = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
}

MuyingPersonWindow *
muying_person_window_new (GtkWindow        *parent,
                          MuyingAppContext *context,
                          gint64            record_id,
                          GError          **error)
{
  g_autoptr(MuyingPersonHistory) history = NULL;
  g_autofree char *title = NULL;
  g_autofree char *summary = NULL;
  MuyingPersonWindow *self;

  g_return_val_if_fail (MUYING_IS_APP_CONTEXT (context), NULL);

  history = muying_store_get_person_history (muying_app_context_get_store (context), record_id, error);
  if (history == NULL)
    return NULL;
  self = g_object_new (MUYING_TYPE_PERSON_WINDOW, "transient-for", parent, "context", context, NULL);
  self->history = g_steal_pointer (&history);
  title = g_strdup_printf (_("All records of %s"), self->history->name);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_label_set_label (self->title_label, self->history->name);
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "ID number %s · %u record, oldest first",
                                          "ID number %s · %u records, oldest first", self->history->records->len),
                             self->history->id_number ? self->history->id_number : _("none"),
                             self->history->records->len);
  gtk_label_set_label (self->summary_label, summary);
  for (guint i = 0; i < self->history->records->len; i++)
    gtk_list_box_append (self->list, make_row (self, g_ptr_array_index (self->history->records, i)));
  show_pregnancies (self);
  return self;
}

guint
muying_person_window_get_n_records (MuyingPersonWindow *self)
{
  g_return_val_if_fail (MUYING_IS_PERSON_WINDOW (self), 0);

  return self->history->records->len;
}
