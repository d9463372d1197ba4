/* test-connection-dialog.c: choosing the database a workstation works on — a file or the
 * hospital's server (MuyingConnectionDialog), and the sign-in window's way to it
 *
 * Whatever cannot be opened is said in the dialog and changes nothing (no "connected"); what
 * can is handed over open. The server cases use the test server (skipped without one).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "muying-connection-dialog-private.h"
#include "muying-login-window.h"
#include "muying-store-users.h"
#include "muying-test-gtk-utils.h"
#include "muying-test-pg-store.h"
#include "muying-test-utils.h"

typedef struct
{
  char        *dir;
  char        *db;
  MuyingStore *connected;
  char        *location;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(MuyingStore) store = NULL;
  g_autoptr(MuyingUser) admin = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = muying_test_make_tmpdir ();
  f->db = g_build_filename (f->dir, "ward.db", NULL);
  store = muying_store_create (f->db, &error);
  g_assert_no_error (error);
  admin = muying_store_create_first_admin (store, "zhang", "张主任", "Admin-pass-2026", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->connected);
  g_free (f->location);
  muying_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

static void
on_connected (MuyingConnectionDialog *dialog,
              MuyingStore            *store,
              const char             *location,
              Fixture                *f)
{
  g_set_object (&f->connected, store);
  g_free (f->location);
  f->location = g_strdup (location);
}

static MuyingConnectionDialog *
dialog_new (Fixture    *f,
            const char *location)
{
  MuyingConnectionDialog *dialog = muying_connection_dialog_new (NULL, location);

  g_signal_connect (dialog, "connected", G_CALLBACK (on_connected), f);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/* @data: a weak pointer to the dialog (gone once it handed the database over). */
static gboolean
opened (gpointer data)
{
  MuyingConnectionDialog **dialog = data;

  return *dialog == NULL || !muying_connection_dialog_is_connecting (*dialog);
}

static void
wait_opened (MuyingConnectionDialog *dialog)
{
  MuyingConnectionDialog *weak = dialog;

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &weak);
  g_assert_true (muying_test_wait_until (opened, &weak, 30000));
  if (weak != NULL)
    g_object_remove_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
}

/* Connect, as the button does: the database opens in a thread (the dialog is back at once, its
 * fields greyed and the button off), then the dialog says how it went. */
static void
connect_and_wait (MuyingConnectionDialog *dialog)
{
  gtk_widget_activate_action (GTK_WIDGET (dialog), "connection.connect", NULL);
  g_assert_true (muying_connection_dialog_is_connecting (dialog));
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (muying_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_ENTRY))));
  wait_opened (dialog);
}

/* The dialog grew with its message: its buttons are inside the window, not pushed out of it (a
 * message label with a maximum width in characters was once measured narrower than it was drawn). */
static void
assert_buttons_shown (MuyingConnectionDialog *dialog)
{
  GtkWidget *message = GTK_WIDGET (muying_test_find_label (GTK_WIDGET (dialog), "sslrootcert"));
  GtkWidget *box = gtk_widget_get_parent (message);
  GtkWidget *buttons = gtk_widget_get_last_child (box);
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (buttons, GTK_WIDGET (dialog), &bounds));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (GTK_WIDGET (dialog)));
}

/* What cannot be opened is said, in the dialog, and nothing is handed over. */
static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  MuyingConnectionDialog *dialog = dialog_new (f, f->db);
  g_autofree char *missing = g_build_filename (f->dir, "elsewhere.db", NULL);

  g_assert_false (muying_connection_dialog_asks_password (dialog));
  g_free (muying_test_screenshot (GTK_WIDGET (dialog), "connection-dialog"));

  muying_connection_dialog_fill (dialog, "  ", NULL);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "connection.connect", NULL);
  g_assert_nonnull (muying_connection_dialog_get_message (dialog));
  g_free (muying_test_screenshot (GTK_WIDGET (dialog), "connection-dialog-empty"));

  muying_connection_dialog_fill (dialog, missing, NULL);
  g_assert_null (muying_connection_dialog_get_message (dialog));   /* typing clears it */
  connect_and_wait (dialog);
  g_assert_nonnull (strstr (muying_connection_dialog_get_message (dialog), "elsewhere.db"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));   /* not created */

  /* a server address: its password field shows; one with the password in it is refused */
  muying_connection_dialog_fill (dialog, "postgresql://muying:secret@127.0.0.1:1/muying", NULL);
  g_assert_true (muying_connection_dialog_asks_password (dialog));
  connect_and_wait (dialog);
  g_assert_nonnull (muying_connection_dialog_get_message (dialog));
  g_assert_null (strstr (muying_connection_dialog_get_message (dialog), "secret"));

  /* a server that does not answer (nothing listens on port 1) */
  muying_connection_dialog_fill (dialog, "postgresql://muying@127.0.0.1:1/muying", "any");
  connect_and_wait (dialog);
  g_assert_nonnull (strstr (muying_connection_dialog_get_message (dialog), "127.0.0.1"));
  g_free (muying_test_screenshot (GTK_WIDGET (dialog), "connection-dialog-unreachable"));
  g_assert_null (f->connected);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A server that takes the connection and never answers (a port whose connections are queued but
 * never taken): the dialog says it is opening, keeps drawing until the address's time-out, then
 * says the server did not answer. */
