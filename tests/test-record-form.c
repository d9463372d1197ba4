/* test-record-form.c: each programme's entry form filled through its widgets, saved, found in
 * the list with the expected level; invalid input refused inline without losing what was
 * typed; editing re-classifies and is audited old → new.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "muying-importer.h"
#include "muying-program-page-private.h"
#include "muying-record-form-private.h"
#include "muying-store-sql.h"
#include "muying-program-page.h"
#include "muying-record-form.h"
#include "muying-record-item.h"
#include "muying-rule-set.h"
#include "muying-store.h"
#include "muying-test-gtk-utils.h"
#include "muying-test-utils.h"
#include "muying-window-private.h"
#include "muying-window.h"

typedef struct
{
  char         *dir;
  MuyingStore  *store;
  MuyingWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *db = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = muying_test_make_tmpdir ();
  db = g_build_filename (f->dir, "form.db", NULL);
  f->store = muying_store_create (db, &error);
  g_assert_no_error (error);
  /* Nurses enter records. */
  f->window = muying_test_open_window (f->store, MUYING_ROLE_NURSE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->store);
  muying_test_rm_rf (f->dir);
  g_free (f->dir);
}

static MuyingRecordForm *
new_form (Fixture    *f,
          const char *program)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-record", "s", program));
  g_assert_nonnull (muying_window_get_last_form (f->window));
  return muying_window_get_last_form (f->window);
}

static void
fill (MuyingRecordForm   *form,
      const char * const *pairs)
{
  for (guint i = 0; pairs[i] != NULL; i += 2)
    {
      g_autofree char *back = NULL;

      muying_record_form_set_value (form, pairs[i], pairs[i + 1]);
      back = muying_record_form_get_value (form, pairs[i]);
      g_assert_cmpstr (back, ==, pairs[i + 1]);
    }
}

/* Logs every field message: what a person would read on the screen. */
static void
log_errors (MuyingRecordForm *form)
{
  const char *keys[] = { "sample_no", "id_number", "name", "phone", "sample_date", "test_type", "ga_weeks", "ga_days",
                         "t21_risk", "t18_risk", "mother_id_number", "mother_name", "sex", "birth_date", "panel",
                         "variants", "hearing_left", "hearing_right", "exam_no", "exam_date", "hpv", "cytology",
                         "cbe", "us_birads", "edd", "weight_kg", "afp_mom", "nt_mm", "nipt_t21", "nipt_t18",
                         "nipt_t13", "nipt_sca", "nipt_status", "institution", "baby_name", "hospital",
                         "hearing_date", "rescreen_left", "rescreen_right", "rescreen_date", "hpv_types", "via_vili",
                         "colposcopy", "cervical_histology", "mammo_birads", "breast_pathology", "cancer_stage", NULL };

  g_test_message ("status: %s", muying_record_form_get_status (form));
  for (guint i = 0; keys[i] != NULL; i++)
    if (muying_record_form_get_field_error (form, keys[i]) != NULL)
      g_test_message ("%s: %s", keys[i], muying_record_form_get_field_error (form, keys[i]));
}

static MuyingRecordModel *
list_model (Fixture    *f,
            const char *page_name)
{
  MuyingProgramPage *page = MUYING_PROGRAM_PAGE (muying_window_get_page (f->window, page_name));

  muying_window_reload (f->window);
  return muying_record_list_get_model (muying_program_page_get_record_list (page));
}

static void
assert_listed (Fixture    *f,
               const char *page_name,
               const char *key,
               MuyingLevel level)
{
  MuyingRecordModel *model = list_model (f, page_name);
  gboolean found = FALSE;

  g_assert_nonnull (model);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(MuyingRecordItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      const MuyingRecordRow *row = muying_record_item_get_row (item);

      if (g_strcmp0 (row->key, key) == 0)
        {
          g_assert_cmpint (row->level, ==, level);
          found = TRUE;
        }
    }
  g_assert_true (found);
}

static const char * const prenatal_high[] = {
  "sample_no", "P-FORM-1", "id_number", "110105198803150029", "name", "林芳", "phone", "13800001111",
  "sample_date", "2026-05-10", "test_type", "mid_double", "ga_weeks", "16", "ga_days", "2",
  "t21_risk", "1/150", "t18_risk", "1/20000", NULL
};

