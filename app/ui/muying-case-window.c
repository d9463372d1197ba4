/* muying-case-window.c: one flagged case — review and sign-off, follow-up to an outcome, later
 * results, diagnoses and outcomes, printed documents and the case's timeline
 *
 * All the rules (who may do what, which follow-up step may follow which, what a signed record
 * still allows) live in the store and core; this window offers what they allow, shows their
 * refusals in words, and shows the case again after every committed change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-app-context.h"
#include "muying-case-timeline.h"
#include "muying-case-window-private.h"
#include "muying-case-window.h"
#include "muying-date.h"
#include "muying-follow-on-form.h"
#include "muying-follow-on.h"
#include "muying-followup.h"
#include "muying-print-document.h"
#include "muying-store-persons.h"
#include "muying-store-users.h"
#include "muying-ui-keys.h"
#include "muying-ui-text.h"

struct _MuyingCaseWindow
{
  GtkWindow            parent_instance;

  MuyingAppContext *context;

  MuyingStore         *store;
  MuyingRuleSet       *rules;
  MuyingUser          *user;
  gint64               record_id;
  MuyingCase          *case_;
  char                *message;
  guint                n_history;
  MuyingFollowupState  targets[MUYING_N_FOLLOWUP_STATES];
  guint                n_targets;
  MuyingResultKind     kinds[MUYING_N_RESULT_KINDS];
  guint                n_kinds;
  gboolean             follow_on_built;  /* the buttons of the programme's follow-on kinds */
  MuyingFollowOnForm  *follow_on_form;   /* the open follow-on form (weak), or NULL */

  GtkLabel            *summary_label;
  GtkLabel            *level_label;
  GtkLabel            *reasons_label;
  GtkLabel            *message_label;
  GtkWidget           *review_box;
  GtkDropDown         *review_action_dropdown;
  GtkDropDown         *review_level_dropdown;
  GtkEntry            *review_reason_entry;
  GtkLabel            *followup_label;
  GtkWidget           *followup_box;
  GtkDropDown         *target_dropdown;
  GtkEntry            *followup_date_entry;
  GtkDropDown         *step_dropdown;
  GtkEntry            *followup_note_entry;
  GtkSpinButton       *attempts_spin;
  GtkCheckButton      *refusal_check;
  GtkWidget           *result_box;
  GtkDropDown         *result_kind_dropdown;
  GtkDropDown         *result_value_dropdown;
  GtkDropDown         *result_value2_dropdown;
  GtkEntry            *result_date_entry;
  GtkWidget           *follow_on_box;
  GtkLabel            *follow_on_label;
  GtkBox              *follow_on_buttons;
  MuyingCaseTimeline  *timeline;
  GtkButton           *drug_card_button;
  GtkWidget           *correct_person_button;
  GtkLabel            *identity_label;
  GtkWindow           *person_dialog;     /* the open "correct personal details" dialog, or NULL */
  MuyingRecordPerson  *person;            /* the record's woman, now and as signed */
  GtkWidget           *sign_button;
  GtkWindow           *sign_dialog;     /* weak */
  guint                step_pause;      /* re-enables the step buttons after a step */
};

G_DEFINE_FINAL_TYPE (MuyingCaseWindow, muying_case_window, GTK_TYPE_WINDOW)

/* Signing is not among them: it has a button and a password of its own. */
static const MuyingReviewAction review_actions[] = {
  MUYING_REVIEW_ACCEPT, MUYING_REVIEW_RAISE, MUYING_REVIEW_LOWER, MUYING_REVIEW_NOTE, MUYING_REVIEW_AMEND,
};

static void show_case (MuyingCaseWindow *self);

static void
set_message (MuyingCaseWindow *self,
             const char       *text,
             gboolean          is_error)
{
  g_free (self->message);
  self->message = g_strdup (text);
  gtk_label_set_label (self->message_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "warning-banner");
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), is_error ? "success-banner" : "error-banner");
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), is_error ? "error-banner" : "success-banner");
}

static gboolean
can (MuyingCaseWindow *self,
     MuyingPermission  permission)
{
  return muying_role_can (muying_user_get_role (self->user), permission);
}

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  if (text == NULL || *text == '\0')
    {
      muying_date_today (date);
      return TRUE;
    }
  return muying_date_parse (text, date, NULL);
}

static void
set_string_list (GtkDropDown         *dropdown,
                 const char * const  *labels,
                 guint                n)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, labels[i]);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
}

/* ---- actions ----------------------------------------------------------------------------- */

/* The row version of the follow-up as this window shows it (-1: none shown), so that a step
 * recorded elsewhere since is a conflict instead of being overwritten. */
static gint64
seen_followup (MuyingCaseWindow *self)
{
  return self->case_ != NULL && self->case_->followup != NULL ? self->case_->followup->row_version : -1;
}

/* The same for the record (-1: none shown): what is reviewed, signed or given a result is what
 * this window shows. */
static gint64
seen_record (MuyingCaseWindow *self)
{
  return self->case_ != NULL ? self->case_->row_version : -1;
}

static gboolean
finish (MuyingCaseWindow *self,
        gboolean          ok,
        GError           *error,
        const char       *done_text)
{
  if (!ok)
    {
      set_message (self, error->message, TRUE);
      return FALSE;
    }
  show_case (self);
  set_message (self, done_text, FALSE);
  {
    GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
    if (parent != NULL)
      gtk_widget_activate_action (GTK_WIDGET (parent), "win.reload", NULL);
  }
  return TRUE;
}

gboolean
muying_case_window_review (MuyingCaseWindow   *self,
                           MuyingReviewAction  action,
                           int                 new_level,
                           const char         *reason,
                           const char         *note)
{
  g_autoptr(GError) error = NULL;
  MuyingReview review = { action, new_level, reason && *reason ? reason : NULL, note && *note ? note : NULL };
  gboolean ok;

  review.seen_version = seen_record (self);
  review.check_version = review.seen_version >= 0;

  if (action == MUYING_REVIEW_SIGN)
    {
      set_message (self, _("A signature needs the signer's password: use the Sign button"), TRUE);
      return FALSE;
    }
  ok = muying_store_review (self->store, self->user, self->record_id, &review, self->rules, NULL, &error);
  return finish (self, ok, error, muying_review_action_get_label (action));
}

