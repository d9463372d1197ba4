/* muying-admin-page.c: system administration — the database, users, backups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "muying-app-context.h"
#include "muying-admin-page-private.h"
#include "muying-admin-page.h"
#include "muying-audit-window.h"
#include "muying-store-backup.h"
#include "muying-store-lookup.h"
#include "muying-store-reclassify.h"
#include "muying-store-check.h"
#include "muying-store-users.h"
#include "muying-ui-text.h"
#include "muying-user-dialog.h"

struct _MuyingAdminPage
{
  GtkWidget    parent_instance;

  MuyingAppContext *context;

  MuyingStore *store;

  GtkLabel    *path_title;
  GtkLabel    *path_label;
  GtkWidget   *size_title;
  GtkLabel    *size_label;
  GtkLabel    *backup_note;
  GtkLabel    *schema_label;
  GtkLabel    *rules_label;
  GtkLabel    *records_label;
  GtkLabel    *audit_label;
  GtkWidget   *network_banner;
  GtkListBox  *users_list;
  GtkLabel    *maintenance_label;
  char        *actor;
  GtkFileChooserNative *chooser;
  GtkWidget    *reclassify_dialog;  /* the dry run's summary while it is shown (weak) */
  gboolean      reclassifying;      /* a dry run or apply runs in its thread */
  GCancellable *backup_cancellable;  /* of the backup by hand in progress, NULL when none */
  GMutex        backup_lock;
  GCond         backup_ended;
  gboolean      backup_running;      /* its thread has not ended yet */
};

G_DEFINE_FINAL_TYPE (MuyingAdminPage, muying_admin_page, GTK_TYPE_WIDGET)

static void
reload_info (MuyingAdminPage *self)
{
  g_autofree char *size = NULL;
  g_autofree char *schema = NULL;
  g_autofree char *records = NULL;
  g_autofree char *audit = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n_audit;
  GStatBuf st;

  gtk_label_set_label (self->path_label, muying_store_get_path (self->store));
  if (muying_store_is_server (self->store))
    {
      /* The server's administrator backs it up (pg_dump) and knows its size. */
      gtk_label_set_label (self->path_title, _("Database server"));
      gtk_widget_set_visible (self->size_title, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->size_label), FALSE);
      gtk_label_set_label (self->backup_note,
                           _("The database is on a server: its administrator backs it up there with the server’s "
                             "own tools (pg_dump), so this program makes no backups of it and restores none."));
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "admin.backup", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "admin.restore", FALSE);
    }
  else if (g_stat (muying_store_get_path (self->store), &st) == 0)
    size = g_format_size ((guint64) st.st_size);
  gtk_label_set_label (self->size_label, size ? size : "");
  schema = g_strdup_printf ("%d", muying_store_get_schema_version (self->store));
  gtk_label_set_label (self->schema_label, schema);
  {
    gint64 n_prenatal = muying_store_count_records (self->store, MUYING_PROGRAM_PRENATAL);
    gint64 n_newborn = muying_store_count_records (self->store, MUYING_PROGRAM_NEWBORN);
    gint64 n_two_cancer = muying_store_count_records (self->store, MUYING_PROGRAM_TWO_CANCER);

    /* -1: the records could not be counted (a damaged file); never shown as a number. */
    if (n_prenatal < 0 || n_newborn < 0 || n_two_cancer < 0)
      records = g_strdup (_("The records cannot be counted: the database file may be damaged (see Check database)"));
    else
      /* TRANSLATORS: counts of records: prenatal, newborn, two-cancer */
      records = g_strdup_printf (_("Prenatal %lld, newborn %lld"
                                   ", two-cancer %lld"),
                                 (long long) n_prenatal, (long long) n_newborn, (long long) n_two_cancer);
  }
  gtk_label_set_label (self->records_label, records);
  n_audit = muying_store_count_audit_rows (self->store, &error);
  if (n_audit < 0)
    audit = g_strdup_printf (_("Cannot count the audit rows: %s"), error->message);
  else
    audit = g_strdup_printf ("%" G_GINT64_FORMAT, n_audit);
  gtk_label_set_label (self->audit_label, audit);
  gtk_widget_set_visible (self->network_banner, muying_store_is_network_fs (self->store));
}

