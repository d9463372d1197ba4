/* test-import-dialog.c: importing from the window — check first, nothing written, then import;
 * the records appear in the programme's list with their levels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "muying-import-dialog-private.h"
#include "muying-program-page-private.h"
#include "muying-record-list-private.h"
#include "muying-store-sql.h"
#include "muying-import-dialog.h"
#include "muying-importer.h"
#include "muying-rule-set.h"
#include "muying-program-page.h"
#include "muying-record-item.h"
#include "muying-store.h"
#include "muying-test-gtk-utils.h"
#include "muying-test-utils.h"
#include "muying-window-private.h"
#include "muying-window.h"

static MuyingWindow *
open_window (MuyingStore *store)
{
  return muying_test_open_window (store, MUYING_ROLE_ADMIN);
}

static gboolean
dialog_settled (gpointer data)
{
  MuyingImportState state = muying_import_dialog_get_state (data);

  return state != MUYING_IMPORT_STATE_CHECKING && state != MUYING_IMPORT_STATE_IMPORTING;
}

static MuyingImportDialog *
import_file (MuyingWindow *window,
             const char   *program,
             const char   *fixture,
             const char   *shot_name)
{
  g_autofree char *path = muying_test_data_path (fixture);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  MuyingImportDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import", "s", program));
  dialog = muying_window_get_import_dialog (window);
  g_assert_nonnull (dialog);
  muying_import_dialog_set_file (dialog, file);
  g_assert_true (muying_test_wait_until (dialog_settled, dialog, 20000));
  g_assert_cmpint (muying_import_dialog_get_state (dialog), ==, MUYING_IMPORT_STATE_CHECKED);
  if (shot_name != NULL)
    g_free (muying_test_screenshot (GTK_WIDGET (dialog), shot_name));
  return dialog;
}

static void
test_check_then_import (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "import.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = muying_store_create (db, &error);
  MuyingWindow *window;
  MuyingImportDialog *dialog;
  MuyingProgramPage *page;
  MuyingRecordModel *model;

  g_assert_no_error (error);
  window = open_window (store);

  /* A file with a bad check digit: the check pass writes nothing. */
  dialog = import_file (window, "prenatal", "prenatal-check-digit.csv", "import-dialog-checked");
  g_assert_cmpint (muying_store_count_records (store, MUYING_PROGRAM_PRENATAL), ==, 0);
  g_assert_nonnull (strstr (muying_import_dialog_get_summary (dialog), "拒绝"));
  /* The file's header is the English key; the reason names the column by its Chinese label. */
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (dialog), "身份证号："));
  g_assert_null (muying_test_find_label (GTK_WIDGET (dialog), "id_number"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.import", NULL));
  g_assert_true (muying_test_wait_until (dialog_settled, dialog, 20000));
  g_assert_cmpint (muying_import_dialog_get_state (dialog), ==, MUYING_IMPORT_STATE_DONE);
  g_assert_cmpint (muying_store_count_records (store, MUYING_PROGRAM_PRENATAL), >, 0);
  g_free (muying_test_screenshot (GTK_WIDGET (dialog), "import-dialog-done"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* An Excel workbook is checked like a CSV file. */
  dialog = import_file (window, "prenatal", "prenatal-good-en.xlsx", "import-dialog-xlsx");
  g_assert_nonnull (strstr (muying_import_dialog_get_summary (dialog), "6"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The good file: every row goes in, and the list shows them. */
  dialog = import_file (window, "prenatal", "prenatal-good-zh.csv", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.import", NULL));
  g_assert_true (muying_test_wait_until (dialog_settled, dialog, 20000));
  g_assert_cmpint (muying_import_dialog_get_state (dialog), ==, MUYING_IMPORT_STATE_DONE);
  gtk_window_destroy (GTK_WINDOW (dialog));

  page = MUYING_PROGRAM_PAGE (muying_window_get_page (window, "prenatal"));
  model = muying_record_list_get_model (muying_program_page_get_record_list (page));
  g_assert_nonnull (model);
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==,
                   muying_store_count_records (store, MUYING_PROGRAM_PRENATAL));
  g_free (muying_test_screenshot (GTK_WIDGET (window), "window-prenatal-records"));

  /* Filtering by level through the widget: only high-risk rows remain, and each is high. */
  muying_record_list_set_level (muying_program_page_get_record_list (page), MUYING_LEVEL_HIGH);
  model = muying_record_list_get_model (muying_program_page_get_record_list (page));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(MuyingRecordItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_assert_cmpint (muying_record_item_get_row (item)->level, ==, MUYING_LEVEL_HIGH);
    }
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  muying_test_rm_rf (dir);
}

/* A file that is not CSV at all is refused with a message, nothing written. */
static void
test_bad_file (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "import.db", NULL);
  g_autofree char *path = muying_test_data_path ("bad-utf16.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(MuyingStore) store = muying_store_create (db, NULL);
  MuyingWindow *window = open_window (store);
  MuyingImportDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import", "s", "prenatal"));
  dialog = muying_window_get_import_dialog (window);
  muying_import_dialog_set_file (dialog, file);
  g_assert_true (muying_test_wait_until (dialog_settled, dialog, 20000));
  g_test_message ("summary: %s", muying_import_dialog_get_summary (dialog));
  g_assert_cmpint (muying_import_dialog_get_state (dialog), !=, MUYING_IMPORT_STATE_DONE);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (dialog)) == FALSE);
  g_assert_cmpint (muying_store_count_records (store, MUYING_PROGRAM_PRENATAL), ==, 0);
  g_free (muying_test_screenshot (GTK_WIDGET (dialog), "import-dialog-bad-file"));
  gtk_window_destroy (GTK_WINDOW (window));
  muying_test_rm_rf (dir);
}

/* A row whose ID number is registered under another name is shown as rejected, with its line,
 * column and reason, before anything is written; the import then leaves the woman as she is. */
static void
test_identity_conflict (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "import.db", NULL);
  g_autofree char *csv = g_build_filename (dir, "renamed.csv", NULL);
  g_autofree char *seed = muying_test_data_path ("prenatal-good-en.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = muying_store_create (db, &error);
  g_autoptr(MuyingRuleSet) rules = muying_rule_set_new_default (&error);
  g_autoptr(MuyingImporter) importer = NULL;
  g_autoptr(MuyingImportReport) seeded = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  MuyingWindow *window;
  MuyingImportDialog *dialog;
  GtkLabel *reason;

  g_assert_no_error (error);
  importer = muying_importer_new (MUYING_PROGRAM_PRENATAL, rules);
  seeded = muying_importer_import (importer, seed, store, "seed", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (csv,
                                      "样本编号,身份证号,姓名,采样日期,筛查方式,孕周,孕天,21三体风险,18三体风险\n"
                                      "P2026-0100,110105199503120025,张三,2026-03-10,早孕联合,12,3,1/5000,1/20000\n"
                                      "P2026-0101,440305199207080249,李娜,2026-03-10,早孕联合,12,3,1/5000,1/20000\n",
                                      -1, &error));
  window = open_window (store);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import", "s", "prenatal"));
  dialog = muying_window_get_import_dialog (window);
  muying_import_dialog_set_file (dialog, file);
  g_assert_true (muying_test_wait_until (dialog_settled, dialog, 20000));
  g_assert_cmpint (muying_import_dialog_get_state (dialog), ==, MUYING_IMPORT_STATE_CHECKED);
  g_test_message ("summary: %s", muying_import_dialog_get_summary (dialog));
  g_assert_nonnull (strstr (muying_import_dialog_get_summary (dialog), "1 行可导入"));
  g_assert_nonnull (strstr (muying_import_dialog_get_summary (dialog), "拒绝 1 行"));
  reason = muying_test_find_label (GTK_WIDGET (dialog), "身份证号已登记为“王芳”，与所填姓名“张三”不符");
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (gtk_label_get_text (reason), "姓名："));   /* its column */
  g_free (muying_test_screenshot (GTK_WIDGET (dialog), "import-dialog-identity-conflict"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.import", NULL));
  g_assert_true (muying_test_wait_until (dialog_settled, dialog, 20000));
  g_assert_cmpint (muying_import_dialog_get_state (dialog), ==, MUYING_IMPORT_STATE_DONE);
  g_test_message ("summary: %s", muying_import_dialog_get_summary (dialog));
  g_assert_nonnull (strstr (muying_import_dialog_get_summary (dialog), "新增 1，更新 0，未变 0，拒绝 1"));
  stmt = muying_store_prepare (store, "SELECT name FROM person WHERE id_number = '110105199503120025'", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "王芳");
  g_clear_pointer (&stmt, sqlite3_finalize);
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  muying_test_rm_rf (dir);
}

/* The import writes what the check read and showed: a file changed on disk in between is not
 * imported unchecked. Both read the file in a stream; the import of a file whose bytes are not the
 * checked ones fails and writes nothing, and the file checked again imports. */
static void
test_imports_what_was_checked (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "import.db", NULL);
  g_autofree char *csv = g_build_filename (dir, "lab.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = muying_store_create (db, &error);
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  MuyingWindow *window;
  MuyingImportDialog *dialog;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (csv,
                                      "样本编号,身份证号,姓名,采样日期,筛查方式,孕周,孕天,21三体风险,18三体风险\n"
                                      "P2026-0100,110105199503120025,王芳,2026-03-10,早孕联合,12,3,1/5000,1/20000\n",
                                      -1, &error));
  window = open_window (store);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import", "s", "prenatal"));
  dialog = muying_window_get_import_dialog (window);
  muying_import_dialog_set_file (dialog, file);
  g_assert_true (muying_test_wait_until (dialog_settled, dialog, 20000));
  g_assert_cmpint (muying_import_dialog_get_state (dialog), ==, MUYING_IMPORT_STATE_CHECKED);

  /* another row, and another risk, after the check */
  g_assert_true (g_file_set_contents (csv,
                                      "样本编号,身份证号,姓名,采样日期,筛查方式,孕周,孕天,21三体风险,18三体风险\n"
                                      "P2026-0100,110105199503120025,王芳,2026-03-10,早孕联合,12,3,1/50,1/20000\n"
                                      "P2026-0101,440305199207080249,李娜,2026-03-10,早孕联合,12,3,1/5000,1/20000\n",
                                      -1, &error));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.import", NULL));
  g_assert_true (muying_test_wait_until (dialog_settled, dialog, 20000));
  g_test_message ("summary: %s", muying_import_dialog_get_summary (dialog));
  g_assert_cmpint (muying_import_dialog_get_state (dialog), ==, MUYING_IMPORT_STATE_FAILED);
  g_assert_nonnull (strstr (muying_import_dialog_get_summary (dialog), "检查之后文件已被修改"));
  g_assert_cmpint (muying_store_count_records (store, MUYING_PROGRAM_PRENATAL), ==, 0);

  /* Checked again, the file as it is now is imported. */
  muying_import_dialog_set_file (dialog, file);
  g_assert_true (muying_test_wait_until (dialog_settled, dialog, 20000));
  g_assert_cmpint (muying_import_dialog_get_state (dialog), ==, MUYING_IMPORT_STATE_CHECKED);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.import", NULL));
  g_assert_true (muying_test_wait_until (dialog_settled, dialog, 20000));
  g_assert_cmpint (muying_import_dialog_get_state (dialog), ==, MUYING_IMPORT_STATE_DONE);
  g_assert_cmpint (muying_store_count_records (store, MUYING_PROGRAM_PRENATAL), ==, 2);
  stmt = muying_store_prepare (store, "SELECT x.t21_risk FROM prenatal x JOIN record r ON r.id = x.record_id "
                                      "WHERE r.record_key = 'P2026-0100'", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 50);
  g_clear_pointer (&stmt, sqlite3_finalize);
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  muying_test_rm_rf (dir);
}

/* Follow-on files: the kind chosen in the dialog (or given to win.import); the check shows what
 * each row says, the import's summary counts the rows kept as unlinked (未关联). */
static void
test_follow_on (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "import.db", NULL);
  g_autofree char *newborn = muying_test_data_path ("newborn-good-en.csv");
  g_autofree char *outcomes = muying_test_data_path ("pregnancy-outcome-good-zh.csv");
  g_autoptr(GFile) outcome_file = g_file_new_for_path (outcomes);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = muying_store_create (db, &error);
  g_autoptr(MuyingRuleSet) rules = muying_rule_set_new_default (&error);
  g_autoptr(MuyingImporter) importer = NULL;
  g_autoptr(MuyingImportReport) seeded = NULL;
  MuyingWindow *window;
  MuyingImportDialog *dialog;

  g_assert_no_error (error);
  importer = muying_importer_new (MUYING_PROGRAM_NEWBORN, rules);
  seeded = muying_importer_import (importer, newborn, store, "seed", NULL, &error);
  g_assert_no_error (error);
  window = open_window (store);

  /* From the newborn page to audiology: N2026-0003 and N2026-0006 are screened, N2099-0001 is not. */
  dialog = import_file (window, "audiology", "audiology-unlinked.csv", "import-dialog-audiology-checked");
  g_test_message ("summary: %s", muying_import_dialog_get_summary (dialog));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "导入：听力诊断与干预");
  g_assert_nonnull (strstr (muying_import_dialog_get_summary (dialog), "2 行可导入"));
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (dialog), "N2099-0001 2026-09-12"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.import", NULL));
  g_assert_true (muying_test_wait_until (dialog_settled, dialog, 20000));
  g_assert_cmpint (muying_import_dialog_get_state (dialog), ==, MUYING_IMPORT_STATE_DONE);
  g_test_message ("summary: %s", muying_import_dialog_get_summary (dialog));
  g_assert_nonnull (strstr (muying_import_dialog_get_summary (dialog), "新增 2，更新 0，未变 0，拒绝 0"));
  g_assert_nonnull (strstr (muying_import_dialog_get_summary (dialog), "未关联 1"));
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (dialog), "第 3 行"));
  g_free (muying_test_screenshot (GTK_WIDGET (dialog), "import-dialog-audiology-done"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The prenatal page's dialog, switched to pregnancy outcomes after the file was chosen: the file is
   * checked again as outcomes (nothing written before). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import", "s", "prenatal"));
  dialog = muying_window_get_import_dialog (window);
  muying_import_dialog_set_file (dialog, outcome_file);
  g_assert_true (muying_test_wait_until (dialog_settled, dialog, 20000));
  g_assert_cmpint (muying_import_dialog_get_state (dialog), ==, MUYING_IMPORT_STATE_FAILED);
  g_assert_true (muying_import_dialog_set_kind (dialog, "pregnancy_outcome"));
  g_assert_false (muying_import_dialog_set_kind (dialog, "dental"));
  g_assert_true (muying_test_wait_until (dialog_settled, dialog, 20000));
  g_assert_cmpint (muying_import_dialog_get_state (dialog), ==, MUYING_IMPORT_STATE_CHECKED);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "导入：妊娠结局");
  g_assert_nonnull (strstr (muying_import_dialog_get_summary (dialog), "2 行可导入"));
  g_free (muying_test_screenshot (GTK_WIDGET (dialog), "import-dialog-outcome-checked"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  muying_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (!muying_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/import-dialog/check-then-import", test_check_then_import);
  g_test_add_func ("/import-dialog/bad-file", test_bad_file);
  g_test_add_func ("/import-dialog/identity-conflict", test_identity_conflict);
  g_test_add_func ("/import-dialog/imports-what-was-checked", test_imports_what_was_checked);
  g_test_add_func ("/import-dialog/follow-on", test_follow_on);
  return g_test_run ();
}
