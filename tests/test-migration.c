/* test-migration.c: a database written by the code of schema version 5 opened by this one
 *
 * The fixture (data/schema-v5.sql.gz, its audit key in data/schema-v5-key; how it was made:
 * data/import-fixtures.md) holds a demo of 1,500 records with reviews, signatures, follow-ups
 * and audit entries, and later results entered by hand through version 5's store. Opening it
 * upgrades it: nothing is lost or added, the audit trail and the seals of the signed records still
 * hold (a signed record whose content the step changed is sealed again, by an entry of its own), and
 * every single-column result of step 5 is a follow-on row linked to its case (step 6).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "muying-store-check.h"
#include "muying-store-sql.h"
#include "muying-store.h"
#include "muying-test-utils.h"

static char *tmpdir;

/* ---- the fixture -------------------------------------------------------------------------- */

static char *
read_gzip (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GInputStream) raw = G_INPUT_STREAM (g_file_read (file, NULL, &error));
  g_autoptr(GZlibDecompressor) gunzip = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  g_assert_no_error (error);
  in = g_converter_input_stream_new (raw, G_CONVERTER (gunzip));
  g_assert_cmpint (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE, NULL, &error), >, 0);
  g_assert_no_error (error);
  /* sqlite3_exec reads up to a NUL */
  g_assert_cmpint (g_output_stream_write (out, "", 1, NULL, &error), ==, 1);
  g_assert_true (g_output_stream_close (out, NULL, &error));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

/* The version-5 database restored from its dump into a new file, and its audit key folder. */
static char *
restore_fixture (const char *name)
{
  g_autofree char *dump_path = muying_test_data_path ("schema-v5.sql.gz");
  g_autofree char *key_src = muying_test_data_path ("schema-v5-key");
  g_autofree char *key_dir = g_build_filename (tmpdir, "key", NULL);
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autofree char *dump = read_gzip (dump_path);
  g_autoptr(GDir) dir = NULL;
  sqlite3 *db = NULL;
  char *message = NULL;
  const char *entry;

  g_assert_cmpint (g_mkdir_with_parents (key_dir, 0700), ==, 0);
  dir = g_dir_open (key_src, 0, NULL);
  g_assert_nonnull (dir);
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (key_src, entry, NULL);
      g_autofree char *to = g_build_filename (key_dir, entry, NULL);
      g_autofree char *text = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (from, &text, &len, NULL));
      g_assert_true (g_file_set_contents_full (to, text, (gssize) len, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
    }
  /* The key the fixture's audit chain and seals were made with. */
  g_setenv ("MUYING_KEY_DIR", key_dir, TRUE);

  g_unlink (path);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, dump, NULL, NULL, &message) != SQLITE_OK)
    g_error ("restoring the fixture: %s", message);
  sqlite3_close (db);
  return g_steal_pointer (&path);
}

/* ---- reading a database ------------------------------------------------------------------ */

static sqlite3_stmt *
prepare (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  return stmt;
}