/* ---- users ------------------------------------------------------------------------------- */

static void reload_users (MuyingAdminPage *self);

static void
show_result (MuyingAdminPage *self,
             const char      *text,
             gboolean         is_error)
{
  gtk_label_set_label (self->maintenance_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->maintenance_label), TRUE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->maintenance_label), "warning-banner");
  gtk_widget_remove_css_class (GTK_WIDGET (self->maintenance_label), is_error ? "success-banner" : "error-banner");
  gtk_widget_add_css_class (GTK_WIDGET (self->maintenance_label), is_error ? "error-banner" : "success-banner");
}

static GtkWindow *
parent_window (MuyingAdminPage *self)
{
  return GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
}

static void
on_user_dialog_done_cb (MuyingAdminPage *self)
{
  reload_users (self);
  reload_info (self);
}

static void
on_reset_clicked_cb (GtkButton       *button,
                     MuyingAdminPage *self)
{
  const char *login = g_object_get_data (G_OBJECT (button), "login");
  MuyingUserDialog *dialog = muying_user_dialog_new (parent_window (self), self->store, self->actor, login);

  g_signal_connect_swapped (dialog, "done", G_CALLBACK (on_user_dialog_done_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_toggle_clicked_cb (GtkButton       *button,
                      MuyingAdminPage *self)
{
  const char *login = g_object_get_data (G_OBJECT (button), "login");
  gboolean disable = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "disable"));
  g_autoptr(GError) error = NULL;

  if (!muying_store_set_user_disabled (self->store, self->actor, login, disable, &error))
    show_result (self, error->message, TRUE);
  reload_users (self);
}

static void
on_unlock_clicked_cb (GtkButton       *button,
                      MuyingAdminPage *self)
{
  const char *login = g_object_get_data (G_OBJECT (button), "login");
  g_autoptr(GError) error = NULL;

  if (!muying_store_unlock_user (self->store, self->actor, login, &error))
    show_result (self, error->message, TRUE);
  reload_users (self);
}

static GtkWidget *
row_button (MuyingAdminPage *self,
            const char      *label,
            const char      *login,
            GCallback        callback)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  g_object_set_data_full (G_OBJECT (button), "login", g_strdup (login), g_free);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static void
reload_users (MuyingAdminPage *self)
{
  g_autoptr(GListModel) users = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->users_list))) != NULL)
    gtk_list_box_remove (self->users_list, child);
  users = muying_store_list_users (self->store, &error);
  if (users == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The accounts cannot be listed: %s"), error->message);

      show_result (self, text, TRUE);
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (users); i++)
    {
      g_autoptr(MuyingUser) user = g_list_model_get_item (users, i);
      const char *login = muying_user_get_login (user);
      g_autofree char *text = g_strdup_printf ("%s  （%s）  %s  ·  %s", muying_user_get_display_name (user), login,
                                               muying_user_get_role_label (user), muying_user_get_status_label (user));
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *label = gtk_label_new (text);
      GtkWidget *toggle;

      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      gtk_widget_set_margin_start (box, 10);
      gtk_widget_set_margin_end (box, 10);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      /* A locked account reads as the error it is. */
      if (muying_user_get_locked_until (user) > 0)
        gtk_widget_add_css_class (label, "level-high");
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), row_button (self, _("New password…"), login, G_CALLBACK (on_reset_clicked_cb)));
      toggle = row_button (self, muying_user_get_disabled (user) ? _("Enable") : _("Disable"), login,
                           G_CALLBACK (on_toggle_clicked_cb));
      g_object_set_data (G_OBJECT (toggle), "disable", GINT_TO_POINTER (!muying_user_get_disabled (user)));
      gtk_box_append (GTK_BOX (box), toggle);
      if (muying_user_get_locked_until (user) > 0)
        gtk_box_append (GTK_BOX (box), row_button (self, _("Unlock"), login, G_CALLBACK (on_unlock_clicked_cb)));
      gtk_list_box_append (self->users_list, box);
    }
}

