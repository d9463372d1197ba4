/* test-case.c: a flagged case taken from entry to closure in the window — the worklist shows
 * it, a nurse cannot sign, a doctor reviews and signs (the record is then locked), the
 * follow-up goes notified → next step → result → done, the case leaves the worklist, and every
 * step is in the record's history.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "muying-case-window-private.h"
#include "muying-record-form-private.h"
#include "muying-store-sql.h"
#include "muying-case-window.h"
#include "muying-date.h"
#include "muying-record-form.h"
#include "muying-test-gtk-utils.h"
#include "muying-ui-text.h"
#include "muying-test-pg-store.h"
#include "muying-test-utils.h"
#include "muying-window-private.h"
#include "muying-worklist-page-private.h"
#include "muying-worklist-page.h"

static const char * const high_risk[] = {
  "sample_no", "P-CASE-1", "id_number", "110105198803150029", "name", "林芳", "phone", "13800001111",
  "sample_date", "2026-05-10", "test_type", "mid_double", "ga_weeks", "16", "ga_days", "2",
  "t21_risk", "1/150", "t18_risk", "1/20000", NULL
};

/* "/case/server/…": the new database moved to a server database */
typedef MuyingTestDb Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  muying_test_db_create (f, "case.db");
  muying_test_db_move_if (f, GPOINTER_TO_INT (data), "case");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  muying_test_db_clear (f);
}

static gint64
enter_record (MuyingWindow *window)
{
  MuyingRecordForm *form;
  gint64 id;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-record", "s", "prenatal"));
  form = muying_window_get_last_form (window);
  for (guint i = 0; high_risk[i] != NULL; i += 2)
    muying_record_form_set_value (form, high_risk[i], high_risk[i + 1]);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.save", NULL));
  g_assert_cmpint (muying_record_form_get_saved_level (form), ==, MUYING_LEVEL_HIGH);
  id = muying_record_form_get_record_id (form);
  gtk_window_destroy (GTK_WINDOW (form));
  return id;
}

static guint
worklist_size (MuyingWindow *window)
{
  MuyingWorklistPage *page = MUYING_WORKLIST_PAGE (muying_window_get_page (window, "worklist"));

  muying_window_reload (window);
  return (guint) muying_worklist_page_get_total (page);
}

