/* test-follow-on-window.c: the records that follow a case to its end, in the windows — a prenatal
 * diagnosis typed into its form from the case window (real X key events: Tab, Enter, Escape) is
 * saved and shown on the case's timeline; a refused entry says why next to its field and saves
 * nothing; an audiology diagnosis with its intervention; the woman's pregnancies on her page;
 * a record not linked to a case (未关联) is listed and linked by hand.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk/x11/gdkx.h>
#include <string.h>

#include "muying-case-timeline.h"
#include "muying-case-window-private.h"
#include "muying-date.h"
#include "muying-follow-on-form-private.h"
#include "muying-person-window-private.h"
#include "muying-record-form-private.h"
#include "muying-store-follow-on.h"
#include "muying-store-sql.h"
#include "muying-test-gtk-utils.h"
#include "muying-test-utils.h"
#include "muying-unlinked-window-private.h"
#include "muying-window-private.h"
#include "muying-worklist-page-private.h"

typedef struct
{
  char         *dir;
  MuyingStore  *store;
  MuyingWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *db = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = muying_test_make_tmpdir ();
  db = g_build_filename (f->dir, "follow-on.db", NULL);
  f->store = muying_store_create (db, &error);
  g_assert_no_error (error);
  f->window = muying_test_open_window (f->store, GPOINTER_TO_INT (data));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->store);
  muying_test_rm_rf (f->dir);
  g_free (f->dir);
}

/* ---- helpers ------------------------------------------------------------------------------- */

/* A date @days from today, as the forms take it. */
static char *
day (int days)
{
  GDate d;

  muying_date_today (&d);
  if (days >= 0)
    g_date_add_days (&d, (guint) days);
  else
    g_date_subtract_days (&d, (guint) -days);
  return muying_date_format (&d);
}

static gint64
enter_record (Fixture            *f,
              const char         *program,
              const char * const *values)
{
  MuyingRecordForm *form;
  gint64 id;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-record", "s", program));
  form = muying_window_get_last_form (f->window);
  for (guint i = 0; values[i] != NULL; i += 2)
    muying_record_form_set_value (form, values[i], values[i + 1]);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.save", NULL));
  id = muying_record_form_get_record_id (form);
  if (id <= 0)
    g_error ("not saved: %s", muying_record_form_get_status (form));
  gtk_window_destroy (GTK_WINDOW (form));
  return id;
}

/* A high-risk prenatal screening of 林芳 (serum, T21 1/150) @days_ago days ago at 16+2 weeks. */
static gint64
enter_prenatal (Fixture    *f,
                const char *sample_no,
                const char *id_number,
                const char *name,
                int         days_ago,
                const char *test_type)
{
  g_autofree char *date = day (-days_ago);
  gboolean nipt = g_strcmp0 (test_type, "nipt") == 0;
  const char * const values[] = {
    "sample_no", sample_no, "id_number", id_number, "name", name, "phone", "13800001111",
    "sample_date", date, "test_type", test_type, "ga_weeks", "16", "ga_days", "2",
    nipt ? "nipt_status" : "t21_risk", nipt ? "ok" : "1/150",
    nipt ? "nipt_t21" : "t18_risk", nipt ? "high" : "1/20000",
    nipt ? "nipt_t18" : NULL, "low", "nipt_t13", "low", "nipt_sca", "none", NULL
  };

  return enter_record (f, "prenatal", values);
}

static gint64
enter_newborn (Fixture    *f,
               const char *sample_no,
               int         days_ago)
{
  g_autofree char *birth = day (-days_ago);
  const char * const values[] = {
    "sample_no", sample_no, "mother_id_number", "440305199506200044", "mother_name", "陈静",
    "sex", "2", "birth_date", birth, "hearing_left", "refer", "hearing_right", "pass", NULL
  };

  return enter_record (f, "newborn", values);
}

static MuyingCaseWindow *
open_case (Fixture *f,
           gint64   record_id)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-case", "x", record_id));
  g_assert_nonnull (muying_window_get_last_case (f->window));
  return muying_window_get_last_case (f->window);
}

static guint
n_case_rows (Fixture *f,
             gint64   record_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = muying_store_list_case_follow_on (f->store, record_id, &error);

  g_assert_no_error (error);
  return rows->len;
}

