/* muying-login-window.c: sign in, create the first administrator, or unlock an idle window
 *
 * Emits "signed-in" with the MuyingUser on success. Password checks (Argon2id) take a
 * noticeable fraction of a second, which is the point of them; the window shows why a sign-in
 * failed, including how long a locked account stays locked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-error.h"
#include "muying-login-window-private.h"
#include "muying-login-window.h"
#include "muying-store-users.h"

struct _MuyingLoginWindow
{
  GtkWindow        parent_instance;

  MuyingStore     *store;
  MuyingLoginMode  mode;
  char            *message;

  GtkLabel        *title_label;
  GtkLabel        *explanation_label;
  GtkEntry        *login_entry;
  GtkWidget       *display_name_row;
  GtkEntry        *display_name_entry;
  GtkPasswordEntry *password_entry;
  GtkWidget       *confirm_row;
  GtkPasswordEntry *confirm_entry;
  GtkLabel        *message_label;
  GtkButton       *sign_in_button;
  GtkLabel        *database_label;
};

G_DEFINE_FINAL_TYPE (MuyingLoginWindow, muying_login_window, GTK_TYPE_WINDOW)

enum {
  SIGNED_IN,
  CHANGE_DATABASE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_message (MuyingLoginWindow *self,
              const char        *text)
{
  g_free (self->message);
  self->message = g_strdup (text);
  gtk_label_set_label (self->message_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL);
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MuyingLoginWindow *self = MUYING_LOGIN_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingUser) user = NULL;
  g_autofree char *login = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->login_entry))));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));

  if (self->mode == MUYING_LOGIN_MODE_FIRST_RUN)
    {
      g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->display_name_entry))));
      const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->confirm_entry));

      if (g_strcmp0 (password, confirm) != 0)
        {
          show_message (self, _("The two passwords are not the same"));
          return;
        }
      user = muying_store_create_first_admin (self->store, login, *name ? name : login, password, &error);
    }
  else
    {
      gboolean recorded = TRUE;

      /* On a damaged file (every write refused, the log-in's audit row included) an
       * administrator still signs in, to restore a backup under Administration; every other
       * change is refused with the damage message. */
      user = muying_store_login_full (self->store, login, password, g_get_real_time () / G_USEC_PER_SEC,
                                      MUYING_LOGIN_FLAGS_DAMAGED_FILE, &recorded, &error);
      if (user != NULL && !recorded && !muying_user_require (user, MUYING_PERMISSION_BACKUP, NULL))
        {
          g_clear_object (&user);
          g_set_error_literal (&error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT,
                               _("The database file is damaged: only an administrator can sign in, to restore "
                                 "the latest backup"));
        }
      else if (user != NULL && !recorded)
        g_message ("The database file is damaged: the sign-in of %s could not be recorded", login);
    }

  if (user == NULL)
    {
      show_message (self, error->message);
      gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
      return;
    }
  show_message (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  g_signal_emit (self, signals[SIGNED_IN], 0, user);
}

static void
on_entry_activate_cb (GtkWidget         *entry,
                      MuyingLoginWindow *self)
{
  /* Enter in the last field signs in; elsewhere it moves on. */
  if (entry == GTK_WIDGET (self->password_entry) && self->mode != MUYING_LOGIN_MODE_FIRST_RUN)
    gtk_widget_activate_action (GTK_WIDGET (self), "login.sign-in", NULL);
  else if (entry == GTK_WIDGET (self->confirm_entry))
    gtk_widget_activate_action (GTK_WIDGET (self), "login.sign-in", NULL);
  else
    gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
}