static void
test_entry_to_closure (Fixture       *f,
                       gconstpointer  data)
{
  MuyingStore *store = f->store;
  MuyingWindow *nurse = muying_test_open_window (store, MUYING_ROLE_NURSE);
  MuyingWindow *doctor;
  MuyingCaseWindow *c;
  gint64 id = enter_record (nurse);
  GDate today;
  g_autofree char *today_text = NULL;

  muying_date_today (&today);
  today_text = muying_date_format (&today);

  /* The new high-risk case is on the worklist. */
  g_assert_cmpuint (worklist_size (nurse), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (nurse), "win.show-page", "s", "worklist"));
  g_free (muying_test_screenshot (GTK_WIDGET (nurse), "worklist-one-case"));

  /* A nurse may open it but not sign it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (nurse), "win.open-case", "x", id));
  c = muying_window_get_last_case (nurse);
  g_assert_nonnull (c);
  g_assert_false (muying_case_window_sign (c, "correct-horse-2"));
  g_test_message ("nurse signing: %s", muying_case_window_get_message (c));
  gtk_window_destroy (GTK_WINDOW (c));
  gtk_window_destroy (GTK_WINDOW (nurse));

  /* The doctor reviews and signs. */
  doctor = muying_test_open_window (store, MUYING_ROLE_DOCTOR);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (doctor), "win.open-case", "x", id));
  c = muying_window_get_last_case (doctor);
  g_free (muying_test_screenshot (GTK_WIDGET (c), "case-before-review"));
  g_assert_false (muying_case_window_review (c, MUYING_REVIEW_LOWER, MUYING_LEVEL_INTERMEDIATE, NULL, NULL));
  g_test_message ("lower without a reason: %s", muying_case_window_get_message (c));
  g_assert_true (muying_case_window_review (c, MUYING_REVIEW_ACCEPT, -1, NULL, NULL));
  /* Signing without the password (the old review path) is refused; with it, it signs. */
  g_assert_false (muying_case_window_review (c, MUYING_REVIEW_SIGN, -1, NULL, NULL));
  if (!muying_case_window_sign (c, "correct-horse-2"))
    g_error ("signing failed: %s", muying_case_window_get_message (c));
  g_assert_cmpstr (muying_case_window_get_case (c)->review_state, ==, "signed");
  /* who signed and when, the time in local time to the minute (not the stored UTC text) */
  {
    g_autofree char *when = muying_ui_local_minute (muying_case_window_get_case (c)->signed_at);
    GtkLabel *summary = muying_test_find_label (GTK_WIDGET (c), when);

    g_assert_nonnull (summary);
    g_assert_null (strstr (gtk_label_get_label (summary), muying_case_window_get_case (c)->signed_at));
  }

  /* Signed means locked: the same record with a changed result cannot be saved over it. */
  {
    MuyingRecordForm *form;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (doctor), "win.open-record", "x", id));
    form = muying_window_get_last_form (doctor);
    muying_record_form_set_value (form, "t21_risk", "1/5000");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.save", NULL));
    g_test_message ("saving a signed record: %s", muying_record_form_get_status (form));
    g_assert_nonnull (strstr (muying_record_form_get_status (form), "锁定"));
    gtk_window_destroy (GTK_WINDOW (form));
  }

  /* Follow-up to an outcome. */
  g_assert_true (muying_case_window_transition (c, MUYING_FOLLOWUP_NOTIFIED, today_text, NULL, "电话通知本人", NULL, 1, FALSE));
  g_assert_true (muying_case_window_transition (c, MUYING_FOLLOWUP_NEXT_STEP, today_text, "diagnosis", NULL, NULL, 0, FALSE));
  g_assert_true (muying_case_window_transition (c, MUYING_FOLLOWUP_RESULT, today_text, NULL, "羊水穿刺核型正常", NULL, 0, FALSE));
  g_assert_false (muying_case_window_transition (c, MUYING_FOLLOWUP_DONE, today_text, NULL, NULL, NULL, 0, FALSE));
  g_test_message ("done without an outcome: %s", muying_case_window_get_message (c));
  g_assert_true (muying_case_window_transition (c, MUYING_FOLLOWUP_DONE, today_text, NULL, "产前诊断未见异常，继续孕检",
                                                "产前诊断未见异常，继续孕检", 0, FALSE));
  g_assert_nonnull (muying_case_window_get_case (c)->followup);
  g_assert_cmpint (muying_case_window_get_case (c)->followup->state, ==, MUYING_FOLLOWUP_DONE);
  g_free (muying_test_screenshot (GTK_WIDGET (c), "case-closed"));

  /* Every step is in the history: creation, review, signature, four follow-up steps. */
  g_test_message ("history entries: %u", muying_case_window_get_n_history (c));
  g_assert_cmpuint (muying_case_window_get_n_history (c), >=, 7);
  gtk_window_destroy (GTK_WINDOW (c));

  /* Reviewed and closed: off the worklist. */
  g_assert_cmpuint (worklist_size (doctor), ==, 0);
  gtk_window_destroy (GTK_WINDOW (doctor));
}

/* A signed case whose woman's name was misspelt: a nurse is not offered the correction, a doctor
 * corrects it with a reason; the case then says it was signed for the old name. */
