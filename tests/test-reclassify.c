/* test-reclassify.c: re-classifying the stored records with a changed rule set
 * (muying-store-reclassify.h) and `muying-cli classify --dry-run / --apply`.
 *
 * The database is made with the shipped rules (version 2026.2); the changed rule set is a copy
 * of data/ with t21_high_max 270 → 400 and t21_borderline_max 1000 → 800. Prenatal mid_triple
 * records of women under 35, T21 risk 1/N (counted by hand):
 *
 *   P1 1/150   T21_HIGH high            → unchanged
 *   P2 1/300   T21_BORDERLINE interm.   → T21_HIGH high
 *   P3 1/350   T21_BORDERLINE interm.   → T21_HIGH high
 *   P4 1/500   T21_BORDERLINE interm.   → unchanged
 *   P5 1/5000  low                      → unchanged
 *   P6 1/380   T21_BORDERLINE interm., signed by the doctor → T21_HIGH high (the rules say higher:
 *              the level is raised, the record stays signed and its seal holds)
 *   P7 1/900   T21_BORDERLINE interm.   → low (its untouched follow-up is dropped)
 *
 * Dry run: 7 records, 4 change, all 4 in level; by code: T21_BORDERLINE intermediate → low 1,
 * T21_BORDERLINE intermediate → high 3, T21_HIGH intermediate → high 3.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "muying-date.h"
#include "muying-error.h"
#include "muying-id-number.h"
#include "muying-rule-set.h"
#include "muying-store-check.h"
#include "muying-store-reclassify.h"
#include "muying-store-records.h"
#include "muying-store-sql.h"
#include "muying-store-users.h"
#include "muying-store-worklist.h"
#include "muying-test-utils.h"

#define PASSWORD "secret123"
#define TODAY "2026-07-01"

typedef struct
{
  char          *dir;
  char          *path;
  char          *rules_dir;   /* the changed copy of data/ */
  MuyingStore   *store;
  MuyingRuleSet *rules;       /* shipped */
  MuyingRuleSet *changed;
  MuyingUser    *admin;
  MuyingUser    *doctor;
  MuyingUser    *nurse;
  GHashTable    *ids;         /* key → record id */
  GDate          today;
} Fixture;

static const struct
{
  const char *key;
  const char *id17;
  const char *name;
  int         t21;
  const char *codes;
} records[] = {
  { "P1", "11010519950101002", "张丽", 150, "T21_HIGH" },
  { "P2", "11010519960202004", "李娜", 300, "T21_BORDERLINE" },
  { "P3", "11010519970303006", "王芳", 350, "T21_BORDERLINE" },
  { "P4", "11010519980404008", "赵敏", 500, "T21_BORDERLINE" },
  { "P5", "11010519990505000", "钱红", 5000, "" },
  { "P6", "11010519940606002", "孙燕", 380, "T21_BORDERLINE" },
  { "P7", "11010519930707004", "周婷", 900, "T21_BORDERLINE" },
};