static gboolean
timeline_has (MuyingCaseWindow *c,
              const char       *text)
{
  MuyingCaseTimeline *timeline = muying_case_window_get_timeline (c);

  for (guint i = 0; i < muying_case_timeline_get_n_lines (timeline); i++)
    {
      g_autofree char *line = muying_case_timeline_get_line (timeline, i);

      if (strstr (line, text) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
log_timeline (MuyingCaseWindow *c)
{
  MuyingCaseTimeline *timeline = muying_case_window_get_timeline (c);

  for (guint i = 0; i < muying_case_timeline_get_n_lines (timeline); i++)
    {
      g_autofree char *line = muying_case_timeline_get_line (timeline, i);

      g_test_message ("timeline: %s", line);
    }
}

/* ---- real key events ---------------------------------------------------------------------- */

/* @keys to @window as a keyboard sends them (muying_test_xdotool), then a moment for the window. */
static void
xdotool (GtkWindow  *window,
         const char *command,
         const char *keys)
{
  muying_test_xdotool (GTK_WIDGET (window), command, keys);
  muying_test_spin (200);
}

/* xdotool sends X key events through XTEST to the window that has the input focus, as a
 * keyboard does (tests/e2e-keyboard.py drives the whole program the same way). */
/* Runs xdotool while the main loop turns: the window takes the events as they come, as it does
 * from a keyboard. */
static gboolean
form_closed (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static GtkWidget *
focus_of (GtkWindow *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  /* An entry's focus is on its text child. */
  while (focus != NULL && !GTK_IS_ENTRY (focus) && !GTK_IS_DROP_DOWN (focus) &&
         gtk_widget_get_parent (focus) != NULL && (GTK_IS_ENTRY (gtk_widget_get_parent (focus)) ||
                                                   gtk_widget_get_ancestor (focus, GTK_TYPE_DROP_DOWN) != NULL))
    focus = gtk_widget_get_parent (focus);
  return focus;
}

/* ---- a prenatal diagnosis ----------------------------------------------------------------- */

static void
test_diagnosis (Fixture       *f,
                gconstpointer  data)
{
  gint64 id = enter_prenatal (f, "P-FO-1", "110105198803150029", "林芳", 30, "mid_double");
  MuyingCaseWindow *c = open_case (f, id);
  MuyingFollowOnForm *form;
  g_autofree char *procedure_date = day (-3);
  g_autofree char *procedure = NULL;
  g_autofree char *result = NULL;
  GtkWidget *identity;
  gpointer weak = NULL;
  gboolean keys = muying_test_have_xdotool ();

  g_assert_cmpuint (n_case_rows (f, id), ==, 0);
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (c), "尚未录入"));
  /* Alt+I: 添加产前诊断(I)… */
  if (keys)
    {
      muying_test_spin (200);
      xdotool (GTK_WINDOW (c), "key", "alt+i");
    }
  else
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (c), "case.add-follow-on", "s", "prenatal_diagnosis"));
  form = muying_case_window_get_follow_on_form (c);
  g_assert_nonnull (form);
  g_assert_cmpint (muying_follow_on_form_get_kind (form), ==, MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS);
  g_set_weak_pointer (&weak, form);

  /* The identity is the case's: shown, out of the Tab order; the first field has the focus. */
  identity = muying_follow_on_form_get_widget (form, "id_number");
  g_assert_true (GTK_IS_LABEL (identity));
  g_assert_false (gtk_widget_get_can_focus (identity));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (identity)), ==, "110105198803150029");
  muying_test_spin (200);
  g_assert_true (focus_of (GTK_WINDOW (form)) == muying_follow_on_form_get_widget (form, "diagnosis_no"));
  /* Required fields are marked; the pregnancy's EDD is offered. */
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (form), "*"));
  g_assert_cmpstr (muying_follow_on_form_get_value (form, "edd"), !=, "");

  if (keys)
    {
      /* Typed as a nurse types a report: the number, Tab (over her ID number) to the EDD, Tab to
       * the date; Tab to the procedure, Space opens its list, Down picks 羊膜腔穿刺, Enter takes it;
       * Tab twice (over the method) to the result: 异常 is two down; Tab to the class: 21三体. */
      xdotool (GTK_WINDOW (form), "type", "PD-2026-0001");
      g_assert_cmpstr (muying_follow_on_form_get_value (form, "diagnosis_no"), ==, "PD-2026-0001");
      xdotool (GTK_WINDOW (form), "key", "Tab");
      g_assert_true (focus_of (GTK_WINDOW (form)) == muying_follow_on_form_get_widget (form, "edd"));
      xdotool (GTK_WINDOW (form), "key", "Tab");
      g_assert_true (focus_of (GTK_WINDOW (form)) == muying_follow_on_form_get_widget (form, "procedure_date"));
      xdotool (GTK_WINDOW (form), "type", procedure_date);
      xdotool (GTK_WINDOW (form), "key", "Tab space Down Return");
      procedure = muying_follow_on_form_get_value (form, "procedure");
      g_test_message ("procedure by keys: %s", procedure);
      g_assert_cmpstr (procedure, ==, "amniocentesis");
      xdotool (GTK_WINDOW (form), "key", "Tab Tab space Down Down Return");
      result = muying_follow_on_form_get_value (form, "result");
      g_test_message ("result by keys: %s", result);
      g_assert_cmpstr (result, ==, "abnormal");
      xdotool (GTK_WINDOW (form), "key", "Tab space Down Return");
      g_assert_cmpstr (muying_follow_on_form_get_value (form, "condition"), ==, "T21");
      muying_follow_on_form_set_value (form, "method", "karyotype");
      xdotool (GTK_WINDOW (form), "key", "Tab");
      xdotool (GTK_WINDOW (form), "type", "47,XX,+21");
      g_free (muying_test_screenshot (GTK_WIDGET (form), "follow-on-diagnosis-form"));
      /* … and Enter saves. */
      xdotool (GTK_WINDOW (form), "key", "Return");
    }
  else
    {
      g_test_message ("no xdotool: the form's own save");
      muying_follow_on_form_set_value (form, "diagnosis_no", "PD-2026-0001");
      muying_follow_on_form_set_value (form, "procedure_date", procedure_date);
      muying_follow_on_form_set_value (form, "procedure", "amniocentesis");
      muying_follow_on_form_set_value (form, "method", "karyotype");
      muying_follow_on_form_set_value (form, "result", "abnormal");
      muying_follow_on_form_set_value (form, "condition", "T21");
      muying_follow_on_form_set_value (form, "detail", "47,XX,+21");
      g_free (muying_test_screenshot (GTK_WIDGET (form), "follow-on-diagnosis-form"));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "follow-on.save", NULL));
    }
  g_assert_true (muying_test_wait_until (form_closed, &weak, 5000));
  g_test_message ("case message: %s", muying_case_window_get_message (c));
  g_assert_nonnull (strstr (muying_case_window_get_message (c), "已保存"));

  /* Saved, and on the timeline with who entered it; the follow-up moved on. */
  g_assert_cmpuint (n_case_rows (f, id), ==, 1);
  log_timeline (c);
  g_assert_true (timeline_has (c, "产前诊断"));
  g_assert_true (timeline_has (c, "21三体"));
  g_assert_true (timeline_has (c, procedure_date));
  g_assert_true (timeline_has (c, GPOINTER_TO_INT (data) == MUYING_ROLE_DOCTOR ? "doctor" : "nurse"));
  g_assert_null (muying_test_find_label (GTK_WIDGET (c), "尚未录入"));
  g_assert_cmpint (muying_case_window_get_case (c)->followup->state, ==, MUYING_FOLLOWUP_NEXT_STEP);
  g_free (muying_test_screenshot (GTK_WIDGET (c), "case-after-diagnosis"));
  g_free (muying_test_screenshot (GTK_WIDGET (muying_case_window_get_timeline (c)), "case-timeline"));
  gtk_window_destroy (GTK_WINDOW (c));
}