static void
apply_mode (MuyingLoginWindow *self,
            const char        *login)
{
  gboolean first_run = self->mode == MUYING_LOGIN_MODE_FIRST_RUN;

  gtk_widget_set_visible (self->display_name_row, first_run);
  gtk_widget_set_visible (self->confirm_row, first_run);
  if (login != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->login_entry), login);
  gtk_editable_set_editable (GTK_EDITABLE (self->login_entry), self->mode != MUYING_LOGIN_MODE_UNLOCK);

  switch (self->mode)
    {
    case MUYING_LOGIN_MODE_FIRST_RUN:
      gtk_window_set_title (GTK_WINDOW (self), _("Create the administrator"));
      gtk_label_set_label (self->title_label, _("Welcome to Muying Screening"));
      gtk_label_set_label (self->explanation_label,
                           _("There is no account yet. Create the administrator, who then adds the nurses "
                             "and doctors. The password needs at least 8 characters."));
      gtk_button_set_label (self->sign_in_button, _("_Create and sign in"));
      gtk_widget_grab_focus (GTK_WIDGET (self->login_entry));
      break;
    case MUYING_LOGIN_MODE_UNLOCK:
      gtk_window_set_title (GTK_WINDOW (self), _("Locked"));
      gtk_label_set_label (self->title_label, _("The window was locked"));
      gtk_label_set_label (self->explanation_label,
                           _("Nothing was used for 15 minutes, so the window was locked to protect the records. "
                             "Enter your password to continue."));
      gtk_button_set_label (self->sign_in_button, _("_Unlock"));
      gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
      break;
    case MUYING_LOGIN_MODE_SIGN_IN:
    default:
      gtk_window_set_title (GTK_WINDOW (self), _("Sign in"));
      gtk_label_set_label (self->title_label, _("Muying Screening"));
      gtk_label_set_label (self->explanation_label, _("Sign in with the account the administrator gave you."));
      gtk_button_set_label (self->sign_in_button, _("_Sign in"));
      gtk_widget_grab_focus (GTK_WIDGET (login ? GTK_WIDGET (self->password_entry) : GTK_WIDGET (self->login_entry)));
      break;
    }
}

static void
muying_login_window_dispose (GObject *object)
{
  MuyingLoginWindow *self = MUYING_LOGIN_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MUYING_TYPE_LOGIN_WINDOW);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (muying_login_window_parent_class)->dispose (object);
}

static void
muying_login_window_finalize (GObject *object)
{
  g_free (MUYING_LOGIN_WINDOW (object)->message);
  G_OBJECT_CLASS (muying_login_window_parent_class)->finalize (object);
}

static void
change_database_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  g_signal_emit (widget, signals[CHANGE_DATABASE], 0);
}

static void
muying_login_window_class_init (MuyingLoginWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = muying_login_window_dispose;
  object_class->finalize = muying_login_window_finalize;

  signals[SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                     NULL, G_TYPE_NONE, 1, MUYING_TYPE_USER);
  /* "Database…": the user asks to work on another database (the application shows where). */
  signals[CHANGE_DATABASE] = g_signal_new ("change-database", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                           NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muying/Muying/ui/muying-login-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MuyingLoginWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingLoginWindow, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingLoginWindow, login_entry);
  gtk_widget_class_bind_template_child (widget_class, MuyingLoginWindow, display_name_row);
  gtk_widget_class_bind_template_child (widget_class, MuyingLoginWindow, display_name_entry);
  gtk_widget_class_bind_template_child (widget_class, MuyingLoginWindow, password_entry);
  gtk_widget_class_bind_template_child (widget_class, MuyingLoginWindow, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, MuyingLoginWindow, confirm_entry);
  gtk_widget_class_bind_template_child (widget_class, MuyingLoginWindow, message_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingLoginWindow, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, MuyingLoginWindow, database_label);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate_cb);
  gtk_widget_class_install_action (widget_class, "login.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "login.change-database", NULL, change_database_action);
}

static void
muying_login_window_init (MuyingLoginWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

MuyingLoginWindow *
muying_login_window_new (GtkApplication *application,
                         MuyingStore    *store,
                         MuyingLoginMode mode,
                         const char     *login)
{
  MuyingLoginWindow *self = g_object_new (MUYING_TYPE_LOGIN_WINDOW, "application", application, NULL);

  self->store = g_object_ref (store);
  self->mode = mode;
  gtk_label_set_label (self->database_label, muying_store_get_path (store));
  apply_mode (self, login);
  return self;
}

void
muying_login_window_fill (MuyingLoginWindow *self,
                          const char        *login,
                          const char        *display_name,
                          const char        *password,
                          const char        *confirm)
{
  if (login != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->login_entry), login);
  if (display_name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->display_name_entry), display_name);
  if (password != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->password_entry), password);
  if (confirm != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->confirm_entry), confirm);
}

const char *
muying_login_window_get_message (MuyingLoginWindow *self)
{
  return self->message;
}
