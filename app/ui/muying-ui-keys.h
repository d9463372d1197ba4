/* muying-ui-keys.h: keyboard helpers shared by the windows — the search box of a page, and
 * the question asked before typed work is thrown away
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Focuses (and selects the text of) the first search box shown inside @page.
 * Returns FALSE when the page shows none. */
gboolean muying_ui_focus_search (GtkWidget *page);

typedef enum
{
  MUYING_UNSAVED_SAVE,
  MUYING_UNSAVED_DISCARD,
  MUYING_UNSAVED_CANCEL,
} MuyingUnsavedAnswer;

typedef void (*MuyingUnsavedFunc) (GtkWindow           *parent,
                                   MuyingUnsavedAnswer  answer,
                                   gpointer             user_data);

/* Asks "Save / Discard / Cancel" over @parent about @what (e.g. "the record being entered");
 * Enter saves, Escape cancels. @func is called once with the answer, unless @parent goes first.
 * Returns the dialog. */
GtkWindow *muying_ui_ask_unsaved (GtkWindow         *parent,
                                  const char        *what,
                                  MuyingUnsavedFunc  func,
                                  gpointer           user_data);

/* Of a window with typed work: whether there is some, or save it (TRUE: saved). */
typedef gboolean (*MuyingUnsavedCheck) (GtkWindow *window);

/* For GtkWindowClass.close_request of a window with typed work: FALSE when @window may close
 * now; otherwise asks about @what (muying_ui_ask_unsaved) and returns TRUE to keep it open
 * meanwhile. Save calls @save and closes when it returns TRUE, Discard closes, Cancel keeps it. */
gboolean   muying_ui_guard_close (GtkWindow          *window,
                                  const char         *what,
                                  MuyingUnsavedCheck  has_unsaved,
                                  MuyingUnsavedCheck  save);

G_END_DECLS
