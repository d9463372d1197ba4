/* test-change-watch.c: the window's lists follow what another program commits to the same file
 * (the record list with its search, the worklist and its sidebar count), without F5; an open
 * form keeps what was typed; a hidden window asks nothing.
 *
 * "Another program" is a second connection to the file (a MuyingStore of its own), as
 * `muying-cli import` or a second workstation would be.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "muying-change-watch-private.h"
#include "muying-date.h"
#include "muying-demo.h"
#include "muying-id-number.h"
#include "muying-program-page-private.h"
#include "muying-program-page.h"
#include "muying-record-form.h"
#include "muying-record-item.h"
#include "muying-rule-set.h"
#include "muying-store-records.h"
#include "muying-store.h"
#include "muying-test-gtk-utils.h"
#include "muying-test-utils.h"
#include "muying-window-private.h"
#include "muying-window.h"
#include "muying-worklist-page-private.h"

/* Generous: the watch asks once a second, and the machine may be busy. */
#define WAIT_MS 15000

typedef struct
{
  char          *dir;
  MuyingStore   *store;   /* the window's */
  MuyingStore   *other;   /* another program's connection to the same file */
  MuyingRuleSet *rules;
  MuyingWindow  *window;
  guint          n_saved;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = muying_test_make_tmpdir ();
  path = g_build_filename (f->dir, "watch.db", NULL);
  f->store = muying_store_create (path, &error);
  g_assert_no_error (error);
  f->rules = muying_rule_set_new_default (&error);
  g_assert_no_error (error);
  f->window = muying_test_open_window (f->store, MUYING_ROLE_NURSE);
  f->other = muying_store_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->other);
  g_clear_object (&f->store);
  g_clear_object (&f->rules);
  muying_test_rm_rf (f->dir);
  g_free (f->dir);
}

/* Saves a prenatal record through the other connection: @t21_risk 150 is high (on the worklist),
 * 5000 low. Each record is another woman. */
static void
save_elsewhere (Fixture    *f,
                const char *sample_no,
                const char *name,
                int         t21_risk)
{
  g_autoptr(MuyingPrenatalRecord) r = muying_prenatal_record_new ();
  g_autoptr(MuyingClassification) cls = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id17 = g_strdup_printf ("110105199501%02u%03u", 1 + f->n_saved, 2 * f->n_saved + 2);
  gint64 id = 0;

  f->n_saved++;
  r->sample_no = g_strdup (sample_no);
  r->id_number = muying_test_make_id_number (id17);
  r->name = g_strdup (name);
  r->institution = g_strdup ("市妇幼保健院");
  g_assert_true (muying_id_number_validate (r->id_number, NULL, &r->birth_date, NULL, NULL));
  muying_date_today (&r->sample_date);
  r->test_type = MUYING_PRENATAL_TEST_MID_TRIPLE;
  r->ga_days = 16 * 7;
  muying_date_edd_from_ga (&r->sample_date, r->ga_days, &r->edd);
  r->t21_risk = t21_risk;
  r->t18_risk = 5000;
  cls = muying_rule_set_classify_prenatal (f->rules, r);
  g_assert_true (muying_store_save_prenatal (f->other, r, cls, "another-program", NULL, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
}

static MuyingRecordList *
record_list (Fixture *f)
{
  return muying_program_page_get_record_list (MUYING_PROGRAM_PAGE (muying_window_get_page (f->window, "prenatal")));
}

typedef struct
{
  Fixture    *f;
  const char *key;
} Listed;

/* The prenatal list shows the record @key (its rows read, not a search still running). */
static gboolean
is_listed (gpointer data)
{
  Listed *listed = data;
  MuyingRecordList *list = record_list (listed->f);
  MuyingRecordModel *model = muying_record_list_get_model (list);

  if (model == NULL || muying_record_list_is_loading (list))
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(MuyingRecordItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (item != NULL && g_strcmp0 (muying_record_item_get_row (item)->key, listed->key) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
wait_listed (Fixture    *f,
             const char *key)
{
  Listed listed = { f, key };

  if (!muying_test_wait_until (is_listed, &listed, WAIT_MS))
    g_error ("%s is not in the list without F5", key);
}

static void
show_page (Fixture    *f,
           const char *name)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", name));
  g_assert_cmpstr (muying_window_get_visible_page (f->window), ==, name);
}

/* The search's rows are on screen. */
static gboolean
search_shown (gpointer data)
{
  MuyingRecordList *list = record_list (data);
  MuyingRecordModel *model = muying_record_list_get_model (list);

  return model != NULL && !muying_record_list_is_loading (list) &&
         g_strcmp0 (muying_record_model_get_filter (model)->search, "王") == 0;
}

/* A record another program saves shows in the list on screen, from the empty page on; a search
 * typed in the list stays, and is run again. */
static void
test_record_list (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *search;
  MuyingRecordModel *model;

  show_page (f, "prenatal");
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (record_list (f))));   /* the empty page */
  save_elsewhere (f, "W-1", "赵敏", 5000);
  wait_listed (f, "W-1");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (record_list (f))));

  /* A search that finds nothing yet */
  search = muying_test_find_widget (GTK_WIDGET (record_list (f)), GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (search);
  gtk_editable_set_text (GTK_EDITABLE (search), "王");
  g_signal_emit_by_name (search, "search-changed");   /* not waiting out the typing delay */
  g_assert_true (muying_test_wait_until (search_shown, f, WAIT_MS));
  model = muying_record_list_get_model (record_list (f));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  save_elsewhere (f, "W-2", "王芳", 5000);
  wait_listed (f, "W-2");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "王");
  model = muying_record_list_get_model (record_list (f));
  g_assert_cmpstr (muying_record_model_get_filter (model)->search, ==, "王");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);   /* 赵敏 is not a match */
}