/* Refused entries: each says why in Chinese, next to its field or in the form, and nothing is
 * written; Escape closes the form without saving. */
static void
test_diagnosis_refused (Fixture       *f,
                        gconstpointer  data)
{
  gint64 id = enter_prenatal (f, "P-FO-2", "110105198803150029", "林芳", 30, "mid_double");
  MuyingCaseWindow *c = open_case (f, id);
  MuyingFollowOnForm *form;
  g_autofree char *yesterday = day (-1);
  g_autofree char *tomorrow = day (1);
  g_autofree char *before_screening = day (-60);
  g_autofree char *two_days_ago = day (-2);
  const char *message;
  gpointer weak = NULL;

  g_assert_true (muying_case_window_add_follow_on (c, MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS));
  form = muying_case_window_get_follow_on_form (c);
  g_set_weak_pointer (&weak, form);

  /* Nothing typed: the required fields say so. */
  g_assert_false (muying_follow_on_form_save (form));
  g_assert_nonnull (muying_follow_on_form_get_field_error (form, "diagnosis_no"));
  g_test_message ("empty: %s", muying_follow_on_form_get_field_error (form, "diagnosis_no"));
  g_assert_nonnull (strstr (muying_follow_on_form_get_field_error (form, "diagnosis_no"), "必填"));

  /* An abnormal result without its class; a date that is not one. */
  muying_follow_on_form_set_value (form, "diagnosis_no", "PD-2026-0002");
  muying_follow_on_form_set_value (form, "procedure_date", "2026-13-40");
  muying_follow_on_form_set_value (form, "procedure", "amniocentesis");
  muying_follow_on_form_set_value (form, "result", "abnormal");
  g_assert_false (muying_follow_on_form_save (form));
  message = muying_follow_on_form_get_field_error (form, "condition");
  g_test_message ("abnormal without class: %s", message ? message : "(none)");
  g_assert_nonnull (message);
  g_assert_nonnull (muying_follow_on_form_get_field_error (form, "procedure_date"));
  g_test_message ("bad date: %s", muying_follow_on_form_get_field_error (form, "procedure_date"));
  g_assert_nonnull (muying_follow_on_form_get_status (form));
  g_free (muying_test_screenshot (GTK_WIDGET (form), "follow-on-diagnosis-refused"));

  /* A date ahead. */
  muying_follow_on_form_set_value (form, "procedure_date", tomorrow);
  muying_follow_on_form_set_value (form, "condition", "T21");
  g_assert_false (muying_follow_on_form_save (form));
  g_assert_nonnull (strstr (muying_follow_on_form_get_field_error (form, "procedure_date"), "晚于今天"));
  g_assert_null (muying_follow_on_form_get_field_error (form, "condition"));
  g_assert_cmpuint (n_case_rows (f, id), ==, 0);

  /* Escape cancels: closed, nothing saved. */
  muying_follow_on_form_set_value (form, "procedure_date", yesterday);
  if (muying_test_have_xdotool ())
    xdotool (GTK_WINDOW (form), "key", "Escape");
  else
    gtk_widget_activate_action (GTK_WIDGET (form), "follow-on.cancel", NULL);
  g_assert_true (muying_test_wait_until (form_closed, &weak, 5000));
  g_assert_cmpuint (n_case_rows (f, id), ==, 0);

  /* An outcome dated before the pregnancy's first screening: the store refuses it, the form
   * says why and stays open. */
  g_assert_true (muying_case_window_add_follow_on (c, MUYING_FOLLOW_ON_PREGNANCY_OUTCOME));
  form = muying_case_window_get_follow_on_form (c);
  g_set_weak_pointer (&weak, form);
  muying_follow_on_form_set_value (form, "end_date", before_screening);
  muying_follow_on_form_set_value (form, "outcome", "live_birth");
  g_assert_false (muying_follow_on_form_save (form));
  g_test_message ("outcome before screening: %s", muying_follow_on_form_get_status (form));
  g_assert_nonnull (muying_follow_on_form_get_status (form));
  g_assert_nonnull (strstr (muying_follow_on_form_get_status (form), "未保存"));
  g_assert_nonnull (muying_follow_on_form_get_field_error (form, "end_date"));
  g_assert_nonnull (weak);
  g_free (muying_test_screenshot (GTK_WIDGET (form), "follow-on-outcome-refused"));
  g_assert_cmpuint (n_case_rows (f, id), ==, 0);

  /* The right date saves; a second outcome with another date is refused. */
  muying_follow_on_form_set_value (form, "end_date", yesterday);
  g_assert_true (muying_follow_on_form_save (form));
  g_assert_cmpuint (n_case_rows (f, id), ==, 1);
  g_assert_true (muying_case_window_add_follow_on (c, MUYING_FOLLOW_ON_PREGNANCY_OUTCOME));
  form = muying_case_window_get_follow_on_form (c);
  muying_follow_on_form_set_value (form, "end_date", two_days_ago);
  muying_follow_on_form_set_value (form, "outcome", "live_birth");
  g_assert_false (muying_follow_on_form_save (form));
  g_test_message ("second outcome: %s", muying_follow_on_form_get_status (form));
  g_assert_cmpuint (n_case_rows (f, id), ==, 1);
  gtk_window_destroy (GTK_WINDOW (form));
  gtk_window_destroy (GTK_WINDOW (c));
}

