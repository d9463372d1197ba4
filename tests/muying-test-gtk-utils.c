/* muying-test-gtk-utils.c: GTK test helpers — waiting, screenshots, glyph checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "muying-store-users.h"

#include "muying-test-gtk-utils.h"

gboolean
muying_test_gtk_init (int    *argc,
                      char ***argv)
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display available\n");
      return FALSE;
    }
  gtk_test_init (argc, argv, NULL);
  /* Screenshots must not catch a page half-way through a cross-fade. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* gtk_test_init sets the C locale, in which gettext ignores LANGUAGE. */
  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("MUYING_LOCALEDIR") ? g_getenv ("MUYING_LOCALEDIR") : BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  return TRUE;
}

gboolean
muying_test_wait_until (gboolean (*done) (gpointer),
                        gpointer   data,
                        guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

void
muying_test_spin (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

static gboolean
save_png (GdkPaintable *paintable,
          GtkWidget    *widget,
          const char   *filename)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int w = gdk_paintable_get_intrinsic_width (paintable);
  int h = gdk_paintable_get_intrinsic_height (paintable);

  if (w <= 0 || h <= 0)
    return FALSE;
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return FALSE;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  return gdk_texture_save_to_png (texture, filename);
}

char *
muying_test_screenshot (GtkWidget  *widget,
                        const char *name)
{
  const char *dir = g_getenv ("MUYING_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  char *path;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  if (dir == NULL)
    dir = g_get_tmp_dir ();
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, file, NULL);

  muying_test_spin (150);
  while (!save_png (paintable, widget, path))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
    }
  g_test_message ("screenshot: %s", path);
  return path;
}

int
muying_test_unknown_glyphs (GtkLabel *label)
{
  return pango_layout_get_unknown_glyphs_count (gtk_label_get_layout (label));
}

GtkLabel *
muying_test_find_label (GtkWidget  *root,
                        const char *text)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return GTK_LABEL (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = muying_test_find_label (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

MuyingWindow *
muying_test_open_window (MuyingStore *store,
                         MuyingRole   role)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingUser) admin = muying_store_lookup_user (store, "admin", NULL);
  g_autoptr(MuyingUser) user = NULL;
  MuyingApplication *app = muying_application_new ();
  MuyingWindow *window;

  if (admin == NULL)
    {
      admin = muying_store_create_first_admin (store, "admin", "管理员甲", "correct-horse-1", &error);
      g_assert_no_error (error);
    }
  if (role == MUYING_ROLE_ADMIN)
    user = g_object_ref (admin);
  else
    {
      const char *login = role == MUYING_ROLE_DOCTOR ? "doctor" : "nurse";

      user = muying_store_lookup_user (store, login, NULL);
      if (user == NULL)
        user = muying_store_create_user (store, "admin", login, role == MUYING_ROLE_DOCTOR ? "医生乙" : "护士丙",
                                         role, "correct-horse-2", &error);
      g_assert_no_error (error);
    }
  g_application_register (G_APPLICATION (app), NULL, NULL);
  window = muying_window_new (app, store, user);
  g_object_unref (app);   /* the window keeps the application alive */
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 780);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* ---- real input ---------------------------------------------------------------------------- */

gboolean
muying_test_have_xdotool (void)
{
  g_autofree char *path = g_find_program_in_path ("xdotool");

  return path != NULL && GDK_IS_X11_DISPLAY (gdk_display_get_default ());
}

static void
on_xdotool_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_wait_check_finish (G_SUBPROCESS (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

void
muying_test_run_xdotool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) p = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
  gboolean done = FALSE;

  g_assert_no_error (error);
  g_subprocess_wait_check_async (p, NULL, on_xdotool_done, &done);
  g_assert_true (muying_test_wait_until (flag_set, &done, 20000));
}

char *
muying_test_xid (GtkWidget *widget)
{
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (widget));

  return g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (surface));
}

void
muying_test_xdotool (GtkWidget  *widget,
                     const char *command,
                     const char *keys)
{
  g_autofree char *xid = muying_test_xid (widget);
  const char *focus[] = { "xdotool", "windowfocus", "--sync", xid, NULL };
  g_autoptr(GPtrArray) send = g_ptr_array_new ();
  g_auto(GStrv) names = g_strcmp0 (command, "key") == 0 ? g_strsplit (keys, " ", -1) : NULL;

  muying_test_run_xdotool (focus);
  muying_test_spin (50);
  g_ptr_array_add (send, (gpointer) "xdotool");
  g_ptr_array_add (send, (gpointer) command);
  g_ptr_array_add (send, (gpointer) "--delay");
  g_ptr_array_add (send, (gpointer) "40");
  if (names != NULL)
    for (guint i = 0; names[i] != NULL; i++)
      g_ptr_array_add (send, names[i]);
  else
    g_ptr_array_add (send, (gpointer) keys);
  g_ptr_array_add (send, NULL);
  muying_test_run_xdotool ((const char * const *) send->pdata);
}

GtkWidget *
muying_test_find_widget (GtkWidget *root,
                         GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = muying_test_find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}
