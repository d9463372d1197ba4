/* muying-record-form.c: keyboard-first entry and editing of one screening record
 *
 * The form is one CSV row: its values go through the importer's own validation (so the form
 * and an import accept and refuse exactly the same things, with the same Chinese messages),
 * and saving writes that row through the importer, which classifies it with the rule set and
 * saves it in one transaction. Nothing typed is lost when saving is refused: the fields keep
 * their values and each problem is shown next to its field.
 *
 * Keys: Tab / Enter move to the next field (a barcode scanner's Enter too), Ctrl+S saves,
 * Ctrl+Shift+S saves and starts the next record with the same sample date, test and institution,
 * Ctrl+N starts a new record, Ctrl+W closes; closing with unsaved values asks first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-ui"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "muying-app-context.h"
#include "muying-date.h"
#include "muying-field-widget.h"
#include "muying-id-number.h"
#include "muying-importer.h"
#include "muying-program-descriptor.h"
#include "muying-record-form-private.h"
#include "muying-record-form.h"
#include "muying-store-lookup.h"
#include "muying-store-persons.h"
#include "muying-store-records.h"
#include "muying-ui-keys.h"
#include "muying-ui-text.h"

struct _MuyingRecordForm
{
  GtkWindow        parent_instance;

  MuyingAppContext *context;

  MuyingStore     *store;
  MuyingRuleSet   *rules;
  MuyingProgram    program;
  const MuyingProgramDescriptor *descriptor;
  char            *user;
  gint64           record_id;
  gint64           row_version;           /* of the record as loaded or last saved here, -1: new */
  int              saved_level;
  char            *status;
  char            *confirmed_duplicate;   /* ID number the user chose to save despite a warning */
  gboolean         name_conflict;         /* the name field shows an error that the next change of
                                             the name checks again (check_name_conflict) */
  gboolean         updating;              /* filling fields from code: don't react to them */
  GBytes          *clean_values;          /* the fields as last saved, loaded or cleared */
  char            *saved_id_number;       /* ID number of the record on the form, once saved */
  char            *looked_up_id_number;   /* the ID number update_person last looked up, */
  char            *registered_name;       /* and the name it is registered under (NULL: unknown) */

  GHashTable      *widgets;       /* key → GtkEntry / GtkDropDown (muying-field-widget.h) */
  GHashTable      *errors;        /* key → GtkLabel */

  GtkGrid         *grid;
  GtkLabel        *person_label;
  GtkLabel        *derived_label;
  GtkLabel        *status_label;
  GtkLabel        *level_label;
  GtkLabel        *reasons_label;
  GtkWidget       *case_button;
};

G_DEFINE_FINAL_TYPE (MuyingRecordForm, muying_record_form, GTK_TYPE_WINDOW)

/* ---- field access ------------------------------------------------------------------------ */

/* The first field of @kind, or NULL. */
static const MuyingField *
field_of_kind (MuyingRecordForm *self,
               MuyingFieldKind   kind)
{
  for (const MuyingField *f = self->descriptor->fields; f->key != NULL; f++)
    if (f->kind == kind)
      return f;
  return NULL;
}

/* The first field with @flag, or NULL. */
static const MuyingField *
field_with_flag (MuyingRecordForm *self,
                 MuyingFieldFlags  flag)
{
  for (const MuyingField *f = self->descriptor->fields; f->key != NULL; f++)
    if (MUYING_FIELD_IS (f, flag))
      return f;
  return NULL;
}

char *
muying_record_form_get_value (MuyingRecordForm *self,
                              const char       *key)
{
  GtkWidget *widget = g_hash_table_lookup (self->widgets, key);

  return widget != NULL ? muying_field_widget_get_text (widget) : NULL;
}

void
muying_record_form_set_value (MuyingRecordForm *self,
                              const char       *key,
                              const char       *value)
{
  GtkWidget *widget = g_hash_table_lookup (self->widgets, key);
  const MuyingField *field = muying_program_descriptor_find (self->descriptor, key);

  g_return_if_fail (widget != NULL && field != NULL);

  muying_field_widget_set_text (widget, field, self->rules, value);
}

const char *
muying_record_form_get_field_error (MuyingRecordForm *self,
                                    const char       *key)
{
  GtkLabel *label = g_hash_table_lookup (self->errors, key);

  if (label == NULL || !gtk_widget_get_visible (GTK_WIDGET (label)))
    return NULL;
  return gtk_label_get_label (label);
}

