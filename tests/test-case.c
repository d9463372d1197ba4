/* test-case.c: a flagged case taken from entry to closure in the window — the worklist shows
 * it, a nurse cannot sign, a doctor reviews and signs (the record is then locked), the
 * follow-up goes notified → next step → result → done, the case leaves the worklist, and every
 * step is in the record's history.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "muying-case-window.h"
#include "muying-date.h"
#include "muying-record-form.h"
#include "muying-test-gtk-utils.h"
#include "muying-test-utils.h"
#include "muying-worklist-page.h"

static const char * const high_risk[] = {
  "sample_no", "P-CASE-1", "id_number", "110105198803150029", "name", "林芳", "phone", "13800001111",
  "sample_date", "2026-05-10", "test_type", "mid_double", "ga_weeks", "16", "ga_days", "2",
  "t21_risk", "1/150", "t18_risk", "1/20000", NULL
};

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
test_entry_to_closure (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "case.db", NULL);
  g_autoptr(MuyingStore) store = muying_store_create (db, NULL);
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
  g_assert_false (muying_case_window_review (c, MUYING_REVIEW_SIGN, -1, NULL, NULL));
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
  if (!muying_case_window_review (c, MUYING_REVIEW_SIGN, -1, NULL, NULL))
    g_error ("signing failed: %s", muying_case_window_get_message (c));
  g_assert_cmpstr (muying_case_window_get_case (c)->review_state, ==, "signed");

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
  muying_test_rm_rf (dir);
}

/* A signed case whose woman's name was misspelt: a nurse is not offered the correction, a doctor
 * corrects it with a reason; the case then says it was signed for the old name. */
static void
test_correct_person (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "case.db", NULL);
  g_autoptr(MuyingStore) store = muying_store_create (db, NULL);
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
  g_assert_true (muying_case_window_review (c, MUYING_REVIEW_SIGN, -1, NULL, NULL));
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
  muying_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (!muying_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/case/entry-to-closure", test_entry_to_closure);
  g_test_add_func ("/case/correct-person", test_correct_person);
  return g_test_run ();
}