typedef struct
{
  Fixture *f;
  gint64   total;
} Total;

static gboolean
worklist_has (gpointer data)
{
  Total *want = data;
  MuyingWorklistPage *page = MUYING_WORKLIST_PAGE (muying_window_get_page (want->f->window, "worklist"));
  MuyingWorklistModel *model = muying_worklist_page_get_model (page);

  return muying_worklist_page_get_total (page) == want->total && model != NULL &&
         g_list_model_get_n_items (G_LIST_MODEL (model)) == want->total;
}

typedef struct
{
  Fixture    *f;
  const char *text;
} Label;

static gboolean
shows_label (gpointer data)
{
  Label *label = data;

  return muying_test_find_label (GTK_WIDGET (label->f->window), label->text) != NULL;
}

/* A flagged record saved elsewhere joins the worklist on screen (its count and rows) and the
 * sidebar's count; on another page the sidebar still counts it, and the worklist has it when
 * shown. A low record leaves the worklist as it is. */
static void
test_worklist (Fixture       *f,
               gconstpointer  data)
{
  Total one = { f, 1 }, two = { f, 2 };
  Label badge_one = { f, "高危工作清单（1）" }, badge_two = { f, "高危工作清单（2）" };

  show_page (f, "worklist");
  g_assert_cmpint (muying_worklist_page_get_total (MUYING_WORKLIST_PAGE (muying_window_get_page (f->window, "worklist"))),
                   ==, 0);
  save_elsewhere (f, "W-H1", "钱红", 150);
  if (!muying_test_wait_until (worklist_has, &one, WAIT_MS))
    g_error ("the flagged record is not on the worklist without F5");
  g_assert_true (muying_test_wait_until (shows_label, &badge_one, WAIT_MS));

  show_page (f, "prenatal");
  save_elsewhere (f, "W-L1", "孙兰", 5000);
  save_elsewhere (f, "W-H2", "李梅", 150);
  if (!muying_test_wait_until (shows_label, &badge_two, WAIT_MS))
    g_error ("the sidebar does not count the second flagged record without F5");
  show_page (f, "worklist");
  g_assert_true (worklist_has (&two));
}

