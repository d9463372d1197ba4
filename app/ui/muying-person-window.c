/* muying-person-window.c: every record of one woman (and her newborns) across the programmes
 *
 * Opened from a record form or a case window ("她的全部记录"): one row per record in date order
 * with the programme, date, sample/exam number, name, level and state. Activating a row opens
 * the case (flagged records) or the record in the main window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-app-context.h"
#include "muying-followup.h"
#include "muying-person-window-private.h"
#include "muying-person-window.h"
#include "muying-ui-text.h"
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
  return self;
}

guint
muying_person_window_get_n_records (MuyingPersonWindow *self)
{
  g_return_val_if_fail (MUYING_IS_PERSON_WINDOW (self), 0);

  return self->history->records->len;
}
