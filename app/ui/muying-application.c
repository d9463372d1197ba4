/* muying-application.c: the GtkApplication — opens the database and the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-application.h"
#include "muying-error.h"
#include "muying-case-window.h"
#include "muying-connection-dialog.h"
#include "muying-login-window.h"
#include "muying-record-form.h"
#include "muying-startup-probe.h"
#include "muying-store.h"
#include "muying-store-location.h"
#include "muying-store-users.h"
#include "muying-window.h"

struct _MuyingApplication
{
  GtkApplication  parent_instance;

  char           *db_path;
  MuyingStore    *store;
  GSettings      *desktop;   /* org.gnome.desktop.interface, when installed */
};

G_DEFINE_FINAL_TYPE (MuyingApplication, muying_application, GTK_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Open this database instead of the default one"), N_("FILE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  { NULL }
};

static int
muying_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  MuyingApplication *self = MUYING_APPLICATION (app);
  g_autofree char *db = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("muying %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_lookup (options, "db", "^ay", &db))
    muying_application_set_db_path (self, db);
  return -1;
}

static void start_on_store (MuyingApplication *self);

#define RESPONSE_DATABASE 1

/* Another database was chosen and opened (MuyingConnectionDialog): it is the one from now on,
 * also at the next start. */
static void
on_connected_cb (MuyingConnectionDialog *dialog,
                 MuyingStore            *store,
                 const char             *location,
                 MuyingApplication      *self)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWindow *login = gtk_window_get_transient_for (GTK_WINDOW (dialog));

  g_settings_set_string (settings, "database", location);
  g_set_object (&self->store, store);
  muying_application_set_db_path (self, location);
  /* The sign-in window of the database before goes; the new one's comes. */
  if (login != NULL)
    gtk_window_destroy (login);
  start_on_store (self);
}

/* The dialog that opens another database (or this one again), for this program. */
static MuyingConnectionDialog *
new_connection_dialog (MuyingApplication *self,
                       GtkWindow         *parent)
{
  MuyingConnectionDialog *dialog = muying_connection_dialog_new (parent, self->db_path);

  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect (dialog, "connected", G_CALLBACK (on_connected_cb), self);
  return dialog;
}

static void
show_connection_dialog (MuyingApplication *self,
                        GtkWindow         *parent)
{
  gtk_window_present (GTK_WINDOW (new_connection_dialog (self, parent)));
}

