/* muying-backup-scheduler.c: the daily backup while the window is open
 *
 * The settings backup-daily, backup-folder and backup-keep say whether, where and how many. The
 * copy runs in a GTask thread on its own connection to the database file; a failure is
 * announced with "failed" so that the window can show it where everyone sees it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "muying-backup-scheduler.h"
#include "muying-output-path.h"
#include "muying-store-backup.h"

struct _MuyingBackupScheduler
{
  GObject           parent_instance;

  MuyingAppContext *context;
  GCancellable     *cancellable;   /* cancelled when the scheduler goes: its result is dropped */
  guint             timer;
};

G_DEFINE_FINAL_TYPE (MuyingBackupScheduler, muying_backup_scheduler, G_TYPE_OBJECT)

enum {
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* At start-up, then hourly for a program left running. */
#define CHECK_SECONDS 3600

typedef struct
{
  char *path;     /* of the database */
  char *folder;
  int   keep;
} BackupJob;

static void
backup_job_free (gpointer data)
{
  BackupJob *job = data;

  g_free (job->path);
  g_free (job->folder);
  g_free (job);
}

static void
daily_backup_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  BackupJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) connection = NULL;

  muying_output_path_protect_folder (job->folder);   /* the setting may have changed since the start */
  connection = muying_store_open (job->path, &error);
  if (connection == NULL || !muying_store_backup_daily (connection, job->folder, job->keep, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_daily_backup_done (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* g_task_propagate_* reports a cancelled task as cancelled: the scheduler is gone then. */
  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (source, signals[FAILED], 0, error->message);
}

static gboolean
run_daily_backup (gpointer data)
{
  MuyingBackupScheduler *self = data;
  GSettings *settings = muying_app_context_get_settings (self->context);
  g_autoptr(GTask) task = NULL;
  BackupJob *job;

  if (!g_settings_get_boolean (settings, "backup-daily"))
    return G_SOURCE_CONTINUE;
  job = g_new0 (BackupJob, 1);
  job->path = g_strdup (muying_store_get_path (muying_app_context_get_store (self->context)));
  job->folder = g_settings_get_string (settings, "backup-folder");
  job->keep = g_settings_get_int (settings, "backup-keep");
  task = g_task_new (self, self->cancellable, on_daily_backup_done, NULL);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_task_data (task, job, backup_job_free);
  g_task_run_in_thread (task, daily_backup_thread);
  return G_SOURCE_CONTINUE;
}

static void
muying_backup_scheduler_dispose (GObject *object)
{
  MuyingBackupScheduler *self = MUYING_BACKUP_SCHEDULER (object);

  g_clear_handle_id (&self->timer, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (muying_backup_scheduler_parent_class)->dispose (object);
}

static void
muying_backup_scheduler_class_init (MuyingBackupSchedulerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = muying_backup_scheduler_dispose;

  /* The daily backup failed: the message. */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
muying_backup_scheduler_init (MuyingBackupScheduler *self)
{
  self->cancellable = g_cancellable_new ();
}

MuyingBackupScheduler *
muying_backup_scheduler_new (MuyingAppContext *context)
{
  MuyingBackupScheduler *self;
  g_autofree char *folder = NULL;

  g_return_val_if_fail (MUYING_IS_APP_CONTEXT (context), NULL);

  self = g_object_new (MUYING_TYPE_BACKUP_SCHEDULER, NULL);
  self->context = g_object_ref (context);
  /* No export, report or PDF may be written among the daily backups. */
  folder = g_settings_get_string (muying_app_context_get_settings (context), "backup-folder");
  muying_output_path_protect_folder (folder);
  return self;
}

void
muying_backup_scheduler_start (MuyingBackupScheduler *self)
{
  g_return_if_fail (MUYING_IS_BACKUP_SCHEDULER (self));

  if (self->timer != 0)
    return;
  run_daily_backup (self);
  self->timer = g_timeout_add_seconds (CHECK_SECONDS, run_daily_backup, self);
}