/* A form with typed data is never reloaded under the user: the lists refresh, the form keeps
 * what was typed (its save is checked against the row version, not refreshed). */
static void
test_form_untouched (Fixture       *f,
                     gconstpointer  data)
{
  MuyingRecordModel *model;
  g_autoptr(MuyingRecordItem) item = NULL;
  MuyingRecordForm *form;
  g_autofree char *name = NULL;
  g_autofree char *t21 = NULL;

  show_page (f, "prenatal");
  save_elsewhere (f, "W-F1", "周洁", 5000);
  wait_listed (f, "W-F1");
  model = muying_record_list_get_model (record_list (f));
  item = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-record", "x",
                                             (gint64) muying_record_item_get_row (item)->id));
  form = muying_window_get_last_form (f->window);
  g_assert_nonnull (form);
  muying_record_form_set_value (form, "name", "周洁改");
  muying_record_form_set_value (form, "t21_risk", "1/150");
  g_assert_true (muying_record_form_has_unsaved_changes (form));

  save_elsewhere (f, "W-F2", "吴静", 5000);
  wait_listed (f, "W-F2");
  g_assert_true (muying_window_get_last_form (f->window) == form);
  name = muying_record_form_get_value (form, "name");
  t21 = muying_record_form_get_value (form, "t21_risk");
  g_assert_cmpstr (name, ==, "周洁改");
  g_assert_cmpstr (t21, ==, "1/150");
  g_assert_true (muying_record_form_has_unsaved_changes (form));
  gtk_window_destroy (GTK_WINDOW (form));
}

typedef struct
{
  Fixture *f;
  guint    n;
} Length;

static gboolean
list_has_length (gpointer data)
{
  Length *want = data;
  MuyingRecordList *list = record_list (want->f);
  MuyingRecordModel *model = muying_record_list_get_model (list);

  return model != NULL && !muying_record_list_is_loading (list) &&
         g_list_model_get_n_items (G_LIST_MODEL (model)) == want->n;
}

static GtkAdjustment *
list_vadjustment (GtkWidget *page)
{
  GtkWidget *view = muying_test_find_widget (page, GTK_TYPE_COLUMN_VIEW);

  g_assert_nonnull (view);
  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
}

static gboolean
is_long (gpointer data)
{
  return gtk_adjustment_get_upper (data) > 3 * gtk_adjustment_get_page_size (data) &&
         gtk_adjustment_get_page_size (data) > 0;
}