/* ---- audiology ---------------------------------------------------------------------------- */

static void
test_audiology (Fixture       *f,
                gconstpointer  data)
{
  gint64 id = enter_newborn (f, "N-FO-1", 40);
  MuyingCaseWindow *c = open_case (f, id);
  MuyingFollowOnForm *form;
  g_autofree char *diagnosed = day (-10);
  g_autofree char *fitted = day (-5);
  g_autofree char *too_early = day (-20);
  GtkWidget *identity;

  /* A newborn case takes no prenatal diagnosis. */
  g_assert_false (muying_case_window_add_follow_on (c, MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS));
  g_assert_null (muying_case_window_get_follow_on_form (c));
  g_test_message ("diagnosis for a newborn: %s", muying_case_window_get_message (c));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (c), "case.add-follow-on", "s", "audiology"));
  form = muying_case_window_get_follow_on_form (c);
  g_assert_nonnull (form);
  identity = muying_follow_on_form_get_widget (form, "sample_no");
  g_assert_true (GTK_IS_LABEL (identity));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (identity)), ==, "N-FO-1");

  /* The intervention before the diagnosis is refused. */
  muying_follow_on_form_set_value (form, "diagnosis_date", diagnosed);
  muying_follow_on_form_set_value (form, "left_degree", "severe");
  muying_follow_on_form_set_value (form, "right_degree", "normal");
  muying_follow_on_form_set_value (form, "loss_type", "sensorineural");
  muying_follow_on_form_set_value (form, "intervention", "hearing_aid");
  muying_follow_on_form_set_value (form, "intervention_date", too_early);
  g_assert_false (muying_follow_on_form_save (form));
  g_test_message ("intervention before diagnosis: %s",
                  muying_follow_on_form_get_field_error (form, "intervention_date") ?: "(none)");
  g_assert_nonnull (muying_follow_on_form_get_field_error (form, "intervention_date"));
  g_free (muying_test_screenshot (GTK_WIDGET (form), "follow-on-audiology-refused"));
  g_assert_cmpuint (n_case_rows (f, id), ==, 0);

  /* Corrected: its message goes at once; the save checks again. */
  muying_follow_on_form_set_value (form, "intervention_date", fitted);
  g_assert_null (muying_follow_on_form_get_field_error (form, "intervention_date"));
  g_assert_null (muying_follow_on_form_get_status (form));
  g_free (muying_test_screenshot (GTK_WIDGET (form), "follow-on-audiology-form"));
  g_assert_true (muying_follow_on_form_save (form));
  g_assert_cmpuint (n_case_rows (f, id), ==, 1);
  log_timeline (c);
  g_assert_true (timeline_has (c, diagnosed));
  g_free (muying_test_screenshot (GTK_WIDGET (c), "case-timeline-audiology"));
  gtk_window_destroy (GTK_WINDOW (c));
}

