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

#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
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
#include "muying-test-pg-store.h"
#include "muying-test-utils.h"

#define PASSWORD "secret123"
#define TODAY "2026-07-01"

typedef struct
{
  MuyingTestDb   db;      /* on a server database for "/…/server/…" */
  char          *rules_dir;   /* the changed copy of data/ */
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

/* What both fixtures start from: a new database @name with its administrator, the shipped rules. */
static void
fixture_create (Fixture    *f,
                const char *name)
{
  g_autoptr(GError) error = NULL;

  muying_test_db_create (&f->db, name);
  f->rules = muying_rule_set_new_from_dir (muying_test_data_dir (), &error);
  g_assert_no_error (error);
  g_assert_true (muying_date_parse (TODAY, &f->today, NULL));
  f->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f->admin = muying_store_create_first_admin (f->db.store, "admin", "王主任", PASSWORD, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *prenatal_ini = NULL;
  g_autofree char *ruleset_ini = NULL;

  fixture_create (f, "reclassify.db");
  f->doctor = muying_store_create_user (f->db.store, "admin", "doc", "李医生", MUYING_ROLE_DOCTOR, PASSWORD, &error);
  g_assert_no_error (error);
  f->nurse = muying_store_create_user (f->db.store, "admin", "nurse", "张护士", MUYING_ROLE_NURSE, PASSWORD, &error);
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
      g_assert_true (muying_store_save_prenatal (f->db.store, r, cls, "nurse", NULL, &id, &error));
      g_assert_no_error (error);
      g_hash_table_insert (f->ids, g_strdup (records[i].key), GSIZE_TO_POINTER (id));
    }
  /* P6 is signed by the doctor. */
  {
    MuyingReview sign = { MUYING_REVIEW_SIGN, -1, NULL, NULL, PASSWORD };

    g_assert_true (muying_store_review (f->db.store, f->doctor, GPOINTER_TO_SIZE (g_hash_table_lookup (f->ids, "P6")),
                                        &sign, f->rules, &f->today, &error));
    g_assert_no_error (error);
  }

  f->rules_dir = g_build_filename (f->db.dir, "data", NULL);
  copy_dir (muying_test_data_dir (), f->rules_dir);
  prenatal_ini = g_build_filename (f->rules_dir, "rules", "prenatal.ini", NULL);
  ruleset_ini = g_build_filename (f->rules_dir, "rules", "ruleset.ini", NULL);
  replace_in_file (prenatal_ini, "t21_high_max=270", "t21_high_max=400");
  replace_in_file (prenatal_ini, "t21_borderline_max=1000", "t21_borderline_max=800");
  replace_in_file (ruleset_ini, "\nversion=", "\nversion=local-");
  f->changed = muying_rule_set_new_from_dir (f->rules_dir, &error);
  g_assert_no_error (error);

  /* The same re-classification of the records moved to the server. */
  muying_test_db_move_if (&f->db, GPOINTER_TO_INT (data), "reclassify");
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
  g_hash_table_unref (f->ids);
  muying_test_db_clear (&f->db);
  g_free (f->rules_dir);
}

/* "level computed_level review_state rules_version reasons followup-due" of a record. */
static char *
record_state (Fixture    *f,
              const char *key)
{
  g_autoptr(MuyingSqlStmt) stmt =
    muying_store_query (f->db.store,
                          "SELECT r.level || ' ' || r.computed_level || ' ' || r.review_state || ' ' || r.rules_version"
                          " || ' ' || coalesce((SELECT group_concat(code, ';') FROM reason WHERE record_id = r.id), '-')"
                          " || ' ' || coalesce((SELECT due_date FROM followup WHERE record_id = r.id), '-')"
                          " FROM record r WHERE r.id = ?", NULL);

  g_assert_nonnull (stmt);
  muying_sql_bind_int64 (stmt, 1, GPOINTER_TO_SIZE (g_hash_table_lookup (f->ids, key)));
  g_assert_cmpint (muying_sql_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) muying_sql_column_text (stmt, 0));
}