static void
set_field_error (MuyingRecordForm *self,
                 const char       *key,
                 const char       *message)
{
  GtkLabel *label = g_hash_table_lookup (self->errors, key);
  GtkWidget *widget = g_hash_table_lookup (self->widgets, key);

  if (label == NULL)
    return;
  gtk_label_set_label (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
}

static void
clear_errors (MuyingRecordForm *self)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->errors);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    set_field_error (self, key, NULL);
  self->name_conflict = FALSE;
}

static void
set_status (MuyingRecordForm *self,
            const char       *text,
            gboolean          is_error)
{
  g_free (self->status);
  self->status = g_strdup (text);
  gtk_label_set_label (self->status_label, text ? text : "");
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "level-high");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "level-high");
}

/* ---- derived information: person, age, EDD, test window ---------------------------------- */

static const char *
name_key (MuyingRecordForm *self)
{
  return self->descriptor->name_field;
}

static void
update_person (MuyingRecordForm *self)
{
  const char *id_key = self->descriptor->id_field;
  g_autofree char *raw = muying_record_form_get_value (self, id_key);
  g_autofree char *id_number = muying_id_number_normalize (raw);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingPersonMatch) match = NULL;
  g_autofree char *birth_text = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  GDate birth, today;
  MuyingSex sex;

  if (*id_number == '\0' || strlen (id_number) < 18)
    {
      set_field_error (self, id_key, NULL);
      gtk_label_set_label (self->person_label, "");
      return;
    }
  muying_date_today (&today);
  if (!muying_id_number_validate (id_number, &today, &birth, &sex, &error))
    {
      set_field_error (self, id_key, error->message);
      gtk_label_set_label (self->person_label, "");
      return;
    }
  set_field_error (self, id_key, NULL);
  birth_text = muying_date_format (&birth);
  g_string_append_printf (text, _("Born %s, age %d, %s"), birth_text, muying_date_age_on (&birth, &today),
                          sex == MUYING_SEX_FEMALE ? _("female") : _("male"));
  if (sex != MUYING_SEX_FEMALE)
    g_string_append_printf (text, "\n%s", _("The ID number belongs to a man: check it"));

  match = muying_store_find_person (self->store, id_number, &error);
  if (match == NULL && error != NULL)
    {
      /* Not "New person": whether she is known could not be found out. */
      g_string_append_printf (text, "\n");
      g_string_append_printf (text, _("The person cannot be looked up: %s"), error->message);
      gtk_label_set_label (self->person_label, text->str);
      g_clear_pointer (&self->looked_up_id_number, g_free);
      g_clear_pointer (&self->registered_name, g_free);
      return;
    }
  /* Kept for check_name_conflict, which runs at every key typed in the name. */
  g_free (self->looked_up_id_number);
  self->looked_up_id_number = g_strdup (id_number);
  g_free (self->registered_name);
  self->registered_name = match != NULL ? g_strdup (match->name) : NULL;
  if (match != NULL)
    {
      g_autofree char *name = muying_record_form_get_value (self, name_key (self));

      gint64 earlier = match->n_records;

      /* The record on the form is one of the person's records once saved: it is not an earlier one. */
      if (self->record_id > 0 && g_strcmp0 (self->saved_id_number, id_number) == 0)
        earlier = MAX (0, earlier - 1);
      g_string_append_printf (text, "\n");
      g_string_append_printf (text, _("Known person: %s, %lld earlier record(s)"), match->name,
                              (long long) earlier);
      /* Fill in what we know; never overwrite what was typed. */
      if (*name == '\0')
        muying_record_form_set_value (self, name_key (self), match->name);
      if (g_hash_table_contains (self->widgets, "phone") && match->phone != NULL)
        {
          g_autofree char *phone = muying_record_form_get_value (self, "phone");
          if (*phone == '\0')
            muying_record_form_set_value (self, "phone", match->phone);
        }
    }
  else
    g_string_append_printf (text, "\n%s", _("New person"));
  gtk_label_set_label (self->person_label, text->str);
}

/* A known ID number with another name: said at once next to the name. Saving would be refused
 * (the store never renames a woman); a real change of name is a doctor's correction. */