/* ---- the two cancers' treatment: a later result, reached the same way ----------------------- */

static void
test_treatment (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *exam = day (-40);
  g_autofree char *treated = day (-4);
  const char * const values[] = {
    "exam_no", "T-FO-1", "id_number", "320102197001010062", "name", "王丽", "exam_date", exam,
    "hpv", "positive", "cytology", "HSIL", NULL
  };
  gint64 id = enter_record (f, "two_cancer", values);
  MuyingCaseWindow *c = open_case (f, id);

  /* No follow-on kind: the card offers the treatment, which the later results take. */
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (c), "录入治疗"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (c), "case.add-treatment", NULL));
  g_assert_true (muying_case_window_enter_result (c, MUYING_RESULT_CERVICAL_TREATMENT, "leep", NULL, treated, NULL));
  log_timeline (c);
  g_assert_true (timeline_has (c, treated));
  g_free (muying_test_screenshot (GTK_WIDGET (muying_case_window_get_timeline (c)), "case-timeline-treatment"));
  gtk_window_destroy (GTK_WINDOW (c));
}

/* ---- the woman's pregnancies -------------------------------------------------------------- */

/* The first button below @root with this @label and/or this @action (NULL: either). */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *label,
             const char *action)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) &&
          (label == NULL || g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0) &&
          (action == NULL || g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0))
        return child;
      if ((found = find_button (child, label, action)) != NULL)
        return found;
    }
  return NULL;
}

static MuyingPersonWindow *
open_person (Fixture *f,
             gint64   record_id)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-person", "x", record_id));
  g_assert_nonnull (muying_window_get_last_person (f->window));
  return muying_window_get_last_person (f->window);
}

static void
test_pregnancies (Fixture       *f,
                  gconstpointer  data)
{
  /* Two screenings 200 days apart: two pregnancies. */
  gint64 first = enter_prenatal (f, "P-PR-1", "110105198803150029", "林芳", 300, "mid_double");
  gint64 second = enter_prenatal (f, "P-PR-2", "110105198803150029", "林芳", 100, "mid_double");
  /* A serum test and an NIPT of the same pregnancy: one. */
  gint64 serum = enter_prenatal (f, "P-PR-3", "320102199002020026", "王丽", 20, "mid_double");
  gint64 nipt = enter_prenatal (f, "P-PR-4", "320102199002020026", "王丽", 10, "nipt");
  gint64 baby = enter_newborn (f, "N-PR-1", 5);
  MuyingPersonWindow *person;
  MuyingCaseWindow *c;
  MuyingFollowOnForm *form;
  g_autofree char *procedure_date = day (-50);

  g_assert_cmpint (second, >, first);
  g_assert_cmpint (nipt, >, serum);

  /* A diagnosis of her second pregnancy shows under it. */
  c = open_case (f, second);
  g_assert_true (muying_case_window_add_follow_on (c, MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS));
  form = muying_case_window_get_follow_on_form (c);
  muying_follow_on_form_set_value (form, "diagnosis_no", "PD-PR-1");
  muying_follow_on_form_set_value (form, "procedure_date", procedure_date);
  muying_follow_on_form_set_value (form, "procedure", "amniocentesis");
  muying_follow_on_form_set_value (form, "result", "normal");
  g_assert_true (muying_follow_on_form_save (form));
  gtk_window_destroy (GTK_WINDOW (c));

  person = open_person (f, first);
  g_assert_cmpint (muying_person_window_get_n_pregnancies (person), ==, 2);
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (person), "第 2 次妊娠"));
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (person), "P-PR-2"));
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (person), "产前诊断"));
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (person), "尚未录入产前诊断或妊娠结局"));
  g_free (muying_test_screenshot (GTK_WIDGET (person), "person-pregnancies"));
  /* Each pregnancy opens its case: the first card's button, pressed with the keyboard. */
  {
    GtkWidget *button = find_button (GTK_WIDGET (person), "打开个案(_C)…", NULL);
    MuyingCaseWindow *opened;

    g_assert_nonnull (button);
    gtk_widget_grab_focus (button);
    if (muying_test_have_xdotool ())
      xdotool (GTK_WINDOW (person), "key", "space");
    else
      gtk_widget_activate (button);
    muying_test_spin (200);
    opened = muying_window_get_last_case (f->window);
    g_assert_nonnull (opened);
    g_assert_cmpint (muying_case_window_get_case (opened)->record_id, ==, first);
    gtk_window_destroy (GTK_WINDOW (opened));
  }
  gtk_window_destroy (GTK_WINDOW (person));

  person = open_person (f, nipt);
  g_assert_cmpint (muying_person_window_get_n_pregnancies (person), ==, 1);
  g_assert_null (muying_test_find_label (GTK_WIDGET (person), "第 2 次妊娠"));
  g_free (muying_test_screenshot (GTK_WIDGET (person), "person-one-pregnancy-serum-and-nipt"));
  gtk_window_destroy (GTK_WINDOW (person));

  /* A baby's mother without a prenatal screening: no pregnancy, said so. */
  person = open_person (f, baby);
  g_assert_cmpint (muying_person_window_get_n_pregnancies (person), ==, 0);
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (person), "没有妊娠记录"));
  g_free (muying_test_screenshot (GTK_WIDGET (person), "person-no-pregnancy"));
  gtk_window_destroy (GTK_WINDOW (person));
}

