/* muying-backup-scheduler.c: the daily backup while the window is open
 *
 * The settings backup-daily, backup-folder and backup-keep say whether, where and how many daily
 * copies (the weekly and monthly ones and the space limit are the store's retention). The copy
 * never runs at a sign-in: it waits until the user has left the window alone for the idle
 * time, then runs in a GTask thread on its own connection to the database file, reporting its
 * progress, so the window stays usable (and input meanwhile does not stop it). Quitting cancels
 * it; the store then deletes the unfinished file, which never carries a backup's name. A failure
 * is announced with "failed" so that the window can show it where everyone sees it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
/* SCHED_IDLE (sched.h) is a Linux extension. */
#define _GNU_SOURCE
#include "config.h"

#ifdef __linux__
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "muying-backup-scheduler-private.h"
#include "muying-backup-scheduler.h"
#include "muying-output-path.h"
#include "muying-store-backup.h"

struct _MuyingBackupScheduler
{
  GObject           parent_instance;

  MuyingAppContext *context;
  GCancellable     *cancellable;   /* of the backup running, NULL when none */
  guint             timer;
  gint64            last_input;    /* monotonic µs */
  gint64            idle_usec;
  char             *done_day;      /* the day whose backup exists: nothing more to do that day */

  /* The thread's end, waited for by muying_backup_scheduler_stop. */
  GMutex            lock;
  GCond             ended;
  gboolean          running;
  guint             job_delay_ms;  /* tests: the thread waits this long before the backup */
};

G_DEFINE_FINAL_TYPE (MuyingBackupScheduler, muying_backup_scheduler, G_TYPE_OBJECT)

enum {
  PROGRESS,
  FAILED,
  SPACE_WARNING,
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define CHECK_SECONDS 30
#define IDLE_SECONDS  120

typedef struct
{
  MuyingBackupScheduler *self;    /* a reference */
  char                  *path;    /* of the database */
  char                  *folder;
  char                  *day;
  int                    keep;
  int                    percent; /* last reported, in the thread */
  char                  *made;
  char                  *space_warning;
  guint                  delay_ms;
} BackupJob;

static void
backup_job_free (gpointer data)
{
  BackupJob *job = data;

  g_object_unref (job->self);
  g_free (job->path);
  g_free (job->folder);
  g_free (job->day);
  g_free (job->made);
  g_free (job->space_warning);
  g_free (job);
}

typedef struct
{
  MuyingBackupScheduler *self;
  double                 fraction;
} ProgressReport;

static gboolean
emit_progress (gpointer data)
{
  ProgressReport *report = data;

  /* Dropped once the backup was stopped. */
  if (report->self->cancellable != NULL && !g_cancellable_is_cancelled (report->self->cancellable))
    g_signal_emit (report->self, signals[PROGRESS], 0, report->fraction);
  g_object_unref (report->self);
  g_free (report);
  return G_SOURCE_REMOVE;
}

/* In the thread: to the main loop, once per percent. */
static void
on_progress (double   fraction,
             gpointer user_data)
{
  BackupJob *job = user_data;
  ProgressReport *report;
  int percent = (int) (fraction * 100);

  if (percent == job->percent)
    return;
  job->percent = percent;
  report = g_new (ProgressReport, 1);
  report->self = g_object_ref (job->self);
  report->fraction = fraction;
  g_idle_add (emit_progress, report);
}

static void
daily_backup_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  BackupJob *job = task_data;
  MuyingBackupScheduler *self = job->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) connection = NULL;
  MuyingDailyBackup daily = { .folder = job->folder, .keep = job->keep, .free_space = -1,
                              .progress = on_progress, .progress_data = job, .cancellable = cancellable };
  gboolean ok;

  if (job->delay_ms > 0)
    g_usleep (job->delay_ms * G_TIME_SPAN_MILLISECOND);
  muying_output_path_protect_folder (job->folder);   /* the setting may have changed since the start */
  connection = muying_store_open (job->path, &error);
  ok = connection != NULL && muying_store_backup_daily_run (connection, &daily, &error);
  job->made = g_steal_pointer (&daily.made);
  job->space_warning = g_steal_pointer (&daily.space_warning);
  muying_daily_backup_clear (&daily);
  g_clear_object (&connection);

  g_mutex_lock (&self->lock);
  self->running = FALSE;
  g_cond_broadcast (&self->ended);
  g_mutex_unlock (&self->lock);

  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* The daily backup's thread, and the threads it starts, yield the cores to the window's: on two
 * cores its copy and check would otherwise hold up the window's frames (README, Performance).
 * A thread of its own, not the pool's: a thread's priority cannot be raised back.
 *
 * SCHED_IDLE rather than only a nice value: at nice 10 the scheduler left the copy alone on one
 * core for 180 ms while the window's thread and the search's worker took turns on the other, a
 * 128 ms frame gap at 10M (perf sched timehist). A core that runs only SCHED_IDLE work counts as
 * free when a thread wakes, so the worker goes there and the window keeps its core. */
