/* muying-connection-dialog.c: where the program's database is — a file, or a server
 *
 * The hospital's IT staff set each workstation once: the address of the server database
 * (docs/server.md) or a file. The password of a server account comes from the password file;
 * when there is none it can be typed here, for this session only (it is never saved).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "muying-connection-dialog-private.h"
#include "muying-error.h"
#include "muying-store-location.h"

struct _MuyingConnectionDialog
{
  GtkWindow     parent_instance;

  GtkEntry     *location_entry;
  GtkWidget    *password_entry;   /* shown for a server only; its label follows it */
  GtkLabel     *message_label;
  GCancellable *cancellable;      /* of the connection being made, or NULL */
  guint         fit_frames;       /* frames left to fit_message */
};

/* What a connection is made with, in its thread. */
typedef struct
{
  char *location;
  char *password;   /* NULL: from the password file */
} Attempt;

static void
attempt_free (Attempt *a)
{
  g_free (a->location);
  if (a->password != NULL)
    memset (a->password, 0, strlen (a->password));
  g_free (a->password);
  g_free (a);
}

G_DEFINE_FINAL_TYPE (MuyingConnectionDialog, muying_connection_dialog, GTK_TYPE_WINDOW)

enum
{
  SIGNAL_CONNECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A frame after a new message: when the window has not grown to hold it, it is asked for again.
 * (Seen in the tests under Xvfb: a second message soon after the first one, "Opening …" then the
 * reason, sometimes left the window at the first one's height; why is not known.) */
static gboolean
fit_message (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  MuyingConnectionDialog *self = MUYING_CONNECTION_DIALOG (widget);
  int need = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (widget), &need, NULL, NULL, NULL);
  /* (a screen too small for it: given up after a second) */
  if (need <= gtk_widget_get_height (widget) || self->fit_frames == 0)
    {
      self->fit_frames = 0;
      return G_SOURCE_REMOVE;
    }
  self->fit_frames--;
  gtk_widget_queue_resize (widget);
  return G_SOURCE_CONTINUE;
}

static void
show_message (MuyingConnectionDialog *self,
              const char             *text)
{
  gtk_label_set_label (self->message_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL);
  if (text != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      if (self->fit_frames == 0)
        gtk_widget_add_tick_callback (GTK_WIDGET (self), fit_message, NULL, NULL);
      self->fit_frames = 60;
    }
}

static void
on_location_changed_cb (MuyingConnectionDialog *self)
{
  const char *location = gtk_editable_get_text (GTK_EDITABLE (self->location_entry));

  /* A password only means something for a server. */
  gtk_widget_set_visible (self->password_entry, muying_store_location_is_server (location));
  show_message (self, NULL);
}

/* Connecting to a server that does not answer takes up to its time-out (seconds): in a thread,
 * so the window keeps drawing and the dialog can be closed meanwhile. */
static void
set_connecting (MuyingConnectionDialog *self,
                gboolean                connecting)
{
  /* not editable rather than insensitive: the field keeps the keyboard focus */
  gtk_editable_set_editable (GTK_EDITABLE (self->location_entry), !connecting);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_entry), !connecting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connection.connect", !connecting);
  if (!connecting)
    g_clear_object (&self->cancellable);
}

static void
connect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Attempt *a = task_data;
  MuyingStore *store;
  GError *error = NULL;

  if (muying_store_location_is_server (a->location))
    store = muying_store_open_server (a->location, a->password, &error);
  else
    store = muying_store_open (a->location, &error);
  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  MuyingConnectionDialog *self = MUYING_CONNECTION_DIALOG (source);
  Attempt *a = g_task_get_task_data (G_TASK (result));
  g_autoptr(MuyingStore) store = NULL;
  g_autoptr(GError) error = NULL;

  /* The dialog was closed meanwhile: the database it opened is closed again. */
  store = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  set_connecting (self, FALSE);
  if (store == NULL)
    {
      if (g_error_matches (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NEEDS_PASSWORD))
        {
          show_message (self, _("The server asks for a password: type it below, or put it in a password file "
                                "only this account can read (docs/server.md)"));
          gtk_widget_grab_focus (self->password_entry);
        }
      else
        {
          show_message (self, error->message);
          gtk_widget_grab_focus (GTK_WIDGET (self->location_entry));
        }
      return;
    }
  g_signal_emit (self, signals[SIGNAL_CONNECTED], 0, store, a->location);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MuyingConnectionDialog *self = MUYING_CONNECTION_DIALOG (widget);
  g_autofree char *location = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->location_entry))));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));
  g_autoptr(GTask) task = NULL;
  g_autofree char *connecting = NULL;
  Attempt *a;

  if (self->cancellable != NULL)
    return;
  if (*location == '\0')
    {
      show_message (self, _("Type the database file or the server address"));
      gtk_widget_grab_focus (GTK_WIDGET (self->location_entry));
      return;
    }
  a = g_new0 (Attempt, 1);
  a->password = muying_store_location_is_server (location) && *password != '\0' ? g_strdup (password) : NULL;
  a->location = g_steal_pointer (&location);
  self->cancellable = g_cancellable_new ();
  set_connecting (self, TRUE);
  /* TRANSLATORS: while the database (a file or a server address) is being opened */
  connecting = g_strdup_printf (_("Opening %s…"), a->location);
  show_message (self, connecting);
  task = g_task_new (self, self->cancellable, on_connected, NULL);
  g_task_set_task_data (task, a, (GDestroyNotify) attempt_free);
  g_task_run_in_thread (task, connect_thread);
}

static void
muying_connection_dialog_dispose (GObject *object)
{
  MuyingConnectionDialog *self = MUYING_CONNECTION_DIALOG (object);

  /* a connection still being made is dropped when it comes */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (muying_connection_dialog_parent_class)->dispose (object);
}

static void
muying_connection_dialog_class_init (MuyingConnectionDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = muying_connection_dialog_dispose;

  /**
   * MuyingConnectionDialog::connected:
   * @store: the database now open
   * @location: where it is, to be opened again next time
   */
  signals[SIGNAL_CONNECTED] = g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                            NULL, NULL, G_TYPE_NONE, 2, MUYING_TYPE_STORE, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muying/Muying/ui/muying-connection-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MuyingConnectionDialog, location_entry);
  gtk_widget_class_bind_template_child (widget_class, MuyingConnectionDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, MuyingConnectionDialog, message_label);
  gtk_widget_class_bind_template_callback (widget_class, on_location_changed_cb);
  gtk_widget_class_install_action (widget_class, "connection.connect", NULL, connect_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
muying_connection_dialog_init (MuyingConnectionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

MuyingConnectionDialog *
muying_connection_dialog_new (GtkWindow  *parent,
                              const char *location)
{
  MuyingConnectionDialog *self = g_object_new (MUYING_TYPE_CONNECTION_DIALOG,
                                               "transient-for", parent,
                                               "modal", parent != NULL,
                                               NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->location_entry), location != NULL ? location : "");
  on_location_changed_cb (self);
  return self;
}

void
muying_connection_dialog_fill (MuyingConnectionDialog *self,
                               const char             *location,
                               const char             *password)
{
  if (location != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->location_entry), location);
  if (password != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->password_entry), password);
}

const char *
muying_connection_dialog_get_message (MuyingConnectionDialog *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->message_label)) ? gtk_label_get_label (self->message_label) : NULL;
}

gboolean
muying_connection_dialog_asks_password (MuyingConnectionDialog *self)
{
  return gtk_widget_get_visible (self->password_entry);
}

gboolean
muying_connection_dialog_is_connecting (MuyingConnectionDialog *self)
{
  return self->cancellable != NULL;
}