/* ---- records not linked to a case --------------------------------------------------------- */

/* A follow-on record from @pairs (key, text), saved as an import would, by the doctor. */
static gint64
save_follow_on (Fixture            *f,
                MuyingFollowOnKind  kind,
                const char * const *pairs,
                gboolean           *linked)
{
  const MuyingFollowOnDescriptor *d = muying_follow_on_descriptor_get (kind);
  g_autoptr(MuyingUser) doctor = muying_store_lookup_user (f->store, "doctor", NULL);
  g_autoptr(GError) error = NULL;
  gpointer record = d->record_new ();
  gint64 id = 0;

  for (guint i = 0; pairs[i] != NULL; i += 2)
    {
      g_autoptr(GVariant) value = g_variant_ref_sink (g_variant_new_string (pairs[i + 1]));

      g_assert_true (muying_field_set_value (muying_follow_on_descriptor_find (d, pairs[i]), record, value));
    }
  g_assert_nonnull (doctor);
  g_assert_true (muying_store_edit_follow_on (f->store, doctor, kind, 0, record, NULL, &id, linked, &error));
  g_assert_no_error (error);
  d->record_free (record);
  return id;
}

static const char *
unlinked_label (Fixture *f)
{
  return muying_worklist_page_get_unlinked_label (
    MUYING_WORKLIST_PAGE (muying_window_get_page (f->window, "worklist")));
}