static void
add_user_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  MuyingAdminPage *self = MUYING_ADMIN_PAGE (widget);
  MuyingUserDialog *dialog = muying_user_dialog_new (parent_window (self), self->store, self->actor, NULL);

  g_signal_connect_swapped (dialog, "done", G_CALLBACK (on_user_dialog_done_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- backup, restore, check, audit ------------------------------------------------------- */

/* A backup by hand runs in a thread on its own connection, like the daily one: the window stays
 * usable and shows how far it is. */
typedef struct
{
  MuyingAdminPage *self;    /* a reference */
  char            *db_path;
  char            *dest;
  char            *actor;
  int              percent;
} ManualBackup;

static void
manual_backup_free (gpointer data)
{
  ManualBackup *job = data;

  g_object_unref (job->self);
  g_free (job->db_path);
  g_free (job->dest);
  g_free (job->actor);
  g_free (job);
}

typedef struct
{
  MuyingAdminPage *self;
  int              percent;
} BackupProgress;

static gboolean
show_backup_progress (gpointer data)
{
  BackupProgress *p = data;

  if (p->self->backup_cancellable != NULL && !g_cancellable_is_cancelled (p->self->backup_cancellable))
    {
      /* TRANSLATORS: the progress of a backup in percent */
      g_autofree char *text = g_strdup_printf (_("Backing up… %d %%"), p->percent);
      show_result (p->self, text, FALSE);
    }
  g_object_unref (p->self);
  g_free (p);
  return G_SOURCE_REMOVE;
}

static void
on_manual_progress (double   fraction,
                    gpointer user_data)
{
  ManualBackup *job = user_data;
  BackupProgress *p;
  int percent = (int) (fraction * 100);

  if (percent == job->percent)
    return;
  job->percent = percent;
  p = g_new (BackupProgress, 1);
  p->self = g_object_ref (job->self);
  p->percent = percent;
  g_idle_add (show_backup_progress, p);
}

static void
manual_backup_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  ManualBackup *job = task_data;
  MuyingAdminPage *self = job->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) connection = muying_store_open (job->db_path, &error);
  gboolean ok = connection != NULL &&
                muying_store_backup_with_progress (connection, job->dest, job->actor, MUYING_BACKUP_FLAGS_OVERWRITE,
                                                   on_manual_progress, job, cancellable, NULL, &error);

  g_clear_object (&connection);
  g_mutex_lock (&self->backup_lock);
  self->backup_running = FALSE;
  g_cond_broadcast (&self->backup_ended);
  g_mutex_unlock (&self->backup_lock);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
on_manual_backup_done (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  MuyingAdminPage *self = MUYING_ADMIN_PAGE (source);
  ManualBackup *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->backup_cancellable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "admin.backup", TRUE);
  if (error == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Backup written and checked: %s"), job->dest);
      show_result (self, text, FALSE);
    }
  else
    show_result (self, error->message, TRUE);
  reload_info (self);
}

static void
on_backup_response_cb (GtkNativeDialog *chooser,
                       int              response,
                       MuyingAdminPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->backup_cancellable == NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GTask) task = NULL;
      ManualBackup *job = g_new0 (ManualBackup, 1);

      job->self = g_object_ref (self);
      job->db_path = g_strdup (muying_store_get_path (self->store));
      job->dest = g_file_get_path (file);
      job->actor = g_strdup (self->actor);
      job->percent = -1;
      self->backup_cancellable = g_cancellable_new ();
      self->backup_running = TRUE;
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "admin.backup", FALSE);
      show_result (self, _("Backing up…"), FALSE);
      task = g_task_new (self, self->backup_cancellable, on_manual_backup_done, NULL);
      g_task_set_return_on_cancel (task, FALSE);
      g_task_set_task_data (task, job, manual_backup_free);
      g_task_run_in_thread (task, manual_backup_thread);
    }
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
  if (self->reclassify_dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->reclassify_dialog, self);
      gtk_window_destroy (GTK_WINDOW (self->reclassify_dialog));
      g_clear_weak_pointer (&self->reclassify_dialog);
    }
}

