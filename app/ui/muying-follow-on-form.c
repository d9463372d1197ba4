/* muying-follow-on-form.c: keyboard-first entry of one follow-on record of a case
 *
 * The fields are the follow-on descriptor's (muying-follow-on.h), built as the screening entry
 * form builds its own (muying-field-widget.h), in the descriptor's order, which is the Tab order.
 * The identity field is the case's: the woman's ID number (a diagnosis, an outcome) or the
 * newborn's sample number (audiology), shown, not editable; a prenatal record's expected
 * delivery date is offered, as it picks the pregnancy.
 *
 * Saving reads the form as a one-row file of its kind through the importer (each value by its
 * field's kind, then the descriptor's own check: an abnormal result needs its class, an
 * intervention is not dated before the diagnosis, …), so the form and an import accept and refuse
 * the same things with the same messages; only then is the store asked
 * (muying_store_edit_follow_on: one transaction, the permission checked), which refuses what needs
 * the database (an outcome before the pregnancy's first screening, a second outcome with another
 * date). Every problem is shown next to its field or in the form, and nothing is written; "saved"
 * is said only after the store committed the record.
 *
 * Keys: Tab moves on, Enter saves (in a field, or on a closed drop-down), Escape cancels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-app-context.h"
#include "muying-date.h"
#include "muying-error.h"
#include "muying-field-widget.h"
#include "muying-follow-on-form-private.h"
#include "muying-follow-on-form.h"
#include "muying-importer.h"
#include "muying-program-descriptor.h"
#include "muying-store-follow-on.h"
#include "muying-store-persons.h"
#include "muying-store-worklist.h"

struct _MuyingFollowOnForm
{
  GtkWindow                       parent_instance;

  MuyingAppContext               *context;
  MuyingStore                    *store;
  MuyingRuleSet                  *rules;
  MuyingUser                     *user;

  MuyingFollowOnKind              kind;
  const MuyingFollowOnDescriptor *descriptor;
  gint64                          record_id;
  gint64                          row_id;          /* editing this row; 0 = a new record */
  char                           *identity_key;    /* the field filled from the case */
  char                           *identity_value;
  char                           *case_key;        /* the case's sample or exam number */
  char                           *status;
  gboolean                        any_problem;     /* a field's problem shown by this save */
  gboolean                        status_is_marks; /* the banner only points at the marked fields */

  GHashTable                     *widgets;         /* key → GtkEntry / GtkDropDown / GtkLabel */
  GHashTable                     *errors;          /* key → GtkLabel */

  GtkLabel                       *case_label;
  GtkGrid                        *grid;
  GtkLabel                       *status_label;
  GtkWidget                      *save_button;
};

G_DEFINE_FINAL_TYPE (MuyingFollowOnForm, muying_follow_on_form, GTK_TYPE_WINDOW)

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- fields ------------------------------------------------------------------------------ */

static gboolean
is_identity (MuyingFollowOnForm *self,
             const char         *key)
{
  return g_strcmp0 (key, self->identity_key) == 0;
}

/* A number of the row's natural key: shown, not editable (another number would be another row).
 * Its date stays editable: a mistyped date is corrected on the same row. */
static gboolean
is_row_key (MuyingFollowOnForm *self,
            const char         *key)
{
  if (self->row_id == 0 || g_strcmp0 (key, self->descriptor->date_field) == 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (self->descriptor->key_fields) && self->descriptor->key_fields[i] != NULL; i++)
    if (g_strcmp0 (self->descriptor->key_fields[i], key) == 0)
      return TRUE;
  return FALSE;
}

char *
muying_follow_on_form_get_value (MuyingFollowOnForm *self,
                                 const char         *key)
{
  GtkWidget *widget;

  g_return_val_if_fail (MUYING_IS_FOLLOW_ON_FORM (self), NULL);

  if (is_identity (self, key))
    return g_strdup (self->identity_value);
  widget = g_hash_table_lookup (self->widgets, key);
  return widget != NULL ? muying_field_widget_get_text (widget) : NULL;
}