static void
copy_dir (const char *from,
          const char *to)
{
  g_autoptr(GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *src = g_build_filename (from, name, NULL);
      g_autofree char *dst = g_build_filename (to, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      if (g_file_test (src, G_FILE_TEST_IS_DIR))
        {
          copy_dir (src, dst);
          continue;
        }
      g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
      g_assert_true (g_file_set_contents (dst, contents, len, NULL));
    }
}

static void
replace_in_file (const char *path,
                 const char *old_text,
                 const char *new_text)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *joined = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  parts = g_strsplit (contents, old_text, -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  joined = g_strjoinv (new_text, parts);
  g_assert_true (g_file_set_contents (path, joined, -1, NULL));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *prenatal_ini = NULL;
  g_autofree char *ruleset_ini = NULL;

  f->dir = muying_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "reclassify.db", NULL);
  f->store = muying_store_create (f->path, &error);
  g_assert_no_error (error);
  f->rules = muying_rule_set_new_from_dir (muying_test_data_dir (), &error);
  g_assert_no_error (error);
  g_assert_true (muying_date_parse (TODAY, &f->today, NULL));
  f->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f->admin = muying_store_create_first_admin (f->store, "admin", "王主任", PASSWORD, &error);
  g_assert_no_error (error);
  f->doctor = muying_store_create_user (f->store, "admin", "doc", "李医生", MUYING_ROLE_DOCTOR, PASSWORD, &error);
  g_assert_no_error (error);
  f->nurse = muying_store_create_user (f->store, "admin", "nurse", "张护士", MUYING_ROLE_NURSE, PASSWORD, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (records); i++)
    {
      g_autoptr(MuyingPrenatalRecord) r = muying_prenatal_record_new ();
      g_autoptr(MuyingClassification) cls = NULL;
      g_autofree char *codes = NULL;
      gint64 id = 0;

      r->sample_no = g_strdup (records[i].key);
      r->id_number = muying_test_make_id_number (records[i].id17);
      r->name = g_strdup (records[i].name);
      g_assert_true (muying_id_number_validate (r->id_number, NULL, &r->birth_date, NULL, NULL));
      g_assert_true (muying_date_parse ("2026-06-01", &r->sample_date, NULL));
      r->test_type = MUYING_PRENATAL_TEST_MID_TRIPLE;
      r->ga_days = 16 * 7;
      muying_date_edd_from_ga (&r->sample_date, r->ga_days, &r->edd);
      r->t21_risk = records[i].t21;
      r->t18_risk = 5000;
      cls = muying_rule_set_classify_prenatal (f->rules, r);
      codes = muying_classification_join_codes (cls, ";");
      g_assert_cmpstr (codes, ==, records[i].codes);
      g_assert_true (muying_store_save_prenatal (f->store, r, cls, "nurse", NULL, &id, &error));
      g_assert_no_error (error);
      g_hash_table_insert (f->ids, g_strdup (records[i].key), GSIZE_TO_POINTER (id));
    }
  /* P6 is signed by the doctor. */
  {
    MuyingReview sign = { MUYING_REVIEW_SIGN, -1, NULL, NULL, PASSWORD };

    g_assert_true (muying_store_review (f->store, f->doctor, GPOINTER_TO_SIZE (g_hash_table_lookup (f->ids, "P6")),
                                        &sign, f->rules, &f->today, &error));
    g_assert_no_error (error);
  }

  f->rules_dir = g_build_filename (f->dir, "data", NULL);
  copy_dir (muying_test_data_dir (), f->rules_dir);
  prenatal_ini = g_build_filename (f->rules_dir, "rules", "prenatal.ini", NULL);
  ruleset_ini = g_build_filename (f->rules_dir, "rules", "ruleset.ini", NULL);
  replace_in_file (prenatal_ini, "t21_high_max=270", "t21_high_max=400");
  replace_in_file (prenatal_ini, "t21_borderline_max=1000", "t21_borderline_max=800");
  replace_in_file (ruleset_ini, "\nversion=", "\nversion=local-");
  f->changed = muying_rule_set_new_from_dir (f->rules_dir, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->admin);
  g_clear_object (&f->doctor);
  g_clear_object (&f->nurse);
  g_clear_object (&f->rules);
  g_clear_object (&f->changed);
  g_clear_object (&f->store);
  g_hash_table_unref (f->ids);
  muying_test_rm_rf (f->dir);
  g_free (f->rules_dir);
  g_free (f->path);
  g_free (f->dir);
}

/* "level computed_level review_state rules_version reasons followup-due" of a record. */
static char *
record_state (Fixture    *f,
              const char *key)
{
  g_autoptr(sqlite3_stmt) stmt =
    muying_store_prepare (f->store,
                          "SELECT r.level || ' ' || r.computed_level || ' ' || r.review_state || ' ' || r.rules_version"
                          " || ' ' || coalesce((SELECT group_concat(code, ';') FROM reason WHERE record_id = r.id), '-')"
                          " || ' ' || coalesce((SELECT due_date FROM followup WHERE record_id = r.id), '-')"
                          " FROM record r WHERE r.id = ?", NULL);

  g_assert_nonnull (stmt);
  sqlite3_bind_int64 (stmt, 1, GPOINTER_TO_SIZE (g_hash_table_lookup (f->ids, key)));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static char *
all_states (Fixture *f)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (records); i++)
    {
      g_autofree char *state = record_state (f, records[i].key);

      g_string_append_printf (s, "%s: %s\n", records[i].key, state);
    }
  return g_string_free (s, FALSE);
}

