/* muying-unlinked-window.c: the diagnoses, outcomes and audiology results not linked to a case
 * (未关联), and linking one by hand
 *
 * Opened from the worklist page ("未关联…"): every follow-on record whose case the program did not
 * find (muying_store_list_unlinked_follow_on), newest first. For a prenatal diagnosis or outcome
 * the case is one of the woman's own screening records (her pregnancies' records); for an
 * audiology result it is the newborn's screening record, found by its sample number. The store
 * links it (muying_store_link_follow_on: the same woman, one transaction, audited) and moves the
 * case's follow-up as a save would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-app-context.h"
#include "muying-date.h"
#include "muying-empty-state.h"
#include "muying-follow-on.h"
#include "muying-store-follow-on.h"
#include "muying-store-lookup.h"
#include "muying-store-worklist.h"
#include "muying-ui-text.h"
#include "muying-unlinked-window-private.h"
#include "muying-unlinked-window.h"

struct _MuyingUnlinkedWindow
{
  GtkWindow         parent_instance;

  MuyingAppContext *context;
  GPtrArray        *rows;          /* MuyingFollowOnRow, as listed; NULL when not read */
  GArray           *candidates;    /* gint64 record ids offered for the selected row */
  char             *message;

  GtkStack         *stack;
  GtkLabel         *error_label;
  GtkListBox       *list;
  GtkWidget        *link_box;
  GtkLabel         *link_label;
  GtkDropDown      *candidate_dropdown;
  GtkEntry         *sample_entry;
  GtkWidget        *link_button;
  GtkLabel         *message_label;
};

G_DEFINE_FINAL_TYPE (MuyingUnlinkedWindow, muying_unlinked_window, GTK_TYPE_WINDOW)

static void
set_message (MuyingUnlinkedWindow *self,
             const char           *text,
             gboolean              is_error)
{
  g_free (self->message);
  self->message = g_strdup (text);
  gtk_label_set_label (self->message_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), is_error ? "success-banner" : "error-banner");
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), is_error ? "error-banner" : "success-banner");
}

static const MuyingFollowOnRow *
selected_row (MuyingUnlinkedWindow *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);
  int i = row != NULL ? gtk_list_box_row_get_index (row) : -1;

  return self->rows != NULL && i >= 0 && (guint) i < self->rows->len ? g_ptr_array_index (self->rows, i) : NULL;
}

/* The text of a field of the row's record; "" when not recorded. */
static char *
row_value (const MuyingFollowOnRow *row,
           const char              *key)
{
  const MuyingFollowOnDescriptor *d = muying_follow_on_descriptor_get (row->kind);
  const MuyingField *field = key != NULL ? muying_follow_on_descriptor_find (d, key) : NULL;

  return field != NULL ? muying_field_to_text (field, row->record) : g_strdup ("");
}

static GtkWidget *
make_row (const MuyingFollowOnRow *row)
{
  const MuyingFollowOnDescriptor *d = muying_follow_on_descriptor_get (row->kind);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *first, *second;
  g_autofree char *date = row_value (row, d->date_field);
  g_autofree char *identity = row_value (row, d->id_field != NULL ? d->id_field : d->sample_field);
  g_autofree char *description = muying_follow_on_describe (row->kind, row->record);
  g_autofree char *entered = row->created_at != NULL ? muying_ui_local_minute (row->created_at) : g_strdup ("");
  g_autofree char *line1 = NULL;
  g_autofree char *line2 = NULL;

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 10);
  gtk_widget_set_margin_end (box, 10);
  line1 = g_strdup_printf ("%s  %s", date, description);
  if (d->sample_field != NULL)
    /* TRANSLATORS: the newborn's sample number, who entered it, when */
    line2 = g_strdup_printf (_("Sample no. %s · entered by %s at %s"), identity, row->created_by ? row->created_by : "—",
                             entered);
  else
    /* TRANSLATORS: the woman's name (or "unknown person"), ID number, who entered it, when */
    line2 = g_strdup_printf (_("%s, ID number %s · entered by %s at %s"),
                             row->person_name ? row->person_name : _("no person registered with this ID number"),
                             identity, row->created_by ? row->created_by : "—", entered);
  first = gtk_label_new (line1);
  second = gtk_label_new (line2);
  gtk_label_set_xalign (GTK_LABEL (first), 0);
  gtk_label_set_wrap (GTK_LABEL (first), TRUE);
  gtk_label_set_xalign (GTK_LABEL (second), 0);
  gtk_label_set_wrap (GTK_LABEL (second), TRUE);
  gtk_widget_add_css_class (second, "dim-label");
  gtk_box_append (GTK_BOX (box), first);
  gtk_box_append (GTK_BOX (box), second);
  return box;
}

