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
#include "muying-store-users.h"
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
  return g_test_run ();
}
