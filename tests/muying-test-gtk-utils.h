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

/* A main window over @store, signed in as a user of @role (created as needed:
 * "admin" is the first administrator, "nurse"/"doctor" are added by it). */
MuyingWindow *muying_test_open_window (MuyingStore *store,
                                       MuyingRole   role);

G_END_DECLS
