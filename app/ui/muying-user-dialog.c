/* muying-user-dialog.c: add an account, or set a new password for one (administrators)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-store-users.h"
#include "muying-user-dialog-private.h"
#include "muying-user-dialog.h"

struct _MuyingUserDialog
{
  GtkWindow         parent_instance;

  MuyingStore      *store;
  char             *actor;
  char             *login;       /* NULL: adding */
  char             *message;

  GtkEntry         *login_entry;
  GtkEntry         *name_entry;
  GtkDropDown      *role_dropdown;
  GtkWidget        *name_label;
  GtkWidget        *role_label;
  GtkPasswordEntry *password_entry;
  GtkLabel         *message_label;
};

G_DEFINE_FINAL_TYPE (MuyingUserDialog, muying_user_dialog, GTK_TYPE_WINDOW)

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_message (MuyingUserDialog *self,
              const char       *text)
{
  g_free (self->message);
  self->message = g_strdup (text);
  gtk_label_set_label (self->message_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MuyingUserDialog *self = MUYING_USER_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));
  gboolean ok;

  if (self->login == NULL)
    {
      g_autoptr(MuyingUser) user = NULL;
      g_autofree char *login = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->login_entry))));
      g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
      /* Dropdown items: nurse, doctor, administrator — the order of MuyingRole. */
      MuyingRole role = (MuyingRole) gtk_drop_down_get_selected (self->role_dropdown);

      user = muying_store_create_user (self->store, self->actor, login, *name ? name : login, role, password, &error);
      ok = user != NULL;
    }
  else
    ok = muying_store_set_password (self->store, self->actor, self->login, password, &error);

  if (!ok)
    {
      show_message (self, error->message);
      return;
    }
  g_signal_emit (self, signals[DONE], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

static void
muying_user_dialog_dispose (GObject *object)
{
  MuyingUserDialog *self = MUYING_USER_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MUYING_TYPE_USER_DIALOG);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (muying_user_dialog_parent_class)->dispose (object);
}

static void
muying_user_dialog_finalize (GObject *object)
{
  MuyingUserDialog *self = MUYING_USER_DIALOG (object);

  g_free (self->actor);
  g_free (self->login);
  g_free (self->message);
  G_OBJECT_CLASS (muying_user_dialog_parent_class)->finalize (object);
}

static void
muying_user_dialog_class_init (MuyingUserDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = muying_user_dialog_dispose;
  object_class->finalize = muying_user_dialog_finalize;

  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muying/Muying/ui/muying-user-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MuyingUserDialog, login_entry);
  gtk_widget_class_bind_template_child (widget_class, MuyingUserDialog, name_entry);
  gtk_widget_class_bind_template_child (widget_class, MuyingUserDialog, role_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MuyingUserDialog, name_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingUserDialog, role_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingUserDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, MuyingUserDialog, message_label);
  gtk_widget_class_install_action (widget_class, "user.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "user.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "user.cancel", NULL);
}

static void
muying_user_dialog_init (MuyingUserDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

MuyingUserDialog *
muying_user_dialog_new (GtkWindow   *parent,
                        MuyingStore *store,
                        const char  *actor,
                        const char  *login)
{
  MuyingUserDialog *self = g_object_new (MUYING_TYPE_USER_DIALOG, "transient-for", parent, "modal", TRUE, NULL);

  self->store = g_object_ref (store);
  self->actor = g_strdup (actor);
  self->login = g_strdup (login);
  if (login != NULL)
    {
      g_autofree char *title = g_strdup_printf (_("New password for %s"), login);

      gtk_window_set_title (GTK_WINDOW (self), title);
      gtk_editable_set_text (GTK_EDITABLE (self->login_entry), login);
      gtk_editable_set_editable (GTK_EDITABLE (self->login_entry), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->name_entry), FALSE);
      gtk_widget_set_visible (self->name_label, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->role_dropdown), FALSE);
      gtk_widget_set_visible (self->role_label, FALSE);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
    }
  else
    gtk_window_set_title (GTK_WINDOW (self), _("Add an account"));
  return self;
}

void
muying_user_dialog_fill (MuyingUserDialog *self,
                         const char       *login,
                         const char       *display_name,
                         MuyingRole        role,
                         const char       *password)
{
  if (login != NULL && self->login == NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->login_entry), login);
  if (display_name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->name_entry), display_name);
  gtk_drop_down_set_selected (self->role_dropdown, role);
  if (password != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->password_entry), password);
}

const char *
muying_user_dialog_get_message (MuyingUserDialog *self)
{
  return self->message;
}