void
muying_follow_on_form_set_value (MuyingFollowOnForm *self,
                                 const char         *key,
                                 const char         *value)
{
  GtkWidget *widget;
  const MuyingField *field;

  g_return_if_fail (MUYING_IS_FOLLOW_ON_FORM (self));
  g_return_if_fail (!is_identity (self, key));   /* the case's, never typed */

  widget = g_hash_table_lookup (self->widgets, key);
  field = muying_follow_on_descriptor_find (self->descriptor, key);
  g_return_if_fail (widget != NULL && field != NULL);
  muying_field_widget_set_text (widget, field, self->rules, value);
}

GtkWidget *
muying_follow_on_form_get_widget (MuyingFollowOnForm *self,
                                  const char         *key)
{
  g_return_val_if_fail (MUYING_IS_FOLLOW_ON_FORM (self), NULL);
  return g_hash_table_lookup (self->widgets, key);
}

const char *
muying_follow_on_form_get_field_error (MuyingFollowOnForm *self,
                                       const char         *key)
{
  GtkLabel *label = g_hash_table_lookup (self->errors, key);

  if (label == NULL || !gtk_widget_get_visible (GTK_WIDGET (label)))
    return NULL;
  return gtk_label_get_label (label);
}

const char *
muying_follow_on_form_get_status (MuyingFollowOnForm *self)
{
  return self->status;
}

MuyingFollowOnKind
muying_follow_on_form_get_kind (MuyingFollowOnForm *self)
{
  return self->kind;
}

gint64
muying_follow_on_form_get_row_id (MuyingFollowOnForm *self)
{
  g_return_val_if_fail (MUYING_IS_FOLLOW_ON_FORM (self), 0);
  return self->row_id;
}

static void
set_field_error (MuyingFollowOnForm *self,
                 const char         *key,
                 const char         *message)
{
  GtkLabel *label = g_hash_table_lookup (self->errors, key);
  GtkWidget *widget = g_hash_table_lookup (self->widgets, key);

  if (label == NULL)
    return;
  /* A second problem of the same field is added, not lost. */
  if (message != NULL && gtk_widget_get_visible (GTK_WIDGET (label)))
    {
      g_autofree char *both = g_strdup_printf ("%s\n%s", gtk_label_get_label (label), message);

      gtk_label_set_label (label, both);
    }
  else
    gtk_label_set_label (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
}

static void
set_status (MuyingFollowOnForm *self,
            const char         *text,
            gboolean            is_error)
{
  g_free (self->status);
  self->status = g_strdup (text);
  self->status_is_marks = FALSE;
  gtk_label_set_label (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), is_error ? "success-banner" : "error-banner");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), is_error ? "error-banner" : "success-banner");
}

static void
clear_errors (MuyingFollowOnForm *self)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->errors);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    set_field_error (self, key, NULL);
  set_status (self, NULL, FALSE);
  self->any_problem = FALSE;
}

static void
problem (MuyingFollowOnForm *self,
         const MuyingField  *field,
         const char         *message)
{
  self->any_problem = TRUE;
  if (field != NULL && g_hash_table_contains (self->errors, field->key))
    set_field_error (self, field->key, message);
  else
    {
      g_autofree char *text = g_strdup_printf (_("Not saved: %s"), message);

      set_status (self, text, TRUE);
    }
}

/* ---- reading the values ------------------------------------------------------------------ */

/* The form as a one-row file of its kind: the importer's own reading serves the form, so the form
 * and an import accept and refuse the same values with the same messages (as the entry form of
 * the screening records does). */
