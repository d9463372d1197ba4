/* muying-change-watch.c: tells a window that another connection or program changed the database
 *
 * On one SQLite file the store's data version (PRAGMA data_version) moves when any other
 * connection commits: a second window, `muying-cli import`, another workstation on a shared
 * file. A server backend later moves the same number when a notification comes (LISTEN/NOTIFY),
 * so this class, and the windows that listen to it, do not change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-ui"

#include "config.h"

#include "muying-change-watch-private.h"
#include "muying-change-watch.h"

/* Often enough that a list is current by the time somebody looks for a record just imported;
 * reading the version costs a few microseconds. */
#define POLL_INTERVAL_MS 1000
/* While others keep committing (an import of thousands of rows commits every batch), the lists
 * refresh at most this often: each refresh re-reads the page and re-counts, which would otherwise
 * run back to back beside the import and move the list under the user's eyes every second. */
#define MIN_REFRESH_GAP_US (5 * G_USEC_PER_SEC)

struct _MuyingChangeWatch
{
  GObject      parent_instance;

  MuyingStore *store;
  GtkWidget   *widget;       /* weak: the window; its mapping starts and stops the polling */
  gint64       version;      /* the data version the window's lists were last refreshed at */
  gint64       refreshed_us; /* monotonic time of that refresh, 0 before the first */
  guint        timeout_id;
};

G_DEFINE_FINAL_TYPE (MuyingChangeWatch, muying_change_watch, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
on_tick_cb (gpointer data)
{
  MuyingChangeWatch *self = data;
  gint64 version = muying_store_get_data_version (self->store);
  gboolean handled = FALSE;
  gint64 now;

  if (version < 0 || version == self->version)
    return G_SOURCE_CONTINUE;
  now = g_get_monotonic_time ();
  /* a change after a quiet time shows at the next tick; a stream of them every few seconds */
  if (self->refreshed_us != 0 && now - self->refreshed_us < MIN_REFRESH_GAP_US)
    return G_SOURCE_CONTINUE;
  g_signal_emit (self, signals[CHANGED], 0, &handled);
  /* Not taken in (a refresh still runs): the version stays, and the next tick asks again. */
  if (handled)
    {
      self->version = version;
      self->refreshed_us = now;
    }
  return G_SOURCE_CONTINUE;
}

static void
start (MuyingChangeWatch *self)
{
  if (self->timeout_id == 0)
    self->timeout_id = g_timeout_add (POLL_INTERVAL_MS, on_tick_cb, self);
}

/* A hidden window asks nothing; what changed meanwhile is seen at the first tick after it is
 * shown again (the version is kept). */
static void
stop (MuyingChangeWatch *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
}

static void
muying_change_watch_dispose (GObject *object)
{
  MuyingChangeWatch *self = MUYING_CHANGE_WATCH (object);

  stop (self);
  if (self->widget != NULL)
    g_signal_handlers_disconnect_by_data (self->widget, self);
  g_clear_weak_pointer (&self->widget);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (muying_change_watch_parent_class)->dispose (object);
}

static void
muying_change_watch_class_init (MuyingChangeWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = muying_change_watch_dispose;

  /* Somebody else committed since the last "changed" that was taken in. Returns TRUE when the
   * handler refreshed, FALSE to be asked again at the next tick. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   g_signal_accumulator_true_handled, NULL, NULL, G_TYPE_BOOLEAN, 0);
}

static void
muying_change_watch_init (MuyingChangeWatch *self)
{
}

MuyingChangeWatch *
muying_change_watch_new (MuyingStore *store,
                         GtkWidget   *widget)
{
  MuyingChangeWatch *self;

  g_return_val_if_fail (MUYING_IS_STORE (store), NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  self = g_object_new (MUYING_TYPE_CHANGE_WATCH, NULL);
  self->store = g_object_ref (store);
  /* The version the window's lists were loaded at: changes from here on count. */
  self->version = muying_store_get_data_version (store);
  g_set_weak_pointer (&self->widget, widget);
  g_signal_connect_swapped (widget, "map", G_CALLBACK (start), self);
  g_signal_connect_swapped (widget, "unmap", G_CALLBACK (stop), self);
  if (gtk_widget_get_mapped (widget))
    start (self);
  return self;
}

gboolean
muying_change_watch_is_running (MuyingChangeWatch *self)
{
  g_return_val_if_fail (MUYING_IS_CHANGE_WATCH (self), FALSE);
  return self->timeout_id != 0;
}