static void
check_name_conflict (MuyingRecordForm *self)
{
  g_autofree char *raw = muying_record_form_get_value (self, self->descriptor->id_field);
  g_autofree char *id_number = muying_id_number_normalize (raw);
  g_autofree char *name = muying_record_form_get_value (self, name_key (self));
  g_autofree char *queried = NULL;
  g_autoptr(GError) error = NULL;
  const char *registered = NULL;

  /* The name update_person found for this ID number; the store is asked only for another one. */
  if (g_strcmp0 (id_number, self->looked_up_id_number) == 0)
    registered = self->registered_name;
  else if (muying_id_number_validate (id_number, NULL, NULL, NULL, NULL))
    {
      if (muying_store_get_person_name (self->store, id_number, &queried, &error))
        registered = queried;
      else
        {
          g_autofree char *message = g_strdup_printf (_("The person cannot be looked up: %s"), error->message);

          set_status (self, message, TRUE);
        }
    }
  if (*name != '\0' && registered != NULL && g_strcmp0 (registered, name) != 0)
    {
      g_autofree char *message = muying_person_name_conflict_message (registered, name);

      set_field_error (self, name_key (self), message);
      self->name_conflict = TRUE;
    }
  else if (self->name_conflict)
    {
      set_field_error (self, name_key (self), NULL);
      self->name_conflict = FALSE;
    }
}

/* The value of the first field of @kind or with @flag; NULL when the programme has none. */
static char *
value_of_kind (MuyingRecordForm *self,
               MuyingFieldKind   kind)
{
  const MuyingField *field = field_of_kind (self, kind);

  return field != NULL ? muying_record_form_get_value (self, field->key) : NULL;
}

static char *
value_with_flag (MuyingRecordForm *self,
                 MuyingFieldFlags  flag)
{
  const MuyingField *field = field_with_flag (self, flag);

  return field != NULL ? muying_record_form_get_value (self, field->key) : NULL;
}

/* A programme dated by gestational age (prenatal screening) has the dating panel: the gestation
 * at the record's date, the expected delivery date (the date that may lie ahead), her age then,
 * and the window of the test. */
static gboolean
has_dating (MuyingRecordForm *self)
{
  return field_of_kind (self, MUYING_FIELD_GA_WEEKS) != NULL;
}

static void
update_derived (MuyingRecordForm *self)
{
  g_autofree char *sample = NULL, *weeks = NULL, *days = NULL, *edd_text = NULL, *test = NULL, *id = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  const MuyingField *test_field = field_with_flag (self, MUYING_FIELD_WINDOW);
  GDate sample_date, edd, birth;
  int test_value;
  int ga;

  if (!has_dating (self))
    return;
  sample = muying_record_form_get_value (self, self->descriptor->date_field);
  weeks = value_of_kind (self, MUYING_FIELD_GA_WEEKS);
  days = value_of_kind (self, MUYING_FIELD_GA_DAYS);
  edd_text = value_with_flag (self, MUYING_FIELD_FUTURE_OK);
  test = test_field != NULL ? muying_record_form_get_value (self, test_field->key) : NULL;
  id = muying_record_form_get_value (self, self->descriptor->id_field);

  if (!muying_date_parse (sample, &sample_date, NULL) || *weeks == '\0')
    {
      gtk_label_set_label (self->derived_label, "");
      return;
    }
  ga = (int) g_ascii_strtoll (weeks, NULL, 10) * 7 + (int) g_ascii_strtoll (days ? days : "", NULL, 10);
  {
    g_autofree char *ga_text = muying_date_format_ga (ga);
    g_string_append_printf (text, _("Gestation at sampling: %s"), ga_text);
  }
  if (edd_text == NULL || !muying_date_parse (edd_text, &edd, NULL))
    muying_date_edd_from_ga (&sample_date, ga, &edd);
  {
    g_autofree char *e = muying_date_format (&edd);
    g_string_append_printf (text, "\n");
    g_string_append_printf (text, _("Expected delivery: %s"), e);
  }
  {
    g_autofree char *normalized = muying_id_number_normalize (id);
    if (muying_id_number_validate (normalized, NULL, &birth, NULL, NULL))
      {
        g_string_append_printf (text, "\n");
        g_string_append_printf (text, _("Age at delivery: %d"), muying_date_age_on (&birth, &edd));
      }
  }
  if (test_field != NULL && self->rules != NULL && muying_field_choice_from_key (test_field, test, &test_value))
    {
      int first, last;
      g_autofree char *a = NULL, *b = NULL;

      muying_rule_set_get_test_window (self->rules, (MuyingPrenatalTest) test_value, &first, &last);
      a = muying_date_format_ga (first);
      b = muying_date_format_ga (last);
      g_string_append_printf (text, "\n");
      if (ga >= first && ga <= last)
        g_string_append_printf (text, _("Test window %s to %s: inside"), a, b);
      else
        g_string_append_printf (text, _("Test window %s to %s: OUTSIDE — check the dating"), a, b);
    }
  gtk_label_set_label (self->derived_label, text->str);
}

/* Only the fields the dating panel is computed from trigger it: the record's date, the
 * gestation, the expected delivery date and the test (prenatal records). Every other keystroke
 * costs nothing; the ID number has a handler of its own (a person lookup in the database). */