static void
test_prenatal (Fixture       *f,
               gconstpointer  data)
{
  MuyingRecordForm *form = new_form (f, "prenatal");

  fill (form, prenatal_high);
  g_free (muying_test_screenshot (GTK_WIDGET (form), "form-prenatal-filled"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.save", NULL));
  log_errors (form);
  g_assert_cmpint (muying_record_form_get_saved_level (form), ==, MUYING_LEVEL_HIGH);
  g_assert_cmpint (muying_record_form_get_record_id (form), >, 0);
  g_free (muying_test_screenshot (GTK_WIDGET (form), "form-prenatal-saved"));
  gtk_window_destroy (GTK_WINDOW (form));
  assert_listed (f, "prenatal", "P-FORM-1", MUYING_LEVEL_HIGH);
}

static void
test_prenatal_invalid (Fixture       *f,
                       gconstpointer  data)
{
  MuyingRecordForm *form = new_form (f, "prenatal");
  g_autofree char *kept = NULL;

  fill (form, prenatal_high);
  /* One digit mistyped: the check digit no longer matches. */
  muying_record_form_set_value (form, "id_number", "110105198803150028");
  muying_record_form_set_value (form, "ga_weeks", "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.save", NULL));
  g_assert_nonnull (muying_record_form_get_field_error (form, "id_number"));
  g_assert_nonnull (strstr (muying_record_form_get_field_error (form, "id_number"), "校验"));
  g_assert_nonnull (muying_record_form_get_field_error (form, "ga_weeks"));
  g_assert_cmpint (muying_record_form_get_saved_level (form), ==, -1);
  g_assert_cmpint (muying_store_count_records (f->store, MUYING_PROGRAM_PRENATAL), ==, 0);
  /* Nothing typed is lost. */
  kept = muying_record_form_get_value (form, "name");
  g_assert_cmpstr (kept, ==, "林芳");
  g_free (muying_test_screenshot (GTK_WIDGET (form), "form-prenatal-invalid"));

  /* Corrected, it saves. */
  muying_record_form_set_value (form, "id_number", "110105198803150029");
  muying_record_form_set_value (form, "ga_weeks", "16");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.save", NULL));
  g_assert_null (muying_record_form_get_field_error (form, "id_number"));
  g_assert_cmpint (muying_record_form_get_saved_level (form), ==, MUYING_LEVEL_HIGH);
  gtk_window_destroy (GTK_WINDOW (form));
}

static void
test_newborn (Fixture       *f,
              gconstpointer  data)
{
  const char * const values[] = {
    "sample_no", "N-FORM-1", "mother_id_number", "440305199506200044", "mother_name", "陈静",
    "sex", "2", "birth_date", "2026-06-01", "panel", "9", "variants", "MT-RNR1:m.1555A>G:homoplasmic",
    "hearing_left", "pass", "hearing_right", "pass", NULL
  };
  MuyingRecordForm *form = new_form (f, "newborn");

  fill (form, values);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.save", NULL));
  log_errors (form);
  g_assert_cmpint (muying_record_form_get_saved_level (form), ==, MUYING_LEVEL_HIGH);
  g_free (muying_test_screenshot (GTK_WIDGET (form), "form-newborn-saved"));
  gtk_window_destroy (GTK_WINDOW (form));
  assert_listed (f, "newborn", "N-FORM-1", MUYING_LEVEL_HIGH);
}

static void
test_two_cancer (Fixture       *f,
                 gconstpointer  data)
{
  const char * const values[] = {
    "exam_no", "T-FORM-1", "id_number", "320102197001010062", "name", "王丽", "exam_date", "2026-03-02",
    "hpv", "negative", "cytology", "NILM", "cbe", "normal", "us_birads", "3", NULL
  };
  MuyingRecordForm *form = new_form (f, "two_cancer");

  fill (form, values);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.save", NULL));
  log_errors (form);
  /* BI-RADS 3 with no mammography: US_RECALL, intermediate. */
  g_assert_cmpint (muying_record_form_get_saved_level (form), ==, MUYING_LEVEL_INTERMEDIATE);
  g_free (muying_test_screenshot (GTK_WIDGET (form), "form-two-cancer-saved"));
  gtk_window_destroy (GTK_WINDOW (form));
  assert_listed (f, "two_cancer", "T-FORM-1", MUYING_LEVEL_INTERMEDIATE);
}

/* The first scrolled window under @widget (the form's fields), or NULL. */
static GtkScrolledWindow *
find_scrolled (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget))
    return GTK_SCROLLED_WINDOW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found = find_scrolled (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Screenshots of the fields from the top, the middle and the bottom (the form is taller than the window). */
static void
screenshot_scrolled (MuyingRecordForm *form,
                     const char       *name)
{
  GtkScrolledWindow *scrolled = find_scrolled (GTK_WIDGET (form));
  GtkAdjustment *adjustment;
  const char *parts[] = { "top", "middle", "bottom" };

  g_assert_nonnull (scrolled);
  adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      double upper = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
      g_autofree char *file = g_strdup_printf ("%s-%s", name, parts[i]);

      gtk_adjustment_set_value (adjustment, upper * i / 2.0);
      g_free (muying_test_screenshot (GTK_WIDGET (form), file));
    }
}

