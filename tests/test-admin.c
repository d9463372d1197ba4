/* test-admin.c: the administration page — accounts added and disabled through the window, the
 * database check, and the audit viewer with its chain verification.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "muying-store-sql.h"
#include "muying-admin-page-private.h"
#include "muying-admin-page.h"
#include "muying-audit-window-private.h"
#include "muying-audit-window.h"
#include "muying-backup-scheduler.h"
#include "muying-store-backup.h"
#include "muying-store-reclassify.h"
#include "muying-store-records.h"
#include "muying-store-users.h"
#include "muying-date.h"
#include "muying-id-number.h"
#include "muying-test-gtk-utils.h"
#include "muying-test-utils.h"
#include "muying-user-dialog-private.h"
#include "muying-user-dialog.h"
#include "muying-window-private.h"

static void
test_accounts_and_check (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "admin.db", NULL);
  g_autoptr(MuyingStore) store = muying_store_create (db, NULL);
  MuyingWindow *window = muying_test_open_window (store, MUYING_ROLE_ADMIN);
  MuyingAdminPage *page = MUYING_ADMIN_PAGE (muying_window_get_page (window, "admin"));
  MuyingUserDialog *dialog;
  g_autoptr(MuyingUser) nurse = NULL;
  MuyingAuditWindow *audit;
  int n_rows = 0;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "admin"));

  /* Add a nurse through the dialog; a too-short password is refused first. */
  dialog = muying_user_dialog_new (GTK_WINDOW (window), store, "admin", NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  muying_user_dialog_fill (dialog, "liu", "刘护士", MUYING_ROLE_NURSE, "short");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "user.save", NULL));
  g_assert_nonnull (muying_user_dialog_get_message (dialog));
  g_free (muying_test_screenshot (GTK_WIDGET (dialog), "admin-user-dialog-error"));
  muying_user_dialog_fill (dialog, "liu", "刘护士", MUYING_ROLE_NURSE, "long-enough-1");
  g_object_ref (dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "user.save", NULL));
  g_object_unref (dialog);
  nurse = muying_store_lookup_user (store, "liu", NULL);
  g_assert_nonnull (nurse);
  g_assert_cmpint (muying_user_get_role (nurse), ==, MUYING_ROLE_NURSE);

  muying_admin_page_reload (page);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (muying_admin_page_get_users_list (page))); row;
       row = gtk_widget_get_next_sibling (row))
    n_rows++;
  g_assert_cmpint (n_rows, ==, 2);

  /* The check finds nothing wrong in a fresh database. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "admin.check", NULL));
  g_test_message ("check: %s", muying_admin_page_get_result (page));
  g_assert_nonnull (strstr (muying_admin_page_get_result (page), "正常"));
  /* A success reads as a success, not as a warning. */
  {
    GtkLabel *result = muying_test_find_label (GTK_WIDGET (page), "正常");

    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (result), "success-banner"));
    g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (result), "warning-banner"));
  }
  g_free (muying_test_screenshot (GTK_WIDGET (window), "admin-page"));

  /* The audit viewer shows the account's creation and says the chain is intact. */
  /* A dialog needs the context only, not the window. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_autoptr(MuyingUser) admin = muying_store_lookup_user (store, "admin", NULL);
    g_autoptr(MuyingAppContext) context = muying_app_context_new (store, NULL, admin, settings);

    audit = muying_audit_window_new (GTK_WINDOW (window), context);
  }
  gtk_window_present (GTK_WINDOW (audit));
  g_assert_cmpuint (muying_audit_window_get_n_rows (audit), >, 0);
  g_assert_nonnull (strstr (muying_audit_window_get_chain_status (audit), "完整"));
  muying_audit_window_set_filter (audit, "user_add", NULL, NULL);
  /* The administrator of the first run and the nurse. */
  g_assert_cmpuint (muying_audit_window_get_n_rows (audit), ==, 2);
  g_free (muying_test_screenshot (GTK_WIDGET (audit), "admin-audit-window"));
  /* In words: the action's Chinese name, the actor's display name, the time to the minute in
   * local time, and the details as “字段：值” — no raw action key, no JSON, no ISO instant. */
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (audit), "新增账户"));
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (audit), "管理员甲（admin）"));
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (audit), "角色：护士"));
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (audit), "显示名称：刘护士"));
  g_assert_null (muying_test_find_label (GTK_WIDGET (audit), "user_add"));
  g_assert_null (muying_test_find_label (GTK_WIDGET (audit), "{\""));
  g_assert_null (muying_test_find_label (GTK_WIDGET (audit), "Z "));
  {
    GtkLabel *chain = muying_test_find_label (GTK_WIDGET (audit), "完整");

    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (chain), "success-banner"));
  }
  gtk_window_destroy (GTK_WINDOW (audit));

  /* Five wrong passwords lock the nurse: her row in the list reads as an error. */
  for (int i = 0; i < 5; i++)
    {
      g_autoptr(GError) login_error = NULL;
      g_autoptr(MuyingUser) none = muying_store_login (store, "liu", "wrong-password-0", &login_error);

      g_assert_null (none);
    }
  muying_admin_page_reload (page);
  {
    GtkLabel *row = muying_test_find_label (GTK_WIDGET (muying_admin_page_get_users_list (page)), "刘护士");

    g_assert_nonnull (row);
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "level-high"));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  muying_test_rm_rf (dir);
}