static void
test_correct_person (Fixture       *f,
                     gconstpointer  data)
{
  MuyingStore *store = f->store;
  MuyingWindow *nurse = muying_test_open_window (store, MUYING_ROLE_NURSE);
  MuyingWindow *doctor;
  MuyingCaseWindow *c;
  GtkWindow *dialog;
  const char *notice;
  gint64 id = enter_record (nurse);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (nurse), "win.open-case", "x", id));
  c = muying_window_get_last_case (nurse);
  g_assert_false (muying_case_window_correct_person (c, "林方", NULL, "登记错误"));
  g_test_message ("nurse correcting: %s", muying_case_window_get_message (c));
  gtk_window_destroy (GTK_WINDOW (c));
  gtk_window_destroy (GTK_WINDOW (nurse));

  doctor = muying_test_open_window (store, MUYING_ROLE_DOCTOR);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (doctor), "win.open-case", "x", id));
  c = muying_window_get_last_case (doctor);
  g_assert_true (muying_case_window_sign (c, "correct-horse-2"));
  g_assert_null (muying_case_window_get_identity_notice (c));

  /* The dialog: present values filled in, a reason asked for. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (c), "case.correct-person", NULL));
  dialog = muying_case_window_get_person_dialog (c);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "name")), ==, "林芳");
  g_assert_cmpstr (gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "phone")), ==, "13800001111");
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "name"), "林方");
  /* without a reason: refused, the dialog stays with the message */
  g_signal_emit_by_name (gtk_window_get_default_widget (dialog), "clicked");
  g_assert_true (muying_case_window_get_person_dialog (c) == dialog);
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (dialog), "原因"));
  g_assert_cmpstr (muying_case_window_get_case (c)->name, ==, "林芳");
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "reason"), "与身份证核对，登记时录错");
  muying_test_spin (200);
  g_free (muying_test_screenshot (GTK_WIDGET (dialog), "case-correct-person-dialog"));
  g_signal_emit_by_name (gtk_window_get_default_widget (dialog), "clicked");
  g_assert_null (muying_case_window_get_person_dialog (c));
  g_assert_cmpstr (muying_case_window_get_case (c)->name, ==, "林方");
  notice = muying_case_window_get_identity_notice (c);
  g_test_message ("notice: %s", notice ? notice : "(none)");
  g_assert_nonnull (notice);
  g_assert_nonnull (strstr (notice, "林芳"));
  g_assert_nonnull (strstr (notice, "林方"));
  g_free (muying_test_screenshot (GTK_WIDGET (c), "case-corrected-after-signing"));
  g_assert_cmpstr (muying_case_window_get_case (c)->review_state, ==, "signed");

  gtk_window_destroy (GTK_WINDOW (c));
  gtk_window_destroy (GTK_WINDOW (doctor));
}

static gint64
count_rows (MuyingStore *store,
            const char  *sql,
            const char  *text)
{
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (store, sql, NULL);

  g_assert_nonnull (stmt);
  if (text != NULL)
    muying_sql_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (muying_sql_step (stmt), ==, SQLITE_ROW);
  return muying_sql_column_int64 (stmt, 0);
}

static gboolean
case_closed (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
sign_dialog_gone (gpointer data)
{
  return muying_case_window_get_sign_dialog (data) == NULL;
}

static GtkEditable *
sign_dialog_entry (MuyingCaseWindow *c)
{
  return g_object_get_data (G_OBJECT (muying_case_window_get_sign_dialog (c)), "password-entry");
}

/* The Sign button asks for the password; a wrong one is refused, counted towards the lock and
 * audited; the right one signs and locks; the review dropdown no longer signs. */
static void
test_sign_with_password (Fixture       *f,
                         gconstpointer  data)
{
  MuyingStore *store = f->store;
  MuyingWindow *doctor = muying_test_open_window (store, MUYING_ROLE_DOCTOR);
  gint64 id = enter_record (doctor);
  MuyingCaseWindow *c;
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (doctor), "win.open-case", "x", id));
  c = muying_window_get_last_case (doctor);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (c), "case.sign", NULL));
  dialog = muying_case_window_get_sign_dialog (c);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (dialog));
  g_assert_cmpint (gtk_dialog_get_response_for_widget (GTK_DIALOG (dialog),
                                                       gtk_window_get_default_widget (dialog)), ==, GTK_RESPONSE_ACCEPT);

  /* Wrong password: still open, not signed, counted as a failed password of the doctor. */
  gtk_editable_set_text (sign_dialog_entry (c), "wrong-password-9");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_assert_true (muying_case_window_get_sign_dialog (c) == dialog);
  g_assert_cmpstr (muying_case_window_get_case (c)->review_state, !=, "signed");
  g_assert_cmpint (count_rows (store, "SELECT failed_logins FROM app_user WHERE login = ?", "doctor"), ==, 1);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM audit WHERE action = 'login_failed' AND user_name = ?",
                               "doctor"), ==, 1);
  g_free (muying_test_screenshot (GTK_WIDGET (dialog), "sign-dialog-wrong-password"));

  /* Closed and opened again: the refusal shows in the new dialog (its message label is the
   * dialog's own, never a pointer left over from the first one). */
  gtk_window_destroy (dialog);
  g_assert_null (muying_case_window_get_sign_dialog (c));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (c), "case.sign", NULL));
  dialog = muying_case_window_get_sign_dialog (c);
  g_assert_nonnull (dialog);
  g_assert_null (muying_test_find_label (GTK_WIDGET (dialog), muying_case_window_get_message (c)));
  gtk_editable_set_text (sign_dialog_entry (c), "wrong-password-9");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_assert_true (muying_case_window_get_sign_dialog (c) == dialog);
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (dialog), muying_case_window_get_message (c)));

  /* Right password: signed, locked, the dialog gone, audited. */
  gtk_editable_set_text (sign_dialog_entry (c), "correct-horse-2");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_assert_true (muying_test_wait_until (sign_dialog_gone, c, 5000));
  g_assert_cmpstr (muying_case_window_get_case (c)->review_state, ==, "signed");
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM audit WHERE action = 'sign' AND user_name = ?", "doctor"),
                   ==, 1);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM audit WHERE action = 'password_confirmed' AND user_name = ?",
                               "doctor"), ==, 1);
  g_assert_cmpint (count_rows (store, "SELECT failed_logins FROM app_user WHERE login = ?", "doctor"), ==, 0);
  gtk_window_destroy (GTK_WINDOW (c));
  gtk_window_destroy (GTK_WINDOW (doctor));
}