/* The background and the per-side, per-track columns: a treatment without its date is refused next to
 * the date; the single BI-RADS column is derived from the two breasts and reads back. */
static void
test_two_cancer_columns (Fixture       *f,
                         gconstpointer  data)
{
  const char * const values[] = {
    "exam_no", "T-FORM-2", "id_number", "320102197001010062", "name", "王丽", "exam_date", "2026-03-02",
    "area_code", "410105", "funding", "free_programme", "residence", "rural", "dibao", "no", "hysterectomy", "no",
    "hpv", "positive", "hpv_types", "16", "cytology", "HSIL", "colposcopy", "abnormal", "biopsy_date", "2026-03-09",
    "cervical_histology", "CIN3", "cervical_treatment", "leep", "cbe", "normal", "us_birads_left", "3",
    "us_birads_right", "2", NULL
  };
  MuyingRecordForm *form = new_form (f, "two_cancer");
  g_autoptr(GError) error = NULL;
  g_autofree char *us = NULL;
  gint64 id;

  fill (form, values);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.save", NULL));
  g_assert_cmpint (muying_record_form_get_record_id (form), ==, 0);
  log_errors (form);
  g_assert_cmpstr (muying_record_form_get_field_error (form, "cervical_treatment_date"), ==, "治疗须填写日期");
  screenshot_scrolled (form, "form-two-cancer-columns-refused");

  muying_record_form_set_value (form, "cervical_treatment_date", "2026-03-20");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.save", NULL));
  log_errors (form);
  id = muying_record_form_get_record_id (form);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (muying_record_form_get_saved_level (form), ==, MUYING_LEVEL_HIGH);
  g_assert_true (muying_record_form_load (form, id, &error));
  g_assert_no_error (error);
  us = muying_record_form_get_value (form, "us_birads");
  g_assert_cmpstr (us, ==, "3");
  g_free (muying_test_screenshot (GTK_WIDGET (form), "form-two-cancer-columns"));
  screenshot_scrolled (form, "form-two-cancer-columns");
  gtk_window_destroy (GTK_WINDOW (form));
}

/* Opening a saved record, changing a result: re-classified, and the audit keeps old → new. */
static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  MuyingRecordForm *form = new_form (f, "prenatal");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id;

  fill (form, prenatal_high);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.save", NULL));
  id = muying_record_form_get_record_id (form);
  gtk_window_destroy (GTK_WINDOW (form));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-record", "x", id));
  form = muying_window_get_last_form (f->window);
  {
    g_autofree char *t21 = muying_record_form_get_value (form, "t21_risk");
    g_assert_cmpstr (t21, ==, "1/150");
  }
  muying_record_form_set_value (form, "t21_risk", "1/5000");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.save", NULL));
  log_errors (form);
  /* T21 no longer high; she is 38 at delivery, so advanced maternal age remains (intermediate). */
  g_assert_cmpint (muying_record_form_get_saved_level (form), ==, MUYING_LEVEL_INTERMEDIATE);
  g_assert_cmpint (muying_record_form_get_record_id (form), ==, id);
  gtk_window_destroy (GTK_WINDOW (form));
  assert_listed (f, "prenatal", "P-FORM-1", MUYING_LEVEL_INTERMEDIATE);

  stmt = muying_store_prepare (f->store, "SELECT detail FROM audit WHERE action = 'update' AND entity = 'record' "
                                         "AND entity_id = ?", NULL);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_test_message ("audit: %s", sqlite3_column_text (stmt, 0));
  g_assert_nonnull (strstr ((const char *) sqlite3_column_text (stmt, 0), "t21_risk"));
  g_assert_nonnull (strstr ((const char *) sqlite3_column_text (stmt, 0), "150"));
  g_assert_nonnull (strstr ((const char *) sqlite3_column_text (stmt, 0), "5000"));
}