static void
append_csv_cell (GString    *csv,
                 const char *value)
{
  g_string_append_c (csv, '"');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

static GBytes *
form_as_csv (MuyingFollowOnForm *self)
{
  GString *csv = g_string_new (NULL);
  gboolean first = TRUE;

  /* The fields on the form (an import-only column has no widget). */
  for (const MuyingField *f = self->descriptor->fields; f->key != NULL; f++)
    if (g_hash_table_contains (self->widgets, f->key))
      {
        g_string_append_printf (csv, "%s%s", first ? "" : ",", f->key);
        first = FALSE;
      }
  g_string_append (csv, "\r\n");
  first = TRUE;
  for (const MuyingField *f = self->descriptor->fields; f->key != NULL; f++)
    {
      g_autofree char *value = NULL;

      if (!g_hash_table_contains (self->widgets, f->key))
        continue;
      value = muying_follow_on_form_get_value (self, f->key);
      if (!first)
        g_string_append_c (csv, ',');
      append_csv_cell (csv, value ? value : "");
      first = FALSE;
    }
  g_string_append (csv, "\r\n");
  return g_string_free_to_bytes (csv);
}

typedef struct
{
  const MuyingFollowOnDescriptor *descriptor;
  gpointer                        record;   /* the valid row's, copied */
} ReadRow;

/* The importer lends the valid row's record for the call: it is copied. */
static void
on_row (const MuyingImportRow *row,
        gpointer               user_data)
{
  ReadRow *read = user_data;
  gpointer copy = read->descriptor->record_new ();

  for (const MuyingField *f = read->descriptor->fields; f->key != NULL; f++)
    {
      g_autoptr(GVariant) value = muying_field_get_value (f, row->record);

      muying_field_set_value (f, copy, value);
    }
  if (read->record != NULL)
    read->descriptor->record_free (read->record);
  read->record = copy;
}

/* The record of the form, or NULL when a value is wrong (each problem is shown beside its field,
 * or in the form). */
static gpointer
read_record (MuyingFollowOnForm *self)
{
  g_autoptr(MuyingImporter) importer = muying_importer_new_follow_on (self->kind, self->rules);
  g_autoptr(MuyingImportReport) report = NULL;
  g_autoptr(GBytes) csv = form_as_csv (self);
  g_autoptr(GError) error = NULL;
  ReadRow read = { self->descriptor, NULL };
  gpointer record;

  muying_importer_set_row_func (importer, on_row, &read, NULL);
  report = muying_importer_validate_bytes (importer, csv, _("entry form"), NULL, &error);
  record = read.record;
  if (report == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Not saved: %s"), error->message);

      set_status (self, text, TRUE);
      if (record != NULL)
        self->descriptor->record_free (record);
      return NULL;
    }
  for (guint i = 0; i < report->rejected_rows->len; i++)
    {
      MuyingImportRejectedRow *row = g_ptr_array_index (report->rejected_rows, i);

      for (guint j = 0; j < row->problems->len; j++)
        {
          MuyingImportProblem *p = g_ptr_array_index (row->problems, j);

          problem (self, p->column != NULL ? muying_follow_on_descriptor_find (self->descriptor, p->column) : NULL,
                   p->message);
        }
    }
  if (self->any_problem || record == NULL)
    {
      if (self->status == NULL)
        {
          set_status (self, _("Not saved: correct the marked fields"), TRUE);
          self->status_is_marks = TRUE;
        }
      if (record != NULL)
        self->descriptor->record_free (record);
      return NULL;
    }
  return record;
}

/* The messages make the form taller: it grows to show them (as far as the screen allows; the
 * fields scroll beyond that). */
static void
fit_content (MuyingFollowOnForm *self)
{
  int width = -1, height = -1;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, -1);
}

gboolean
muying_follow_on_form_save (MuyingFollowOnForm *self)
{
  g_autoptr(GError) error = NULL;
  gpointer record;
  gint64 id = 0;
  gboolean linked = FALSE;
  gboolean ok;

  g_return_val_if_fail (MUYING_IS_FOLLOW_ON_FORM (self), FALSE);

  clear_errors (self);
  record = read_record (self);
  if (record == NULL)
    {
      fit_content (self);
      return FALSE;
    }
  ok = muying_store_edit_follow_on (self->store, self->user, self->kind, self->row_id, record, self->rules, &id,
                                    &linked, &error);
  self->descriptor->record_free (record);
  if (!ok)
    {
      g_autofree char *text = g_strdup_printf (_("Not saved: %s"), error->message);

      /* What the case refuses is about the record's date (before the pregnancy's first screening
       * or the birth, a second outcome on another day): said next to it as well. */
      if (g_error_matches (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT))
        set_field_error (self, self->descriptor->date_field, error->message);
      set_status (self, text, TRUE);
      fit_content (self);
      return FALSE;
    }
  set_status (self, _("Saved"), FALSE);
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, id, linked);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