void
muying_unlinked_window_reload (MuyingUnlinkedWindow *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  g_return_if_fail (MUYING_IS_UNLINKED_WINDOW (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  self->rows = muying_store_list_unlinked_follow_on (muying_app_context_get_store (self->context),
                                                     MUYING_N_FOLLOW_ON_KINDS, &error);
  if (self->rows == NULL)
    {
      /* Said in the list's place: a failed query is never an empty list. */
      g_autofree char *text = g_strdup_printf (_("The records not linked to a case cannot be listed: %s"),
                                               error->message);

      gtk_label_set_label (self->error_label, text);
      gtk_stack_set_visible_child_name (self->stack, "error");
      gtk_widget_set_visible (self->link_box, FALSE);
      return;
    }
  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_append (self->list, make_row (g_ptr_array_index (self->rows, i)));
  gtk_stack_set_visible_child_name (self->stack, self->rows->len > 0 ? "list" : "empty");
  gtk_widget_set_visible (self->link_box, self->rows->len > 0);
  if (self->rows->len > 0)
    gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, 0));
}

/* A prenatal record's candidates: her screening records, pregnancy by pregnancy. */
static void
offer_her_records (MuyingUnlinkedWindow    *self,
                   const MuyingFollowOnRow *row)
{
  MuyingStore *store = muying_app_context_get_store (self->context);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) pregnancies = NULL;
  g_autoptr(GError) error = NULL;

  if (row->person_id <= 0)
    {
      gtk_label_set_label (self->link_label, _("No person is registered with this ID number, so it has no "
                                               "screening record to link to. Enter or import her screening "
                                               "first, or correct the ID number in the file and import it "
                                               "again."));
      gtk_widget_set_sensitive (self->link_button, FALSE);
      gtk_drop_down_set_model (self->candidate_dropdown, G_LIST_MODEL (labels));
      return;
    }
  pregnancies = muying_store_list_pregnancies (store, row->person_id, &error);
  if (pregnancies == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Her screening records cannot be read: %s"), error->message);

      gtk_label_set_label (self->link_label, text);
      gtk_widget_set_sensitive (self->link_button, FALSE);
      return;
    }
  for (guint p = 0; p < pregnancies->len; p++)
    {
      const MuyingPregnancyInfo *pregnancy = g_ptr_array_index (pregnancies, p);
      g_autofree char *edd = muying_date_format (&pregnancy->edd);

      for (guint i = 0; i < pregnancy->record_ids->len; i++)
        {
          gint64 id = g_array_index (pregnancy->record_ids, gint64, i);
          g_autoptr(MuyingCase) c = muying_store_get_case (store, id, NULL, NULL);
          g_autofree char *label = NULL;

          if (c == NULL)
            continue;
          /* TRANSLATORS: sample number, record date, pregnancy number, its expected delivery date */
          label = g_strdup_printf (_("%s of %s (pregnancy %u, expected delivery %s)"), c->key, c->record_date,
                                   p + 1, edd);
          gtk_string_list_append (labels, label);
          g_array_append_val (self->candidates, id);
        }
    }
  gtk_drop_down_set_model (self->candidate_dropdown, G_LIST_MODEL (labels));
  if (self->candidates->len == 0)
    {
      gtk_label_set_label (self->link_label, _("She has no prenatal screening record to link to."));
      gtk_widget_set_sensitive (self->link_button, FALSE);
      return;
    }
  gtk_label_set_label (self->link_label, _("Link to her screening record:"));
  gtk_widget_set_sensitive (self->link_button, TRUE);
}

static void
on_row_selected_cb (MuyingUnlinkedWindow *self)
{
  const MuyingFollowOnRow *row = selected_row (self);
  const MuyingFollowOnDescriptor *d;

  g_array_set_size (self->candidates, 0);
  gtk_widget_set_sensitive (self->link_box, row != NULL);
  if (row == NULL)
    {
      gtk_label_set_label (self->link_label, _("Choose a record above."));
      return;
    }
  d = muying_follow_on_descriptor_get (row->kind);
  gtk_widget_set_visible (GTK_WIDGET (self->candidate_dropdown), d->sample_field == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->sample_entry), d->sample_field != NULL);
  if (d->sample_field != NULL)
    {
      g_autofree char *sample = row_value (row, d->sample_field);

      gtk_label_set_label (self->link_label, _("Link to the newborn's screening record with the sample number:"));
      gtk_editable_set_text (GTK_EDITABLE (self->sample_entry), sample);
      gtk_widget_set_sensitive (self->link_button, TRUE);
    }
  else
    offer_her_records (self, row);
}