/* A record changed on another workstation (its own connection to the file) after the form opened
 * it: the form's save is refused with a message naming who changed it, what was typed stays on
 * the form, and the other change stays in the record. */
static void
test_changed_elsewhere (Fixture       *f,
                        gconstpointer  data)
{
  MuyingRecordForm *form = new_form (f, "prenatal");
  g_autofree char *db = g_build_filename (f->dir, "form.db", NULL);
  g_autoptr(MuyingStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *status;
  gint64 id;

  fill (form, prenatal_high);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.save", NULL));
  id = muying_record_form_get_record_id (form);
  gtk_window_destroy (GTK_WINDOW (form));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-record", "x", id));
  form = muying_window_get_last_form (f->window);

  /* the other workstation saves the record meanwhile */
  other = muying_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_true (muying_store_exec (other, "UPDATE record SET institution = '县医院', updated_by = '另一台电脑', "
                                           "updated_at = '2026-06-15T02:30:00.000000Z', row_version = row_version + 1",
                                    &error));
  g_assert_no_error (error);

  muying_record_form_set_value (form, "t21_risk", "1/5000");
  gtk_widget_activate_action (GTK_WIDGET (form), "form.save", NULL);
  status = muying_record_form_get_status (form);
  g_test_message ("status: %s", status);
  g_assert_nonnull (strstr (status, "P-FORM-1"));
  g_assert_nonnull (strstr (status, "另一台电脑"));
  g_assert_nonnull (strstr (status, "2026-06-15 10:30"));   /* local time (TZ=Asia/Shanghai) */
  g_free (muying_test_screenshot (GTK_WIDGET (form), "form-changed-elsewhere"));
  {
    g_autofree char *t21 = muying_record_form_get_value (form, "t21_risk");
    g_assert_cmpstr (t21, ==, "1/5000");
  }
  g_assert_true (muying_record_form_has_unsaved_changes (form));

  stmt = muying_store_prepare (f->store, "SELECT r.institution, p.t21_risk FROM record r "
                                         "JOIN prenatal p ON p.record_id = r.id WHERE r.id = ?", NULL);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "县医院");
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 150);
  gtk_window_destroy (GTK_WINDOW (form));
}

/* A new record typed while another workstation created one with the same sample number: the
 * form's save is refused with a message naming who created it and when, instead of updating
 * that record; what was typed stays on the form, and the other record stays as it was. */