static gint64
count (sqlite3    *db,
       const char *sql)
{
  sqlite3_stmt *stmt = prepare (db, sql);
  gint64 n;

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* The rows of a two-column query as "a=b" strings, in its order. */
static GPtrArray *
pairs (sqlite3    *db,
       const char *sql)
{
  sqlite3_stmt *stmt = prepare (db, sql);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (out, g_strdup_printf ("%s=%s", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);
  return out;
}

/* What must not change: the counts of what people wrote. */
static const char * const counted[] = {
  "SELECT count(*) FROM record WHERE program = 'prenatal'",
  "SELECT count(*) FROM record WHERE program = 'newborn'",
  "SELECT count(*) FROM record WHERE program = 'two_cancer'",
  "SELECT count(*) FROM prenatal",
  "SELECT count(*) FROM newborn",
  "SELECT count(*) FROM two_cancer",
  "SELECT count(*) FROM person",
  "SELECT count(*) FROM reason",
  "SELECT count(*) FROM newborn_variant",
  "SELECT count(*) FROM review",
  "SELECT count(*) FROM followup",
  "SELECT count(*) FROM followup_step",
  /* plus one entry per signed record whose seal the step renewed (below) */
  "SELECT count(*) FROM audit WHERE action <> 'upgrade'",
  "SELECT count(*) FROM app_user",
  "SELECT count(*) FROM record WHERE review_state = 'signed'",
};

/* The single result columns of step 5, by record: "record_id=value". */
static const char * const old_results[] = {
  "SELECT record_id, diagnosis_result FROM prenatal WHERE diagnosis_result IS NOT NULL ORDER BY 1",
  "SELECT record_id, pregnancy_outcome FROM prenatal WHERE pregnancy_outcome IS NOT NULL ORDER BY 1",
  "SELECT record_id, audiology_result FROM newborn WHERE audiology_result IS NOT NULL ORDER BY 1",
  "SELECT record_id, intervention FROM newborn WHERE intervention IS NOT NULL ORDER BY 1",
  "SELECT record_id, treatment FROM two_cancer WHERE treatment IS NOT NULL ORDER BY 1",
  "SELECT record_id, cancer_stage FROM two_cancer WHERE cancer_stage IS NOT NULL ORDER BY 1",
};
enum { OLD_DIAGNOSIS, OLD_OUTCOME, OLD_AUDIOLOGY, OLD_INTERVENTION, OLD_TREATMENT, OLD_STAGE, N_OLD };

/* The signed records whose content step 6 changes: their stage or treatment moves. */
#define MOVED_SIGNED "SELECT r.id FROM record r JOIN two_cancer t ON t.record_id = r.id " \
                     "WHERE r.review_state = 'signed' AND (t.treatment IS NOT NULL OR t.cancer_stage IS NOT NULL)"

typedef struct
{
  gint64     counts[G_N_ELEMENTS (counted)];
  GPtrArray *results[N_OLD];
  gint64     n_audit;
  gint64     n_moved_signed;
} Before;

static void
before_read (Before     *b,
             const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (count (db, "PRAGMA user_version"), ==, 5);
  for (guint i = 0; i < G_N_ELEMENTS (counted); i++)
    b->counts[i] = count (db, counted[i]);
  for (guint i = 0; i < N_OLD; i++)
    b->results[i] = pairs (db, old_results[i]);
  b->n_audit = count (db, "SELECT count(*) FROM audit");
  b->n_moved_signed = count (db, "SELECT count(*) FROM (" MOVED_SIGNED ")");
  sqlite3_close (db);
}

static void
before_clear (Before *b)
{
  for (guint i = 0; i < N_OLD; i++)
    g_clear_pointer (&b->results[i], g_ptr_array_unref);
}

/* Asserts that the query bound to the record id and the old value finds exactly one row. */
static void
assert_found (sqlite3    *db,
              const char *what,
              const char *sql,
              const char *pair)
{
  g_auto(GStrv) parts = g_strsplit (pair, "=", 2);
  sqlite3_stmt *stmt = prepare (db, sql);
  gint64 n;

  sqlite3_bind_int64 (stmt, 1, g_ascii_strtoll (parts[0], NULL, 10));
  sqlite3_bind_text (stmt, 2, parts[1], -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (n != 1)
    g_error ("%s of record %s (%s): %" G_GINT64_FORMAT " rows in the new tables, 1 expected", what, parts[0],
             parts[1], n);
}

/* ---- cases ------------------------------------------------------------------------------- */

static void
test_upgrade (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) audit_error = NULL;
  g_autofree char *path = restore_fixture ("v5.db");
  g_autoptr(MuyingStore) store = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  Before b = { { 0 } };
  sqlite3 *db;

  before_read (&b, path);
  /* What the fixture is for: every kind of old result is there. */
  g_assert_cmpuint (b.results[OLD_DIAGNOSIS]->len, >=, 20);
  g_assert_cmpuint (b.results[OLD_OUTCOME]->len, >=, 100);
  for (guint i = OLD_AUDIOLOGY; i < N_OLD; i++)
    g_assert_cmpuint (b.results[i]->len, >=, 5);

  store = muying_store_open (path, &error);
  g_assert_no_error (error);
  /* up to the current version, through step 6 */
  g_assert_cmpint (MUYING_STORE_SCHEMA_VERSION, >=, MUYING_STORE_PREGNANCY_VERSION);
  g_assert_cmpint (muying_store_get_schema_version (store), ==, MUYING_STORE_SCHEMA_VERSION);
  db = muying_store_get_handle (store);
  g_assert_cmpint (count (db, "PRAGMA user_version"), ==, MUYING_STORE_SCHEMA_VERSION);

  /* Nothing lost, nothing added (the migration writes no audit row of its own). */
  for (guint i = 0; i < G_N_ELEMENTS (counted); i++)
    if (count (db, counted[i]) != b.counts[i])
      g_error ("%s: %" G_GINT64_FORMAT " after, %" G_GINT64_FORMAT " before", counted[i], count (db, counted[i]),
               b.counts[i]);
  /* The old columns stay as they were. */
  for (guint i = 0; i < N_OLD; i++)
    {
      g_autoptr(GPtrArray) now = pairs (db, old_results[i]);

      g_assert_cmpuint (now->len, ==, b.results[i]->len);
      for (guint j = 0; j < now->len; j++)
        g_assert_cmpstr (g_ptr_array_index (now, j), ==, g_ptr_array_index (b.results[i], j));
    }

  /* A signed record whose stage or treatment moved has a new seal, in an entry of its own. */
  g_assert_cmpint (b.n_moved_signed, >, 0);
  g_assert_cmpint (count (db, "SELECT count(*) FROM audit"), ==, b.n_audit + b.n_moved_signed);
  g_assert_cmpint (count (db, "SELECT count(*) FROM audit WHERE action = 'upgrade' AND entity = 'record' "
                              "AND seal IS NOT NULL AND entity_id IN (" MOVED_SIGNED ")"), ==, b.n_moved_signed);

  /* The audit trail and the seals of the signed records hold. */
  problems = muying_store_check_full (store, "admin", &audit_error, &error);
  g_assert_no_error (error);
  g_assert_no_error (audit_error);   /* the check's own entry was written */
  for (guint i = 0; i < problems->len; i++)
    g_printerr ("check: %s\n", (const char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);

  /* Every prenatal record belongs to a pregnancy of its woman. */
  g_assert_cmpint (count (db, "SELECT count(*) FROM prenatal WHERE pregnancy_id IS NULL"), ==, 0);
  g_assert_cmpint (count (db, "SELECT count(*) FROM prenatal n JOIN record r ON r.id = n.record_id "
                              "JOIN pregnancy g ON g.id = n.pregnancy_id WHERE g.person_id <> r.person_id"), ==, 0);
  g_assert_cmpint (count (db, "SELECT count(*) FROM pregnancy"), >, 0);

  /* Every old result is a follow-on row linked to its case. */
  for (guint j = 0; j < b.results[OLD_DIAGNOSIS]->len; j++)
    assert_found (db, "diagnosis",
                  "SELECT count(*) FROM prenatal_diagnosis d JOIN prenatal n ON n.record_id = ?1 "
                  "JOIN record r ON r.id = n.record_id "
                  "WHERE d.diagnosis_no = 'V5-' || r.record_key AND d.result = ?2 "
                  "AND d.pregnancy_id = n.pregnancy_id AND d.person_id = r.person_id",
                  g_ptr_array_index (b.results[OLD_DIAGNOSIS], j));
  for (guint j = 0; j < b.results[OLD_OUTCOME]->len; j++)
    assert_found (db, "outcome",
                  "SELECT count(*) FROM pregnancy_outcome o JOIN prenatal n ON n.record_id = ?1 "
                  "WHERE o.pregnancy_id = n.pregnancy_id AND o.outcome = ?2",
                  g_ptr_array_index (b.results[OLD_OUTCOME], j));
  for (guint j = 0; j < b.results[OLD_AUDIOLOGY]->len; j++)
    assert_found (db, "audiology",
                  "SELECT count(*) FROM audiology a WHERE a.record_id = ?1 AND a.hearing_loss = "
                  "CASE ?2 WHEN 'normal' THEN 'none' WHEN 'unilateral_loss' THEN 'unilateral' "
                  "WHEN 'bilateral_loss' THEN 'bilateral' END",
                  g_ptr_array_index (b.results[OLD_AUDIOLOGY], j));
  for (guint j = 0; j < b.results[OLD_INTERVENTION]->len; j++)
    assert_found (db, "intervention",
                  "SELECT count(*) FROM audiology a WHERE a.record_id = ?1 AND a.intervention = ?2 "
                  "AND a.intervention_date IS NOT NULL",
                  g_ptr_array_index (b.results[OLD_INTERVENTION], j));
  g_assert_cmpint (count (db, "SELECT count(*) FROM audiology WHERE record_id IS NULL"), ==, 0);
  g_assert_cmpint (count (db, "SELECT count(*) FROM prenatal_diagnosis WHERE pregnancy_id IS NULL"), ==, 0);
  g_assert_cmpint (count (db, "SELECT count(*) FROM pregnancy_outcome WHERE pregnancy_id IS NULL"), ==, 0);

  /* The stage and the treatment are in the columns of one track. */
  for (guint j = 0; j < b.results[OLD_STAGE]->len; j++)
    assert_found (db, "stage",
                  "SELECT count(*) FROM two_cancer WHERE record_id = ?1 AND "
                  "((cervical_stage = ?2 AND breast_stage IS NULL) OR (breast_stage = ?2 AND cervical_stage IS NULL))",
                  g_ptr_array_index (b.results[OLD_STAGE], j));
  for (guint j = 0; j < b.results[OLD_TREATMENT]->len; j++)
    assert_found (db, "treatment",
                  "SELECT count(*) FROM two_cancer WHERE record_id = ?1 AND "
                  "((cervical_treatment = CASE ?2 WHEN 'conization' THEN 'cold_knife_cone' "
                  "  WHEN 'chemoradiotherapy' THEN 'chemo_radio' WHEN 'breast_surgery' THEN NULL ELSE ?2 END "
                  "  AND cervical_treatment_date IS NOT NULL AND breast_treatment IS NULL) OR "
                  " (breast_treatment = CASE ?2 WHEN 'breast_surgery' THEN 'surgery' "
                  "  WHEN 'chemoradiotherapy' THEN 'chemo_radio' WHEN 'other' THEN 'other' END "
                  "  AND breast_treatment_date IS NOT NULL AND cervical_treatment IS NULL))",
                  g_ptr_array_index (b.results[OLD_TREATMENT], j));
  before_clear (&b);
}

/* Everything the tables hold, as one digest. */
static char *
digest (sqlite3 *db)
{
  sqlite3_stmt *tables = prepare (db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", sqlite3_column_text (tables, 0));
      sqlite3_stmt *stmt = prepare (db, sql);

      g_checksum_update (sum, sqlite3_column_text (tables, 0), -1);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          {
            const char *text = (const char *) sqlite3_column_text (stmt, c);

            g_checksum_update (sum, (const guchar *) (text ? text : "\x01"), -1);
            g_checksum_update (sum, (const guchar *) "\x1f", 1);
          }
      sqlite3_finalize (stmt);
    }
  sqlite3_finalize (tables);
  return g_strdup (g_checksum_get_string (sum));
}

static void
test_second_open (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = restore_fixture ("v5-twice.db");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  {
    g_autoptr(MuyingStore) store = muying_store_open (path, &error);

    g_assert_no_error (error);
    first = digest (muying_store_get_handle (store));
  }
  {
    g_autoptr(MuyingStore) store = muying_store_open (path, &error);

    g_assert_no_error (error);
    g_assert_cmpint (muying_store_get_schema_version (store), ==, MUYING_STORE_SCHEMA_VERSION);
    second = digest (muying_store_get_handle (store));
  }
  g_assert_cmpstr (first, ==, second);
}

int
main (int    argc,
      char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  tmpdir = muying_test_make_tmpdir ();
  g_test_add_func ("/migration/upgrade", test_upgrade);
  g_test_add_func ("/migration/second-open", test_second_open);
  rc = g_test_run ();
  muying_test_rm_rf (tmpdir);
  g_free (tmpdir);
  return rc;
}