static gboolean
field_feeds_dating (MuyingRecordForm  *self,
                    const MuyingField *field)
{
  return has_dating (self) &&
         (g_strcmp0 (field->key, self->descriptor->date_field) == 0 || field->kind == MUYING_FIELD_GA_WEEKS ||
          field->kind == MUYING_FIELD_GA_DAYS || MUYING_FIELD_IS (field, MUYING_FIELD_FUTURE_OK) ||
          MUYING_FIELD_IS (field, MUYING_FIELD_WINDOW));
}

static void
on_field_changed_cb (MuyingRecordForm *self)
{
  if (self->updating)
    return;
  self->updating = TRUE;
  update_person (self);
  update_derived (self);
  check_name_conflict (self);
  self->updating = FALSE;
}

static void
on_name_changed_cb (MuyingRecordForm *self)
{
  if (!self->updating)
    check_name_conflict (self);
}

/* Dates, gestation and test change the prenatal panel only: no person lookup. */
static void
on_dating_changed_cb (MuyingRecordForm *self)
{
  if (!self->updating)
    update_derived (self);
}

/* Enter moves on, as on paper forms; Ctrl+S saves. */
static void
on_entry_activate_cb (GtkEntry         *entry,
                      MuyingRecordForm *self)
{
  gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
}

/* ---- building ---------------------------------------------------------------------------- */