static void
test_created_elsewhere (Fixture       *f,
                        gconstpointer  data)
{
  static const char csv[] =
    "sample_no,id_number,name,phone,sample_date,test_type,ga_weeks,ga_days,t21_risk,t18_risk,institution\r\n"
    "P-FORM-1,110105198803150029,林芳,13800001111,2026-05-10,mid_double,16,2,1/5000,1/20000,县医院\r\n";
  MuyingRecordForm *form = new_form (f, "prenatal");
  g_autofree char *db = g_build_filename (f->dir, "form.db", NULL);
  g_autoptr(MuyingStore) other = NULL;
  g_autoptr(MuyingRuleSet) rules = NULL;
  g_autoptr(MuyingImporter) importer = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static (csv, strlen (csv));
  g_autoptr(MuyingImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *status;

  fill (form, prenatal_high);

  /* the other workstation creates P-FORM-1 meanwhile */
  other = muying_store_open (db, &error);
  g_assert_no_error (error);
  rules = muying_rule_set_new_from_dir (g_getenv ("MUYING_DATA_DIR") ? g_getenv ("MUYING_DATA_DIR")
                                                                     : muying_test_data_dir (), &error);
  g_assert_no_error (error);
  importer = muying_importer_new (MUYING_PROGRAM_PRENATAL, rules);
  report = muying_importer_import_bytes (importer, bytes, "other.csv", other, "nurse", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->inserted, ==, 1);
  g_assert_true (muying_store_exec (other, "UPDATE record SET created_by = '另一台电脑', "
                                           "created_at = '2026-06-15T02:30:00.000000Z'", &error));
  g_assert_no_error (error);

  gtk_widget_activate_action (GTK_WIDGET (form), "form.save", NULL);
  status = muying_record_form_get_status (form);
  g_test_message ("status: %s", status);
  g_assert_nonnull (strstr (status, "P-FORM-1"));
  g_assert_nonnull (strstr (status, "另一台电脑"));
  g_assert_nonnull (strstr (status, "2026-06-15 10:30"));   /* local time (TZ=Asia/Shanghai) */
  g_free (muying_test_screenshot (GTK_WIDGET (form), "form-created-elsewhere"));
  {
    g_autofree char *t21 = muying_record_form_get_value (form, "t21_risk");
    g_assert_cmpstr (t21, ==, "1/150");
  }
  g_assert_true (muying_record_form_has_unsaved_changes (form));
  g_assert_cmpint (muying_record_form_get_record_id (form), ==, 0);
  /* the number typed with a trailing full-width space (a Chinese input method's) is the same record */
  muying_record_form_set_value (form, "sample_no", "P-FORM-1\u3000");
  gtk_widget_activate_action (GTK_WIDGET (form), "form.save", NULL);
  g_test_message ("status: %s", muying_record_form_get_status (form));
  g_assert_nonnull (strstr (muying_record_form_get_status (form), "另一台电脑"));

  stmt = muying_store_prepare (f->store, "SELECT r.institution, p.t21_risk, r.row_version, "
                                         "(SELECT count(*) FROM record) FROM record r "
                                         "JOIN prenatal p ON p.record_id = r.id WHERE r.record_key = 'P-FORM-1'", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "县医院");
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 5000);
  g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, 0);
  g_assert_cmpint (sqlite3_column_int (stmt, 3), ==, 1);
  gtk_window_destroy (GTK_WINDOW (form));
}

/* A known ID number typed with another name: said at once next to the name, and not saved; the
 * woman keeps her name. The registered name saves. */