/* Nurses record the contact (notified, failed attempts), not the doctor's steps; a double
 * click on the step button records one step. */
static void
test_nurse_contact_and_double_click (Fixture       *f,
                                     gconstpointer  data)
{
  MuyingStore *store = f->store;
  MuyingWindow *nurse = muying_test_open_window (store, MUYING_ROLE_NURSE);
  gint64 id = enter_record (nurse);
  MuyingCaseWindow *c;
  g_autofree char *key = NULL;
  gint64 steps_before;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (nurse), "win.open-case", "x", id));
  c = muying_window_get_last_case (nurse);
  g_assert_false (muying_case_window_transition (c, MUYING_FOLLOWUP_NEXT_STEP, NULL, "diagnosis", NULL, NULL, 0, FALSE));
  g_test_message ("nurse arranging a diagnosis: %s", muying_case_window_get_message (c));
  g_assert_false (muying_case_window_review (c, MUYING_REVIEW_ACCEPT, -1, NULL, NULL));

  /* The step button (target "notified", the only one a nurse is offered) pressed twice at once. */
  steps_before = count_rows (store, "SELECT count(*) FROM followup_step", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (c), "case.followup", NULL));
  g_assert_cmpint (muying_case_window_get_case (c)->followup->state, ==, MUYING_FOLLOWUP_NOTIFIED);
  gtk_widget_activate_action (GTK_WIDGET (c), "case.followup", NULL);
  gtk_widget_activate_action (GTK_WIDGET (c), "case.contact-failed", NULL);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM followup_step", NULL), ==, steps_before + 1);
  g_assert_cmpint (muying_case_window_get_case (c)->followup->state, ==, MUYING_FOLLOWUP_NOTIFIED);
  g_free (muying_test_screenshot (GTK_WIDGET (c), "case-nurse-after-contact"));
  /* After the double-click time the button works again (a failed attempt is allowed to a nurse). */
  muying_test_spin (1000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (c), "case.contact-failed", NULL));
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM followup_step", NULL), ==, steps_before + 2);
  gtk_window_destroy (GTK_WINDOW (c));
  gtk_window_destroy (GTK_WINDOW (nurse));
}

/* A wrong step is reversed with a reason: the state goes back, the step and its reversal stay
 * (no delete), the reversal is audited; a reversal is not reversed again. */