/* "KEY: state" of every record of the fixture, in the order of the keys. */
static char *
all_states (Fixture *f)
{
  GString *s = g_string_new (NULL);
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (f->ids), (GCompareFunc) strcmp);

  for (GList *l = keys; l != NULL; l = l->next)
    {
      g_autofree char *state = record_state (f, l->data);

      g_string_append_printf (s, "%s: %s\n", (const char *) l->data, state);
    }
  return g_string_free (s, FALSE);
}

static gint64
count_rows (Fixture    *f,
            const char *sql)
{
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (f->db.store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (muying_sql_step (stmt), ==, SQLITE_ROW);
  return muying_sql_column_int64 (stmt, 0);
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
  g_autoptr(GPtrArray) problems = muying_store_check (f->db.store, NULL, &error);

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
  gint64 audit_rows = muying_store_count_audit (f->db.store, "reclassify", NULL);

  g_test_message ("before:\n%s", before);
  g_assert_cmpint (audit_rows, ==, 0);

  /* The dry run counts and writes nothing. */
  {
    g_autoptr(MuyingReclassifySummary) summary = muying_store_reclassify_dry_run (f->db.store, f->changed, &error);
    g_autofree char *after = NULL;

    g_assert_no_error (error);
    assert_summary (summary);
    after = all_states (f);
    g_assert_cmpstr (after, ==, before);
    g_assert_cmpint (muying_store_count_audit (f->db.store, "reclassify", NULL), ==, 0);
  }
  /* The shipped rules change nothing. */
  {
    g_autoptr(MuyingReclassifySummary) summary = muying_store_reclassify_dry_run (f->db.store, f->rules, &error);

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

    g_assert_null (muying_store_reclassify_apply (f->db.store, f->nurse, f->changed, &f->today, &nurse_error));
    g_assert_error (nurse_error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FORBIDDEN);
    g_assert_null (muying_store_reclassify_apply (f->db.store, f->doctor, f->changed, &f->today, &doctor_error));
    g_assert_error (doctor_error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FORBIDDEN);
    after = all_states (f);
    g_assert_cmpstr (after, ==, before);
  }
  /* Applying changes exactly the four records, each with its version; the rest keep theirs. */
  {
    g_autoptr(MuyingReclassifySummary) summary = muying_store_reclassify_apply (f->db.store, f->admin, f->changed,
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
    g_assert_cmpint (muying_store_count_audit (f->db.store, "reclassify", NULL), ==, 5);
    /* The signed record's seal was renewed with its audit row. */
    assert_check_clean (f);
  }
  /* Once applied, there is nothing left to change. */
  {
    g_autoptr(MuyingReclassifySummary) summary = muying_store_reclassify_dry_run (f->db.store, f->changed, &error);

    g_assert_no_error (error);
    g_assert_cmpint (summary->n_changed, ==, 0);
  }
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *before = all_states (f);
  g_autofree char *data_dir = g_strdup (muying_test_data_dir ());

  g_setenv ("MUYING_DATA_DIR", f->rules_dir, TRUE);
  /* The dry run, as JSON and as text; nothing changes. */
  {
    const char *args[] = { "--db", f->db.path, "--user", "admin", "classify", "--dry-run", "--format", "json", NULL };
    const char *text_args[] = { "--db", f->db.path, "--user", "admin", "classify", "--dry-run", NULL };
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
    const char *args[] = { "--db", f->db.path, "--user", "doc", "classify", "--apply", NULL };
    g_autofree char *after = NULL;

    g_assert_cmpint (muying_test_run_cli (args, "MUYING_PASSWORD=" PASSWORD, NULL, NULL), ==, 1);
    after = all_states (f);
    g_assert_cmpstr (after, ==, before);
  }
  /* Applied by the administrator. */
  {
    const char *args[] = { "--db", f->db.path, "--user", "admin", "classify", "--apply", NULL };
    g_autofree char *out = NULL;
    g_autofree char *p2 = NULL;

    g_assert_cmpint (muying_test_run_cli (args, "MUYING_PASSWORD=" PASSWORD, &out, NULL), ==, 0);
    g_test_message ("%s", out);
    p2 = record_state (f, "P2");
    g_assert_true (g_str_has_prefix (p2, "2 2 pending local-2026.2 T21_HIGH"));
  }
  /* Bad usage: both, a file with --dry-run, a format that does not apply. */
  {
    const char *both[] = { "--db", f->db.path, "--user", "admin", "classify", "--dry-run", "--apply", NULL };
    const char *file[] = { "--db", f->db.path, "--user", "admin", "classify", "--dry-run", "x.csv", NULL };
    const char *csv[] = { "--db", f->db.path, "--user", "admin", "classify", "--dry-run", "--format", "csv", NULL };

    g_assert_cmpint (muying_test_run_cli (both, NULL, NULL, NULL), ==, 2);
    g_assert_cmpint (muying_test_run_cli (file, NULL, NULL, NULL), ==, 2);
    g_assert_cmpint (muying_test_run_cli (csv, NULL, NULL, NULL), ==, 2);
  }
  /* Restored for the tests that follow (muying_test_data_dir() reads the variable). */
  g_setenv ("MUYING_DATA_DIR", data_dir, TRUE);
}

/* ---- a database of rule set 2026.1 --------------------------------------------------------- *
 *
 * Records classified by rule set 2026.1, stored with what it gave (written here by hand: the
 * loader knows only 2026.2), then re-classified with the shipped 2026.2 (docs/rules.md, rule set 2).
 * Record date 2026-06-01 for all (sample, birth and exam date); deadlines high 7 days (06-08),
 * intermediate 30 (07-01).
 *
 *   key  record                                        2026.1                 2026.2
 *   A1   nipt, all low, AFP 1.0, singleton             —                      unchanged
 *   A2   nipt, all low, no AFP                         —                      NTD_ASSESS interm.
 *   A3   nipt, all low, AFP 1.0, twins                 —                      NIPT_LIMITED interm.
 *   A4   nipt, T21 high, IVF, no AFP                   NIPT_HIGH_T21 high     + NIPT_LIMITED, NTD_ASSESS (high)
 *   A5   mid_triple 1/500                              T21_BORDERLINE interm. unchanged
 *   N1   NICU, AABR, initial refer/pass, no rescreen   RESCREEN_DUE interm.   HEARING_REFER high
 *   N2   NICU, OAE, pass/pass                          —                      NICU_AABR interm.
 *   N3   not NICU, refer/pass, no rescreen             RESCREEN_DUE interm.   unchanged
 *   N4   NICU, both, refer/refer, rescreen pass/refer  HEARING_REFER high     unchanged
 *   N5   NICU, OAE, pass/refer, no rescreen            RESCREEN_DUE interm.   HEARING_REFER, NICU_AABR high
 *   T1   visible lesion, HPV −, NILM                   —                      VISIBLE_LESION high
 *   T2   mammography BI-RADS 0                         MAMMO_ASSESS interm.   MAMMO_INCOMPLETE interm.
 *   T3   mammography BI-RADS 3                         MAMMO_ASSESS interm.   MAMMO_SHORT_INTERVAL interm.
 *   T4   HPV 16 +, NILM, mammography BI-RADS 3         HPV16_18, MAMMO_ASSESS high → HPV16_18, MAMMO_SHORT_INTERVAL
 *   T5   HPV −, NILM, ultrasound BI-RADS 2             —                      unchanged
 *
 * Dry run: 15 records, 10 change, 6 in level. Level changes by code (a record counts under each
 * code it gains or loses): HEARING_REFER interm. → high 2 (N1 N5), NICU_AABR low → interm. 1 (N2),
 * NICU_AABR interm. → high 1 (N5), NIPT_LIMITED low → interm. 1 (A3), NTD_ASSESS low → interm. 1
 * (A2), RESCREEN_DUE interm. → high 2 (N1 N5), VISIBLE_LESION low → high 1 (T1). Reasons alone
 * (lost → gained): — → NIPT_LIMITED;NTD_ASSESS 1 (A4), MAMMO_ASSESS → MAMMO_INCOMPLETE 1 (T2),
 * MAMMO_ASSESS → MAMMO_SHORT_INTERVAL 2 (T3 T4).
 */

typedef enum
{
  OLD_PRENATAL,
  OLD_NEWBORN,
  OLD_TWO_CANCER,
} OldProgram;

static const struct
{
  const char   *key;
  OldProgram    program;
  const char   *id17;
  /* prenatal */
  MuyingPrenatalTest  test;
  int                 t21;
  MuyingNiptCall      nipt_t21;
  double              afp;
  MuyingPregnancyType pregnancy;
  MuyingYesNo         ivf;
  /* newborn */
  MuyingYesNo         nicu;
  MuyingHearingMethod method;
  MuyingHearing       left, right, rescreen_left, rescreen_right;
  /* two cancers */
  MuyingHpv           hpv;
  const char         *hpv_types;
  MuyingYesNo         lesion;
  MuyingBirads        us, mammo;
  /* what each rule set gives: "CODE:level;…", level 1 intermediate, 2 high */
  const char   *old_reasons;
  const char   *new_codes;
} old_records[] = {
#define NIPT(t21_call, afp_mom, preg, ivf_) \
  MUYING_PRENATAL_TEST_NIPT, 0, t21_call, afp_mom, preg, ivf_
#define LOW MUYING_NIPT_CALL_LOW
#define HIGH MUYING_NIPT_CALL_HIGH
#define SINGLE MUYING_PREGNANCY_TYPE_SINGLETON
#define NO_NB 0, 0, 0, 0, 0, 0
#define NO_TC 0, NULL, 0, 0, 0
#define NB(nicu_, method_, l, r, rl, rr) MUYING_##nicu_, MUYING_HEARING_METHOD_##method_, MUYING_HEARING_##l, \
  MUYING_HEARING_##r, MUYING_HEARING_##rl, MUYING_HEARING_##rr
#define NO_PN 0, 0, 0, 0, 0, 0
  { "A1", OLD_PRENATAL, "11010519950101002", NIPT (LOW, 1.0, SINGLE, MUYING_NO), NO_NB, NO_TC, "", "" },
  { "A2", OLD_PRENATAL, "11010519960202004", NIPT (LOW, NAN, SINGLE, MUYING_NO), NO_NB, NO_TC, "", "NTD_ASSESS" },
  { "A3", OLD_PRENATAL, "11010519970303006", NIPT (LOW, 1.0, MUYING_PREGNANCY_TYPE_TWINS, MUYING_NO), NO_NB, NO_TC,
    "", "NIPT_LIMITED" },
  { "A4", OLD_PRENATAL, "11010519980404008", NIPT (HIGH, NAN, SINGLE, MUYING_YES), NO_NB, NO_TC,
    "NIPT_HIGH_T21:2", "NIPT_HIGH_T21;NIPT_LIMITED;NTD_ASSESS" },
  { "A5", OLD_PRENATAL, "11010519990505000", MUYING_PRENATAL_TEST_MID_TRIPLE, 500, 0, 1.0, 0, 0, NO_NB, NO_TC,
    "T21_BORDERLINE:1", "T21_BORDERLINE" },
  { "N1", OLD_NEWBORN, "11010519950101002", NO_PN, NB (YES, AABR, REFER, PASS, NOT_RECORDED, NOT_RECORDED), NO_TC,
    "RESCREEN_DUE:1", "HEARING_REFER" },
  { "N2", OLD_NEWBORN, "11010519960202004", NO_PN, NB (YES, OAE, PASS, PASS, NOT_RECORDED, NOT_RECORDED), NO_TC,
    "", "NICU_AABR" },
  { "N3", OLD_NEWBORN, "11010519970303006", NO_PN, NB (NO, OAE, REFER, PASS, NOT_RECORDED, NOT_RECORDED), NO_TC,
    "RESCREEN_DUE:1", "RESCREEN_DUE" },
  { "N4", OLD_NEWBORN, "11010519980404008", NO_PN, NB (YES, BOTH, REFER, REFER, PASS, REFER), NO_TC,
    "HEARING_REFER:2", "HEARING_REFER" },
  { "N5", OLD_NEWBORN, "11010519990505000", NO_PN, NB (YES, OAE, PASS, REFER, NOT_RECORDED, NOT_RECORDED), NO_TC,
    "RESCREEN_DUE:1", "HEARING_REFER;NICU_AABR" },
  { "T1", OLD_TWO_CANCER, "11010519800101004", NO_PN, NO_NB,
    MUYING_HPV_NEGATIVE, NULL, MUYING_YES, 0, 0, "", "VISIBLE_LESION" },
  { "T2", OLD_TWO_CANCER, "11010519810202006", NO_PN, NO_NB,
    0, NULL, 0, 0, MUYING_BIRADS_0, "MAMMO_ASSESS:1", "MAMMO_INCOMPLETE" },
  { "T3", OLD_TWO_CANCER, "11010519820303008", NO_PN, NO_NB,
    0, NULL, 0, 0, MUYING_BIRADS_3, "MAMMO_ASSESS:1", "MAMMO_SHORT_INTERVAL" },
  { "T4", OLD_TWO_CANCER, "11010519830404000", NO_PN, NO_NB,
    MUYING_HPV_POSITIVE, "16", 0, 0, MUYING_BIRADS_3, "HPV16_18:2;MAMMO_ASSESS:1", "HPV16_18;MAMMO_SHORT_INTERVAL" },
  { "T5", OLD_TWO_CANCER, "11010519840505002", NO_PN, NO_NB,
    MUYING_HPV_NEGATIVE, NULL, 0, MUYING_BIRADS_2, 0, "", "" },
#undef NIPT
#undef LOW
#undef HIGH
#undef SINGLE
#undef NO_NB
#undef NO_TC
#undef NB
#undef NO_PN
};

/* One name per woman (the last digit of her birth year tells them apart). */
static char *
old_name (const char *id17)
{
  static const char * const names[] = { "周婷", "吴霞", "郑梅", "冯雪", "陈静", "张丽", "李娜", "王芳", "赵敏", "钱红" };

  return g_strdup (names[id17[9] - '0']);
}

/* What rule set 2026.1 gave, as it would have stored it. */
static MuyingClassification *
old_classification (const char  *reasons,
                    const GDate *record_date)
{
  MuyingClassification *cls = muying_classification_new ("2026.1");
  g_auto(GStrv) items = g_strsplit (reasons, ";", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) parts = NULL;
      MuyingLevel level;

      if (items[i][0] == '\0')
        continue;
      parts = g_strsplit (items[i], ":", 2);
      level = (MuyingLevel) atoi (parts[1]);
      muying_classification_add (cls, parts[0], level, level == MUYING_LEVEL_HIGH ? 7 : 30);
    }
  muying_classification_finish (cls, record_date);
  return cls;
}

static void
old_fixture_set_up (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GDate day;

  fixture_create (f, "rule-set-1.db");
  g_assert_cmpstr (muying_rule_set_get_version (f->rules), ==, "2026.2");
  g_assert_true (muying_date_parse ("2026-06-01", &day, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (old_records); i++)
    {
      g_autoptr(MuyingClassification) now = NULL;
      g_autoptr(MuyingClassification) old = old_classification (old_records[i].old_reasons, &day);
      g_autofree char *id_number = muying_test_make_id_number (old_records[i].id17);
      g_autofree char *codes = NULL;
      gint64 id = 0;
      gboolean saved = FALSE;

      switch (old_records[i].program)
        {
        case OLD_PRENATAL:
          {
            g_autoptr(MuyingPrenatalRecord) r = muying_prenatal_record_new ();

            r->sample_no = g_strdup (old_records[i].key);
            r->id_number = g_strdup (id_number);
            r->name = old_name (old_records[i].id17);
            g_assert_true (muying_id_number_validate (r->id_number, NULL, &r->birth_date, NULL, NULL));
            r->sample_date = day;
            r->test_type = old_records[i].test;
            r->ga_days = 16 * 7;
            muying_date_edd_from_ga (&r->sample_date, r->ga_days, &r->edd);
            r->afp_mom = old_records[i].afp;
            if (r->test_type == MUYING_PRENATAL_TEST_NIPT)
              {
                r->nipt_t21 = old_records[i].nipt_t21;
                r->nipt_t18 = r->nipt_t13 = MUYING_NIPT_CALL_LOW;
                r->nipt_sca = MUYING_NIPT_SCA_NONE;
                r->nipt_status = MUYING_NIPT_STATUS_OK;
                r->pregnancy_type = old_records[i].pregnancy;
                r->ivf = old_records[i].ivf;
              }
            else
              {
                r->t21_risk = old_records[i].t21;
                r->t18_risk = 5000;
              }
            now = muying_rule_set_classify_prenatal (f->rules, r);
            saved = muying_store_save_prenatal (f->db.store, r, old, "admin", NULL, &id, &error);
            break;
          }
        case OLD_NEWBORN:
          {
            g_autoptr(MuyingNewbornRecord) r = muying_newborn_record_new ();

            r->sample_no = g_strdup (old_records[i].key);
            r->mother_id_number = g_strdup (id_number);
            r->mother_name = old_name (old_records[i].id17);
            r->baby_name = g_strdup_printf ("婴儿%s", old_records[i].key);
            r->sex = MUYING_SEX_FEMALE;
            r->birth_date = day;
            r->panel = g_strdup ("9");
            r->nicu = old_records[i].nicu;
            r->hearing_method = old_records[i].method;
            r->hearing_left = old_records[i].left;
            r->hearing_right = old_records[i].right;
            r->rescreen_left = old_records[i].rescreen_left;
            r->rescreen_right = old_records[i].rescreen_right;
            if (r->rescreen_left != MUYING_HEARING_NOT_RECORDED)
              {
                r->rescreen_date = day;
                g_date_add_days (&r->rescreen_date, 20);
              }
            now = muying_rule_set_classify_newborn (f->rules, r);
            saved = muying_store_save_newborn (f->db.store, r, old, "admin", NULL, &id, &error);
            break;
          }
        case OLD_TWO_CANCER:
        default:
          {
            g_autoptr(MuyingTwoCancerRecord) r = muying_two_cancer_record_new ();

            r->exam_no = g_strdup (old_records[i].key);
            r->id_number = g_strdup (id_number);
            r->name = old_name (old_records[i].id17);
            g_assert_true (muying_id_number_validate (r->id_number, NULL, &r->birth_date, NULL, NULL));
            r->exam_date = day;
            r->hpv = old_records[i].hpv;
            g_assert_true (muying_hpv_types_parse (old_records[i].hpv_types ? old_records[i].hpv_types : "",
                                                   &r->hpv_types, NULL));
            if (r->hpv != MUYING_HPV_NOT_RECORDED)
              r->cytology = MUYING_CYTOLOGY_NILM;
            r->visible_lesion = old_records[i].lesion;
            r->us_birads = old_records[i].us;
            r->mammo_birads = old_records[i].mammo;
            now = muying_rule_set_classify_two_cancer (f->rules, r);
            saved = muying_store_save_two_cancer (f->db.store, r, old, "admin", NULL, &id, &error);
            break;
          }
        }
      g_assert_no_error (error);
      g_assert_true (saved);
      /* The premise: what 2026.2 gives (the table above). */
      codes = muying_classification_join_codes (now, ";");
      g_test_message ("%s: %s", old_records[i].key, codes);
      g_assert_cmpstr (codes, ==, old_records[i].new_codes);
      g_hash_table_insert (f->ids, g_strdup (old_records[i].key), GSIZE_TO_POINTER (id));
    }
}

static void
assert_rule_set_1_summary (const MuyingReclassifySummary *summary)
{
  static const struct
  {
    const char *code;
    MuyingLevel from, to;
    gint64      count;
  } expected[] = {
    { "HEARING_REFER", MUYING_LEVEL_INTERMEDIATE, MUYING_LEVEL_HIGH, 2 },
    { "NICU_AABR", MUYING_LEVEL_LOW, MUYING_LEVEL_INTERMEDIATE, 1 },
    { "NICU_AABR", MUYING_LEVEL_INTERMEDIATE, MUYING_LEVEL_HIGH, 1 },
    { "NIPT_LIMITED", MUYING_LEVEL_LOW, MUYING_LEVEL_INTERMEDIATE, 1 },
    { "NTD_ASSESS", MUYING_LEVEL_LOW, MUYING_LEVEL_INTERMEDIATE, 1 },
    { "RESCREEN_DUE", MUYING_LEVEL_INTERMEDIATE, MUYING_LEVEL_HIGH, 2 },
    { "VISIBLE_LESION", MUYING_LEVEL_LOW, MUYING_LEVEL_HIGH, 1 },
  };
  static const struct
  {
    const char *removed, *added;
    gint64      count;
  } expected_reasons[] = {
    { "", "NIPT_LIMITED;NTD_ASSESS", 1 },
    { "MAMMO_ASSESS", "MAMMO_INCOMPLETE", 1 },
    { "MAMMO_ASSESS", "MAMMO_SHORT_INTERVAL", 2 },
  };

  g_assert_cmpstr (summary->rules_version, ==, "2026.2");
  g_assert_cmpint (summary->n_records, ==, 15);
  g_assert_cmpint (summary->n_changed, ==, 10);
  g_assert_cmpint (summary->n_level_changed, ==, 6);
  for (guint i = 0; i < summary->changes->len; i++)
    {
      const MuyingReclassifyChange *c = g_ptr_array_index (summary->changes, i);

      g_test_message ("level change %s %d → %d: %" G_GINT64_FORMAT, c->code, c->old_level, c->new_level, c->count);
    }
  g_assert_cmpuint (summary->changes->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < summary->changes->len; i++)
    {
      const MuyingReclassifyChange *c = g_ptr_array_index (summary->changes, i);

      g_assert_cmpstr (c->code, ==, expected[i].code);
      g_assert_cmpint (c->old_level, ==, expected[i].from);
      g_assert_cmpint (c->new_level, ==, expected[i].to);
      g_assert_cmpint (c->count, ==, expected[i].count);
    }
  g_assert_cmpuint (summary->reason_changes->len, ==, G_N_ELEMENTS (expected_reasons));
  for (guint i = 0; i < summary->reason_changes->len; i++)
    {
      const MuyingReclassifyReasonChange *c = g_ptr_array_index (summary->reason_changes, i);

      g_assert_cmpstr (c->removed, ==, expected_reasons[i].removed);
      g_assert_cmpstr (c->added, ==, expected_reasons[i].added);
      g_assert_cmpint (c->count, ==, expected_reasons[i].count);
    }
  g_assert_cmpuint (summary->versions->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (summary->versions, 0), ==, "2026.1");
}

static void
test_rule_set_1_database (Fixture       *f,
                          gconstpointer  data)
{
  static const struct
  {
    const char *key;
    const char *state;   /* level computed_level review_state rules_version reasons followup-due */
  } after[] = {
    { "A1", "0 0 none 2026.1 - -" },
    /* Newly flagged: a follow-up opens, due from the record's date. */
    { "A2", "1 1 pending 2026.2 NTD_ASSESS 2026-07-01" },
    { "A3", "1 1 pending 2026.2 NIPT_LIMITED 2026-06-08" },
    /* Reasons gained at the same level: the follow-up stays. */
    { "A4", "2 2 pending 2026.2 NIPT_HIGH_T21;NIPT_LIMITED;NTD_ASSESS 2026-06-08" },
    { "A5", "1 1 pending 2026.1 T21_BORDERLINE 2026-07-01" },
    /* Raised to high, nobody contacted yet: due 7 days from the birth date. */
    { "N1", "2 2 pending 2026.2 HEARING_REFER 2026-06-08" },
    { "N2", "1 1 pending 2026.2 NICU_AABR 2026-07-01" },
    { "N3", "1 1 pending 2026.1 RESCREEN_DUE 2026-07-01" },
    { "N4", "2 2 pending 2026.1 HEARING_REFER 2026-06-08" },
    { "N5", "2 2 pending 2026.2 HEARING_REFER;NICU_AABR 2026-06-08" },
    { "T1", "2 2 pending 2026.2 VISIBLE_LESION 2026-06-08" },
    { "T2", "1 1 pending 2026.2 MAMMO_INCOMPLETE 2026-07-01" },
    { "T3", "1 1 pending 2026.2 MAMMO_SHORT_INTERVAL 2026-07-01" },
    { "T4", "2 2 pending 2026.2 HPV16_18;MAMMO_SHORT_INTERVAL 2026-06-08" },
    { "T5", "0 0 none 2026.1 - -" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *before = all_states (f);
  gint64 followups_before;

  g_test_message ("before:\n%s", before);
  followups_before = count_rows (f, "SELECT count(*) FROM followup");
  g_assert_cmpint (followups_before, ==, 9);

  /* The dry run counts what 2026.2 changes, and writes nothing. */
  {
    g_autoptr(MuyingReclassifySummary) summary = muying_store_reclassify_dry_run (f->db.store, f->rules, &error);
    g_autofree char *unchanged = NULL;

    g_assert_no_error (error);
    assert_rule_set_1_summary (summary);
    unchanged = all_states (f);
    g_assert_cmpstr (unchanged, ==, before);
    g_assert_cmpint (muying_store_count_audit (f->db.store, "reclassify", NULL), ==, 0);
  }
  /* Applying writes exactly what the dry run counted. */
  {
    g_autoptr(MuyingReclassifySummary) summary = muying_store_reclassify_apply (f->db.store, f->admin, f->rules,
                                                                                 &f->today, &error);
    g_autofree char *states = NULL;

    g_assert_no_error (error);
    assert_rule_set_1_summary (summary);
    states = all_states (f);
    g_test_message ("after:\n%s", states);
    for (guint i = 0; i < G_N_ELEMENTS (after); i++)
      {
        g_autofree char *state = record_state (f, after[i].key);

        g_test_message ("%s", after[i].key);
        g_assert_cmpstr (state, ==, after[i].state);
      }
  }
  /* Four new follow-ups (A2 A3 N2 T1); each changed record's follow-up notes the rule set. */
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM followup"), ==, followups_before + 4);
  /* One audit row per changed record, one for the run; each record's names its versions. */
  g_assert_cmpint (muying_store_count_audit (f->db.store, "reclassify", NULL), ==, 11);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM audit WHERE action = 'reclassify' AND entity = 'record' "
                                  "AND detail LIKE '%\"2026.1\"%' AND detail LIKE '%\"2026.2\"%'"), ==, 10);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM audit WHERE action = 'reclassify' AND entity = 'rules' "
                                  "AND detail LIKE '%\"reason_changes\"%MAMMO_INCOMPLETE%'"), ==, 1);
  assert_check_clean (f);
  /* Nothing is left to change. */
  {
    g_autoptr(MuyingReclassifySummary) summary = muying_store_reclassify_dry_run (f->db.store, f->rules, &error);

    g_assert_no_error (error);
    g_assert_cmpint (summary->n_changed, ==, 0);
    g_assert_cmpuint (summary->reason_changes->len, ==, 0);
  }
}

