/* muying-test-gtk-utils.h: GTK test helpers — waiting, screenshots, glyph checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-window.h"

G_BEGIN_DECLS

/* gtk_test_init, or print a TAP skip plan and return FALSE when there is no display. */
gboolean muying_test_gtk_init        (int        *argc,
                                      char     ***argv);
/* Spins the main loop until @done returns TRUE or @timeout_ms passes. */
gboolean muying_test_wait_until      (gboolean  (*done) (gpointer),
                                      gpointer    data,
                                      guint       timeout_ms);
void     muying_test_spin            (guint       ms);
/* Saves @widget as <MUYING_SCREENSHOT_DIR>/<name>.png; returns the path. */
char    *muying_test_screenshot      (GtkWidget  *widget,
                                      const char *name);
/* Number of glyphs pango could not find in the fonts for the label's text. */
int      muying_test_unknown_glyphs  (GtkLabel   *label);
/* First descendant of @root that is a GtkLabel whose text contains @text. */
GtkLabel *muying_test_find_label     (GtkWidget  *root,
                                      const char *text);

/* Real input: xdotool sends X events through XTEST to the window with the focus, as a keyboard
 * and a mouse do. FALSE without xdotool or off X11 (the tests then act through the widgets). */
gboolean muying_test_have_xdotool    (void);
/* Runs an xdotool command line while the main loop turns (the window takes the events as they
 * come, as from a keyboard). */
void     muying_test_run_xdotool     (const char * const *argv);
/* Gives the window of @widget the focus, then sends @keys: one xdotool "type" text, or "key"
 * names separated by spaces ("Tab space Down Return"). */
void     muying_test_xdotool         (GtkWidget  *widget,
                                      const char *command,
                                      const char *keys);
/* The first widget of @type in @root's tree (@root itself included, depth first), or NULL. */
GtkWidget *muying_test_find_widget   (GtkWidget  *root,
                                      GType       type);
/* The X11 window id of @widget's surface, as text for xdotool. */
char    *muying_test_xid             (GtkWidget  *widget);

/* A main window over @store, signed in as a user of @role (created as needed:
 * "admin" is the first administrator, "nurse"/"doctor" are added by it). */
MuyingWindow *muying_test_open_window (MuyingStore *store,
                                       MuyingRole   role);

G_END_DECLS