static void
on_error_dialog_response_cb (GtkDialog         *dialog,
                             int                response,
                             MuyingApplication *self)
{
  /* Shown before the error goes: the program must not end meanwhile. */
  if (response == RESPONSE_DATABASE)
    show_connection_dialog (self, NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The database could not be opened: say why in words the user can act on, and change nothing. */
static void
show_open_error (MuyingApplication *self,
                 const GError      *error)
{
  GtkWidget *dialog = gtk_message_dialog_new (NULL, GTK_DIALOG_MODAL, GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                              "%s", _("The database cannot be opened"));

  if (g_error_matches (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND))
    /* Only the default database is created by the program itself: another path that does not
     * exist is far more often a typing mistake than a wish for a new, empty database. */
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s\n%s", error->message,
                                              _("To start a new database there, create it with "
                                                "“muying-cli --db FILE init --admin NAME”"));
  else
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", error->message);
  /* A server that does not answer, a file moved: the way to another database. */
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Database…"), RESPONSE_DATABASE);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_set_title (GTK_WINDOW (dialog), _("Muying Screening"));
  g_signal_connect (dialog, "response", G_CALLBACK (on_error_dialog_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The quick check runs after the first window is up (at a million records it takes seconds, far
 * beyond the start budget); until it has passed, writes wait for it; when it finds damage every
 * write is refused and the user is told where to go. */
static void
on_quick_check_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(MuyingApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (muying_store_quick_check_finish (MUYING_STORE (source), result, &error) ||
      !g_error_matches (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT))
    return;
  g_warning ("%s", error->message);
  dialog = gtk_message_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)), GTK_DIALOG_MODAL,
                                   GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", _("The database file is damaged"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", error->message);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_set_title (GTK_WINDOW (dialog), _("Muying Screening"));
  g_signal_connect (dialog, "response", G_CALLBACK (on_error_dialog_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
is_default_path (const char *path)
{
  g_autofree char *default_path = muying_store_default_path ();
  g_autofree char *a = g_canonicalize_filename (path, NULL);
  g_autofree char *b = g_canonicalize_filename (default_path, NULL);

  return g_strcmp0 (a, b) == 0;
}

static void
on_signed_in_cb (MuyingLoginWindow *login,
                 MuyingUser        *user,
                 MuyingApplication *self)
{
  MuyingWindow *window = muying_window_new (self, self->store, user);

  gtk_window_present (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (login));
}

static void
on_change_database_cb (MuyingApplication *self,
                       MuyingLoginWindow *login)
{
  show_connection_dialog (self, GTK_WINDOW (login));
}

/* No default accounts: the first run creates the administrator (docs/architecture.md "Security"). */
static void
show_login (MuyingApplication *self)
{
  g_autoptr(GError) error = NULL;
  gint64 n_users = muying_store_count_users (self->store, &error);
  MuyingLoginWindow *login;

  if (n_users < 0)
    {
      show_open_error (self, error);
      return;
    }
  login = muying_login_window_new (GTK_APPLICATION (self), self->store,
                                   n_users == 0 ? MUYING_LOGIN_MODE_FIRST_RUN : MUYING_LOGIN_MODE_SIGN_IN, NULL);
  g_signal_connect (login, "signed-in", G_CALLBACK (on_signed_in_cb), self);
  g_signal_connect_swapped (login, "change-database", G_CALLBACK (on_change_database_cb), self);
  gtk_window_present (GTK_WINDOW (login));
}

/* The database just opened (at start, or chosen in MuyingConnectionDialog): its sign-in window,
 * then its quick check. */
static void
start_on_store (MuyingApplication *self)
{
  muying_application_configure_store (self->store);
  show_login (self);
  muying_store_quick_check_async (self->store, NULL, on_quick_check_cb, g_object_ref (self));
}

/* A server database is opened by the connection dialog, in a thread: a server that does not
 * answer holds nothing up. The dialog shows itself only when opening takes a moment (or fails:
 * it then says why, and takes another address or the password); the sign-in window follows
 * when the database opens. */
static gboolean
present_if_still_opening_cb (gpointer user_data)
{
  GtkWindow *dialog = user_data;
  /* (a dialog that opened the database is gone from the application) */
  GtkApplication *app = gtk_window_get_application (dialog);

  if (app != NULL && MUYING_APPLICATION (app)->store == NULL)
    gtk_window_present (dialog);
  return G_SOURCE_REMOVE;
}

static void
open_server_at_start (MuyingApplication *self)
{
  MuyingConnectionDialog *dialog = new_connection_dialog (self, NULL);

  /* no window is shown yet: the program lives on while the dialog does */
  g_application_hold (G_APPLICATION (self));
  g_signal_connect_swapped (dialog, "destroy", G_CALLBACK (g_application_release), self);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "connection.connect", NULL);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 300, present_if_still_opening_cb, g_object_ref (dialog), g_object_unref);
}

static void
muying_application_activate (GApplication *app)
{
  MuyingApplication *self = MUYING_APPLICATION (app);
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  if (self->db_path == NULL)
    {
      /* The database this workstation was set to (MuyingConnectionDialog), else the default file. */
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_autofree char *chosen = g_settings_get_string (settings, "database");

      self->db_path = *chosen != '\0' ? g_steal_pointer (&chosen) : muying_store_default_path ();
    }
  if (self->store == NULL && muying_store_location_is_server (self->db_path))
    {
      open_server_at_start (self);
      return;
    }
  /* The first run creates the default database; --db names one that must exist. */
  if (self->store == NULL)
    self->store = is_default_path (self->db_path) ? muying_store_create (self->db_path, &error)
                                                  : muying_store_open (self->db_path, &error);
  if (self->store == NULL)
    {
      show_open_error (self, error);
      return;
    }
  start_on_store (self);
}

/* Typed work is never lost by quitting or signing out: the first form or case with unsaved
 * typing is closed instead, which asks Save / Discard / Cancel; the command is given again
 * after the answer. Returns TRUE when such a window was found. */
static gboolean
close_unsaved_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if ((MUYING_IS_RECORD_FORM (window) && muying_record_form_has_unsaved_changes (MUYING_RECORD_FORM (window))) ||
          (MUYING_IS_CASE_WINDOW (window) && muying_case_window_has_unsaved_text (MUYING_CASE_WINDOW (window))))
        {
          gtk_window_present (window);
          gtk_window_close (window);
          return TRUE;
        }
    }
  return FALSE;
}