gboolean
muying_case_window_sign (MuyingCaseWindow *self,
                         const char       *password)
{
  g_autoptr(GError) error = NULL;
  MuyingReview review = { MUYING_REVIEW_SIGN, -1, NULL, NULL, password };
  gboolean ok;

  g_return_val_if_fail (MUYING_IS_CASE_WINDOW (self), FALSE);

  review.seen_version = seen_record (self);
  review.check_version = review.seen_version >= 0;

  /* Who signs is checked first, so a nurse's password is never asked for nothing. */
  if (!muying_user_require (self->user, MUYING_PERMISSION_SIGN, &error))
    return finish (self, FALSE, error, NULL);
  /* An electronic signature: the store checks the signer's password again, counted like a log-in. */
  ok = muying_store_review (self->store, self->user, self->record_id, &review, self->rules, NULL, &error);
  return finish (self, ok, error, _("Signed. The record is locked; later changes are amendments."));
}

/* Steps recorded by the same button within a double click count once. */
static gboolean
end_step_pause_cb (gpointer data)
{
  MuyingCaseWindow *self = data;

  self->step_pause = 0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.followup", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.contact-failed", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.reverse-step", TRUE);
  return G_SOURCE_REMOVE;
}

static void
pause_step_buttons (MuyingCaseWindow *self)
{
  int double_click_ms = 400;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-double-click-time", &double_click_ms, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.followup", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.contact-failed", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.reverse-step", FALSE);
  g_clear_handle_id (&self->step_pause, g_source_remove);
  self->step_pause = g_timeout_add (MAX (double_click_ms, 250) + 100, end_step_pause_cb, self);
}

gboolean
muying_case_window_transition (MuyingCaseWindow    *self,
                               MuyingFollowupState  to,
                               const char          *date,
                               const char          *step,
                               const char          *note,
                               const char          *outcome,
                               int                  contact_attempts,
                               gboolean             refusal_signed)
{
  g_autoptr(GError) error = NULL;
  MuyingFollowupTransition t = { 0 };
  gboolean ok;

  t.to = to;
  g_date_clear (&t.date, 1);
  if (!parse_date (date, &t.date))
    {
      set_message (self, _("Dates are written YYYY-MM-DD"), TRUE);
      return FALSE;
    }
  t.step = step && *step ? step : NULL;
  t.note = note && *note ? note : NULL;
  t.outcome = outcome && *outcome ? outcome : NULL;
  t.contact_attempts = contact_attempts;
  t.refusal_signed = refusal_signed;
  t.seen_version = seen_followup (self);
  t.check_version = t.seen_version >= 0;
  ok = muying_store_followup_transition (self->store, self->user, self->record_id, &t, self->rules, NULL, &error);
  return finish (self, ok, error, muying_followup_action_get_label (to));
}

gboolean
muying_case_window_enter_result (MuyingCaseWindow *self,
                                 MuyingResultKind  kind,
                                 const char       *value,
                                 const char       *value2,
                                 const char       *date,
                                 const char       *note)
{
  g_autoptr(GError) error = NULL;
  MuyingLaterResult result = { 0 };
  gboolean ok;

  result.kind = kind;
  result.value = value;
  result.value2 = value2;
  result.note = note && *note ? note : NULL;
  g_date_clear (&result.date, 1);
  if (!parse_date (date, &result.date))
    {
      set_message (self, _("Dates are written YYYY-MM-DD"), TRUE);
      return FALSE;
    }
  result.seen_version = seen_record (self);
  result.check_version = result.seen_version >= 0;
  ok = muying_store_enter_result (self->store, self->user, self->record_id, &result, self->rules, NULL, &error);
  return finish (self, ok, error, _("The result was saved; the record was classified again"));
}

static void
review_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MuyingCaseWindow *self = MUYING_CASE_WINDOW (widget);
  guint a = gtk_drop_down_get_selected (self->review_action_dropdown);
  /* Level dropdown: low, borderline, high = MuyingLevel. */
  int level = (int) gtk_drop_down_get_selected (self->review_level_dropdown);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->review_reason_entry));
  MuyingReviewAction action = review_actions[MIN (a, G_N_ELEMENTS (review_actions) - 1)];

  if (muying_case_window_review (self, action,
                                 action == MUYING_REVIEW_AMEND && level == (int) self->case_->level ? -1 : level,
                                 text, text))
    gtk_editable_set_text (GTK_EDITABLE (self->review_reason_entry), "");
}

static void
followup_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  MuyingCaseWindow *self = MUYING_CASE_WINDOW (widget);
  guint t = gtk_drop_down_get_selected (self->target_dropdown);
  guint s = gtk_drop_down_get_selected (self->step_dropdown);
  const char * const *steps = muying_followup_list_steps (self->case_->program);
  const char *note = gtk_editable_get_text (GTK_EDITABLE (self->followup_note_entry));
  MuyingFollowupState to;

  if (t >= self->n_targets)
    return;
  to = self->targets[t];
  if (muying_case_window_transition (self, to, gtk_editable_get_text (GTK_EDITABLE (self->followup_date_entry)),
                                     to == MUYING_FOLLOWUP_NEXT_STEP && steps ? steps[s] : NULL,
                                     note, to == MUYING_FOLLOWUP_DONE ? note : NULL,
                                     gtk_spin_button_get_value_as_int (self->attempts_spin),
                                     gtk_check_button_get_active (self->refusal_check)))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->followup_note_entry), "");
      pause_step_buttons (self);
    }
}