static void
backup_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MuyingAdminPage *self = MUYING_ADMIN_PAGE (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, "muying-%Y-%m-%d-%H%M.db");

  self->chooser = gtk_file_chooser_native_new (_("Save a backup"), parent_window (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_backup_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_restore_confirm_cb (GtkDialog       *dialog,
                       int              response,
                       MuyingAdminPage *self)
{
  const char *path = g_object_get_data (G_OBJECT (dialog), "path");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *safety = NULL;

      if (muying_store_restore (self->store, path, self->actor, &safety, &error))
        {
          g_autofree char *text = g_strdup_printf (_("Restored from %s. The replaced data was kept in %s. "
                                                     "Everyone must sign in again."), path, safety);
          show_result (self, text, FALSE);
          gtk_widget_activate_action (GTK_WIDGET (self), "win.reload", NULL);
        }
      else
        show_result (self, error->message, TRUE);
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
on_restore_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        MuyingAdminPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      MuyingBackupInfo info = { 0 };

      if (!muying_store_inspect_backup (path, &info, &error))
        show_result (self, error->message, TRUE);
      else
        {
          GtkWidget *confirm = gtk_message_dialog_new (parent_window (self), GTK_DIALOG_MODAL, GTK_MESSAGE_WARNING,
                                                       GTK_BUTTONS_NONE, "%s", _("Replace all data with this backup?"));
          g_autofree char *older = muying_store_restore_warning (self->store, path, &info);
          g_autofree char *text = g_strdup_printf (_("The backup holds %lld records and %lld accounts; its newest "
                                                     "entry is from %s. The current data is saved to a safety copy "
                                                     "first."), (long long) info.n_records, (long long) info.n_users,
                                                   info.last_audit_at ? info.last_audit_at : "—");

          /* A backup behind the newest audit entry seen: say what is lost. */
          if (older != NULL)
            {
              char *with_warning = g_strconcat (text, "\n\n", older, NULL);

              g_free (text);
              text = with_warning;
            }
          gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (confirm), "%s", text);
          gtk_dialog_add_button (GTK_DIALOG (confirm), _("_Cancel"), GTK_RESPONSE_CANCEL);
          gtk_dialog_add_button (GTK_DIALOG (confirm), _("_Restore"), GTK_RESPONSE_ACCEPT);
          g_object_set_data_full (G_OBJECT (confirm), "path", g_strdup (path), g_free);
          g_signal_connect (confirm, "response", G_CALLBACK (on_restore_confirm_cb), self);
          gtk_window_present (GTK_WINDOW (confirm));
        }
      muying_backup_info_clear (&info);
    }
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MuyingAdminPage *self = MUYING_ADMIN_PAGE (widget);

  self->chooser = gtk_file_chooser_native_new (_("Choose a backup"), parent_window (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_restore_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  MuyingAdminPage *self = MUYING_ADMIN_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = muying_store_check (self->store, self->actor, &error);

  if (problems == NULL)
    show_result (self, error->message, TRUE);
  else if (problems->len == 0)
    show_result (self, _("The database was checked: the file, the audit trail and the records are in order."), FALSE);
  else
    {
      g_autoptr(GString) text = g_string_new (_("The check found problems:"));
      for (guint i = 0; i < problems->len; i++)
        g_string_append_printf (text, "\n• %s", (const char *) g_ptr_array_index (problems, i));
      show_result (self, text->str, TRUE);
    }
  reload_info (self);
}

/* ---- re-classifying the records ---------------------------------------------------------- */

/* The summary in words: how many records, old → new level per reason code, and the reasons that
 * change at the same level. */
static char *
reclassify_text (const MuyingReclassifySummary *summary,
                 MuyingRuleSet                 *rules,
                 gboolean                       applied)
{
  GString *text = g_string_new (NULL);

  if (applied)
    /* TRANSLATORS: records changed, records classified, records with another level, rule-set version */
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                               "%lld of %lld record re-classified (%lld with another level) by rule set %s.",
                                               "%lld of %lld records re-classified (%lld with another level) by rule set %s.",
                                               (gulong) summary->n_records),
                            (long long) summary->n_changed, (long long) summary->n_records,
                            (long long) summary->n_level_changed, summary->rules_version);
  else if (summary->n_changed == 0)
    /* TRANSLATORS: %s is the rule-set version */
    g_string_append_printf (text, _("Rule set %s classifies every stored record as it is: nothing would change."),
                            summary->rules_version);
  else
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                               "Rule set %4$s would re-classify %1$lld of %2$lld record; %3$lld would get another level.",
                                               "Rule set %4$s would re-classify %1$lld of %2$lld records; %3$lld would get another level.",
                                               (gulong) summary->n_records),
                            (long long) summary->n_changed, (long long) summary->n_records,
                            (long long) summary->n_level_changed, summary->rules_version);
  for (guint i = 0; i < summary->changes->len; i++)
    {
      const MuyingReclassifyChange *c = g_ptr_array_index (summary->changes, i);
      const char *label = muying_rule_set_get_reason_label (rules, c->code);

      /* TRANSLATORS: reason label, code, old level → new level, number of records */
      g_string_append_printf (text, _("\n• %s (%s): %s → %s, %lld"), label ? label : c->code, c->code,
                              muying_level_get_label (c->old_level), muying_level_get_label (c->new_level),
                              (long long) c->count);
    }
  /* The records whose reasons alone change (MAMMO_ASSESS → MAMMO_INCOMPLETE) are written too:
   * the administrator sees every change before applying it. */
  if (summary->reason_changes->len > 0)
    g_string_append_printf (text, "\n%s", _("Reasons changed, level unchanged:"));
  for (guint i = 0; i < summary->reason_changes->len; i++)
    {
      const MuyingReclassifyReasonChange *c = g_ptr_array_index (summary->reason_changes, i);
      g_autofree char *removed_text = muying_ui_reason_labels_with_codes (rules, c->removed);
      g_autofree char *added_text = muying_ui_reason_labels_with_codes (rules, c->added);

      /* TRANSLATORS: the reason codes the records lose → the codes they gain, number of records */
      g_string_append_printf (text, _("\n• %s → %s, %lld"), removed_text[0] ? removed_text : "—",
                              added_text[0] ? added_text : "—", (long long) c->count);
    }
  return g_string_free (text, FALSE);
}