static void
build_fields (MuyingRecordForm *self)
{
  int row = 0;

  for (const MuyingField *f = self->descriptor->fields; f->key != NULL; f++)
    {
      g_autofree char *label_text = NULL;
      GtkWidget *label, *widget, *error;

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
      label_text = muying_field_widget_label_text (f);
      label = gtk_label_new (label_text);
      gtk_label_set_xalign (GTK_LABEL (label), 1);

      widget = muying_field_widget_new (f, self->rules);
      if (GTK_IS_DROP_DOWN (widget))
        {
          if (field_feeds_dating (self, f))
            g_signal_connect_swapped (widget, "notify::selected", G_CALLBACK (on_dating_changed_cb), self);
        }
      else
        {
          g_signal_connect (widget, "activate", G_CALLBACK (on_entry_activate_cb), self);
          if (g_strcmp0 (f->key, self->descriptor->id_field) == 0)
            g_signal_connect_swapped (widget, "changed", G_CALLBACK (on_field_changed_cb), self);
          else if (g_strcmp0 (f->key, name_key (self)) == 0)
            g_signal_connect_swapped (widget, "changed", G_CALLBACK (on_name_changed_cb), self);
          else if (field_feeds_dating (self, f))
            g_signal_connect_swapped (widget, "changed", G_CALLBACK (on_dating_changed_cb), self);
        }
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

/* ---- validating and saving --------------------------------------------------------------- */

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
form_as_csv (MuyingRecordForm *self)
{
  GString *csv = g_string_new (NULL);
  gboolean first = TRUE;

  for (const MuyingField *f = self->descriptor->fields; f->key != NULL; f++)
    {
      if (!g_hash_table_contains (self->widgets, f->key))
        continue;
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
      value = muying_record_form_get_value (self, f->key);
      if (!first)
        g_string_append_c (csv, ',');
      append_csv_cell (csv, value);
      first = FALSE;
    }
  g_string_append (csv, "\r\n");
  return g_string_free_to_bytes (csv);
}

typedef struct
{
  MuyingLevel level;
  char       *codes;
  gboolean    seen;
} RowResult;

static void
on_row (const MuyingImportRow *row,
        gpointer               user_data)
{
  RowResult *result = user_data;

  result->seen = TRUE;
  result->level = row->classification->level;
  g_free (result->codes);
  result->codes = muying_classification_join_codes ((MuyingClassification *) row->classification, ";");
}

/* Shows the problems of the rejected row next to their fields. Returns TRUE when there were any. */
static gboolean
show_problems (MuyingRecordForm         *self,
               const MuyingImportReport *report)
{
  GString *general = g_string_new (NULL);
  gboolean any = FALSE;

  for (guint i = 0; i < report->rejected_rows->len; i++)
    {
      MuyingImportRejectedRow *row = g_ptr_array_index (report->rejected_rows, i);

      for (guint j = 0; j < row->problems->len; j++)
        {
          MuyingImportProblem *problem = g_ptr_array_index (row->problems, j);

          any = TRUE;
          if (problem->column != NULL && g_hash_table_contains (self->widgets, problem->column))
            {
              set_field_error (self, problem->column, problem->message);
              if (g_strcmp0 (problem->column, name_key (self)) == 0)
                self->name_conflict = TRUE;
            }
          else
            g_string_append_printf (general, "%s%s", general->len ? "\n" : "", problem->message);
        }
    }
  if (any)
    {
      g_autofree char *text = general->len ? g_strdup_printf (_("Not saved: %s"), general->str)
                                           : g_strdup (_("Not saved: correct the marked fields"));
      set_status (self, text, TRUE);
    }
  g_string_free (general, TRUE);
  return any;
}

static void
show_result (MuyingRecordForm *self,
             MuyingLevel       level,
             const char       *codes)
{
  g_auto(GStrv) parts = g_strsplit (codes ? codes : "", ";", -1);
  GString *text = g_string_new (NULL);

  gtk_label_set_label (self->level_label, muying_level_get_label (level));
  gtk_widget_remove_css_class (GTK_WIDGET (self->level_label), "level-high");
  gtk_widget_remove_css_class (GTK_WIDGET (self->level_label), "level-intermediate");
  gtk_widget_remove_css_class (GTK_WIDGET (self->level_label), "level-low");
  gtk_widget_add_css_class (GTK_WIDGET (self->level_label), muying_ui_level_css_class (level));
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *label, *next;

      if (*parts[i] == '\0')
        continue;
      label = muying_rule_set_get_reason_label (self->rules, parts[i]);
      next = muying_rule_set_get_next_step (self->rules, parts[i]);
      g_string_append_printf (text, "• %s\n  %s%s\n", label ? label : parts[i], _("Next step: "), next ? next : "");
    }
  if (text->len == 0)
    g_string_append (text, _("No reason for concern was found."));
  gtk_label_set_label (self->reasons_label, text->str);
  g_string_free (text, TRUE);
}

/* Possible duplicate persons: same name and birth date or phone under another ID number.
 * Shown once; pressing Save again confirms. */
static gboolean
warn_possible_duplicate (MuyingRecordForm *self)
{
  const char *id_key = self->descriptor->id_field;
  const char *name_key = self->descriptor->name_field;
  g_autofree char *raw = muying_record_form_get_value (self, id_key);
  g_autofree char *id_number = muying_id_number_normalize (raw);
  g_autofree char *name = muying_record_form_get_value (self, name_key);
  g_autofree char *phone = g_hash_table_contains (self->widgets, "phone") ? muying_record_form_get_value (self, "phone")
                                                                          : NULL;
  g_autoptr(MuyingPersonMatch) existing = NULL;
  g_autoptr(GPtrArray) dupes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *birth_text = NULL;
  GString *text;
  GDate birth;

  if (g_strcmp0 (self->confirmed_duplicate, id_number) == 0)
    return FALSE;
  if (!muying_id_number_validate (id_number, NULL, &birth, NULL, NULL))
    return FALSE;
  existing = muying_store_find_person (self->store, id_number, &error);
  if (existing != NULL)
    return FALSE;
  if (error == NULL)
    {
      birth_text = muying_date_format (&birth);
      dupes = muying_store_find_possible_duplicates (self->store, name, birth_text, phone, id_number, &error);
    }
  if (error != NULL)
    {
      /* The check could not be made: said, and like a warning, a second Save goes ahead. */
      g_autofree char *message = g_strdup_printf (_("Duplicate persons could not be checked: %s. Press Save "
                                                    "again to save anyway."), error->message);

      set_status (self, message, TRUE);
      g_free (self->confirmed_duplicate);
      self->confirmed_duplicate = g_steal_pointer (&id_number);
      return TRUE;
    }
  if (dupes->len == 0)
    return FALSE;

  text = g_string_new (_("Possible duplicate person — check the ID number:"));
  for (guint i = 0; i < dupes->len; i++)
    {
      MuyingPersonMatch *m = g_ptr_array_index (dupes, i);
      g_string_append_printf (text, "\n%s  %s  %s", m->name, m->id_number, m->birth_date ? m->birth_date : "");
    }
  g_string_append_printf (text, "\n%s", _("Press Save again to save as a new person."));
  set_status (self, text->str, TRUE);
  g_string_free (text, TRUE);
  g_free (self->confirmed_duplicate);
  self->confirmed_duplicate = g_steal_pointer (&id_number);
  return TRUE;
}

static void
mark_clean (MuyingRecordForm *self)
{
  g_clear_pointer (&self->clean_values, g_bytes_unref);
  self->clean_values = form_as_csv (self);
}

gboolean
muying_record_form_has_unsaved_changes (MuyingRecordForm *self)
{
  g_autoptr(GBytes) now = NULL;

  g_return_val_if_fail (MUYING_IS_RECORD_FORM (self), FALSE);

  now = form_as_csv (self);
  return self->clean_values == NULL || !g_bytes_equal (now, self->clean_values);
}

/* Validates and writes the form; TRUE when the record is committed (or nothing changed). */
static gboolean
save (MuyingRecordForm *self)
{
  g_autoptr(MuyingImporter) importer = NULL;
  g_autoptr(MuyingImportReport) check = NULL;
  g_autoptr(MuyingImportReport) report = NULL;
  g_autoptr(GBytes) csv = form_as_csv (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) lookup_error = NULL;
  RowResult result = { 0 };
  gboolean saved = FALSE;

  if (self->rules == NULL)
    return FALSE;
  clear_errors (self);
  importer = muying_importer_new (self->program, self->rules);
  muying_importer_set_row_func (importer, on_row, &result, NULL);
  /* the check refuses a known ID number with another name, as the save would */
  muying_importer_set_lookup_store (importer, self->store);

  /* 1. Check the whole row; nothing is written. */
  check = muying_importer_validate_bytes (importer, csv, _("entry form"), NULL, &error);
  if (check == NULL)
    {
      set_status (self, error->message, TRUE);
      goto out;
    }
  if (show_problems (self, check))
    goto out;
  if (warn_possible_duplicate (self))
    goto out;

  /* 2. Write it. Only a committed save is reported as saved, and only over the version this form
   * read: a change from another window or workstation since is refused, the fields stay as typed. */
  {
    g_autofree char *key_value = muying_record_form_get_value (self, self->descriptor->key_field);
    muying_importer_expect_version (importer, key_value,
                                    self->record_id > 0 ? self->row_version : MUYING_ROW_VERSION_NEW);
  }
  report = muying_importer_import_bytes (importer, csv, _("entry form"), self->store, self->user, NULL, &error);
  if (report == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Not saved: %s"), error->message);
      set_status (self, text, TRUE);
      goto out;
    }
  if (show_problems (self, report) || !report->written)
    goto out;

  {
    g_autofree char *key_value = muying_record_form_get_value (self, self->descriptor->key_field);
    gint64 id = muying_store_find_record_id (self->store, self->program, key_value, &lookup_error);

    if (id > 0)
      self->record_id = id;
    self->row_version = muying_importer_get_saved_version (importer);
    gtk_editable_set_editable (GTK_EDITABLE (g_hash_table_lookup (self->widgets,
                                                                  self->descriptor->key_field)),
                               FALSE);
  }
  self->saved_level = result.level;
  g_free (self->saved_id_number);
  {
    g_autofree char *raw = muying_record_form_get_value (self, self->descriptor->id_field);
    self->saved_id_number = muying_id_number_normalize (raw);
  }
  /* The save may have registered her: the next name check asks the store again. */
  g_clear_pointer (&self->looked_up_id_number, g_free);
  mark_clean (self);
  saved = TRUE;
  gtk_widget_set_sensitive (self->case_button, self->record_id > 0);
  on_field_changed_cb (self);   /* the person is now known: say so */
  show_result (self, result.level, result.codes);
  set_status (self, report->inserted ? _("Saved as a new record")
                    : report->updated ? _("Changes saved")
                    : _("Nothing changed"), FALSE);
  if (lookup_error != NULL)
    {
      /* The save is committed; only finding it again for the case button failed. */
      g_autofree char *text = g_strdup_printf (_("Saved, but the saved record cannot be read back: %s"),
                                               lookup_error->message);
      set_status (self, text, TRUE);
    }
  {
    GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
    if (parent != NULL)
      gtk_widget_activate_action (GTK_WIDGET (parent), "win.reload", NULL);
  }

out:
  g_free (result.codes);
  return saved;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  save (MUYING_RECORD_FORM (widget));
}

/* Empties the form for the next record. */
static void
clear_form (MuyingRecordForm *self)
{
  GtkWidget *key_widget = g_hash_table_lookup (self->widgets, self->descriptor->key_field);

  for (const MuyingField *f = self->descriptor->fields; f->key != NULL; f++)
    {
      GtkWidget *w = g_hash_table_lookup (self->widgets, f->key);

      if (w != NULL)   /* an import-only column has none */
        muying_field_widget_clear (w);
    }
  gtk_editable_set_editable (GTK_EDITABLE (key_widget), TRUE);
  clear_errors (self);
  self->record_id = 0;
  self->row_version = -1;
  gtk_widget_set_sensitive (self->case_button, FALSE);
  self->saved_level = -1;
  g_clear_pointer (&self->confirmed_duplicate, g_free);
  gtk_label_set_label (self->level_label, "");
  gtk_label_set_label (self->reasons_label, "");
  set_status (self, NULL, FALSE);
  g_clear_pointer (&self->saved_id_number, g_free);
  gtk_widget_grab_focus (key_widget);
}

static void new_record_answer_cb (GtkWindow           *window,
                                  MuyingUnsavedAnswer  answer,
                                  gpointer             user_data);

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  MuyingRecordForm *self = MUYING_RECORD_FORM (widget);

  if (muying_record_form_has_unsaved_changes (self))
    {
      muying_ui_ask_unsaved (GTK_WINDOW (self), _("the record on this form"), new_record_answer_cb, NULL);
      return;
    }
  clear_form (self);
  mark_clean (self);
}