gboolean
muying_unlinked_window_link (MuyingUnlinkedWindow *self)
{
  MuyingStore *store = muying_app_context_get_store (self->context);
  const MuyingFollowOnRow *row = selected_row (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;
  gint64 record_id = 0;

  g_return_val_if_fail (MUYING_IS_UNLINKED_WINDOW (self), FALSE);

  if (row == NULL)
    {
      set_message (self, _("Choose a record above."), TRUE);
      return FALSE;
    }
  if (muying_follow_on_descriptor_get (row->kind)->sample_field != NULL)
    {
      g_autofree char *sample = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->sample_entry))));

      record_id = muying_store_find_record_id (store, MUYING_PROGRAM_NEWBORN, sample, &error);
      if (record_id < 0)
        {
          g_autofree char *text = g_strdup_printf (_("Not linked: %s"), error->message);

          set_message (self, text, TRUE);
          return FALSE;
        }
      if (record_id == 0)
        {
          g_autofree char *text = g_strdup_printf (_("Not linked: there is no newborn screening record with the "
                                                     "sample number “%s”"), sample);

          set_message (self, text, TRUE);
          return FALSE;
        }
      done = g_strdup_printf (_("Linked to the newborn's record %s"), sample);
    }
  else
    {
      guint i = gtk_drop_down_get_selected (self->candidate_dropdown);

      if (i >= self->candidates->len)
        {
          set_message (self, _("Not linked: choose her screening record"), TRUE);
          return FALSE;
        }
      record_id = g_array_index (self->candidates, gint64, i);
      done = g_strdup (_("Linked to her pregnancy"));
    }
  if (!muying_store_link_follow_on (store, muying_app_context_get_user (self->context), row->kind, row->id, record_id,
                                    muying_app_context_get_rules (self->context), &error))
    {
      g_autofree char *text = g_strdup_printf (_("Not linked: %s"), error->message);

      set_message (self, text, TRUE);
      return FALSE;
    }
  muying_unlinked_window_reload (self);
  set_message (self, done, FALSE);
  {
    GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

    if (parent != NULL)
      gtk_widget_activate_action (GTK_WIDGET (parent), "win.reload", NULL);
  }
  return TRUE;
}

static void
on_link_activate_cb (MuyingUnlinkedWindow *self)
{
  muying_unlinked_window_link (self);
}

/* ---- for tests ------------------------------------------------------------------------------ */

int
muying_unlinked_window_get_n_rows (MuyingUnlinkedWindow *self)
{
  return self->rows != NULL ? (int) self->rows->len : -1;
}

void
muying_unlinked_window_select (MuyingUnlinkedWindow *self,
                               guint                 position)
{
  gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, (int) position));
}

guint
muying_unlinked_window_get_n_candidates (MuyingUnlinkedWindow *self)
{
  return self->candidates->len;
}

void
muying_unlinked_window_choose_candidate (MuyingUnlinkedWindow *self,
                                         guint                 i)
{
  gtk_drop_down_set_selected (self->candidate_dropdown, i);
}

void
muying_unlinked_window_set_sample_no (MuyingUnlinkedWindow *self,
                                      const char           *sample_no)
{
  gtk_editable_set_text (GTK_EDITABLE (self->sample_entry), sample_no);
}

const char *
muying_unlinked_window_get_message (MuyingUnlinkedWindow *self)
{
  return self->message;
}

/* ---- life cycle ------------------------------------------------------------------------------ */

static void
muying_unlinked_window_dispose (GObject *object)
{
  MuyingUnlinkedWindow *self = MUYING_UNLINKED_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MUYING_TYPE_UNLINKED_WINDOW);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->candidates, g_array_unref);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (muying_unlinked_window_parent_class)->dispose (object);
}

static void
muying_unlinked_window_finalize (GObject *object)
{
  g_free (MUYING_UNLINKED_WINDOW (object)->message);
  G_OBJECT_CLASS (muying_unlinked_window_parent_class)->finalize (object);
}

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
muying_unlinked_window_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  MuyingUnlinkedWindow *self = MUYING_UNLINKED_WINDOW (object);

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
muying_unlinked_window_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  MuyingUnlinkedWindow *self = MUYING_UNLINKED_WINDOW (object);

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
muying_unlinked_window_class_init (MuyingUnlinkedWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = muying_unlinked_window_dispose;
  object_class->finalize = muying_unlinked_window_finalize;
  object_class->get_property = muying_unlinked_window_get_property;
  object_class->set_property = muying_unlinked_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MUYING_TYPE_APP_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MUYING_TYPE_EMPTY_STATE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muying/Muying/ui/muying-unlinked-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MuyingUnlinkedWindow, name)
  BIND (stack);
  BIND (error_label);
  BIND (list);
  BIND (link_box);
  BIND (link_label);
  BIND (candidate_dropdown);
  BIND (sample_entry);
  BIND (link_button);
  BIND (message_label);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_link_activate_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
muying_unlinked_window_init (MuyingUnlinkedWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->candidates = g_array_new (FALSE, FALSE, sizeof (gint64));
}

MuyingUnlinkedWindow *
muying_unlinked_window_new (GtkWindow        *parent,
                            MuyingAppContext *context)
{
  MuyingUnlinkedWindow *self;

  g_return_val_if_fail (MUYING_IS_APP_CONTEXT (context), NULL);

  self = g_object_new (MUYING_TYPE_UNLINKED_WINDOW, "transient-for", parent, "context", context, NULL);
  if (parent != NULL && gtk_window_get_application (parent) != NULL)
    gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
  muying_unlinked_window_reload (self);
  return self;
}