/* The dry run and the apply read every record: they run in a thread on a connection of their
 * own, and the page shows their answer (the dialog, the result) when it is still there. */
typedef struct
{
  char          *db_path;
  MuyingRuleSet *rules;
  MuyingUser    *actor;   /* NULL: the dry run */
} ReclassifyJob;

static void
reclassify_job_free (gpointer data)
{
  ReclassifyJob *job = data;

  g_free (job->db_path);
  g_clear_object (&job->rules);
  g_clear_object (&job->actor);
  g_free (job);
}

static void
reclassify_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ReclassifyJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) connection = muying_store_open (job->db_path, &error);
  MuyingReclassifySummary *summary = NULL;

  if (connection != NULL)
    summary = job->actor != NULL ? muying_store_reclassify_apply (connection, job->actor, job->rules, NULL, &error)
                                 : muying_store_reclassify_dry_run (connection, job->rules, &error);
  if (summary != NULL)
    g_task_return_pointer (task, summary, (GDestroyNotify) muying_reclassify_summary_free);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void show_reclassify_dialog (MuyingAdminPage               *self,
                                    const MuyingReclassifySummary *summary);

static void
on_reclassify_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  MuyingAdminPage *self = MUYING_ADMIN_PAGE (source);
  ReclassifyJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(MuyingReclassifySummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = g_task_propagate_pointer (G_TASK (result), &error);
  self->reclassifying = FALSE;
  /* The window closed meanwhile: nothing to show. */
  if (self->context == NULL || gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "admin.reclassify", TRUE);
  if (summary == NULL)
    show_result (self, error->message, TRUE);
  else if (job->actor == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->maintenance_label), FALSE);
      show_reclassify_dialog (self, summary);
    }
  else
    {
      g_autofree char *text = reclassify_text (summary, job->rules, TRUE);

      show_result (self, text, FALSE);
      gtk_widget_activate_action (GTK_WIDGET (self), "win.reload", NULL);
    }
}