static void
contact_failed_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  MuyingCaseWindow *self = MUYING_CASE_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  GDate date;
  gboolean ok;

  if (!parse_date (gtk_editable_get_text (GTK_EDITABLE (self->followup_date_entry)), &date))
    {
      set_message (self, _("Dates are written YYYY-MM-DD"), TRUE);
      return;
    }
  ok = muying_store_followup_contact_attempt (self->store, self->user, self->record_id, seen_followup (self), &date,
                                              gtk_editable_get_text (GTK_EDITABLE (self->followup_note_entry)),
                                              NULL, &error);
  if (finish (self, ok, error, _("The failed contact attempt was recorded")))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->followup_note_entry), "");
      pause_step_buttons (self);
    }
}

gboolean
muying_case_window_reverse_step (MuyingCaseWindow *self,
                                 const char       *reason)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = muying_store_followup_reverse_step (self->store, self->user, self->record_id, seen_followup (self), reason,
                                           self->rules, NULL, &error);
  return finish (self, ok, error, _("The last step was reversed; both stay in the history"));
}

/* The reason is what was typed in the follow-up's note field. */
static void
reverse_step_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MuyingCaseWindow *self = MUYING_CASE_WINDOW (widget);

  if (muying_case_window_reverse_step (self, gtk_editable_get_text (GTK_EDITABLE (self->followup_note_entry))))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->followup_note_entry), "");
      pause_step_buttons (self);
    }
}

/* ---- the signature dialog ---------------------------------------------------------------- */

static void
on_sign_response_cb (GtkDialog        *dialog,
                     int               response,
                     MuyingCaseWindow *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "password-entry");
  GtkLabel *message = g_object_get_data (G_OBJECT (dialog), "message-label");

  if (response != GTK_RESPONSE_ACCEPT)
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (dialog), FALSE);   /* one signature per press */
  if (muying_case_window_sign (self, gtk_editable_get_text (entry)))
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (dialog), TRUE);
  gtk_label_set_label (message, self->message);
  gtk_widget_set_visible (GTK_WIDGET (message), TRUE);
  gtk_editable_set_text (entry, "");
  gtk_widget_grab_focus (GTK_WIDGET (entry));
}

static void
sign_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MuyingCaseWindow *self = MUYING_CASE_WINDOW (widget);
  GtkWidget *dialog, *box, *label, *entry, *message;
  g_autofree char *text = NULL;

  if (self->sign_dialog != NULL)
    {
      gtk_window_present (self->sign_dialog);
      return;
    }
  dialog = gtk_dialog_new_with_buttons (_("Electronic signature"), GTK_WINDOW (self),
                                        GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                        _("_Cancel"), GTK_RESPONSE_CANCEL, _("_Sign"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT),
                            "suggested-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  box = gtk_dialog_get_content_area (GTK_DIALOG (dialog));
  gtk_box_set_spacing (GTK_BOX (box), 10);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);

  text = g_strdup_printf (_("You sign case %s (%s) as %s. The record is then locked: later changes are "
                            "amendments with a reason. Enter your password to sign."),
                          self->case_->key, self->case_->name, muying_user_get_display_name (self->user));
  label = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);

  entry = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  g_object_set (entry, "activates-default", TRUE, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Password"), -1);
  gtk_box_append (GTK_BOX (box), entry);

  message = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_widget_add_css_class (message, "error-banner");
  gtk_widget_set_visible (message, FALSE);
  gtk_box_append (GTK_BOX (box), message);

  /* The dialog's own widgets live as long as the dialog: kept on it, not on the case window,
   * where a pointer would outlive a closed dialog. */
  g_object_set_data (G_OBJECT (dialog), "password-entry", entry);
  g_object_set_data (G_OBJECT (dialog), "message-label", message);
  g_signal_connect (dialog, "response", G_CALLBACK (on_sign_response_cb), self);
  g_set_weak_pointer (&self->sign_dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

GtkWindow *
muying_case_window_get_sign_dialog (MuyingCaseWindow *self)
{
  g_return_val_if_fail (MUYING_IS_CASE_WINDOW (self), NULL);
  return self->sign_dialog;
}

/* ---- closing with a typed note ------------------------------------------------------------ */

void
muying_case_window_set_followup_note (MuyingCaseWindow *self,
                                      const char       *note)
{
  g_return_if_fail (MUYING_IS_CASE_WINDOW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->followup_note_entry), note ? note : "");
}

gboolean
muying_case_window_has_unsaved_text (MuyingCaseWindow *self)
{
  g_return_val_if_fail (MUYING_IS_CASE_WINDOW (self), FALSE);
  return *gtk_editable_get_text (GTK_EDITABLE (self->review_reason_entry)) != '\0' ||
         *gtk_editable_get_text (GTK_EDITABLE (self->followup_note_entry)) != '\0';
}

static void review_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter);
static void followup_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter);

static gboolean
case_has_unsaved (GtkWindow *window)
{
  return muying_case_window_has_unsaved_text (MUYING_CASE_WINDOW (window));
}

/* Save = press the buttons the typed text belongs to; a refusal keeps the window open. */
static gboolean
case_save (GtkWindow *window)
{
  MuyingCaseWindow *self = MUYING_CASE_WINDOW (window);

  if (*gtk_editable_get_text (GTK_EDITABLE (self->review_reason_entry)) != '\0' &&
      gtk_widget_get_visible (self->review_box))
    review_action (GTK_WIDGET (self), NULL, NULL);
  if (*gtk_editable_get_text (GTK_EDITABLE (self->followup_note_entry)) != '\0' &&
      gtk_widget_get_visible (self->followup_box))
    followup_action (GTK_WIDGET (self), NULL, NULL);
  return !muying_case_window_has_unsaved_text (self);
}

