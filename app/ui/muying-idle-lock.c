/* muying-idle-lock.c: the window locks after the idle time without input
 *
 * Key presses, pointer motion and clicks anywhere in the window count as activity; after the
 * context's idle time without any, the window's content is hidden and a modal login window asks
 * the same user for the password. Ctrl+L locks at once (the window's action calls
 * muying_idle_lock_lock).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "muying-idle-lock.h"
#include "muying-ui-signals.h"

struct _MuyingIdleLock
{
  GObject            parent_instance;

  GtkWindow         *window;          /* not a reference: the window owns the lock */
  MuyingAppContext  *context;
  gint64             last_activity;   /* monotonic µs */
  guint              timer;
  MuyingLoginWindow *unlock_window;   /* weak */
  GtkEventController *watchers[3];    /* on the window; owned by it */
};

G_DEFINE_FINAL_TYPE (MuyingIdleLock, muying_idle_lock, G_TYPE_OBJECT)

static void
note_activity (MuyingIdleLock *self)
{
  self->last_activity = g_get_monotonic_time ();
}

/* The watchers only note the time: the key handler must return FALSE so the key goes on to the
 * focused widget (a capture-phase controller that "handles" it swallows it). */
static gboolean
activity_key_pressed_cb (GtkEventControllerKey *controller,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         gpointer               user_data)
{
  note_activity (user_data);
  return GDK_EVENT_PROPAGATE;
}

static void
activity_motion_cb (GtkEventControllerMotion *controller,
                    double                    x,
                    double                    y,
                    gpointer                  user_data)
{
  note_activity (user_data);
}

static void
activity_pressed_cb (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     gpointer         user_data)
{
  note_activity (user_data);
}

static void
on_unlocked_cb (MuyingLoginWindow *login,
                MuyingUser        *user,
                MuyingIdleLock    *self)
{
  gtk_widget_set_visible (gtk_window_get_child (self->window), TRUE);
  note_activity (self);
  gtk_window_destroy (GTK_WINDOW (login));
}

void
muying_idle_lock_lock (MuyingIdleLock *self)
{
  g_return_if_fail (MUYING_IS_IDLE_LOCK (self));

  if (self->unlock_window != NULL || muying_app_context_get_user (self->context) == NULL)
    return;
  gtk_widget_set_visible (gtk_window_get_child (self->window), FALSE);
  g_set_weak_pointer (&self->unlock_window,
                      muying_login_window_new (gtk_window_get_application (self->window),
                                               muying_app_context_get_store (self->context),
                                               MUYING_LOGIN_MODE_UNLOCK, muying_app_context_get_login (self->context)));
  gtk_window_set_transient_for (GTK_WINDOW (self->unlock_window), self->window);
  gtk_window_set_modal (GTK_WINDOW (self->unlock_window), TRUE);
  gtk_window_set_deletable (GTK_WINDOW (self->unlock_window), FALSE);
  g_signal_connect_object (self->unlock_window, "signed-in", G_CALLBACK (on_unlocked_cb), self, 0);
  gtk_window_present (GTK_WINDOW (self->unlock_window));
}

gboolean
muying_idle_lock_is_locked (MuyingIdleLock *self)
{
  g_return_val_if_fail (MUYING_IS_IDLE_LOCK (self), FALSE);
  return !gtk_widget_get_visible (gtk_window_get_child (self->window));
}

MuyingLoginWindow *
muying_idle_lock_get_unlock_window (MuyingIdleLock *self)
{
  g_return_val_if_fail (MUYING_IS_IDLE_LOCK (self), NULL);
  return self->unlock_window;
}

static gboolean
check_idle_cb (gpointer data)
{
  MuyingIdleLock *self = data;
  gint64 idle = g_get_monotonic_time () - self->last_activity;

  if (idle >= (gint64) muying_app_context_get_idle_seconds (self->context) * G_USEC_PER_SEC)
    muying_idle_lock_lock (self);
  return G_SOURCE_CONTINUE;
}

static void
watch_activity (MuyingIdleLock *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  guint limit = muying_app_context_get_idle_seconds (self->context);

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_propagation_phase (motion, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  muying_connect_key_pressed (GTK_EVENT_CONTROLLER_KEY (keys), activity_key_pressed_cb, self);
  muying_connect_motion (GTK_EVENT_CONTROLLER_MOTION (motion), activity_motion_cb, self);
  muying_connect_pressed (GTK_GESTURE_CLICK (click), activity_pressed_cb, self);
  gtk_widget_add_controller (GTK_WIDGET (self->window), keys);
  gtk_widget_add_controller (GTK_WIDGET (self->window), motion);
  gtk_widget_add_controller (GTK_WIDGET (self->window), GTK_EVENT_CONTROLLER (click));
  self->watchers[0] = keys;
  self->watchers[1] = motion;
  self->watchers[2] = GTK_EVENT_CONTROLLER (click);
  note_activity (self);
  self->timer = g_timeout_add_seconds (MIN (20, MAX (1, limit / 3)), check_idle_cb, self);
}

static void
muying_idle_lock_dispose (GObject *object)
{
  MuyingIdleLock *self = MUYING_IDLE_LOCK (object);

  g_clear_handle_id (&self->timer, g_source_remove);
  /* The window may outlive the lock by a moment: its watchers must not call a freed lock. */
  for (guint i = 0; i < G_N_ELEMENTS (self->watchers); i++)
    if (self->watchers[i] != NULL)
      {
        g_signal_handlers_disconnect_by_data (self->watchers[i], self);
        self->watchers[i] = NULL;
      }
  if (self->unlock_window != NULL)
    gtk_window_destroy (GTK_WINDOW (self->unlock_window));
  g_clear_weak_pointer (&self->unlock_window);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (muying_idle_lock_parent_class)->dispose (object);
}

static void
muying_idle_lock_class_init (MuyingIdleLockClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = muying_idle_lock_dispose;
}

static void
muying_idle_lock_init (MuyingIdleLock *self)
{
}

MuyingIdleLock *
muying_idle_lock_new (GtkWindow        *window,
                      MuyingAppContext *context)
{
  MuyingIdleLock *self;

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);
  g_return_val_if_fail (MUYING_IS_APP_CONTEXT (context), NULL);

  self = g_object_new (MUYING_TYPE_IDLE_LOCK, NULL);
  self->window = window;
  self->context = g_object_ref (context);
  watch_activity (self);
  return self;
}
