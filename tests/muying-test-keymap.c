/* muying-test-keymap.c: a key of the X server's map for a character (see the header)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk/x11/gdkx.h>
#include <X11/Xlib.h>

#include "muying-test-gtk-utils.h"
#include "muying-test-keymap.h"

/* A keycode of the map that has no symbol gets the character, and the window learns the new map
 * before the key is pressed. (xdotool type maps a spare key itself just before it presses it, and
 * a window that has not read the new map yet sees no character.) */
char *
muying_test_map_character_key (const char *character)
{
  Display *dpy = gdk_x11_display_get_xdisplay (gdk_display_get_default ());
  KeySym sym = 0x01000000 | g_utf8_get_char (character);
  int min, max, per;
  KeySym *map;
  int spare = 0;

  XDisplayKeycodes (dpy, &min, &max);
  map = XGetKeyboardMapping (dpy, (KeyCode) min, max - min + 1, &per);
  for (int kc = max; kc >= min && spare == 0; kc--)
    {
      gboolean empty = TRUE;

      for (int i = 0; i < per; i++)
        empty = empty && map[(kc - min) * per + i] == NoSymbol;
      if (empty)
        spare = kc;
    }
  XFree (map);
  g_assert_cmpint (spare, !=, 0);
  XChangeKeyboardMapping (dpy, spare, 1, &sym, 1);
  XSync (dpy, False);
  muying_test_spin (300);
  return g_strdup_printf ("U%04X", (unsigned) g_utf8_get_char (character));
}