static gboolean
muying_case_window_close_request (GtkWindow *window)
{
  if (muying_ui_guard_close (window, _("the note or review typed in this case"), case_has_unsaved, case_save))
    return TRUE;
  return GTK_WINDOW_CLASS (muying_case_window_parent_class)->close_request (window);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static const char *
value_at (MuyingResultKind kind,
          guint            i)
{
  const char * const *values = muying_result_kind_list_values (kind);
  guint n = values ? g_strv_length ((char **) values) : 0;

  return i < n ? values[i] : NULL;
}

static void
result_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MuyingCaseWindow *self = MUYING_CASE_WINDOW (widget);
  guint k = gtk_drop_down_get_selected (self->result_kind_dropdown);
  MuyingResultKind kind;

  if (k >= self->n_kinds)
    return;
  kind = self->kinds[k];
  muying_case_window_enter_result (self, kind, value_at (kind, gtk_drop_down_get_selected (self->result_value_dropdown)),
                                   muying_result_kind_get_field2 (kind) != NULL
                                   ? value_at (kind, gtk_drop_down_get_selected (self->result_value2_dropdown)) : NULL,
                                   gtk_editable_get_text (GTK_EDITABLE (self->result_date_entry)), NULL);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  MuyingCaseWindow *self = MUYING_CASE_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  MuyingDocumentKind kind;
  guint skipped = 0;

  if (!muying_document_kind_from_string (g_variant_get_string (parameter, NULL), &kind))
    return;
  if (!muying_print_records (self->store, self->rules, muying_user_get_login (self->user), &self->record_id, 1, kind,
                             GTK_WINDOW (self), NULL, &skipped, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_message (self, error->message, TRUE);
}

/* ---- correcting the person -------------------------------------------------------------- */

gboolean
muying_case_window_correct_person (MuyingCaseWindow *self,
                                   const char       *name,
                                   const char       *phone,
                                   const char       *reason)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  if (self->person == NULL || self->person->id_number == NULL)
    {
      set_message (self, _("This person has no ID number to correct"), TRUE);
      return FALSE;
    }
  ok = muying_store_correct_person (self->store, self->user, self->person->id_number, name, phone, reason, &error);
  return finish (self, ok, error, _("The personal details were corrected; the old values are kept in the history"));
}

static void
on_person_dialog_destroy_cb (MuyingCaseWindow *self)
{
  self->person_dialog = NULL;
}

static void
on_person_dialog_ok_cb (GtkButton *button,
                        GtkWindow *dialog)
{
  MuyingCaseWindow *self = g_object_get_data (G_OBJECT (dialog), "case-window");
  GtkEditable *name = g_object_get_data (G_OBJECT (dialog), "name");
  GtkEditable *phone = g_object_get_data (G_OBJECT (dialog), "phone");
  GtkEditable *reason = g_object_get_data (G_OBJECT (dialog), "reason");
  GtkLabel *error = g_object_get_data (G_OBJECT (dialog), "error");

  if (muying_case_window_correct_person (self, gtk_editable_get_text (name), gtk_editable_get_text (phone),
                                         gtk_editable_get_text (reason)))
    gtk_window_destroy (dialog);
  else
    {
      gtk_label_set_label (error, self->message);
      gtk_widget_set_visible (GTK_WIDGET (error), TRUE);
    }
}

static GtkWidget *
dialog_row (GtkGrid    *grid,
            int         row,
            const char *label_text,
            const char *value)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (label_text);
  GtkWidget *entry = gtk_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), value ? value : "");
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 28);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_grid_attach (grid, label, 0, row, 1, 1);
  gtk_grid_attach (grid, entry, 1, row, 1, 1);
  return entry;
}

/* A small form: the new name and phone (filled with the present ones) and the reason, which the
 * store requires. The name is that of every record of the woman. */
static void
correct_person_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  MuyingCaseWindow *self = MUYING_CASE_WINDOW (widget);
  GtkWidget *dialog, *box, *grid, *note, *error, *buttons, *cancel, *ok, *name, *phone, *reason;
  g_autofree char *title = NULL;

  if (self->person == NULL || self->person_dialog != NULL)
    return;
  title = g_strdup_printf (_("Correct personal details: %s"), self->person->id_number);
  dialog = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (dialog), title);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  gtk_widget_set_margin_top (box, 16);
  gtk_widget_set_margin_bottom (box, 16);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  note = gtk_label_new (_("The name and phone belong to all of this woman's records. Signed records keep the "
                          "details they were signed with in their history."));
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (note), 50);
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_box_append (GTK_BOX (box), note);

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 10);
  name = dialog_row (GTK_GRID (grid), 0, _("_Name"), self->person->name);
  phone = dialog_row (GTK_GRID (grid), 1, _("_Phone"), self->person->phone);
  reason = dialog_row (GTK_GRID (grid), 2, _("_Reason *"), NULL);
  gtk_box_append (GTK_BOX (box), grid);

  error = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (error), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error), 0);
  gtk_widget_add_css_class (error, "level-high");
  gtk_widget_set_visible (error, FALSE);
  gtk_box_append (GTK_BOX (box), error);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  ok = gtk_button_new_with_mnemonic (_("C_orrect"));
  gtk_widget_add_css_class (ok, "suggested-action");
  gtk_box_append (GTK_BOX (buttons), cancel);
  gtk_box_append (GTK_BOX (buttons), ok);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_window_set_child (GTK_WINDOW (dialog), box);
  gtk_window_set_default_widget (GTK_WINDOW (dialog), ok);

  g_object_set_data (G_OBJECT (dialog), "case-window", self);
  g_object_set_data (G_OBJECT (dialog), "name", name);
  g_object_set_data (G_OBJECT (dialog), "phone", phone);
  g_object_set_data (G_OBJECT (dialog), "reason", reason);
  g_object_set_data (G_OBJECT (dialog), "error", error);
  g_signal_connect (ok, "clicked", G_CALLBACK (on_person_dialog_ok_cb), dialog);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), dialog);
  g_signal_connect_swapped (dialog, "destroy", G_CALLBACK (on_person_dialog_destroy_cb), self);
  self->person_dialog = GTK_WINDOW (dialog);
  gtk_widget_grab_focus (reason);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The woman now and, for a signed record, whether she was corrected after the signing (the
 * signed details are in the sign audit row; the record shows her as she is now). */