/* ---- keys -------------------------------------------------------------------------------- */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  muying_follow_on_form_save (MUYING_FOLLOW_ON_FORM (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

/* Enter saves from a field and from a closed drop-down (whose button would open its list; Space
 * still does). A button keeps its Enter (Cancel cancels), as does an open list. */
static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   MuyingFollowOnForm    *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if ((keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0 || focus == NULL)
    return FALSE;
  if (gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL)
    return FALSE;
  if (gtk_widget_get_ancestor (focus, GTK_TYPE_DROP_DOWN) == NULL &&
      (GTK_IS_BUTTON (focus) || gtk_widget_get_ancestor (focus, GTK_TYPE_BUTTON) != NULL))
    return FALSE;
  muying_follow_on_form_save (self);
  return TRUE;
}

/* ---- building ---------------------------------------------------------------------------- */

static gboolean
any_field_error (MuyingFollowOnForm *self)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->errors);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (muying_follow_on_form_get_field_error (self, key) != NULL)
      return TRUE;
  return FALSE;
}

/* A value changed: its problem is no longer shown (the next save checks it again). */
static void
on_value_changed_cb (GtkWidget          *widget,
                     GParamSpec         *pspec,
                     MuyingFollowOnForm *self)
{
  const char *key = g_object_get_data (G_OBJECT (widget), "muying-field-key");

  if (key == NULL || muying_follow_on_form_get_field_error (self, key) == NULL)
    return;
  set_field_error (self, key, NULL);
  /* the last marked field corrected: "correct the marked fields" would point at nothing */
  if (self->status_is_marks && !any_field_error (self))
    set_status (self, NULL, FALSE);
}

/* The expected delivery date of the pregnancy of the case's record (it links the record to this
 * pregnancy; the screening record itself keeps only an EDD that was given). NULL when it has none;
 * a failure to read it is said on the form, which still works (the date is then typed). */
static char *
pregnancy_edd (MuyingFollowOnForm *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingRecordPerson) person = NULL;
  g_autoptr(GPtrArray) pregnancies = NULL;
  gint64 pregnancy_id = muying_store_get_record_pregnancy (self->store, self->record_id, &error);

  if (pregnancy_id > 0)
    person = muying_store_get_record_person (self->store, self->record_id, &error);
  if (person != NULL)
    pregnancies = muying_store_list_pregnancies (self->store, person->person_id, &error);
  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The expected delivery date of this pregnancy cannot be read: %s"),
                                               error->message);

      set_status (self, text, TRUE);
      return NULL;
    }
  for (guint i = 0; pregnancies != NULL && i < pregnancies->len; i++)
    {
      const MuyingPregnancyInfo *p = g_ptr_array_index (pregnancies, i);

      if (p->id == pregnancy_id && g_date_valid (&p->edd))
        return muying_date_format (&p->edd);
    }
  return NULL;
}

static void
build_fields (MuyingFollowOnForm *self,
              GHashTable         *case_values)
{
  g_autofree char *edd = NULL;

  int row = 0;

  for (const MuyingField *f = self->descriptor->fields; f->key != NULL; f++)
    {
      g_autofree char *label_text = muying_field_widget_label_text (f);
      GtkWidget *label = gtk_label_new (label_text);
      GtkWidget *widget, *error;

      /* An older file's column that the check spreads over the form's own fields. */
      if (MUYING_FIELD_IS (f, MUYING_FIELD_IMPORT_ONLY))
        continue;
      if (f->section != NULL)
        {
          GtkWidget *heading = gtk_label_new (_(f->section));

          gtk_label_set_xalign (GTK_LABEL (heading), 0);
          gtk_widget_add_css_class (heading, "heading");
          gtk_widget_set_margin_top (heading, row > 0 ? 12 : 0);
          gtk_grid_attach (self->grid, heading, 0, row++, 3, 1);
        }
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      if (is_identity (self, f->key))
        {
          /* The case's: shown as text, out of the Tab order. */
          widget = gtk_label_new (self->identity_value);
          gtk_label_set_xalign (GTK_LABEL (widget), 0);
          /* Not selectable: a selectable label takes Tab and keeps the focus where it was. */
          gtk_widget_set_can_focus (widget, FALSE);
          gtk_widget_set_tooltip_text (widget, _("From the case; it cannot be changed here"));
        }
      else
        {
          widget = muying_field_widget_new (f, self->rules);
          /* The expected delivery date picks the pregnancy: the case's is offered; it may be corrected. */
          if (f->kind == MUYING_FIELD_DATE && MUYING_FIELD_IS (f, MUYING_FIELD_FUTURE_OK) && self->descriptor->id_field)
            {
              const char *given = case_values != NULL ? g_hash_table_lookup (case_values, f->key) : NULL;

              if (edd == NULL)
                edd = given != NULL && *given != '\0' ? g_strdup (given) : pregnancy_edd (self);
              if (edd != NULL)
                muying_field_widget_set_text (widget, f, self->rules, edd);
            }
        }
      if (!is_identity (self, f->key))
        {
          g_object_set_data (G_OBJECT (widget), "muying-field-key", (gpointer) f->key);
          g_signal_connect (widget, GTK_IS_DROP_DOWN (widget) ? "notify::selected" : "notify::text",
                            G_CALLBACK (on_value_changed_cb), self);
        }
      gtk_widget_set_halign (widget, GTK_ALIGN_START);
      gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);   /* not stretched by a long message beside it */
      gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
      error = muying_field_widget_error_new ();
      gtk_grid_attach (self->grid, label, 0, row, 1, 1);
      gtk_grid_attach (self->grid, widget, 1, row, 1, 1);
      gtk_grid_attach (self->grid, error, 2, row, 1, 1);
      g_hash_table_insert (self->widgets, (gpointer) f->key, widget);
      g_hash_table_insert (self->errors, (gpointer) f->key, error);
      row++;
    }
}