static void
test_silent_server (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  MuyingConnectionDialog *dialog = dialog_new (f, f->db);

  g_assert_true (g_socket_bind (socket, any_port, TRUE, &error));
  g_assert_true (g_socket_listen (socket, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  uri = g_strdup_printf ("postgresql://muying@127.0.0.1:%u/muying?connect_timeout=2",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  muying_connection_dialog_fill (dialog, uri, "any");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "connection.connect", NULL);
  muying_test_spin (500);
  g_assert_true (muying_connection_dialog_is_connecting (dialog));
  g_assert_nonnull (strstr (muying_connection_dialog_get_message (dialog), "127.0.0.1"));
  g_free (muying_test_screenshot (GTK_WIDGET (dialog), "connection-dialog-connecting"));
  wait_opened (dialog);
  g_assert_null (f->connected);
  g_assert_nonnull (muying_connection_dialog_get_message (dialog));
  g_test_message ("after the time-out: %s", muying_connection_dialog_get_message (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A file that opens is handed over open, with where it is. */
static void
test_file (Fixture       *f,
           gconstpointer  data)
{
  MuyingConnectionDialog *dialog = dialog_new (f, "");

  muying_connection_dialog_fill (dialog, f->db, NULL);
  connect_and_wait (dialog);
  g_assert_nonnull (f->connected);
  g_assert_false (muying_store_is_server (f->connected));
  g_assert_cmpstr (f->location, ==, f->db);
}

/* The server database a file was moved to is handed over open (the password from the file). */
static void
test_server (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(MuyingStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  MuyingConnectionDialog *dialog;

  if (!muying_test_pg_skip_unless_server ())
    return;
  store = muying_store_open (f->db, &error);
  g_assert_no_error (error);
  uri = muying_test_pg_move_store (&store, "dialog");
  g_clear_object (&store);

  dialog = dialog_new (f, f->db);
  /* the address demands a verified TLS connection, with a CA that did not sign the server's
   * certificate: said in the dialog (not "does not answer"), nothing handed over */
  if (muying_test_pg_ca () != NULL)
    {
      g_autofree char *other_ca = muying_test_pg_make_other_ca (f->dir);
      g_autofree char *escaped = g_uri_escape_string (other_ca, "/", FALSE);
      g_autofree char *wrong = g_strconcat (uri, "?sslmode=verify-full&sslrootcert=", escaped, NULL);

      muying_connection_dialog_fill (dialog, wrong, NULL);
      connect_and_wait (dialog);
      g_assert_null (f->connected);
      g_assert_nonnull (strstr (muying_connection_dialog_get_message (dialog), "sslrootcert"));
      g_assert_nonnull (strstr (muying_connection_dialog_get_message (dialog), "TLS"));
      g_free (muying_test_screenshot (GTK_WIDGET (dialog), "connection-dialog-tls-refused"));
      assert_buttons_shown (dialog);
    }
  muying_connection_dialog_fill (dialog, uri, NULL);
  connect_and_wait (dialog);
  g_assert_nonnull (f->connected);
  g_assert_true (muying_store_is_server (f->connected));
  g_assert_cmpstr (f->location, ==, uri);
  g_assert_cmpint (muying_store_count_users (f->connected, NULL), ==, 1);
  g_clear_object (&f->connected);
  muying_test_pg_drop_database (uri);
}

static void
on_change_database (MuyingLoginWindow *login,
                    gboolean          *asked)
{
  *asked = TRUE;
}

/* The sign-in window names its database and offers another. */
static void
test_login_window (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(MuyingStore) store = NULL;
  g_autoptr(GError) error = NULL;
  MuyingLoginWindow *login;
  gboolean asked = FALSE;

  store = muying_store_open (f->db, &error);
  g_assert_no_error (error);
  login = muying_login_window_new (NULL, store, MUYING_LOGIN_MODE_SIGN_IN, NULL);
  g_signal_connect (login, "change-database", G_CALLBACK (on_change_database), &asked);
  gtk_window_present (GTK_WINDOW (login));
  g_free (muying_test_screenshot (GTK_WIDGET (login), "login-database"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (login), "login.change-database", NULL));
  g_assert_true (asked);
  gtk_window_destroy (GTK_WINDOW (login));
}

int
main (int   argc,
      char *argv[])
{
  if (!muying_test_gtk_init (&argc, &argv))
    return 0;
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/connection-dialog/refusals", test_refusals);
  ADD ("/connection-dialog/silent-server", test_silent_server);
  ADD ("/connection-dialog/file", test_file);
  ADD ("/connection-dialog/server", test_server);
  ADD ("/connection-dialog/login-window", test_login_window);
#undef ADD
  return g_test_run ();
}