static void
show_person (MuyingCaseWindow *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  MuyingRecordPerson *p;

  g_clear_pointer (&self->person, muying_record_person_free);
  self->person = muying_store_get_record_person (self->store, self->record_id, &error);
  p = self->person;
  if (p == NULL)
    {
      /* Not silence: without the person the correction and the signed-for check cannot be shown. */
      g_autofree char *message = g_strdup_printf (_("The personal details cannot be read: %s"), error->message);

      gtk_widget_set_visible (self->correct_person_button, FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (self->identity_label), "warning-banner");
      gtk_widget_add_css_class (GTK_WIDGET (self->identity_label), "error-banner");
      gtk_label_set_label (self->identity_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->identity_label), TRUE);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->identity_label), "error-banner");
  gtk_widget_add_css_class (GTK_WIDGET (self->identity_label), "warning-banner");
  gtk_widget_set_visible (self->correct_person_button,
                          p != NULL && p->id_number != NULL && can (self, MUYING_PERMISSION_SIGN));
  if (p != NULL && p->signed_at != NULL && p->n_changes_after_signing > 0)
    {
      g_string_append (text, _("The personal details were changed after this record was signed"));
      if (p->has_signed_snapshot &&
          (g_strcmp0 (p->signed_name, p->name) != 0 || g_strcmp0 (p->signed_phone, p->phone) != 0))
        {
          g_string_append (text, _(": "));
          /* TRANSLATORS: name and phone at the signing, then now */
          g_string_append_printf (text, _("signed for %s (phone %s), now %s (phone %s)"), p->signed_name,
                                  p->signed_phone ? p->signed_phone : "—", p->name, p->phone ? p->phone : "—");
        }
      g_string_append_printf (text, "%s", _(". See the history below."));
    }
  gtk_label_set_label (self->identity_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->identity_label), text->len > 0);
}

/* ---- diagnoses, outcomes and treatment -------------------------------------------------- */

/* Who may enter a diagnosis, an outcome or an audiology result from a case: those who enter
 * records (a nurse types the report; the store checks again). */
static gboolean
can_enter_follow_on (MuyingCaseWindow *self)
{
  return can (self, MUYING_PERMISSION_ENTER);
}

static void
on_follow_on_saved_cb (MuyingFollowOnForm *form,
                       gint64              id,
                       gboolean            linked,
                       MuyingCaseWindow   *self)
{
  const MuyingFollowOnDescriptor *d = muying_follow_on_descriptor_get (muying_follow_on_form_get_kind (form));
  g_autofree char *done = linked ? g_strdup_printf (_("%s saved"), _(d->label))
                                 : g_strdup_printf (_("%s saved, but not linked to this case: check the expected "
                                                      "delivery date, or link it by hand (worklist, “Not linked”)"),
                                                    _(d->label));

  finish (self, TRUE, NULL, done);
  if (!linked)
    set_message (self, done, TRUE);
}

gboolean
muying_case_window_add_follow_on (MuyingCaseWindow   *self,
                                  MuyingFollowOnKind  kind)
{
  g_autoptr(GError) error = NULL;
  MuyingFollowOnForm *form;

  g_return_val_if_fail (MUYING_IS_CASE_WINDOW (self), FALSE);

  if (self->follow_on_form != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->follow_on_form));
      return muying_follow_on_form_get_kind (self->follow_on_form) == kind;
    }
  if (muying_follow_on_descriptor_get (kind)->program != self->case_->program)
    {
      g_autofree char *text = g_strdup_printf (_("A %s does not follow a case of %s"),
                                               _(muying_follow_on_descriptor_get (kind)->label),
                                               muying_program_get_label (self->case_->program));

      set_message (self, text, TRUE);
      return FALSE;
    }
  form = muying_follow_on_form_new (GTK_WINDOW (self), self->context, kind, self->record_id, &error);
  if (form == NULL)
    {
      set_message (self, error->message, TRUE);
      return FALSE;
    }
  g_signal_connect (form, "saved", G_CALLBACK (on_follow_on_saved_cb), self);
  g_set_weak_pointer (&self->follow_on_form, form);
  gtk_window_present (GTK_WINDOW (form));
  return TRUE;
}

MuyingFollowOnForm *
muying_case_window_get_follow_on_form (MuyingCaseWindow *self)
{
  g_return_val_if_fail (MUYING_IS_CASE_WINDOW (self), NULL);
  return self->follow_on_form;
}

MuyingCaseTimeline *
muying_case_window_get_timeline (MuyingCaseWindow *self)
{
  g_return_val_if_fail (MUYING_IS_CASE_WINDOW (self), NULL);
  return self->timeline;
}

gboolean
muying_case_window_edit_follow_on (MuyingCaseWindow   *self,
                                   MuyingFollowOnKind  kind,
                                   gint64              row_id)
{
  g_autoptr(GError) error = NULL;
  MuyingFollowOnForm *form;

  g_return_val_if_fail (MUYING_IS_CASE_WINDOW (self), FALSE);

  if (self->follow_on_form != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->follow_on_form));
      return muying_follow_on_form_get_row_id (self->follow_on_form) == row_id;
    }
  form = muying_follow_on_form_new_edit (GTK_WINDOW (self), self->context, kind, self->record_id, row_id, &error);
  if (form == NULL)
    {
      set_message (self, error->message, TRUE);
      return FALSE;
    }
  g_signal_connect (form, "saved", G_CALLBACK (on_follow_on_saved_cb), self);
  g_set_weak_pointer (&self->follow_on_form, form);
  gtk_window_present (GTK_WINDOW (form));
  return TRUE;
}

static void
edit_follow_on_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  int kind;
  gint64 row_id;

  g_variant_get (parameter, "(ix)", &kind, &row_id);
  if (kind >= 0 && kind < MUYING_N_FOLLOW_ON_KINDS)
    muying_case_window_edit_follow_on (MUYING_CASE_WINDOW (widget), (MuyingFollowOnKind) kind, row_id);
}

static void
add_follow_on_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  const MuyingFollowOnDescriptor *d = muying_follow_on_descriptor_lookup (g_variant_get_string (parameter, NULL));

  if (d != NULL)
    muying_case_window_add_follow_on (MUYING_CASE_WINDOW (widget), d->kind);
}

/* The two cancers' treatments (cervix, breast) are later results: the button picks the first in
 * the later results. */