static void
test_unlinked (Fixture       *f,
               gconstpointer  data)
{
  gint64 baby = enter_newborn (f, "N-UL-1", 30);
  gint64 screening = enter_prenatal (f, "P-UL-1", "110105198803150029", "林芳", 30, "mid_double");
  g_autofree char *diagnosed = day (-7);
  g_autofree char *far_edd = day (400);
  const char * const audiology[] = {
    "sample_no", "N-UL-9", "diagnosis_date", diagnosed, "left_degree", "normal", "right_degree", "normal", NULL
  };
  const char * const diagnosis[] = {
    "diagnosis_no", "PD-UL-1", "id_number", "110105198803150029", "edd", far_edd, "procedure_date", diagnosed,
    "procedure", "amniocentesis", "result", "normal", NULL
  };
  MuyingUnlinkedWindow *w;
  gboolean linked = TRUE;

  /* Nothing yet: said so. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-unlinked", NULL));
  w = muying_window_get_unlinked_window (f->window);
  g_assert_nonnull (w);
  g_assert_cmpint (muying_unlinked_window_get_n_rows (w), ==, 0);
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (w), "没有未关联的记录"));
  g_free (muying_test_screenshot (GTK_WIDGET (w), "unlinked-empty"));
  gtk_window_destroy (GTK_WINDOW (w));

  /* A mistyped sample number, a diagnosis whose EDD is far from her screening's. */
  save_follow_on (f, MUYING_FOLLOW_ON_AUDIOLOGY, audiology, &linked);
  g_assert_false (linked);
  linked = TRUE;
  save_follow_on (f, MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS, diagnosis, &linked);
  g_assert_false (linked);

  /* The worklist's button counts them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.reload", NULL));
  g_assert_cmpstr (unlinked_label (f), ==, "未关联 2 条(_N)…");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "worklist"));
  g_free (muying_test_screenshot (GTK_WIDGET (f->window), "worklist-unlinked-count"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-unlinked", NULL));
  w = muying_window_get_unlinked_window (f->window);
  g_assert_cmpint (muying_unlinked_window_get_n_rows (w), ==, 2);
  g_free (muying_test_screenshot (GTK_WIDGET (w), "unlinked-list"));

  /* The audiology result: a sample number that is not a record is refused, the right one links. */
  for (guint i = 0; i < 2; i++)
    {
      muying_unlinked_window_select (w, i);
      if (muying_unlinked_window_get_n_candidates (w) == 0)
        break;
    }
  muying_unlinked_window_set_sample_no (w, "N-NONE");
  g_assert_false (muying_unlinked_window_link (w));
  g_test_message ("wrong sample: %s", muying_unlinked_window_get_message (w));
  g_assert_nonnull (strstr (muying_unlinked_window_get_message (w), "N-NONE"));
  g_free (muying_test_screenshot (GTK_WIDGET (w), "unlinked-link-refused"));
  muying_unlinked_window_set_sample_no (w, "N-UL-1");
  g_assert_true (muying_unlinked_window_link (w));
  g_test_message ("linked: %s", muying_unlinked_window_get_message (w));
  g_assert_cmpint (muying_unlinked_window_get_n_rows (w), ==, 1);
  g_assert_cmpuint (n_case_rows (f, baby), ==, 1);

  /* The diagnosis: linked to her screening record, picked from hers. */
  muying_unlinked_window_select (w, 0);
  g_assert_cmpuint (muying_unlinked_window_get_n_candidates (w), ==, 1);
  g_free (muying_test_screenshot (GTK_WIDGET (w), "unlinked-choose-her-record"));
  muying_unlinked_window_choose_candidate (w, 0);
  g_assert_true (muying_unlinked_window_link (w));
  g_assert_cmpint (muying_unlinked_window_get_n_rows (w), ==, 0);
  g_assert_cmpuint (n_case_rows (f, screening), ==, 1);
  g_assert_cmpstr (unlinked_label (f), ==, "未关联(_N)…");
  gtk_window_destroy (GTK_WINDOW (w));

  /* The case shows who linked it. */
  {
    MuyingCaseWindow *c = open_case (f, screening);

    log_timeline (c);
    g_assert_true (timeline_has (c, "手工关联"));
    gtk_window_destroy (GTK_WINDOW (c));
  }
}

/* ---- a failed query is said where its answer would be --------------------------------------- */

static void
exec_sql (MuyingStore *store,
          const char  *sql)
{
  g_autoptr(sqlite3_stmt) stmt = muying_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
}

static void
test_failures_said (Fixture       *f,
                    gconstpointer  data)
{
  gint64 baby = enter_newborn (f, "N-FAIL-1", 20);
  MuyingCaseWindow *c;
  MuyingUnlinkedWindow *w;

  exec_sql (f->store, "ALTER TABLE audiology RENAME TO audiology_hidden");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-unlinked", NULL));
  w = muying_window_get_unlinked_window (f->window);
  g_assert_cmpint (muying_unlinked_window_get_n_rows (w), ==, -1);
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (w), "无法列出未关联的记录"));
  g_free (muying_test_screenshot (GTK_WIDGET (w), "unlinked-failed"));
  gtk_window_destroy (GTK_WINDOW (w));

  c = open_case (f, baby);
  g_assert_cmpint (muying_case_timeline_get_n_follow_on (muying_case_window_get_timeline (c)), ==, -1);
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (c), "无法读取诊断和结局记录"));
  g_free (muying_test_screenshot (GTK_WIDGET (muying_case_window_get_timeline (c)), "case-timeline-failed"));
  gtk_window_destroy (GTK_WINDOW (c));
  exec_sql (f->store, "ALTER TABLE audiology_hidden RENAME TO audiology");
}

/* A diagnosis entered wrongly is corrected from the timeline: its form comes back filled, its own
 * number cannot be changed, and the saved correction replaces it (one row, "changed by", the
 * follow-up moved by the new result). */