static void
sign_out_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  MuyingApplication *self = MUYING_APPLICATION (user_data);
  GList *windows;

  if (close_unsaved_window ())
    return;
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  /* Keep the application alive while its last window goes. */
  g_application_hold (G_APPLICATION (self));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (GTK_WINDOW (l->data));
  g_list_free (windows);
  if (self->store != NULL)
    show_login (self);
  g_application_release (G_APPLICATION (self));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  if (!close_unsaved_window ())
    g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *authors[] = { _("The Muying developers"), NULL };

  gtk_show_about_dialog (gtk_application_get_active_window (app),
                         "program-name", _("Muying Screening"),
                         "logo-icon-name", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Screening records for maternal and child health hospitals"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
  { "about", about_activated, NULL, NULL, NULL, { 0 } },
  { "sign-out", sign_out_activated, NULL, NULL, NULL, { 0 } },
};

static void
load_css (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, "/io/github/muying/Muying/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
on_color_scheme_changed_cb (GSettings  *desktop,
                            const char *key,
                            gpointer    user_data)
{
  g_autofree char *scheme = g_settings_get_string (desktop, "color-scheme");

  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme",
                g_strcmp0 (scheme, "prefer-dark") == 0, NULL);
}

/* Dark mode follows the desktop's colour scheme. GTK 4.8 does not read the color-scheme key
 * itself; without the schema (a desktop without GNOME's settings) GtkSettings keeps what the
 * theme settings say. */
static void
follow_color_scheme (MuyingApplication *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "org.gnome.desktop.interface", TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "color-scheme"))
    return;
  self->desktop = g_settings_new_full (schema, NULL, NULL);
  g_signal_connect (self->desktop, "changed::color-scheme", G_CALLBACK (on_color_scheme_changed_cb), NULL);
  on_color_scheme_changed_cb (self->desktop, "color-scheme", NULL);
}

static void
muying_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (muying_application_parent_class)->startup (app);
  muying_startup_probe_init ();   /* no-op unless MUYING_REPORT_FIRST_FRAME is set (benchmark) */

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_window_set_default_icon_name (APP_ID);
  load_css ();
  follow_color_scheme (MUYING_APPLICATION (app));
}

static void
muying_application_finalize (GObject *object)
{
  MuyingApplication *self = MUYING_APPLICATION (object);

  g_free (self->db_path);
  g_clear_object (&self->store);
  g_clear_object (&self->desktop);
  G_OBJECT_CLASS (muying_application_parent_class)->finalize (object);
}

static void
muying_application_class_init (MuyingApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = muying_application_finalize;
  app_class->activate = muying_application_activate;
  app_class->startup = muying_application_startup;
  app_class->handle_local_options = muying_application_handle_local_options;
}

static void
muying_application_init (MuyingApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

void
muying_application_configure_store (MuyingStore *store)
{
  /* The window reads pages of 200 rows; imports and statistics use connections of their own. */
  muying_store_set_cache_size (store, 8 * 1024);
}

MuyingApplication *
muying_application_new (void)
{
  /* NON_UNIQUE: two hospital workstations may share a login session server; each instance
   * opens its own database argument. */
  return g_object_new (MUYING_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/muying/Muying",
                       NULL);
}

void
muying_application_set_db_path (MuyingApplication *self,
                                const char        *path)
{
  g_return_if_fail (MUYING_IS_APPLICATION (self));

  g_free (self->db_path);
  self->db_path = g_strdup (path);
}