static void
assert_summary (const MuyingReclassifySummary *summary)
{
  static const struct
  {
    const char *code;
    MuyingLevel from, to;
    gint64      count;
  } expected[] = {
    { "T21_BORDERLINE", MUYING_LEVEL_INTERMEDIATE, MUYING_LEVEL_LOW, 1 },
    { "T21_BORDERLINE", MUYING_LEVEL_INTERMEDIATE, MUYING_LEVEL_HIGH, 3 },
    { "T21_HIGH", MUYING_LEVEL_INTERMEDIATE, MUYING_LEVEL_HIGH, 3 },
  };

  g_assert_cmpstr (summary->rules_version, ==, "local-2026.2");
  g_assert_cmpint (summary->n_records, ==, 7);
  g_assert_cmpint (summary->n_changed, ==, 4);
  g_assert_cmpint (summary->n_level_changed, ==, 4);
  g_assert_cmpuint (summary->changes->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < summary->changes->len; i++)
    {
      const MuyingReclassifyChange *c = g_ptr_array_index (summary->changes, i);

      g_assert_cmpstr (c->code, ==, expected[i].code);
      g_assert_cmpint (c->old_level, ==, expected[i].from);
      g_assert_cmpint (c->new_level, ==, expected[i].to);
      g_assert_cmpint (c->count, ==, expected[i].count);
    }
  g_assert_cmpuint (summary->versions->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (summary->versions, 0), ==, "2026.2");
}