static void
test_known_id_other_name (Fixture       *f,
                          gconstpointer  data)
{
  MuyingRecordForm *form = new_form (f, "prenatal");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *error;

  fill (form, prenatal_high);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.save", NULL));
  g_assert_cmpint (muying_record_form_get_saved_level (form), ==, MUYING_LEVEL_HIGH);
  gtk_window_destroy (GTK_WINDOW (form));

  form = new_form (f, "prenatal");
  fill (form, prenatal_high);
  muying_record_form_set_value (form, "sample_no", "P-FORM-2");
  muying_record_form_set_value (form, "name", "林小芳");
  error = muying_record_form_get_field_error (form, "name");
  g_test_message ("name: %s", error ? error : "(none)");
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "身份证号已登记为“林芳”，与所填姓名“林小芳”不符"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.save", NULL));
  log_errors (form);
  g_assert_nonnull (muying_record_form_get_field_error (form, "name"));
  g_assert_cmpint (muying_record_form_get_saved_level (form), ==, -1);
  g_assert_cmpint (muying_store_count_records (f->store, MUYING_PROGRAM_PRENATAL), ==, 1);
  g_free (muying_test_screenshot (GTK_WIDGET (form), "form-prenatal-known-id-other-name"));
  stmt = muying_store_prepare (f->store, "SELECT name FROM person WHERE id_number = '110105198803150029'", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "林芳");
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* The registered name: the message goes, and the record saves. */
  muying_record_form_set_value (form, "name", "林芳");
  g_assert_null (muying_record_form_get_field_error (form, "name"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.save", NULL));
  g_assert_cmpint (muying_record_form_get_saved_level (form), ==, MUYING_LEVEL_HIGH);
  g_assert_cmpint (muying_store_count_records (f->store, MUYING_PROGRAM_PRENATAL), ==, 2);
  gtk_window_destroy (GTK_WINDOW (form));
}

/* The question asked over @parent (a GtkMessageDialog transient for it), or NULL. */
static GtkDialog *
find_question (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (GTK_IS_MESSAGE_DIALOG (w) && gtk_window_get_transient_for (w) == parent)
        return GTK_DIALOG (w);
    }
  return NULL;
}

static gboolean
form_closed (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gint64
count_records (Fixture *f)
{
  g_autoptr(sqlite3_stmt) stmt = muying_store_prepare (f->store, "SELECT count(*) FROM record", NULL);

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* Ctrl+W / × / Ctrl+N on typed, unsaved values ask Save / Discard / Cancel. */
static void
test_unsaved_asks (Fixture       *f,
                   gconstpointer  data)
{
  MuyingRecordForm *form = new_form (f, "prenatal");
  gpointer weak = NULL;
  GtkDialog *question;
  g_autofree char *kept = NULL;

  /* Nothing typed: closes without a question. */
  g_set_weak_pointer (&weak, form);
  g_assert_false (muying_record_form_has_unsaved_changes (form));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.close", NULL));
  g_assert_true (muying_test_wait_until (form_closed, &weak, 5000));

  form = new_form (f, "prenatal");
  g_set_weak_pointer (&weak, form);
  muying_record_form_set_value (form, "sample_no", "P-HALF-1");
  muying_record_form_set_value (form, "id_number", "110105198803150029");
  g_assert_true (muying_record_form_has_unsaved_changes (form));

  /* Cancel: the form and what was typed stay. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.close", NULL));
  question = find_question (GTK_WINDOW (form));
  g_assert_nonnull (question);
  g_free (muying_test_screenshot (GTK_WIDGET (question), "form-unsaved-question"));
  gtk_dialog_response (question, GTK_RESPONSE_CANCEL);
  muying_test_spin (50);
  g_assert_nonnull (weak);
  kept = muying_record_form_get_value (form, "sample_no");
  g_assert_cmpstr (kept, ==, "P-HALF-1");

  /* Save on a half record: refused inline, the form stays open. */
  gtk_window_close (GTK_WINDOW (form));
  question = find_question (GTK_WINDOW (form));
  g_assert_nonnull (question);
  gtk_dialog_response (question, GTK_RESPONSE_ACCEPT);
  muying_test_spin (50);
  g_assert_nonnull (weak);
  g_assert_nonnull (muying_record_form_get_field_error (form, "name"));

  /* New (Ctrl+N) asks too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.new", NULL));
  question = find_question (GTK_WINDOW (form));
  g_assert_nonnull (question);
  gtk_dialog_response (question, GTK_RESPONSE_CANCEL);
  muying_test_spin (50);

  /* Quitting (Ctrl+Q) does not lose it either: the form asks first. */
  g_action_group_activate_action (G_ACTION_GROUP (gtk_window_get_application (GTK_WINDOW (f->window))), "quit", NULL);
  question = find_question (GTK_WINDOW (form));
  g_assert_nonnull (question);
  gtk_dialog_response (question, GTK_RESPONSE_CANCEL);
  muying_test_spin (50);
  g_assert_nonnull (weak);

  /* Discard: closed, nothing saved. */
  gtk_window_close (GTK_WINDOW (form));
  question = find_question (GTK_WINDOW (form));
  g_assert_nonnull (question);
  gtk_dialog_response (question, GTK_RESPONSE_REJECT);
  g_assert_true (muying_test_wait_until (form_closed, &weak, 5000));
  g_assert_cmpint (count_records (f), ==, 0);
}

/* Save and new keeps the batch's sample date, test and institution, clears the woman; the
 * person panel does not count the record just saved as an earlier one. */
static void
test_save_and_new (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const second[] = {
    "sample_no", "P-FORM-2", "id_number", "110105198803150029", "name", "林芳", "ga_weeks", "16", "ga_days", "4",
    "t21_risk", "1/9000", "t18_risk", "1/20000", NULL
  };
  MuyingRecordForm *form = new_form (f, "prenatal");
  g_autofree char *date = NULL, *test = NULL, *institution = NULL, *sample = NULL, *id = NULL;

  fill (form, prenatal_high);
  muying_record_form_set_value (form, "institution", "城东社区卫生服务中心");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.save", NULL));
  log_errors (form);
  g_assert_cmpint (muying_record_form_get_record_id (form), >, 0);
  /* The record just saved is hers, not an earlier one. */
  g_test_message ("after the first save: %s", muying_record_form_get_person_text (form));
  g_assert_nonnull (strstr (muying_record_form_get_person_text (form), "既往记录 0 条"));
  g_assert_false (muying_record_form_has_unsaved_changes (form));
  gtk_window_destroy (GTK_WINDOW (form));

  form = new_form (f, "prenatal");
  fill (form, prenatal_high);
  muying_record_form_set_value (form, "sample_no", "P-FORM-3");
  muying_record_form_set_value (form, "institution", "城东社区卫生服务中心");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.save-new", NULL));
  log_errors (form);
  g_assert_cmpint (count_records (f), ==, 2);
  sample = muying_record_form_get_value (form, "sample_no");
  id = muying_record_form_get_value (form, "id_number");
  date = muying_record_form_get_value (form, "sample_date");
  test = muying_record_form_get_value (form, "test_type");
  institution = muying_record_form_get_value (form, "institution");
  g_assert_cmpstr (sample, ==, "");
  g_assert_cmpstr (id, ==, "");
  g_assert_cmpstr (date, ==, "2026-05-10");
  g_assert_cmpstr (test, ==, "mid_double");
  g_assert_cmpstr (institution, ==, "城东社区卫生服务中心");
  g_assert_cmpint (muying_record_form_get_record_id (form), ==, 0);
  g_assert_false (muying_record_form_has_unsaved_changes (form));
  g_free (muying_test_screenshot (GTK_WIDGET (form), "form-save-and-new"));

  /* The next woman of the batch: only her own values. */
  fill (form, second);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.save", NULL));
  log_errors (form);
  g_assert_cmpint (count_records (f), ==, 3);
  g_test_message ("after the third save: %s", muying_record_form_get_person_text (form));
  g_assert_nonnull (strstr (muying_record_form_get_person_text (form), "既往记录 2 条"));
  gtk_window_destroy (GTK_WINDOW (form));
}

/* The drop-downs offer what the descriptor and the rule set offer: a choice's other spellings
 * select it, the panels are the rule set's (an alias too), a blank "not recorded" and a key of
 * the same value stay apart. */
static void
test_drop_downs (Fixture       *f,
                 gconstpointer  data)
{
  static const char * const cases[] = {
    /* key, value set, value read back */
    "us_birads", "4", "4A",
    "mammo_birads", "BI-RADS 4b类", "4B",
    "cervical_stage", "Ⅱ期", "II",
    "breast_stage", "IA1", "IA",
    "cervical_treatment", "冷刀锥切", "cold_knife_cone",
    "dibao", "是", "yes",
    "residence", "农村", "rural",
    "us_birads", "", "",
    NULL
  };
  static const char * const newborn_cases[] = {
    "panel", "15", "15",
    "panel", "9位点", "9",
    "panel", "4", "4",
    "panel", "", "",
    "hearing_method", "耳声发射", "oae",
    "sex", "2", "2",
    "sex", "1", "1",
    NULL
  };
  static const char * const prenatal_cases[] = {
    "nipt_status", "ok", "ok",
    "nipt_status", "", "",
    "nipt_status", "fail", "fail",
    "test_type", "nipt", "nipt",
    NULL
  };
  const char * const *all[] = { cases, newborn_cases, prenatal_cases };
  const char *programs[] = { "two_cancer", "newborn", "prenatal" };

  for (guint p = 0; p < G_N_ELEMENTS (all); p++)
    {
      MuyingRecordForm *form = new_form (f, programs[p]);

      for (guint i = 0; all[p][i] != NULL; i += 3)
        {
          g_autofree char *back = NULL;

          muying_record_form_set_value (form, all[p][i], all[p][i + 1]);
          back = muying_record_form_get_value (form, all[p][i]);
          g_assert_cmpstr (back, ==, all[p][i + 2]);
        }
      gtk_window_destroy (GTK_WINDOW (form));
    }
}

int
main (int   argc,
      char *argv[])
{
  if (!muying_test_gtk_init (&argc, &argv))
    return 0;
#define ADD(name, fn) g_test_add ("/record-form/" name, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("prenatal", test_prenatal);
  ADD ("prenatal-invalid", test_prenatal_invalid);
  ADD ("newborn", test_newborn);
  ADD ("two-cancer", test_two_cancer);
  ADD ("two-cancer-columns", test_two_cancer_columns);
  ADD ("edit", test_edit);
  ADD ("changed-elsewhere", test_changed_elsewhere);
  ADD ("created-elsewhere", test_created_elsewhere);
  ADD ("known-id-other-name", test_known_id_other_name);
  ADD ("unsaved-asks", test_unsaved_asks);
  ADD ("save-and-new", test_save_and_new);
  ADD ("drop-downs", test_drop_downs);
#undef ADD
  return g_test_run ();
}