static void
add_treatment_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MuyingCaseWindow *self = MUYING_CASE_WINDOW (widget);

  /* The cervix's first; the breast's is next in the same list. */
  for (guint i = 0; i < self->n_kinds; i++)
    if (self->kinds[i] == MUYING_RESULT_CERVICAL_TREATMENT || self->kinds[i] == MUYING_RESULT_BREAST_TREATMENT)
      {
        gtk_drop_down_set_selected (self->result_kind_dropdown, i);
        gtk_widget_grab_focus (GTK_WIDGET (self->result_value_dropdown));
        return;
      }
}

/* The "Add …" buttons' labels with their access keys (Alt+I, Alt+O, Alt+A; the case window's
 * other buttons and its print menu have D, H, G, P, C, N, R, S, L, T, V and E: a key two widgets
 * share only moves the focus); a kind without one says "Add %s…". */
static const char * const add_labels[MUYING_N_FOLLOW_ON_KINDS] = {
  [MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS] = N_("Add a prenatal d_iagnosis…"),
  [MUYING_FOLLOW_ON_PREGNANCY_OUTCOME] = N_("Add the pregnancy _outcome…"),
  [MUYING_FOLLOW_ON_AUDIOLOGY] = N_("Add an _audiology diagnosis…"),
};

static GtkWidget *
follow_on_button (const char *label,
                  const char *action,
                  GVariant   *target)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  return button;
}

/* The buttons of the programme's follow-on kinds (made once: the programme never changes) and
 * what has been entered so far. */
static void
show_follow_on (MuyingCaseWindow *self)
{
  const MuyingCase *c = self->case_;
  gboolean any_kind = FALSE;

  for (guint k = 0; k < MUYING_N_FOLLOW_ON_KINDS; k++)
    {
      const MuyingFollowOnDescriptor *d = muying_follow_on_descriptor_get ((MuyingFollowOnKind) k);

      if (d->program != c->program)
        continue;
      any_kind = TRUE;
      if (!self->follow_on_built)
        {
          /* TRANSLATORS: the kind of record, e.g. "Add prenatal diagnosis…" */
          g_autofree char *label = add_labels[k] != NULL ? g_strdup (_(add_labels[k]))
                                                         : g_strdup_printf (_("Add %s…"), _(d->label));

          gtk_box_append (self->follow_on_buttons,
                          follow_on_button (label, "case.add-follow-on", g_variant_new_string (d->name)));
        }
    }
  if (!any_kind && !self->follow_on_built && c->program == MUYING_PROGRAM_TWO_CANCER)
    gtk_box_append (self->follow_on_buttons, follow_on_button (_("Record a treatm_ent…"), "case.add-treatment", NULL));
  self->follow_on_built = TRUE;

  if (any_kind)
    {
      gtk_widget_set_visible (self->follow_on_box, can_enter_follow_on (self));
      /* The count is the timeline's (it reads the rows); said here when there are none. */
      gtk_label_set_label (self->follow_on_label,
                           c->program == MUYING_PROGRAM_NEWBORN
                           ? _("No audiology diagnosis has been entered for this baby yet.")
                           : _("No prenatal diagnosis or pregnancy outcome has been entered for this pregnancy yet."));
    }
  else
    {
      gtk_widget_set_visible (self->follow_on_box, gtk_widget_get_visible (self->result_box));
      gtk_label_set_label (self->follow_on_label, _("A treatment is recorded among the later results above."));
    }
}

static void
show_follow_on_count (MuyingCaseWindow *self)
{
  int n = muying_case_timeline_get_n_follow_on (self->timeline);
  g_autofree char *text = NULL;

  if (self->case_->program == MUYING_PROGRAM_TWO_CANCER || n == 0)
    return;
  if (n < 0)
    text = g_strdup (_("The diagnoses and outcomes cannot be read: see the timeline."));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d record entered: see the timeline below.",
                                         "%d records entered: see the timeline below.", n), n);
  gtk_label_set_label (self->follow_on_label, text);
}

/* ---- showing the case -------------------------------------------------------------------- */

static void
on_result_kind_changed_cb (MuyingCaseWindow *self)
{
  guint k = gtk_drop_down_get_selected (self->result_kind_dropdown);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  const char * const *values;
  MuyingResultKind kind;

  if (k >= self->n_kinds)
    return;
  kind = self->kinds[k];
  values = muying_result_kind_list_values (kind);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    g_ptr_array_add (labels, (gpointer) muying_result_value_get_label (kind, values[i]));
  set_string_list (self->result_value_dropdown, (const char * const *) labels->pdata, labels->len);
  set_string_list (self->result_value2_dropdown, (const char * const *) labels->pdata, labels->len);
  gtk_widget_set_visible (GTK_WIDGET (self->result_value2_dropdown),
                          muying_result_kind_get_field2 (kind) != NULL);
}