static gpointer
daily_backup_own_thread (gpointer data)
{
  GTask *task = data;

#ifdef __linux__
  struct sched_param idle = { .sched_priority = 0 };
  int rc;

  /* Linux keeps a policy and a nice value per thread; a thread started from this one inherits
   * both. The nice value is what is left where SCHED_IDLE is refused. */
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10) != 0)
    g_debug ("The daily backup runs at normal priority: %s", g_strerror (errno));
  if ((rc = pthread_setschedparam (pthread_self (), SCHED_IDLE, &idle)) != 0)
    g_debug ("The daily backup runs without SCHED_IDLE: %s", g_strerror (rc));
#endif
  daily_backup_thread (task, g_task_get_source_object (task), g_task_get_task_data (task),
                       g_task_get_cancellable (task));
  g_object_unref (task);
  return NULL;
}

static void
on_daily_backup_done (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  MuyingBackupScheduler *self = MUYING_BACKUP_SCHEDULER (source);
  BackupJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  /* A stopped backup (the window closes) is not a failure. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  g_signal_emit (self, signals[PROGRESS], 0, -1.0);
  if (job->space_warning != NULL && (ok || g_strcmp0 (job->space_warning, error->message) != 0))
    g_signal_emit (self, signals[SPACE_WARNING], 0, job->space_warning);
  if (!ok)
    {
      g_signal_emit (self, signals[FAILED], 0, error->message);
      return;
    }
  g_free (self->done_day);
  self->done_day = g_strdup (job->day);
  if (job->made != NULL)
    g_signal_emit (self, signals[DONE], 0, job->made);
}

static char *
today_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static void
run_daily_backup (MuyingBackupScheduler *self)
{
  GSettings *settings = muying_app_context_get_settings (self->context);
  g_autoptr(GTask) task = NULL;
  BackupJob *job;

  job = g_new0 (BackupJob, 1);
  job->self = g_object_ref (self);
  job->path = g_strdup (muying_store_get_path (muying_app_context_get_store (self->context)));
  job->folder = g_settings_get_string (settings, "backup-folder");
  job->keep = g_settings_get_int (settings, "backup-keep");
  job->day = today_text ();
  job->percent = -1;
  job->delay_ms = self->job_delay_ms;
  self->cancellable = g_cancellable_new ();
  self->running = TRUE;
  task = g_task_new (self, self->cancellable, on_daily_backup_done, NULL);
  g_task_set_task_data (task, job, backup_job_free);
  g_thread_unref (g_thread_new ("muying-daily-backup", daily_backup_own_thread, g_object_ref (task)));
}

static gboolean
check_cb (gpointer data)
{
  MuyingBackupScheduler *self = data;
  g_autofree char *today = today_text ();

  if (self->cancellable != NULL || g_strcmp0 (today, self->done_day) == 0 ||
      !g_settings_get_boolean (muying_app_context_get_settings (self->context), "backup-daily"))
    return G_SOURCE_CONTINUE;
  /* Not while somebody works: a backup of a large database reads the whole file. */
  if (g_get_monotonic_time () - self->last_input < self->idle_usec)
    return G_SOURCE_CONTINUE;
  run_daily_backup (self);
  return G_SOURCE_CONTINUE;
}

static void
note_input (MuyingBackupScheduler *self)
{
  self->last_input = g_get_monotonic_time ();
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                MuyingBackupScheduler *self)
{
  note_input (self);
  return GDK_EVENT_PROPAGATE;
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           MuyingBackupScheduler    *self)
{
  note_input (self);
}