static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  gint64 id = enter_prenatal (f, "P-FO-E", "110105198803150029", "林芳", 30, "mid_double");
  MuyingCaseWindow *c = open_case (f, id);
  MuyingFollowOnForm *form;
  g_autofree char *procedure_date = day (-3);
  g_autofree char *value = NULL;
  GtkWidget *edit, *number;
  gpointer weak = NULL;

  g_assert_true (muying_case_window_add_follow_on (c, MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS));
  form = muying_case_window_get_follow_on_form (c);
  muying_follow_on_form_set_value (form, "diagnosis_no", "PD-2026-0009");
  muying_follow_on_form_set_value (form, "procedure_date", procedure_date);
  muying_follow_on_form_set_value (form, "procedure", "amniocentesis");
  muying_follow_on_form_set_value (form, "method", "karyotype");
  muying_follow_on_form_set_value (form, "result", "abnormal");
  muying_follow_on_form_set_value (form, "condition", "T21");
  g_set_weak_pointer (&weak, form);
  g_assert_true (muying_follow_on_form_save (form));
  g_assert_true (muying_test_wait_until (form_closed, &weak, 5000));
  g_assert_cmpint (muying_case_window_get_case (c)->followup->state, ==, MUYING_FOLLOWUP_NEXT_STEP);

  /* The timeline's 修改… on the diagnosis line, pressed with the keyboard. */
  muying_test_spin (200);
  edit = find_button (GTK_WIDGET (muying_case_window_get_timeline (c)), NULL, "case.edit-follow-on");
  g_assert_nonnull (edit);
  g_free (muying_test_screenshot (GTK_WIDGET (muying_case_window_get_timeline (c)), "case-timeline-edit-button"));
  gtk_widget_grab_focus (edit);
  if (muying_test_have_xdotool ())
    xdotool (GTK_WINDOW (c), "key", "space");
  else
    gtk_widget_activate (edit);
  muying_test_spin (200);
  form = muying_case_window_get_follow_on_form (c);
  g_assert_nonnull (form);
  g_assert_cmpint (muying_follow_on_form_get_row_id (form), >, 0);
  number = muying_follow_on_form_get_widget (form, "diagnosis_no");
  g_assert_false (gtk_widget_get_sensitive (number));
  value = muying_follow_on_form_get_value (form, "diagnosis_no");
  g_assert_cmpstr (value, ==, "PD-2026-0009");
  g_clear_pointer (&value, g_free);
  value = muying_follow_on_form_get_value (form, "result");
  g_assert_cmpstr (value, ==, "abnormal");
  g_clear_pointer (&value, g_free);
  value = muying_follow_on_form_get_value (form, "condition");
  g_assert_cmpstr (value, ==, "T21");
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (form)), "修改"));

  /* The result was normal after all. */
  muying_follow_on_form_set_value (form, "result", "normal");
  muying_follow_on_form_set_value (form, "condition", "");
  g_free (muying_test_screenshot (GTK_WIDGET (form), "follow-on-diagnosis-edit"));
  g_set_weak_pointer (&weak, form);
  if (muying_test_have_xdotool ())
    {
      gtk_widget_grab_focus (muying_follow_on_form_get_widget (form, "detail"));
      xdotool (GTK_WINDOW (form), "key", "Return");
    }
  else
    g_assert_true (muying_follow_on_form_save (form));
  g_assert_true (muying_test_wait_until (form_closed, &weak, 5000));

  g_assert_cmpuint (n_case_rows (f, id), ==, 1);
  log_timeline (c);
  /* the diagnosis line is the corrected one; the history keeps the step the first result made */
  g_assert_true (timeline_has (c, "  产前诊断：羊膜腔穿刺、正常"));
  g_assert_false (timeline_has (c, "  产前诊断：羊膜腔穿刺、异常"));
  g_assert_true (timeline_has (c, "修改：nurse"));
  g_assert_cmpint (muying_case_window_get_case (c)->followup->state, ==, MUYING_FOLLOWUP_DONE);
  g_free (muying_test_screenshot (GTK_WIDGET (muying_case_window_get_timeline (c)), "case-timeline-after-edit"));
  gtk_window_destroy (GTK_WINDOW (c));
}

int
main (int   argc,
      char *argv[])
{
  if (!muying_test_gtk_init (&argc, &argv))
    return 0;
#define ADD(path, func, role) \
  g_test_add ("/follow-on-window/" path, Fixture, GINT_TO_POINTER (role), fixture_set_up, func, fixture_tear_down)
  ADD ("diagnosis-by-keyboard", test_diagnosis, MUYING_ROLE_NURSE);
  ADD ("diagnosis-refused", test_diagnosis_refused, MUYING_ROLE_DOCTOR);
  ADD ("edit", test_edit, MUYING_ROLE_NURSE);
  ADD ("audiology", test_audiology, MUYING_ROLE_DOCTOR);
  ADD ("treatment", test_treatment, MUYING_ROLE_DOCTOR);
  ADD ("pregnancies", test_pregnancies, MUYING_ROLE_NURSE);
  ADD ("unlinked", test_unlinked, MUYING_ROLE_DOCTOR);
  ADD ("failures-said", test_failures_said, MUYING_ROLE_DOCTOR);
#undef ADD
  return g_test_run ();
}