static void
show_case (MuyingCaseWindow *self)
{
  g_autoptr(GError) error = NULL;
  MuyingCase *c = muying_store_get_case (self->store, self->record_id, NULL, &error);
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autoptr(GString) reasons = g_string_new (NULL);
  g_autoptr(GPtrArray) target_labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) step_labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) kind_labels = g_ptr_array_new ();
  gboolean signed_ = FALSE;
  gboolean has_mt = FALSE;

  if (c == NULL)
    {
      set_message (self, error->message, TRUE);
      return;
    }
  g_clear_pointer (&self->case_, muying_case_free);
  self->case_ = c;
  signed_ = g_strcmp0 (c->review_state, "signed") == 0;

  g_string_append_printf (summary, "%s  ·  %s  ·  %s\n", c->name, muying_program_get_label (c->program), c->key);
  g_string_append_printf (summary, _("ID number %s, record date %s"), c->id_number ? c->id_number : "—",
                          c->record_date);
  g_string_append_printf (summary, "\n%s", muying_review_state_get_label (c->review_state));
  if (signed_ && c->signed_by != NULL)
    {
      /* in local time, to the minute, as every other time the window shows */
      g_autofree char *signed_at = muying_ui_local_minute (c->signed_at);

      g_string_append_printf (summary, _(" by %s at %s"), c->signed_by, signed_at);
    }
  gtk_label_set_label (self->summary_label, summary->str);
  show_person (self);
  {
    g_autofree char *title = g_strdup_printf (_("Case %s: %s"), c->key, c->name);
    gtk_window_set_title (GTK_WINDOW (self), title);
  }

  gtk_label_set_label (self->level_label, muying_level_get_label (c->level));
  gtk_widget_remove_css_class (GTK_WIDGET (self->level_label), "level-high");
  gtk_widget_remove_css_class (GTK_WIDGET (self->level_label), "level-intermediate");
  gtk_widget_remove_css_class (GTK_WIDGET (self->level_label), "level-low");
  gtk_widget_add_css_class (GTK_WIDGET (self->level_label), muying_ui_level_css_class (c->level));
  for (guint i = 0; c->reasons != NULL && c->reasons[i] != NULL; i++)
    {
      const char *label = muying_rule_set_get_reason_label (self->rules, c->reasons[i]);
      const char *next = muying_rule_set_get_next_step (self->rules, c->reasons[i]);

      if (g_strcmp0 (c->reasons[i], "MT_AMINOGLYCOSIDE") == 0)
        has_mt = TRUE;
      g_string_append_printf (reasons, "• %s\n   %s%s\n", label ? label : c->reasons[i], _("Next step: "), next ? next : "");
    }
  gtk_label_set_label (self->reasons_label, reasons->len ? reasons->str : _("No reason for concern was found."));
  gtk_widget_set_visible (GTK_WIDGET (self->drug_card_button), has_mt);

  /* Review: doctors; a signed record only takes notes and amendments. */
  gtk_widget_set_visible (self->review_box, can (self, MUYING_PERMISSION_REVIEW));
  gtk_widget_set_visible (self->sign_button, can (self, MUYING_PERMISSION_SIGN) && !signed_);

  /* Follow-up: the transitions the state machine allows from here. */
  if (c->followup != NULL)
    {
      g_autoptr(GString) f = g_string_new (NULL);

      g_string_append_printf (f, _("Follow-up: %s, due %s"), muying_followup_state_get_label (c->followup->state),
                              c->followup->due_date);
      if (c->followup->overdue)
        g_string_append_printf (f, _(" — %d days overdue"), c->followup->days_overdue);
      if (c->followup->next_step != NULL)
        {
          const char *step = muying_followup_step_get_label (c->followup->next_step);

          g_string_append_printf (f, _("; next step: %s"), step ? step : c->followup->next_step);
        }
      if (c->followup->contact_attempts > 0)
        g_string_append_printf (f, _("; %d contact attempts"), c->followup->contact_attempts);
      if (c->followup->outcome != NULL)
        g_string_append_printf (f, _("; outcome: %s"), c->followup->outcome);
      gtk_label_set_label (self->followup_label, f->str);
      if (c->followup->overdue)
        gtk_widget_add_css_class (GTK_WIDGET (self->followup_label), "level-high");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->followup_label), "level-high");
      {
        MuyingFollowupState all[MUYING_N_FOLLOWUP_STATES];
        guint n = muying_followup_list_targets (c->followup->state, all);

        /* Only the steps this role may record (nurses: the contact). */
        self->n_targets = 0;
        for (guint i = 0; i < n; i++)
          if (can (self, muying_followup_transition_permission (all[i])))
            self->targets[self->n_targets++] = all[i];
      }
    }
  else
    {
      gtk_label_set_label (self->followup_label, _("No follow-up: the record is not flagged."));
      self->n_targets = 0;
    }
  for (guint i = 0; i < self->n_targets; i++)
    g_ptr_array_add (target_labels, (gpointer) muying_followup_action_get_label (self->targets[i]));
  set_string_list (self->target_dropdown, (const char * const *) target_labels->pdata, target_labels->len);
  {
    const char * const *steps = muying_followup_list_steps (c->program);
    guint suggested = 0;

    for (guint i = 0; steps != NULL && steps[i] != NULL; i++)
      {
        const char *label = muying_followup_step_get_label (steps[i]);

        g_ptr_array_add (step_labels, (gpointer) (label ? label : steps[i]));
        if (g_strcmp0 (steps[i], c->suggested_step) == 0)
          suggested = i;
      }
    set_string_list (self->step_dropdown, (const char * const *) step_labels->pdata, step_labels->len);
    gtk_drop_down_set_selected (self->step_dropdown, suggested);
  }
  gtk_widget_set_visible (self->followup_box, self->n_targets > 0 && can (self, MUYING_PERMISSION_CONTACT));

  /* Later results of this programme (a diagnosis, an outcome, an audiology visit are follow-on
   * records, entered with their own forms). */
  self->n_kinds = 0;
  for (guint k = 0; k < MUYING_N_RESULT_KINDS; k++)
    if (muying_result_kind_get_program ((MuyingResultKind) k) == c->program)
      {
        self->kinds[self->n_kinds++] = (MuyingResultKind) k;
        g_ptr_array_add (kind_labels, (gpointer) muying_result_kind_get_label ((MuyingResultKind) k));
      }
  set_string_list (self->result_kind_dropdown, (const char * const *) kind_labels->pdata, kind_labels->len);
  on_result_kind_changed_cb (self);
  /* A prenatal case has none left: its diagnoses and outcome are follow-on records. */
  gtk_widget_set_visible (self->result_box, can (self, MUYING_PERMISSION_FOLLOW_UP) && self->n_kinds > 0);

  show_follow_on (self);
  muying_case_timeline_set_can_edit (self->timeline, can_enter_follow_on (self));
  muying_case_timeline_show (self->timeline, self->store, self->rules, c);
  self->n_history = muying_case_timeline_get_n_history (self->timeline);
  show_follow_on_count (self);
}

/* ---- life cycle -------------------------------------------------------------------------- */