static void
new_record_answer_cb (GtkWindow           *window,
                      MuyingUnsavedAnswer  answer,
                      gpointer             user_data)
{
  MuyingRecordForm *self = MUYING_RECORD_FORM (window);

  if (answer == MUYING_UNSAVED_CANCEL || (answer == MUYING_UNSAVED_SAVE && !save (self)))
    return;
  clear_form (self);
  mark_clean (self);
}

/* Save and new: the next record starts with the batch's sample date, test and institution. */
static void
save_new_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  MuyingRecordForm *self = MUYING_RECORD_FORM (widget);
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);

  if (!save (self))
    return;
  /* The fields that stay the same through a batch of samples from one clinic session. */
  for (const MuyingField *f = self->descriptor->fields; f->key != NULL; f++)
    g_ptr_array_add (kept, MUYING_FIELD_IS (f, MUYING_FIELD_BATCH) ? muying_record_form_get_value (self, f->key) : NULL);
  clear_form (self);
  self->updating = TRUE;
  for (guint i = 0; i < kept->len; i++)
    if (g_ptr_array_index (kept, i) != NULL)
      muying_record_form_set_value (self, self->descriptor->fields[i].key, g_ptr_array_index (kept, i));
  self->updating = FALSE;
  mark_clean (self);
  set_status (self, _("Saved. The next record keeps the sample date, test and institution."), FALSE);
}