static GtkWidget *
first_editable (MuyingFollowOnForm *self)
{
  for (const MuyingField *f = self->descriptor->fields; f->key != NULL; f++)
    if (!is_identity (self, f->key) && !is_row_key (self, f->key) && g_hash_table_contains (self->widgets, f->key))
      return g_hash_table_lookup (self->widgets, f->key);
  return self->save_button;
}

/* ---- life cycle -------------------------------------------------------------------------- */

static void
muying_follow_on_form_dispose (GObject *object)
{
  MuyingFollowOnForm *self = MUYING_FOLLOW_ON_FORM (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MUYING_TYPE_FOLLOW_ON_FORM);
  g_clear_object (&self->store);
  g_clear_object (&self->rules);
  g_clear_object (&self->user);
  g_clear_object (&self->context);
  g_clear_pointer (&self->widgets, g_hash_table_unref);
  g_clear_pointer (&self->errors, g_hash_table_unref);
  G_OBJECT_CLASS (muying_follow_on_form_parent_class)->dispose (object);
}

static void
muying_follow_on_form_finalize (GObject *object)
{
  MuyingFollowOnForm *self = MUYING_FOLLOW_ON_FORM (object);

  g_free (self->identity_key);
  g_free (self->identity_value);
  g_free (self->case_key);
  g_free (self->status);
  G_OBJECT_CLASS (muying_follow_on_form_parent_class)->finalize (object);
}

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
muying_follow_on_form_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  MuyingFollowOnForm *self = MUYING_FOLLOW_ON_FORM (object);

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
muying_follow_on_form_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  MuyingFollowOnForm *self = MUYING_FOLLOW_ON_FORM (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      g_set_object (&self->store, muying_app_context_get_store (self->context));
      g_set_object (&self->rules, muying_app_context_get_rules (self->context));
      g_set_object (&self->user, muying_app_context_get_user (self->context));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
muying_follow_on_form_class_init (MuyingFollowOnFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = muying_follow_on_form_dispose;
  object_class->finalize = muying_follow_on_form_finalize;
  object_class->get_property = muying_follow_on_form_get_property;
  object_class->set_property = muying_follow_on_form_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MUYING_TYPE_APP_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The record was committed: its row id and whether it was linked to a case. */
  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                        NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muying/Muying/ui/muying-follow-on-form.ui");
  gtk_widget_class_bind_template_child (widget_class, MuyingFollowOnForm, case_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingFollowOnForm, grid);
  gtk_widget_class_bind_template_child (widget_class, MuyingFollowOnForm, status_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingFollowOnForm, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_key_pressed_cb);

  gtk_widget_class_install_action (widget_class, "follow-on.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "follow-on.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "follow-on.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "follow-on.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "follow-on.cancel", NULL);
}

static void
muying_follow_on_form_init (MuyingFollowOnForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->widgets = g_hash_table_new (g_str_hash, g_str_equal);
  self->errors = g_hash_table_new (g_str_hash, g_str_equal);
}

MuyingFollowOnForm *
muying_follow_on_form_new (GtkWindow          *parent,
                           MuyingAppContext   *context,
                           MuyingFollowOnKind  kind,
                           gint64              record_id,
                           GError            **error)
{
  const MuyingFollowOnDescriptor *descriptor = muying_follow_on_descriptor_get (kind);
  g_autoptr(MuyingCase) c = NULL;
  g_autoptr(GHashTable) case_values = NULL;
  g_autofree char *title = NULL;
  g_autofree char *about = NULL;
  MuyingFollowOnForm *self;
  MuyingProgram program;

  g_return_val_if_fail (MUYING_IS_APP_CONTEXT (context), NULL);
  g_return_val_if_fail (descriptor != NULL, NULL);

  c = muying_store_get_case (muying_app_context_get_store (context), record_id, NULL, error);
  if (c == NULL)
    return NULL;
  case_values = muying_store_load_record_fields (muying_app_context_get_store (context), record_id, &program, NULL,
                                                 error);
  if (case_values == NULL)
    return NULL;

  self = g_object_new (MUYING_TYPE_FOLLOW_ON_FORM, "transient-for", parent, "context", context, NULL);
  if (parent != NULL && gtk_window_get_application (parent) != NULL)
    gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
  self->kind = kind;
  self->descriptor = descriptor;
  self->record_id = record_id;
  /* A prenatal record follows the woman (her ID number), audiology the newborn's sample. */
  if (descriptor->id_field != NULL)
    {
      self->identity_key = g_strdup (descriptor->id_field);
      self->identity_value = g_strdup (c->id_number ? c->id_number : "");
    }
  else if (descriptor->sample_field != NULL)
    {
      self->identity_key = g_strdup (descriptor->sample_field);
      self->identity_value = g_strdup (c->key);
    }
  self->case_key = g_strdup (c->key);
  title = g_strdup_printf (_("%s: case %s"), _(descriptor->label), c->key);
  gtk_window_set_title (GTK_WINDOW (self), title);
  about = g_strdup_printf (_("%s for %s, %s %s of %s"), _(descriptor->label), c->name,
                           muying_program_get_label (c->program), c->key, c->record_date);
  gtk_label_set_label (self->case_label, about);
  build_fields (self, case_values);
  gtk_widget_grab_focus (first_editable (self));
  return self;
}

MuyingFollowOnForm *
muying_follow_on_form_new_edit (GtkWindow          *parent,
                                MuyingAppContext   *context,
                                MuyingFollowOnKind  kind,
                                gint64              record_id,
                                gint64              row_id,
                                GError            **error)
{
  g_autoptr(MuyingFollowOnRow) row = NULL;
  g_autofree char *title = NULL;
  MuyingFollowOnForm *self;

  g_return_val_if_fail (MUYING_IS_APP_CONTEXT (context), NULL);

  row = muying_store_load_follow_on (muying_app_context_get_store (context), kind, row_id, error);
  if (row == NULL)
    return NULL;
  self = muying_follow_on_form_new (parent, context, kind, record_id, error);
  if (self == NULL)
    return NULL;
  self->row_id = row_id;
  /* The number field had the focus of a new record; it is about to become insensitive. */
  gtk_root_set_focus (GTK_ROOT (self), NULL);
  for (const MuyingField *f = self->descriptor->fields; f->key != NULL; f++)
    {
      GtkWidget *widget = g_hash_table_lookup (self->widgets, f->key);
      g_autofree char *text = NULL;

      if (widget == NULL || is_identity (self, f->key))
        continue;
      text = muying_field_to_text (f, row->record);
      muying_field_widget_set_text (widget, f, self->rules, text);
      if (is_row_key (self, f->key))
        {
          gtk_widget_set_sensitive (widget, FALSE);
          gtk_widget_set_tooltip_text (widget, _("The record's own number and date; they cannot be changed here"));
        }
    }
  title = g_strdup_printf (_("Edit %s: case %s"), _(self->descriptor->label), self->case_key);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_widget_grab_focus (first_editable (self));
  return self;
}
