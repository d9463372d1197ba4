/* muying-startup-probe.c: reports when windows first show (MUYING_REPORT_FIRST_FRAME)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-ui"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "muying-startup-probe.h"

#define SETTLE_MS 500

static gboolean quit_after_first;
static gboolean initialized;
static guint n_watched;

static void
read_memory (long *rss,
             long *hwm)
{
  g_autofree char *status = NULL;

  *rss = *hwm = -1;
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return;
  for (char *line = status; line != NULL && *line != '\0';)
    {
      char *next = strchr (line, '\n');

      if (g_str_has_prefix (line, "VmRSS:"))
        *rss = strtol (line + 6, NULL, 10);
      else if (g_str_has_prefix (line, "VmHWM:"))
        *hwm = strtol (line + 6, NULL, 10);
      line = next != NULL ? next + 1 : NULL;
    }
}

/* -1: the window shows no list; 0: a list that has no rows on screen yet; 1: rows shown. */
static int
list_state (GtkWidget *widget)
{
  int state = -1;

  if (!gtk_widget_get_mapped (widget))
    return -1;
  if (GTK_IS_LIST_VIEW (widget))
    {
      GtkSelectionModel *model = gtk_list_view_get_model (GTK_LIST_VIEW (widget));
      guint n = model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (model)) : 0;

      return n > 0 && gtk_widget_get_first_child (widget) != NULL ? 1 : 0;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int s = list_state (child);

      if (s == 0)
        return 0;
      state = MAX (state, s);
    }
  return state;
}

static gboolean
on_settled_cb (gpointer data)
{
  GtkWidget *window = data;
  long rss, hwm;

  read_memory (&rss, &hwm);
  printf ("MUYING_SETTLED %s %" G_GINT64_FORMAT " %ld %ld\n", G_OBJECT_TYPE_NAME (window), g_get_monotonic_time (),
          rss, hwm);
  fflush (stdout);
  g_object_unref (window);
  if (quit_after_first)
    {
      GApplication *app = g_application_get_default ();

      if (app != NULL)
        g_application_quit (app);
      else
        exit (0);
    }
  return G_SOURCE_REMOVE;
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   GtkWidget     *window)
{
  int state = list_state (window);
  long rss, hwm;

  if (state == 0)
    return;   /* the list is there but shows no rows yet: wait for the next frame */
  read_memory (&rss, &hwm);
  printf ("MUYING_FIRST_FRAME %s %" G_GINT64_FORMAT " %ld %ld %s\n", G_OBJECT_TYPE_NAME (window),
          g_get_monotonic_time (), rss, hwm, state > 0 ? "yes" : "none");
  fflush (stdout);
  g_signal_handlers_disconnect_by_func (clock, on_after_paint_cb, window);
  g_timeout_add (SETTLE_MS, on_settled_cb, g_object_ref (window));
}

static void
on_realize_cb (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  if (clock != NULL)
    g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_after_paint_cb), window, 0);
}

static void
watch (GtkWidget *window)
{
  if (g_object_get_data (G_OBJECT (window), "muying-startup-probe") != NULL)
    return;
  /* "quit": the first window only */
  if (quit_after_first && n_watched > 0)
    return;
  n_watched++;
  g_object_set_data (G_OBJECT (window), "muying-startup-probe", GINT_TO_POINTER (1));
  if (gtk_widget_get_realized (window))
    on_realize_cb (window);
  else
    g_signal_connect (window, "realize", G_CALLBACK (on_realize_cb), NULL);
}

static void
on_toplevels_changed_cb (GListModel *toplevels,
                         guint       position,
                         guint       removed,
                         guint       added,
                         gpointer    user_data)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      watch (GTK_WIDGET (window));
    }
}

void
muying_startup_probe_init (void)
{
  const char *mode = g_getenv ("MUYING_REPORT_FIRST_FRAME");
  GListModel *toplevels;

  if (mode == NULL || *mode == '\0' || initialized)
    return;
  initialized = TRUE;
  quit_after_first = g_strcmp0 (mode, "quit") == 0;
  toplevels = gtk_window_get_toplevels ();
  g_signal_connect (toplevels, "items-changed", G_CALLBACK (on_toplevels_changed_cb), NULL);
  on_toplevels_changed_cb (toplevels, 0, 0, g_list_model_get_n_items (toplevels), NULL);
}