static void
pressed_cb (GtkGestureClick       *gesture,
            int                    n_press,
            double                 x,
            double                 y,
            MuyingBackupScheduler *self)
{
  note_input (self);
}

void
muying_backup_scheduler_watch_input (MuyingBackupScheduler *self,
                                     GtkWidget             *window)
{
  GtkEventController *keys, *motion;
  GtkGesture *click;

  g_return_if_fail (MUYING_IS_BACKUP_SCHEDULER (self));

  note_input (self);
  if (window == NULL)
    return;
  keys = gtk_event_controller_key_new ();
  motion = gtk_event_controller_motion_new ();
  click = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_propagation_phase (motion, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self, 0);
  g_signal_connect_object (motion, "motion", G_CALLBACK (motion_cb), self, 0);
  g_signal_connect_object (click, "pressed", G_CALLBACK (pressed_cb), self, 0);
  gtk_widget_add_controller (window, keys);
  gtk_widget_add_controller (window, motion);
  gtk_widget_add_controller (window, GTK_EVENT_CONTROLLER (click));
}

void
muying_backup_scheduler_stop (MuyingBackupScheduler *self)
{
  g_return_if_fail (MUYING_IS_BACKUP_SCHEDULER (self));

  g_clear_handle_id (&self->timer, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  /* The copy stops within one step; the check of a finished copy takes a few seconds more.
   * Either way the thread deletes the unfinished file before it ends. */
  g_mutex_lock (&self->lock);
  while (self->running)
    g_cond_wait (&self->ended, &self->lock);
  g_mutex_unlock (&self->lock);
}

gboolean
muying_backup_scheduler_is_running (MuyingBackupScheduler *self)
{
  g_return_val_if_fail (MUYING_IS_BACKUP_SCHEDULER (self), FALSE);
  return self->cancellable != NULL;
}

static void
muying_backup_scheduler_dispose (GObject *object)
{
  MuyingBackupScheduler *self = MUYING_BACKUP_SCHEDULER (object);

  g_clear_handle_id (&self->timer, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (muying_backup_scheduler_parent_class)->dispose (object);
}

static void
muying_backup_scheduler_finalize (GObject *object)
{
  MuyingBackupScheduler *self = MUYING_BACKUP_SCHEDULER (object);

  g_free (self->done_day);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->ended);
  G_OBJECT_CLASS (muying_backup_scheduler_parent_class)->finalize (object);
}

static void
muying_backup_scheduler_class_init (MuyingBackupSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = muying_backup_scheduler_dispose;
  object_class->finalize = muying_backup_scheduler_finalize;

  /* How far the backup is (0–1), or -1 when it ended. */
  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 1, G_TYPE_DOUBLE);
  /* The daily backup failed: the message. */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_STRING);
  /* The backups' disk is short of space: the message. */
  signals[SPACE_WARNING] = g_signal_new ("space-warning", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                         NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* A daily backup was made: its path. */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
muying_backup_scheduler_init (MuyingBackupScheduler *self)
{
  const char *idle = g_getenv ("MUYING_BACKUP_IDLE_SECONDS");

  g_mutex_init (&self->lock);
  g_cond_init (&self->ended);
  self->idle_usec = (idle != NULL ? g_ascii_strtoll (idle, NULL, 10) : IDLE_SECONDS) * G_USEC_PER_SEC;
  self->last_input = g_get_monotonic_time ();
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

  /* A database on a server is backed up there, by its administrator (docs/server.md). */
  if (self->timer != 0 || muying_store_is_server (muying_app_context_get_store (self->context)))
    return;
  /* A short idle time (tests) is checked more often than every half minute. */
  self->timer = g_timeout_add_seconds (MAX (1, MIN (CHECK_SECONDS, self->idle_usec / G_USEC_PER_SEC / 2)),
                                       check_cb, self);
}

void
muying_backup_scheduler_run_now (MuyingBackupScheduler *self,
                                 guint                  delay_ms)
{
  g_return_if_fail (MUYING_IS_BACKUP_SCHEDULER (self));
  g_return_if_fail (self->cancellable == NULL);

  self->job_delay_ms = delay_ms;
  run_daily_backup (self);
}