static void
start_reclassify (MuyingAdminPage *self,
                  gboolean         apply)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, on_reclassify_done, NULL);
  ReclassifyJob *job = g_new0 (ReclassifyJob, 1);

  job->db_path = g_strdup (muying_store_get_path (self->store));
  job->rules = g_object_ref (muying_app_context_get_rules (self->context));
  job->actor = apply ? g_object_ref (muying_app_context_get_user (self->context)) : NULL;
  g_task_set_task_data (task, job, reclassify_job_free);
  self->reclassifying = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "admin.reclassify", FALSE);
  show_result (self, apply ? _("Re-classifying the records…") : _("Counting what the current rules would change…"),
               FALSE);
  g_task_run_in_thread (task, reclassify_thread);
}

static void
on_reclassify_response_cb (GtkDialog       *dialog,
                           int              response,
                           MuyingAdminPage *self)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == GTK_RESPONSE_ACCEPT)
    start_reclassify (self, TRUE);
}

static void
show_reclassify_dialog (MuyingAdminPage               *self,
                        const MuyingReclassifySummary *summary)
{
  g_autofree char *text = reclassify_text (summary, muying_app_context_get_rules (self->context), FALSE);
  GtkWidget *dialog;

  dialog = gtk_message_dialog_new (parent_window (self), GTK_DIALOG_MODAL, GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   "%s", summary->n_changed > 0 ? _("Re-classify the records with the current rules?")
                                                                 : _("No record would change"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", text);
  if (summary->n_changed > 0)
    {
      g_autofree char *apply = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Re-_classify %lld record",
                                                             "Re-_classify %lld records", (gulong) summary->n_changed),
                                                (long long) summary->n_changed);

      gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
      gtk_dialog_add_button (GTK_DIALOG (dialog), apply, GTK_RESPONSE_ACCEPT);
      gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    }
  else
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Close"), GTK_RESPONSE_CLOSE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_reclassify_response_cb), self);
  g_set_weak_pointer (&self->reclassify_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reclassify_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  MuyingAdminPage *self = MUYING_ADMIN_PAGE (widget);

  if (muying_app_context_get_rules (self->context) == NULL)
    {
      show_result (self, _("The rules are not loaded: nothing can be re-classified."), TRUE);
      return;
    }
  start_reclassify (self, FALSE);
}

gboolean
muying_admin_page_is_reclassifying (MuyingAdminPage *self)
{
  return self->reclassifying;
}

GtkWidget *
muying_admin_page_get_reclassify_dialog (MuyingAdminPage *self)
{
  return self->reclassify_dialog;
}

static void
audit_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  MuyingAdminPage *self = MUYING_ADMIN_PAGE (widget);
  MuyingAuditWindow *window = muying_audit_window_new (parent_window (self), self->context);

  gtk_window_present (GTK_WINDOW (window));
}