static void
muying_case_window_dispose (GObject *object)
{
  MuyingCaseWindow *self = MUYING_CASE_WINDOW (object);

  if (self->person_dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->person_dialog, self);
      gtk_window_destroy (g_steal_pointer (&self->person_dialog));
    }
  g_clear_handle_id (&self->step_pause, g_source_remove);
  if (self->sign_dialog != NULL)
    gtk_window_destroy (self->sign_dialog);
  g_clear_weak_pointer (&self->sign_dialog);
  if (self->follow_on_form != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->follow_on_form, self);
      gtk_window_destroy (GTK_WINDOW (self->follow_on_form));
    }
  g_clear_weak_pointer (&self->follow_on_form);
  gtk_widget_dispose_template (GTK_WIDGET (self), MUYING_TYPE_CASE_WINDOW);
  g_clear_object (&self->store);
  g_clear_object (&self->rules);
  g_clear_object (&self->user);
  g_clear_pointer (&self->case_, muying_case_free);
  g_clear_pointer (&self->person, muying_record_person_free);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (muying_case_window_parent_class)->dispose (object);
}

static void
muying_case_window_finalize (GObject *object)
{
  g_free (MUYING_CASE_WINDOW (object)->message);
  G_OBJECT_CLASS (muying_case_window_parent_class)->finalize (object);
}

static void
person_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MuyingCaseWindow *self = MUYING_CASE_WINDOW (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.show-person", "x", self->record_id);
}

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
muying_case_window_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MuyingCaseWindow *self = MUYING_CASE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
muying_case_window_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MuyingCaseWindow *self = MUYING_CASE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      g_set_object (&self->store, muying_app_context_get_store (self->context));
      g_set_object (&self->rules, muying_app_context_get_rules (self->context));
      g_set_object (&self->user, muying_app_context_get_user (self->context));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
muying_case_window_class_init (MuyingCaseWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = muying_case_window_dispose;
  object_class->get_property = muying_case_window_get_property;
  object_class->set_property = muying_case_window_set_property;
  object_class->finalize = muying_case_window_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = muying_case_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MUYING_TYPE_APP_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MUYING_TYPE_CASE_TIMELINE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muying/Muying/ui/muying-case-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MuyingCaseWindow, name)
  BIND (summary_label);
  BIND (level_label);
  BIND (reasons_label);
  BIND (message_label);
  BIND (review_box);
  BIND (review_action_dropdown);
  BIND (review_level_dropdown);
  BIND (review_reason_entry);
  BIND (followup_label);
  BIND (followup_box);
  BIND (target_dropdown);
  BIND (followup_date_entry);
  BIND (step_dropdown);
  BIND (followup_note_entry);
  BIND (attempts_spin);
  BIND (refusal_check);
  BIND (result_box);
  BIND (result_kind_dropdown);
  BIND (result_value_dropdown);
  BIND (result_value2_dropdown);
  BIND (result_date_entry);
  BIND (follow_on_box);
  BIND (follow_on_label);
  BIND (follow_on_buttons);
  BIND (timeline);
  BIND (drug_card_button);
  BIND (correct_person_button);
  BIND (identity_label);
  BIND (sign_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_result_kind_changed_cb);
  gtk_widget_class_install_action (widget_class, "case.review", NULL, review_action);
  gtk_widget_class_install_action (widget_class, "case.followup", NULL, followup_action);
  gtk_widget_class_install_action (widget_class, "case.contact-failed", NULL, contact_failed_action);
  gtk_widget_class_install_action (widget_class, "case.result", NULL, result_action);
  gtk_widget_class_install_action (widget_class, "case.add-follow-on", "s", add_follow_on_action);
  gtk_widget_class_install_action (widget_class, "case.edit-follow-on", "(ix)", edit_follow_on_action);
  gtk_widget_class_install_action (widget_class, "case.add-treatment", NULL, add_treatment_action);
  gtk_widget_class_install_action (widget_class, "case.print", "s", print_action);
  gtk_widget_class_install_action (widget_class, "case.correct-person", NULL, correct_person_action);
  gtk_widget_class_install_action (widget_class, "case.person", NULL, person_action);
  gtk_widget_class_install_action (widget_class, "case.sign", NULL, sign_action);
  gtk_widget_class_install_action (widget_class, "case.reverse-step", NULL, reverse_step_action);
  gtk_widget_class_install_action (widget_class, "case.close", NULL, close_action);
  /* Esc and Ctrl+W close the case as the close button does (asking first about typed text). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "case.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "case.close", NULL);
}

static void
muying_case_window_init (MuyingCaseWindow *self)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < G_N_ELEMENTS (review_actions); i++)
    g_ptr_array_add (labels, (gpointer) muying_review_action_get_label (review_actions[i]));
  set_string_list (self->review_action_dropdown, (const char * const *) labels->pdata, labels->len);
}

MuyingCaseWindow *
muying_case_window_new (GtkWindow        *parent,
                        MuyingAppContext *context,
                        gint64            record_id,
                        GError          **error)
{
  g_autoptr(MuyingCase) c = NULL;
  MuyingCaseWindow *self;

  g_return_val_if_fail (MUYING_IS_APP_CONTEXT (context), NULL);

  c = muying_store_get_case (muying_app_context_get_store (context), record_id, NULL, error);
  if (c == NULL)
    return NULL;
  self = g_object_new (MUYING_TYPE_CASE_WINDOW, "transient-for", parent, "context", context, NULL);
  if (parent != NULL && gtk_window_get_application (parent) != NULL)
    gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
  self->record_id = record_id;
  gtk_drop_down_set_selected (self->review_level_dropdown, c->level);
  show_case (self);
  return self;
}

const MuyingCase *
muying_case_window_get_case (MuyingCaseWindow *self)
{
  return self->case_;
}

const char *
muying_case_window_get_message (MuyingCaseWindow *self)
{
  return self->message;
}

guint
muying_case_window_get_n_history (MuyingCaseWindow *self)
{
  return self->n_history;
}

GtkWindow *
muying_case_window_get_person_dialog (MuyingCaseWindow *self)
{
  return self->person_dialog;
}

const char *
muying_case_window_get_identity_notice (MuyingCaseWindow *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->identity_label)) ? gtk_label_get_label (self->identity_label)
                                                                     : NULL;
}