/* The database path is selectable for copying, but the page does not come up with the path
 * focused and selected (it was the first focusable widget of the page). */
static void
test_path_not_selected (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "path.db", NULL);
  g_autoptr(MuyingStore) store = muying_store_create (db, NULL);
  MuyingWindow *window = muying_test_open_window (store, MUYING_ROLE_ADMIN);
  GtkLabel *path;
  int start = 0, end = 0;

  muying_test_spin (200);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "admin"));
  muying_test_spin (300);
  path = muying_test_find_label (muying_window_get_page (window, "admin"), db);
  g_assert_nonnull (path);
  g_assert_true (gtk_label_get_selectable (path));
  g_assert_false (gtk_widget_has_focus (GTK_WIDGET (path)));
  g_assert_false (gtk_label_get_selection_bounds (path, &start, &end) && start != end);

  gtk_window_destroy (GTK_WINDOW (window));
  muying_test_rm_rf (dir);
}

static void
exec_sql (MuyingStore *store,
          const char  *sql)
{
  g_autoptr(sqlite3_stmt) stmt = muying_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
}

/* Accounts that cannot be read are an error on the page, never an empty list. */
static void
test_failed_users_query (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "users.db", NULL);
  g_autoptr(MuyingStore) store = muying_store_create (db, NULL);
  MuyingWindow *window = muying_test_open_window (store, MUYING_ROLE_ADMIN);
  MuyingAdminPage *page = MUYING_ADMIN_PAGE (muying_window_get_page (window, "admin"));

  g_assert_null (muying_admin_page_get_result (page));
  exec_sql (store, "ALTER TABLE app_user RENAME TO app_user_hidden");
  muying_admin_page_reload (page);
  g_assert_nonnull (muying_admin_page_get_result (page));
  g_test_message ("result: %s", muying_admin_page_get_result (page));
  g_assert_nonnull (strstr (muying_admin_page_get_result (page), "无法列出账户"));
  exec_sql (store, "ALTER TABLE app_user_hidden RENAME TO app_user");

  gtk_window_destroy (GTK_WINDOW (window));
  muying_test_rm_rf (dir);
}

typedef struct
{
  guint  n_progress;
  double last_progress;
  char  *done;
  char  *failed;
} SchedulerSeen;

static void
on_progress (MuyingBackupScheduler *scheduler,
             double                 fraction,
             SchedulerSeen         *seen)
{
  seen->n_progress++;
  seen->last_progress = fraction;
}