/* `classify --dry-run` lists the reasons that change at the same level too. */
static void
test_rule_set_1_cli (Fixture       *f,
                     gconstpointer  data)
{
  const char *args[] = { "--db", f->db.path, "--user", "admin", "classify", "--dry-run", NULL };
  const char *json_args[] = { "--db", f->db.path, "--user", "admin", "classify", "--dry-run", "--format", "json", NULL };
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;

  g_assert_cmpint (muying_test_run_cli (args, "MUYING_PASSWORD=" PASSWORD, &text, NULL), ==, 0);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "15 条记录中将重新分级 10 条，其中风险等级改变的 6 条"));
  g_assert_nonnull (strstr (text, "原因改变、风险等级不变的记录："));
  g_assert_nonnull (strstr (text, "  MAMMO_ASSESS → MAMMO_INCOMPLETE：1 条\n"));
  g_assert_nonnull (strstr (text, "  MAMMO_ASSESS → MAMMO_SHORT_INTERVAL：2 条\n"));
  g_assert_nonnull (strstr (text, "  — → NIPT_LIMITED,NTD_ASSESS：1 条\n"));
  g_assert_cmpint (muying_test_run_cli (json_args, "MUYING_PASSWORD=" PASSWORD, &json, NULL), ==, 0);
  g_test_message ("%s", json);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonArray *changes;
    JsonObject *first;

    g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
    changes = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "reason_changes");
    g_assert_cmpuint (json_array_get_length (changes), ==, 3);
    first = json_array_get_object_element (changes, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first, "removed")), ==, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first, "added")), ==, 2);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (changes, 2), "records"), ==, 2);
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  muying_test_add_file_and_server ("reclassify", "dry-run-then-apply", Fixture, fixture_set_up,
                                   test_dry_run_then_apply, fixture_tear_down);
  g_test_add ("/reclassify/cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);
  g_test_add ("/reclassify/rule-set-1-database", Fixture, NULL, old_fixture_set_up, test_rule_set_1_database,
              fixture_tear_down);
  g_test_add ("/reclassify/rule-set-1-cli", Fixture, NULL, old_fixture_set_up, test_rule_set_1_cli,
              fixture_tear_down);
  return g_test_run ();
}
