/* muying-test-keymap.h: a key of the X server's map for a character no keyboard key has (a Han
 * character), so that xdotool can press it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Gives @character (one UTF-8 character) a spare keycode of the X server's map and lets the
 * window learn the new map; returns the keysym's name for "xdotool key" ("U738B"). */
char *muying_test_map_character_key (const char *character);

G_END_DECLS