static void
muying_admin_page_dispose (GObject *object)
{
  GtkWidget *child;
  MuyingAdminPage *self = MUYING_ADMIN_PAGE (object);

  /* A backup in progress stops with the page; its unfinished file is deleted. */
  if (self->backup_cancellable != NULL)
    g_cancellable_cancel (self->backup_cancellable);
  g_mutex_lock (&self->backup_lock);
  while (self->backup_running)
    g_cond_wait (&self->backup_ended, &self->backup_lock);
  g_mutex_unlock (&self->backup_lock);
  g_clear_object (&self->backup_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MUYING_TYPE_ADMIN_PAGE);
  /* The template's top-level box has no id, so dispose_template does not unparent it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->actor, g_free);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (muying_admin_page_parent_class)->dispose (object);
}

static void
muying_admin_page_finalize (GObject *object)
{
  MuyingAdminPage *self = MUYING_ADMIN_PAGE (object);

  g_mutex_clear (&self->backup_lock);
  g_cond_clear (&self->backup_ended);
  G_OBJECT_CLASS (muying_admin_page_parent_class)->finalize (object);
}

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
muying_admin_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MuyingAdminPage *self = MUYING_ADMIN_PAGE (object);

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
muying_admin_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MuyingAdminPage *self = MUYING_ADMIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      g_set_object (&self->store, muying_app_context_get_store (self->context));
      self->actor = g_strdup (muying_app_context_get_login (self->context));
      gtk_label_set_label (self->rules_label, muying_app_context_get_rules (self->context)
                                              ? muying_rule_set_get_version (muying_app_context_get_rules (self->context))
                                              : _("not loaded"));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
muying_admin_page_class_init (MuyingAdminPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = muying_admin_page_dispose;
  object_class->finalize = muying_admin_page_finalize;
  object_class->get_property = muying_admin_page_get_property;
  object_class->set_property = muying_admin_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MUYING_TYPE_APP_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muying/Muying/ui/muying-admin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MuyingAdminPage, path_title);
  gtk_widget_class_bind_template_child (widget_class, MuyingAdminPage, path_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingAdminPage, size_title);
  gtk_widget_class_bind_template_child (widget_class, MuyingAdminPage, size_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingAdminPage, backup_note);
  gtk_widget_class_bind_template_child (widget_class, MuyingAdminPage, schema_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingAdminPage, rules_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingAdminPage, records_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingAdminPage, audit_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingAdminPage, network_banner);
  gtk_widget_class_bind_template_child (widget_class, MuyingAdminPage, users_list);
  gtk_widget_class_bind_template_child (widget_class, MuyingAdminPage, maintenance_label);
  gtk_widget_class_install_action (widget_class, "admin.add-user", NULL, add_user_action);
  gtk_widget_class_install_action (widget_class, "admin.backup", NULL, backup_action);
  gtk_widget_class_install_action (widget_class, "admin.restore", NULL, restore_action);
  gtk_widget_class_install_action (widget_class, "admin.check", NULL, check_action);
  gtk_widget_class_install_action (widget_class, "admin.reclassify", NULL, reclassify_action);
  gtk_widget_class_install_action (widget_class, "admin.audit", NULL, audit_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
muying_admin_page_init (MuyingAdminPage *self)
{
  g_mutex_init (&self->backup_lock);
  g_cond_init (&self->backup_ended);
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
muying_admin_page_reload (MuyingAdminPage *self)
{
  g_return_if_fail (MUYING_IS_ADMIN_PAGE (self));

  reload_info (self);
  reload_users (self);
}

MuyingAdminPage *
muying_admin_page_new (MuyingAppContext *context)
{
  return g_object_new (MUYING_TYPE_ADMIN_PAGE, "context", context, NULL);
}

GtkListBox *
muying_admin_page_get_users_list (MuyingAdminPage *self)
{
  return self->users_list;
}

const char *
muying_admin_page_get_result (MuyingAdminPage *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->maintenance_label)) ? gtk_label_get_label (self->maintenance_label)
                                                                      : NULL;
}