static void
test_reverse_step (Fixture       *f,
                   gconstpointer  data)
{
  MuyingStore *store = f->store;
  MuyingWindow *doctor = muying_test_open_window (store, MUYING_ROLE_DOCTOR);
  gint64 id = enter_record (doctor);
  MuyingCaseWindow *c;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (doctor), "win.open-case", "x", id));
  c = muying_window_get_last_case (doctor);
  g_assert_false (muying_case_window_reverse_step (c, "点错了"));     /* nothing recorded yet */
  g_assert_true (muying_case_window_transition (c, MUYING_FOLLOWUP_NOTIFIED, NULL, NULL, "电话通知本人", NULL, 1, FALSE));
  g_assert_true (muying_case_window_transition (c, MUYING_FOLLOWUP_NEXT_STEP, NULL, "diagnosis", NULL, NULL, 0, FALSE));
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM followup_step", NULL), ==, 2);

  g_assert_false (muying_case_window_reverse_step (c, ""));            /* a reason is required */
  g_assert_true (muying_case_window_reverse_step (c, "误点，尚未安排产前诊断"));
  g_assert_cmpint (muying_case_window_get_case (c)->followup->state, ==, MUYING_FOLLOWUP_NOTIFIED);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM followup_step", NULL), ==, 3);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM followup_step WHERE step = ?", "reversal"), ==, 1);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM audit WHERE action = ?", "followup_reverse"), ==, 1);
  g_assert_false (muying_case_window_reverse_step (c, "再撤一次"));
  g_test_message ("reversing a reversal: %s", muying_case_window_get_message (c));
  g_free (muying_test_screenshot (GTK_WIDGET (c), "case-step-reversed"));

  /* The right step can then be recorded. */
  g_assert_true (muying_case_window_transition (c, MUYING_FOLLOWUP_NEXT_STEP, NULL, "counselling", NULL, NULL, 0, FALSE));
  g_assert_cmpint (muying_case_window_get_case (c)->followup->state, ==, MUYING_FOLLOWUP_NEXT_STEP);
  gtk_window_destroy (GTK_WINDOW (c));
  gtk_window_destroy (GTK_WINDOW (doctor));
}

/* The case changed on another connection to the database (another workstation) after the window
 * showed it: the doctor's review and the step are refused with who and when, nothing of them is
 * written; shown again, the case takes them. */
static void
test_changed_elsewhere (Fixture       *f,
                        gconstpointer  data)
{
  MuyingStore *store = f->store;
  g_autoptr(MuyingStore) other = NULL;
  g_autoptr(GError) error = NULL;
  MuyingWindow *doctor = muying_test_open_window (store, MUYING_ROLE_DOCTOR);
  gint64 id = enter_record (doctor);
  MuyingCaseWindow *c;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (doctor), "win.open-case", "x", id));
  c = muying_window_get_last_case (doctor);

  other = muying_store_open (f->uri != NULL ? f->uri : f->path, &error);
  g_assert_no_error (error);
  g_assert_true (muying_store_exec (other, "UPDATE record SET level = 1, updated_by = '赵医生', "
                                           "updated_at = '2026-06-15T02:30:00.000000Z', row_version = row_version + 1;"
                                           "UPDATE followup SET row_version = row_version + 1", &error));
  g_assert_no_error (error);

  g_assert_false (muying_case_window_review (c, MUYING_REVIEW_ACCEPT, -1, NULL, NULL));
  g_test_message ("review: %s", muying_case_window_get_message (c));
  g_assert_nonnull (strstr (muying_case_window_get_message (c), "赵医生"));
  g_assert_nonnull (strstr (muying_case_window_get_message (c), "2026-06-15 10:30"));
  g_assert_false (muying_case_window_transition (c, MUYING_FOLLOWUP_NOTIFIED, NULL, NULL, "电话通知本人", NULL, 1, FALSE));
  g_test_message ("step: %s", muying_case_window_get_message (c));
  g_free (muying_test_screenshot (GTK_WIDGET (c), "case-changed-elsewhere"));
  g_assert_nonnull (strstr (muying_case_window_get_message (c), "P-CASE-1"));
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM review", NULL), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM followup_step", NULL), ==, 0);

  /* the window shown again (as after any change of its own) takes them */
  gtk_window_destroy (GTK_WINDOW (c));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (doctor), "win.open-case", "x", id));
  c = muying_window_get_last_case (doctor);
  g_assert_true (muying_case_window_review (c, MUYING_REVIEW_ACCEPT, -1, NULL, NULL));
  g_assert_true (muying_case_window_transition (c, MUYING_FOLLOWUP_NOTIFIED, NULL, NULL, "电话通知本人", NULL, 1, FALSE));
  gtk_window_destroy (GTK_WINDOW (c));
  gtk_window_destroy (GTK_WINDOW (doctor));
}

/* The question asked over @parent (a GtkMessageDialog transient for it), or NULL. */
static GtkDialog *
find_question (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (GTK_IS_MESSAGE_DIALOG (w) && gtk_window_get_transient_for (w) == parent)
        return GTK_DIALOG (w);
    }
  return NULL;
}

