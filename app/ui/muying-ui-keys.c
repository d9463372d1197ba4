/* muying-ui-keys.c: keyboard helpers shared by the windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-ui-keys.h"

static GtkWidget *
find_search_entry (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (GTK_IS_SEARCH_ENTRY (widget) && gtk_widget_is_sensitive (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_search_entry (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

gboolean
muying_ui_focus_search (GtkWidget *page)
{
  GtkWidget *entry;

  g_return_val_if_fail (GTK_IS_WIDGET (page), FALSE);

  entry = find_search_entry (page);
  if (entry == NULL)
    return FALSE;
  gtk_widget_grab_focus (entry);
  gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);
  return TRUE;
}

typedef struct
{
  MuyingUnsavedFunc  func;
  gpointer           user_data;
  GtkWindow         *parent;   /* weak */
} UnsavedQuestion;

static void
unsaved_question_free (gpointer  data,
                       GClosure *closure)
{
  UnsavedQuestion *q = data;

  g_clear_weak_pointer (&q->parent);
  g_free (q);
}

static void
on_unsaved_response_cb (GtkDialog       *dialog,
                        int              response,
                        UnsavedQuestion *q)
{
  MuyingUnsavedAnswer answer = response == GTK_RESPONSE_ACCEPT ? MUYING_UNSAVED_SAVE
                             : response == GTK_RESPONSE_REJECT ? MUYING_UNSAVED_DISCARD
                             : MUYING_UNSAVED_CANCEL;
  GtkWindow *parent = q->parent;

  /* Answer after the dialog is gone and detached, so that a parent the answer closes is not
   * still referenced by a dialog that finalizes after it. */
  gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (parent != NULL)
    q->func (parent, answer, q->user_data);
}

GtkWindow *
muying_ui_ask_unsaved (GtkWindow         *parent,
                       const char        *what,
                       MuyingUnsavedFunc  func,
                       gpointer           user_data)
{
  GtkWidget *dialog;
  UnsavedQuestion *q;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);

  dialog = gtk_message_dialog_new (parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE, _("Save the changes?"));
  /* TRANSLATORS: %s is e.g. "the record being entered" */
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("You have not saved %s. If you discard it, what you typed is lost."),
                                            what);
  gtk_window_set_title (GTK_WINDOW (dialog), _("Unsaved changes"));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL, _("_Discard"), GTK_RESPONSE_REJECT,
                          _("_Save"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_REJECT),
                            "destructive-action");
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT),
                            "suggested-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);

  q = g_new0 (UnsavedQuestion, 1);
  q->func = func;
  q->user_data = user_data;
  g_set_weak_pointer (&q->parent, parent);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_unsaved_response_cb), q,
                         unsaved_question_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

typedef struct
{
  MuyingUnsavedCheck save;
  gboolean           confirmed;   /* the user answered Discard, or Save succeeded: close without asking */
} CloseGuard;

static void
close_answer_cb (GtkWindow           *window,
                 MuyingUnsavedAnswer  answer,
                 gpointer             user_data)
{
  CloseGuard *guard = g_object_get_data (G_OBJECT (window), "muying-close-guard");

  if (guard == NULL || answer == MUYING_UNSAVED_CANCEL ||
      (answer == MUYING_UNSAVED_SAVE && !guard->save (window)))
    return;
  guard->confirmed = TRUE;
  gtk_window_close (window);
}

gboolean
muying_ui_guard_close (GtkWindow          *window,
                       const char         *what,
                       MuyingUnsavedCheck  has_unsaved,
                       MuyingUnsavedCheck  save)
{
  CloseGuard *guard;

  g_return_val_if_fail (GTK_IS_WINDOW (window), FALSE);

  guard = g_object_get_data (G_OBJECT (window), "muying-close-guard");
  if (guard == NULL)
    {
      guard = g_new0 (CloseGuard, 1);
      g_object_set_data_full (G_OBJECT (window), "muying-close-guard", guard, g_free);
    }
  guard->save = save;
  if (guard->confirmed || !has_unsaved (window))
    return FALSE;
  muying_ui_ask_unsaved (window, what, close_answer_cb, NULL);
  return TRUE;
}