static void
assert_check_clean (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = muying_store_check (f->store, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_dry_run_then_apply (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = all_states (f);
  gint64 audit_rows = muying_store_count_audit (f->store, "reclassify", NULL);

  g_test_message ("before:\n%s", before);
  g_assert_cmpint (audit_rows, ==, 0);

  /* The dry run counts and writes nothing. */
  {
    g_autoptr(MuyingReclassifySummary) summary = muying_store_reclassify_dry_run (f->store, f->changed, &error);
    g_autofree char *after = NULL;

    g_assert_no_error (error);
    assert_summary (summary);
    after = all_states (f);
    g_assert_cmpstr (after, ==, before);
    g_assert_cmpint (muying_store_count_audit (f->store, "reclassify", NULL), ==, 0);
  }
  /* The shipped rules change nothing. */
  {
    g_autoptr(MuyingReclassifySummary) summary = muying_store_reclassify_dry_run (f->store, f->rules, &error);

    g_assert_no_error (error);
    g_assert_cmpint (summary->n_records, ==, 7);
    g_assert_cmpint (summary->n_changed, ==, 0);
    g_assert_cmpuint (summary->changes->len, ==, 0);
  }
  /* Only an administrator applies it: a nurse and a doctor are refused, and nothing changes. */
  {
    g_autoptr(GError) nurse_error = NULL;
    g_autoptr(GError) doctor_error = NULL;
    g_autofree char *after = NULL;

    g_assert_null (muying_store_reclassify_apply (f->store, f->nurse, f->changed, &f->today, &nurse_error));
    g_assert_error (nurse_error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FORBIDDEN);
    g_assert_null (muying_store_reclassify_apply (f->store, f->doctor, f->changed, &f->today, &doctor_error));
    g_assert_error (doctor_error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FORBIDDEN);
    after = all_states (f);
    g_assert_cmpstr (after, ==, before);
  }
  /* Applying changes exactly the four records, each with its version; the rest keep theirs. */
  {
    g_autoptr(MuyingReclassifySummary) summary = muying_store_reclassify_apply (f->store, f->admin, f->changed,
                                                                                 &f->today, &error);
    g_autofree char *p1 = NULL, *p2 = NULL, *p3 = NULL, *p4 = NULL, *p5 = NULL, *p6 = NULL, *p7 = NULL;

    g_assert_no_error (error);
    assert_summary (summary);
    p1 = record_state (f, "P1");
    p2 = record_state (f, "P2");
    p3 = record_state (f, "P3");
    p4 = record_state (f, "P4");
    p5 = record_state (f, "P5");
    p6 = record_state (f, "P6");
    p7 = record_state (f, "P7");
    g_test_message ("after:\nP1 %s\nP2 %s\nP3 %s\nP4 %s\nP5 %s\nP6 %s\nP7 %s", p1, p2, p3, p4, p5, p6, p7);
    g_assert_cmpstr (p1, ==, "2 2 pending 2026.2 T21_HIGH 2026-06-08");
    /* Raised by the rules, nobody contacted yet: due 7 days from the sample date. */
    g_assert_cmpstr (p2, ==, "2 2 pending local-2026.2 T21_HIGH 2026-06-08");
    g_assert_cmpstr (p3, ==, "2 2 pending local-2026.2 T21_HIGH 2026-06-08");
    g_assert_cmpstr (p4, ==, "1 1 pending 2026.2 T21_BORDERLINE 2026-07-01");
    g_assert_cmpstr (p5, ==, "0 0 none 2026.2 - -");
    g_assert_true (g_str_has_prefix (p6, "2 2 signed local-2026.2 T21_HIGH "));
    g_assert_cmpstr (p7, ==, "0 0 none local-2026.2 - -");
    /* One audit row per changed record and one for the run. */
    g_assert_cmpint (muying_store_count_audit (f->store, "reclassify", NULL), ==, 5);
    /* The signed record's seal was renewed with its audit row. */
    assert_check_clean (f);
  }
  /* Once applied, there is nothing left to change. */
  {
    g_autoptr(MuyingReclassifySummary) summary = muying_store_reclassify_dry_run (f->store, f->changed, &error);

    g_assert_no_error (error);
    g_assert_cmpint (summary->n_changed, ==, 0);
  }
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *before = all_states (f);

  g_setenv ("MUYING_DATA_DIR", f->rules_dir, TRUE);
  /* The dry run, as JSON and as text; nothing changes. */
  {
    const char *args[] = { "--db", f->path, "--user", "admin", "classify", "--dry-run", "--format", "json", NULL };
    const char *text_args[] = { "--db", f->path, "--user", "admin", "classify", "--dry-run", NULL };
    g_autofree char *out = NULL;
    g_autofree char *text = NULL;
    g_autofree char *after = NULL;

    g_assert_cmpint (muying_test_run_cli (args, "MUYING_PASSWORD=" PASSWORD, &out, NULL), ==, 0);
    g_test_message ("%s", out);
    g_assert_nonnull (strstr (out, "\"changed\" : 4"));
    g_assert_nonnull (strstr (out, "\"code\" : \"T21_HIGH\""));
    g_assert_cmpint (muying_test_run_cli (text_args, "MUYING_PASSWORD=" PASSWORD, &text, NULL), ==, 0);
    g_test_message ("%s", text);
    g_assert_nonnull (strstr (text, "T21_BORDERLINE"));
    g_assert_nonnull (strstr (text, "临界·需关注 → 高风险"));
    after = all_states (f);
    g_assert_cmpstr (after, ==, before);
  }
  /* A doctor may not apply it. */
  {
    const char *args[] = { "--db", f->path, "--user", "doc", "classify", "--apply", NULL };
    g_autofree char *after = NULL;

    g_assert_cmpint (muying_test_run_cli (args, "MUYING_PASSWORD=" PASSWORD, NULL, NULL), ==, 1);
    after = all_states (f);
    g_assert_cmpstr (after, ==, before);
  }
  /* Applied by the administrator. */
  {
    const char *args[] = { "--db", f->path, "--user", "admin", "classify", "--apply", NULL };
    g_autofree char *out = NULL;
    g_autofree char *p2 = NULL;

    g_assert_cmpint (muying_test_run_cli (args, "MUYING_PASSWORD=" PASSWORD, &out, NULL), ==, 0);
    g_test_message ("%s", out);
    p2 = record_state (f, "P2");
    g_assert_true (g_str_has_prefix (p2, "2 2 pending local-2026.2 T21_HIGH"));
  }
  /* Bad usage: both, a file with --dry-run, a format that does not apply. */
  {
    const char *both[] = { "--db", f->path, "--user", "admin", "classify", "--dry-run", "--apply", NULL };
    const char *file[] = { "--db", f->path, "--user", "admin", "classify", "--dry-run", "x.csv", NULL };
    const char *csv[] = { "--db", f->path, "--user", "admin", "classify", "--dry-run", "--format", "csv", NULL };

    g_assert_cmpint (muying_test_run_cli (both, NULL, NULL, NULL), ==, 2);
    g_assert_cmpint (muying_test_run_cli (file, NULL, NULL, NULL), ==, 2);
    g_assert_cmpint (muying_test_run_cli (csv, NULL, NULL, NULL), ==, 2);
  }
  g_setenv ("MUYING_DATA_DIR", muying_test_data_dir (), TRUE);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/reclassify/dry-run-then-apply", Fixture, NULL, fixture_set_up, test_dry_run_then_apply,
              fixture_tear_down);
  g_test_add ("/reclassify/cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);
  return g_test_run ();
}