static void
open_case_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MuyingRecordForm *self = MUYING_RECORD_FORM (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (self->record_id > 0 && parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.open-case", "x", self->record_id);
}

static void
person_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MuyingRecordForm *self = MUYING_RECORD_FORM (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (self->record_id > 0 && parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.show-person", "x", self->record_id);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static gboolean
form_has_unsaved (GtkWindow *window)
{
  return muying_record_form_has_unsaved_changes (MUYING_RECORD_FORM (window));
}

static gboolean
form_save (GtkWindow *window)
{
  return save (MUYING_RECORD_FORM (window));
}

/* Ctrl+W, the title bar's × and Escape: typed values are never lost without a question. */
static gboolean
muying_record_form_close_request (GtkWindow *window)
{
  MuyingRecordForm *self = MUYING_RECORD_FORM (window);

  if (muying_ui_guard_close (window, self->record_id > 0 ? _("the changes to this record")
                                                        : _("the record on this form"),
                             form_has_unsaved, form_save))
    return TRUE;
  return GTK_WINDOW_CLASS (muying_record_form_parent_class)->close_request (window);
}

/* ---- life cycle -------------------------------------------------------------------------- */

static void
muying_record_form_dispose (GObject *object)
{
  MuyingRecordForm *self = MUYING_RECORD_FORM (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MUYING_TYPE_RECORD_FORM);
  g_clear_object (&self->store);
  g_clear_object (&self->rules);
  g_clear_pointer (&self->widgets, g_hash_table_unref);
  g_clear_pointer (&self->errors, g_hash_table_unref);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (muying_record_form_parent_class)->dispose (object);
}

static void
muying_record_form_finalize (GObject *object)
{
  MuyingRecordForm *self = MUYING_RECORD_FORM (object);

  g_free (self->user);
  g_free (self->status);
  g_free (self->confirmed_duplicate);
  g_free (self->saved_id_number);
  g_free (self->looked_up_id_number);
  g_free (self->registered_name);
  g_clear_pointer (&self->clean_values, g_bytes_unref);
  G_OBJECT_CLASS (muying_record_form_parent_class)->finalize (object);
}

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
muying_record_form_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MuyingRecordForm *self = MUYING_RECORD_FORM (object);

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
muying_record_form_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MuyingRecordForm *self = MUYING_RECORD_FORM (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      g_set_object (&self->store, muying_app_context_get_store (self->context));
      g_set_object (&self->rules, muying_app_context_get_rules (self->context));
      self->user = g_strdup (muying_app_context_get_login (self->context));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
muying_record_form_class_init (MuyingRecordFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = muying_record_form_dispose;
  object_class->get_property = muying_record_form_get_property;
  object_class->set_property = muying_record_form_set_property;
  object_class->finalize = muying_record_form_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = muying_record_form_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MUYING_TYPE_APP_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muying/Muying/ui/muying-record-form.ui");
  gtk_widget_class_bind_template_child (widget_class, MuyingRecordForm, grid);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecordForm, person_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecordForm, derived_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecordForm, status_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecordForm, level_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecordForm, reasons_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecordForm, case_button);

  gtk_widget_class_install_action (widget_class, "form.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "form.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "form.save-new", NULL, save_new_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "form.save-new", NULL);
  gtk_widget_class_install_action (widget_class, "form.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "form.open-case", NULL, open_case_action);
  gtk_widget_class_install_action (widget_class, "form.person", NULL, person_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "form.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "form.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "form.close", NULL);
}

static void
muying_record_form_init (MuyingRecordForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->widgets = g_hash_table_new (g_str_hash, g_str_equal);
  self->errors = g_hash_table_new (g_str_hash, g_str_equal);
  self->saved_level = -1;
  self->row_version = -1;
}

MuyingRecordForm *
muying_record_form_new (GtkWindow        *parent,
                        MuyingAppContext *context,
                        MuyingProgram     program)
{
  MuyingRecordForm *self = g_object_new (MUYING_TYPE_RECORD_FORM, "transient-for", parent, "context", context, NULL);
  g_autofree char *title = g_strdup_printf (_("New record: %s"), muying_program_get_label (program));

  /* The application's shortcuts (Ctrl+Q, Ctrl+?) work in the form too. */
  if (parent != NULL && gtk_window_get_application (parent) != NULL)
    gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));

  self->program = program;
  self->descriptor = muying_program_descriptor_get (program);
  gtk_window_set_title (GTK_WINDOW (self), title);
  build_fields (self);
  mark_clean (self);
  gtk_widget_grab_focus (g_hash_table_lookup (self->widgets, self->descriptor->key_field));
  return self;
}

gboolean
muying_record_form_load (MuyingRecordForm *self,
                         gint64            record_id,
                         GError          **error)
{
  g_autoptr(GHashTable) fields = NULL;
  g_autofree char *title = NULL;
  g_autofree char *codes = NULL;
  MuyingProgram program;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (MUYING_IS_RECORD_FORM (self), FALSE);

  fields = muying_store_load_record_fields (self->store, record_id, &program, &self->row_version, error);
  if (fields == NULL)
    return FALSE;
  g_return_val_if_fail (program == self->program, FALSE);

  /* Fill every field, then compute the side panel once. */
  self->updating = TRUE;
  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_hash_table_contains (self->widgets, key))
      muying_record_form_set_value (self, key, value);
  self->updating = FALSE;
  gtk_editable_set_editable (GTK_EDITABLE (g_hash_table_lookup (self->widgets,
                                                                self->descriptor->key_field)),
                             FALSE);
  self->record_id = record_id;
  {
    g_autofree char *raw = muying_record_form_get_value (self, self->descriptor->id_field);
    g_free (self->saved_id_number);
    self->saved_id_number = muying_id_number_normalize (raw);
  }
  on_field_changed_cb (self);   /* the person panel, now that the record is known to be theirs */
  mark_clean (self);
  gtk_widget_set_sensitive (self->case_button, TRUE);

  {
    MuyingLevel level;
    g_autofree char *reason_codes = NULL;

    if (!muying_store_get_record_result (self->store, record_id, &level, &reason_codes, error))
      return FALSE;
    show_result (self, level, reason_codes);
  }
  title = g_strdup_printf (_("Record %s: %s"), (const char *) g_hash_table_lookup (fields,
                           self->descriptor->key_field), muying_program_get_label (self->program));
  gtk_window_set_title (GTK_WINDOW (self), title);
  set_status (self, _("Editing a saved record: changes are kept in its history"), FALSE);
  return TRUE;
}

int
muying_record_form_get_saved_level (MuyingRecordForm *self)
{
  return self->saved_level;
}

gint64
muying_record_form_get_record_id (MuyingRecordForm *self)
{
  return self->record_id;
}

const char *
muying_record_form_get_person_text (MuyingRecordForm *self)
{
  g_return_val_if_fail (MUYING_IS_RECORD_FORM (self), NULL);
  return gtk_label_get_label (self->person_label);
}

const char *
muying_record_form_get_status (MuyingRecordForm *self)
{
  return self->status;
}