/* Closing the case window with a typed note asks; Cancel keeps the window and the text,
 * Discard closes it and records nothing. */
static void
test_case_unsaved_note (Fixture       *f,
                        gconstpointer  data)
{
  MuyingStore *store = f->store;
  MuyingWindow *doctor = muying_test_open_window (store, MUYING_ROLE_DOCTOR);
  gint64 id = enter_record (doctor);
  MuyingCaseWindow *c;
  GtkDialog *question;
  gpointer weak = NULL;
  gint64 steps;

  /* Nothing typed: Ctrl+W closes at once. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (doctor), "win.open-case", "x", id));
  c = muying_window_get_last_case (doctor);
  g_set_weak_pointer (&weak, c);
  g_assert_false (muying_case_window_has_unsaved_text (c));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (c), "case.close", NULL));
  g_assert_true (muying_test_wait_until (case_closed, &weak, 5000));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (doctor), "win.open-case", "x", id));
  c = muying_window_get_last_case (doctor);
  g_set_weak_pointer (&weak, c);
  muying_case_window_set_followup_note (c, "电话未接通，明天再打");
  g_assert_true (muying_case_window_has_unsaved_text (c));
  steps = count_rows (store, "SELECT count(*) FROM followup_step", NULL);

  gtk_window_close (GTK_WINDOW (c));          /* the title bar's × */
  question = find_question (GTK_WINDOW (c));
  g_assert_nonnull (question);
  g_free (muying_test_screenshot (GTK_WIDGET (question), "case-unsaved-question"));
  gtk_dialog_response (question, GTK_RESPONSE_CANCEL);
  muying_test_spin (50);
  g_assert_nonnull (weak);
  g_assert_true (muying_case_window_has_unsaved_text (c));

  gtk_widget_activate_action (GTK_WIDGET (c), "case.close", NULL);
  question = find_question (GTK_WINDOW (c));
  g_assert_nonnull (question);
  gtk_dialog_response (question, GTK_RESPONSE_REJECT);
  g_assert_true (muying_test_wait_until (case_closed, &weak, 5000));
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM followup_step", NULL), ==, steps);
  gtk_window_destroy (GTK_WINDOW (doctor));
}

static void
exec_sql (MuyingStore *store,
          const char  *sql)
{
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (muying_sql_step (stmt), ==, SQLITE_DONE);
}

/* A query that fails says so where its answer would be: the history is an error, not empty. */
static void
test_failed_history_shows_error (Fixture       *f,
                                 gconstpointer  data)
{
  MuyingStore *store = f->store;
  MuyingWindow *doctor = muying_test_open_window (store, MUYING_ROLE_DOCTOR);
  gint64 id = enter_record (doctor);
  MuyingCaseWindow *c;

  /* The history reads the audit trail. */
  exec_sql (store, "ALTER TABLE audit RENAME TO audit_hidden");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (doctor), "win.open-case", "x", id));
  c = muying_window_get_last_case (doctor);
  g_assert_nonnull (c);
  g_assert_cmpuint (muying_case_window_get_n_history (c), ==, 0);
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (c), "无法读取历史记录"));
  g_free (muying_test_screenshot (GTK_WIDGET (c), "case-history-failed"));
  exec_sql (store, "ALTER TABLE audit_hidden RENAME TO audit");

  gtk_window_destroy (GTK_WINDOW (c));
  gtk_window_destroy (GTK_WINDOW (doctor));
}

int
main (int   argc,
      char *argv[])
{
  if (!muying_test_gtk_init (&argc, &argv))
    return 0;
  /* on a file and, with a server, on a server database the new file was moved to */
#define ADD(name, func) muying_test_add_file_and_server ("case", name, Fixture, fixture_set_up, func, fixture_tear_down)
  ADD ("entry-to-closure", test_entry_to_closure);
  ADD ("correct-person", test_correct_person);
  ADD ("sign-with-password", test_sign_with_password);
  ADD ("nurse-contact-and-double-click", test_nurse_contact_and_double_click);
  ADD ("unsaved-note", test_case_unsaved_note);
  ADD ("reverse-step", test_reverse_step);
  ADD ("changed-elsewhere", test_changed_elsewhere);
  ADD ("failed-history-shows-error", test_failed_history_shows_error);
#undef ADD
  return g_test_run ();
}