/* Somebody reading far down a long list stays there when a record arrives elsewhere. */
static void
test_keeps_place (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MuyingDemoOptions options;
  GtkAdjustment *adjustment;
  Length before = { f, 0 }, after = { f, 0 };
  gint64 selected_id = 0;
  double place;

  muying_demo_options_init (&options);
  /* enough for a worklist of several screens whatever today is: the demo's dates end today, and
   * with 900 records the worklist ran from 44 rows one day to 36 (under three screens) the next */
  options.n_records = 2000;
  options.seed = 5;
  /* on the window's own connection: no refresh */
  g_assert_true (muying_demo_generate (f->store, f->rules, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  muying_window_reload (f->window);
  show_page (f, "prenatal");
  before.n = (guint) muying_store_count_records (f->store, MUYING_PROGRAM_PRENATAL);
  g_assert_true (muying_test_wait_until (list_has_length, &before, WAIT_MS));
  adjustment = list_vadjustment (GTK_WIDGET (record_list (f)));
  g_assert_true (muying_test_wait_until (is_long, adjustment, WAIT_MS));
  gtk_adjustment_set_value (adjustment, 5000);
  muying_test_spin (200);
  place = gtk_adjustment_get_value (adjustment);
  g_test_message ("scrolled to %.0f of %.0f", place, gtk_adjustment_get_upper (adjustment));

  /* a row selected far down the list */
  {
    GtkSingleSelection *selection =
      GTK_SINGLE_SELECTION (gtk_column_view_get_model (GTK_COLUMN_VIEW (muying_test_find_widget (
        GTK_WIDGET (record_list (f)), GTK_TYPE_COLUMN_VIEW))));
    g_autoptr(MuyingRecordItem) item = NULL;

    gtk_single_selection_set_selected (selection, 300);
    item = gtk_single_selection_get_selected_item (selection) != NULL
             ? g_object_ref (gtk_single_selection_get_selected_item (selection)) : NULL;
    g_assert_nonnull (item);
    selected_id = muying_record_item_get_row (item)->id;
  }
  save_elsewhere (f, "W-P1", "冯雪", 5000);
  after.n = before.n + 1;
  if (!muying_test_wait_until (list_has_length, &after, WAIT_MS))
    g_error ("the list does not grow without F5");
  muying_test_spin (200);
  adjustment = list_vadjustment (GTK_WIDGET (record_list (f)));
  g_test_message ("after the refresh at %.0f", gtk_adjustment_get_value (adjustment));
  g_assert_cmpfloat (fabs (gtk_adjustment_get_value (adjustment) - place), <, 200);
  /* the same record still selected, though the new one moved it */
  {
    GtkSingleSelection *selection =
      GTK_SINGLE_SELECTION (gtk_column_view_get_model (GTK_COLUMN_VIEW (muying_test_find_widget (
        GTK_WIDGET (record_list (f)), GTK_TYPE_COLUMN_VIEW))));
    MuyingRecordItem *item = gtk_single_selection_get_selected_item (selection);

    g_assert_nonnull (item);
    g_test_message ("selected: %u", gtk_single_selection_get_selected (selection));
    g_assert_cmpint (muying_record_item_get_row (item)->id, ==, selected_id);
  }

  /* the same on the worklist */
  {
    MuyingWorklistPage *page = MUYING_WORKLIST_PAGE (muying_window_get_page (f->window, "worklist"));
    Total more = { f, 0 };

    show_page (f, "worklist");
    more.total = muying_worklist_page_get_total (page) + 1;
    adjustment = list_vadjustment (GTK_WIDGET (page));
    g_assert_true (muying_test_wait_until (is_long, adjustment, WAIT_MS));
    gtk_adjustment_set_value (adjustment, 2 * gtk_adjustment_get_page_size (adjustment));
    muying_test_spin (200);
    place = gtk_adjustment_get_value (adjustment);
    g_test_message ("worklist of %lld scrolled to %.0f of %.0f", (long long) more.total - 1, place,
                    gtk_adjustment_get_upper (adjustment));
    g_assert_cmpfloat (place, >, 0);
    save_elsewhere (f, "W-P2", "褚丹", 150);
    if (!muying_test_wait_until (worklist_has, &more, WAIT_MS))
      g_error ("the worklist does not grow without F5");
    muying_test_spin (200);
    g_test_message ("worklist after the refresh at %.0f", gtk_adjustment_get_value (adjustment));
    g_assert_cmpfloat (fabs (gtk_adjustment_get_value (adjustment) - place), <, 200);
  }
}

/* A hidden window asks nothing; shown again, it catches up with what changed meanwhile. */
static void
test_hidden (Fixture       *f,
             gconstpointer  data)
{
  MuyingChangeWatch *watch = muying_window_get_change_watch (f->window);

  show_page (f, "prenatal");
  g_assert_true (muying_change_watch_is_running (watch));
  gtk_widget_set_visible (GTK_WIDGET (f->window), FALSE);
  g_assert_false (muying_change_watch_is_running (watch));
  save_elsewhere (f, "W-S1", "郑婷", 5000);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (muying_change_watch_is_running (watch));
  wait_listed (f, "W-S1");
}

int
main (int   argc,
      char *argv[])
{
  if (!muying_test_gtk_init (&argc, &argv))
    return 0;
#define ADD(path, func) g_test_add ("/change-watch/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("record-list", test_record_list);
  ADD ("worklist", test_worklist);
  ADD ("form-untouched", test_form_untouched);
  ADD ("hidden", test_hidden);
  ADD ("keeps-place", test_keeps_place);
  return g_test_run ();
}