static void
on_done (MuyingBackupScheduler *scheduler,
         const char            *path,
         SchedulerSeen         *seen)
{
  seen->done = g_strdup (path);
}

static void
on_failed (MuyingBackupScheduler *scheduler,
           const char            *message,
           SchedulerSeen         *seen)
{
  seen->failed = g_strdup (message);
}

/* The daily backup waits until the user is idle (here 1 second), runs in a thread while the
 * main loop goes on, reports its progress and ends with -1 and the new file; stopping a
 * scheduler after that is immediate. */
static void
test_daily_backup_when_idle (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "idle.db", NULL);
  g_autofree char *folder = g_build_filename (dir, "daily", NULL);
  g_autoptr(MuyingStore) store = muying_store_create (db, NULL);
  g_autoptr(MuyingUser) admin = muying_store_create_first_admin (store, "admin", "管理员", "Admin2024pw", NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(MuyingAppContext) context = NULL;
  g_autoptr(MuyingBackupScheduler) scheduler = NULL;
  SchedulerSeen seen = { 0 };
  gint64 deadline;

  g_settings_set_string (settings, "backup-folder", folder);
  g_settings_set_boolean (settings, "backup-daily", TRUE);
  context = muying_app_context_new (store, NULL, admin, settings);
  g_setenv ("MUYING_BACKUP_IDLE_SECONDS", "1", TRUE);
  scheduler = muying_backup_scheduler_new (context);
  g_unsetenv ("MUYING_BACKUP_IDLE_SECONDS");
  g_signal_connect (scheduler, "progress", G_CALLBACK (on_progress), &seen);
  g_signal_connect (scheduler, "done", G_CALLBACK (on_done), &seen);
  g_signal_connect (scheduler, "failed", G_CALLBACK (on_failed), &seen);
  muying_backup_scheduler_watch_input (scheduler, NULL);
  muying_backup_scheduler_start (scheduler);
  /* Not at once: the user has only just been seen. */
  g_assert_false (muying_backup_scheduler_is_running (scheduler));
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (seen.done == NULL && seen.failed == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (seen.failed);
  g_assert_nonnull (seen.done);
  g_assert_true (g_str_has_prefix (seen.done, folder));
  g_assert_true (muying_store_inspect_backup (seen.done, NULL, NULL));
  g_assert_cmpuint (seen.n_progress, >=, 2);
  g_assert_cmpfloat (seen.last_progress, ==, -1.0);
  g_assert_false (muying_backup_scheduler_is_running (scheduler));
  muying_backup_scheduler_stop (scheduler);
  g_free (seen.done);
  g_clear_object (&scheduler);
  g_clear_object (&context);
  muying_test_rm_rf (dir);
}

static void
copy_dir (const char *from,
          const char *to)
{
  g_autoptr(GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *src = g_build_filename (from, name, NULL);
      g_autofree char *dst = g_build_filename (to, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      if (g_file_test (src, G_FILE_TEST_IS_DIR))
        {
          copy_dir (src, dst);
          continue;
        }
      g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
      g_assert_true (g_file_set_contents (dst, contents, len, NULL));
    }
}

static gboolean
reclassify_dialog_shown (gpointer page)
{
  return muying_admin_page_get_reclassify_dialog (page) != NULL;
}

static gboolean
reclassify_done (gpointer page)
{
  return !muying_admin_page_is_reclassifying (page);
}

/* A record classified by an older copy of the rules (T21 high only up to 1/100): the shipped
 * rules call 1/150 high. The administrator sees the dry run in a dialog, and only the button
 * writes. */
static void
test_reclassify (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "admin.db", NULL);
  g_autofree char *old_dir = g_build_filename (dir, "data", NULL);
  g_autofree char *prenatal_ini = g_build_filename (old_dir, "rules", "prenatal.ini", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(MuyingStore) store = muying_store_create (db, NULL);
  g_autoptr(MuyingRuleSet) old_rules = NULL;
  g_autoptr(MuyingRuleSet) rules = muying_rule_set_new_from_dir (muying_test_data_dir (), NULL);
  g_autoptr(MuyingPrenatalRecord) r = muying_prenatal_record_new ();
  g_autoptr(MuyingClassification) cls = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *changed = NULL;
  MuyingWindow *window;
  MuyingAdminPage *page;
  GtkWidget *dialog;
  gint64 id = 0;

  copy_dir (muying_test_data_dir (), old_dir);
  g_assert_true (g_file_get_contents (prenatal_ini, &contents, NULL, NULL));
  parts = g_strsplit (contents, "t21_high_max=270", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  changed = g_strjoinv ("t21_high_max=100", parts);
  g_assert_true (g_file_set_contents (prenatal_ini, changed, -1, NULL));
  old_rules = muying_rule_set_new_from_dir (old_dir, &error);
  g_assert_no_error (error);

  r->sample_no = g_strdup ("RC1");
  r->id_number = muying_test_make_id_number ("11010519950101002");
  r->name = g_strdup ("张丽");
  g_assert_true (muying_id_number_validate (r->id_number, NULL, &r->birth_date, NULL, NULL));
  g_assert_true (muying_date_parse ("2026-06-01", &r->sample_date, NULL));
  r->test_type = MUYING_PRENATAL_TEST_MID_TRIPLE;
  r->ga_days = 16 * 7;
  muying_date_edd_from_ga (&r->sample_date, r->ga_days, &r->edd);
  r->t21_risk = 150;
  r->t18_risk = 5000;
  cls = muying_rule_set_classify_prenatal (old_rules, r);
  g_assert_cmpint (cls->level, ==, MUYING_LEVEL_INTERMEDIATE);
  g_assert_true (muying_store_save_prenatal (store, r, cls, "admin", NULL, &id, &error));
  g_assert_no_error (error);

  window = muying_test_open_window (store, MUYING_ROLE_ADMIN);
  page = MUYING_ADMIN_PAGE (muying_window_get_page (window, "admin"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "admin"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "admin.reclassify", NULL));
  /* The dry run runs in a thread: the page says so meanwhile. */
  g_assert_nonnull (strstr (muying_admin_page_get_result (page), "正在统计"));
  g_assert_true (muying_test_wait_until (reclassify_dialog_shown, page, 20000));
  dialog = muying_admin_page_get_reclassify_dialog (page);
  muying_test_spin (200);
  g_assert_nonnull (muying_test_find_label (dialog, "T21_HIGH"));
  g_assert_nonnull (muying_test_find_label (dialog, "临界·需关注 → 高风险，1"));
  g_free (muying_test_screenshot (dialog, "admin-reclassify-dialog"));
  /* Shown, not applied. */
  {
    g_autoptr(MuyingReclassifySummary) summary = muying_store_reclassify_dry_run (store, rules, &error);

    g_assert_no_error (error);
    g_assert_cmpint (summary->n_changed, ==, 1);
  }
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_assert_null (muying_admin_page_get_reclassify_dialog (page));
  g_assert_true (muying_test_wait_until (reclassify_done, page, 20000));
  g_test_message ("%s", muying_admin_page_get_result (page));
  g_assert_nonnull (strstr (muying_admin_page_get_result (page), "重新分级 1 条记录中的 1 条"));
  {
    g_autoptr(MuyingReclassifySummary) summary = muying_store_reclassify_dry_run (store, rules, &error);

    g_assert_no_error (error);
    g_assert_cmpint (summary->n_changed, ==, 0);
  }
  /* Nothing left: the dialog only says so. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "admin.reclassify", NULL));
  g_assert_true (muying_test_wait_until (reclassify_dialog_shown, page, 20000));
  dialog = muying_admin_page_get_reclassify_dialog (page);
  g_assert_nonnull (muying_test_find_label (dialog, "没有记录会改变"));
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CLOSE);
  gtk_window_destroy (GTK_WINDOW (window));
  muying_test_rm_rf (dir);
}

/* A record rule set 2026.1 flagged MAMMO_ASSESS (mammography BI-RADS 0): 2026.2 gives
 * MAMMO_INCOMPLETE at the same level. The dialog lists that change too, so the administrator
 * sees every record the button would write. */
static void
test_reclassify_reasons_only (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "admin.db", NULL);
  g_autoptr(MuyingStore) store = muying_store_create (db, NULL);
  g_autoptr(MuyingRuleSet) rules = muying_rule_set_new_from_dir (muying_test_data_dir (), NULL);
  g_autoptr(MuyingTwoCancerRecord) r = muying_two_cancer_record_new ();
  g_autoptr(MuyingClassification) old = muying_classification_new ("2026.1");
  g_autoptr(GError) error = NULL;
  MuyingWindow *window;
  MuyingAdminPage *page;
  GtkWidget *dialog;
  gint64 id = 0;

  r->exam_no = g_strdup ("M1");
  r->id_number = muying_test_make_id_number ("11010519800101004");
  r->name = g_strdup ("周婷");
  g_assert_true (muying_id_number_validate (r->id_number, NULL, &r->birth_date, NULL, NULL));
  g_assert_true (muying_date_parse ("2026-06-01", &r->exam_date, NULL));
  r->mammo_birads = MUYING_BIRADS_0;
  muying_classification_add (old, "MAMMO_ASSESS", MUYING_LEVEL_INTERMEDIATE, 30);
  muying_classification_finish (old, &r->exam_date);
  g_assert_true (muying_store_save_two_cancer (store, r, old, "admin", NULL, &id, &error));
  g_assert_no_error (error);

  window = muying_test_open_window (store, MUYING_ROLE_ADMIN);
  page = MUYING_ADMIN_PAGE (muying_window_get_page (window, "admin"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "admin"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "admin.reclassify", NULL));
  g_assert_true (muying_test_wait_until (reclassify_dialog_shown, page, 20000));
  dialog = muying_admin_page_get_reclassify_dialog (page);
  muying_test_spin (200);
  g_assert_nonnull (muying_test_find_label (dialog, "1 条记录中的 1 条，其中 0 条风险等级将改变"));
  g_assert_nonnull (muying_test_find_label (dialog, "原因改变、风险等级不变的记录："));
  g_assert_nonnull (muying_test_find_label (dialog, "• 乳腺X线BI-RADS 0或3类（MAMMO_ASSESS） → 乳腺X线评估不完全（BI-RADS 0类）（MAMMO_INCOMPLETE），1"));
  g_free (muying_test_screenshot (dialog, "admin-reclassify-reasons-dialog"));
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_assert_true (muying_test_wait_until (reclassify_done, page, 20000));
  g_test_message ("%s", muying_admin_page_get_result (page));
  g_assert_nonnull (strstr (muying_admin_page_get_result (page), "（MAMMO_ASSESS） → 乳腺X线评估不完全（BI-RADS 0类）（MAMMO_INCOMPLETE），1"));
  {
    g_autoptr(MuyingReclassifySummary) summary = muying_store_reclassify_dry_run (store, rules, &error);

    g_assert_no_error (error);
    g_assert_cmpint (summary->n_changed, ==, 0);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  muying_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (!muying_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/admin/accounts-and-check", test_accounts_and_check);
  g_test_add_func ("/admin/path-not-selected", test_path_not_selected);
  g_test_add_func ("/admin/failed-users-query", test_failed_users_query);
  g_test_add_func ("/admin/daily-backup-when-idle", test_daily_backup_when_idle);
  g_test_add_func ("/admin/reclassify", test_reclassify);
  g_test_add_func ("/admin/reclassify-reasons-only", test_reclassify_reasons_only);
  return g_test_run ();
}
