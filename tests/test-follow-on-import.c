/* test-follow-on-import.c: the follow-on files (docs/import-formats.md, "Follow-on files"): prenatal
 * diagnoses, pregnancy outcomes and audiology read by the screening files' importer. Each fixture's
 * documented outcome (tests/data/import-fixtures.md) is asserted exactly: counts, lines, columns,
 * reasons; what an import wrote is read back through the store's follow-on API.
 *
 * The cases that import run on a new database file and, when there is a test server
 * (MUYING_TEST_PG), as "/follow-on-import/server/…" on a new server database.
 *
 * The test binary does not select a language, so messages are the English msgids.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "muying-error.h"
#include "muying-follow-on.h"
#include "muying-importer-private.h"
#include "muying-importer.h"
#include "muying-rule-set.h"
#include "muying-store-follow-on.h"
#include "muying-store-lookup.h"
#include "muying-store-sql.h"
#include "muying-store.h"
#include "muying-test-pg-store.h"
#include "muying-test-utils.h"

/* The reasons of the descriptors' checks and of the store (muying-follow-on.h, muying-store-follow-on.h). */
#define MSG_ABNORMAL_WITHOUT_CLASS "An abnormal diagnosis needs its class (T21, T18, T13, SCA, NTD, …)"
#define MSG_DEFECT_WITHOUT_CLASS "A birth defect needs its class (T21, NTD, structural, …)"
#define MSG_INTERVENTION_BEFORE_DIAGNOSIS "The intervention is dated before the diagnosis"
#define MSG_INTERVENTION_WITHOUT_DATE "An intervention needs its date"
#define MSG_OUTCOME_BEFORE_SCREENING "The outcome is dated before the pregnancy's first screening (2026-04-15)"
#define MSG_SECOND_OUTCOME "This pregnancy already has an outcome dated 2026-10-20; correct that one instead of adding another"
/* The values listed in a message about a value of a field (MuyingField.allowed). */
#define ALLOWED_PROCEDURE "amniocentesis (羊膜腔穿刺), cvs (绒毛取样), cordocentesis (脐血穿刺), ultrasound (超声诊断), other"
#define ALLOWED_RESULT "normal (正常), abnormal (异常), failed (失败)"
#define ALLOWED_OUTCOME "live_birth (活产), stillbirth (死胎死产), miscarriage (自然流产), termination (引产/治疗性终止), ectopic (异位妊娠)"
#define ALLOWED_DEGREE "normal (正常), mild (轻度), moderate (中度), severe (重度), profound (极重度)"

static MuyingRuleSet *rules;

/* "/follow-on-import/server/…": the new database moved to a server database */
typedef MuyingTestDb Fixture;

/* The test data of the cases that import: where, and how many rows a savepoint holds. */
typedef struct
{
  gboolean on_server;
  guint    batch_size;  /* 0: the importer's default */
} Variant;

static const Variant on_file = { FALSE, 0 };
static const Variant on_file_batch_2 = { FALSE, 2 };
static const Variant on_server = { TRUE, 0 };
static const Variant on_server_batch_2 = { TRUE, 2 };

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  const Variant *variant = data;

  muying_test_db_create (f, "follow-on.db");
  muying_test_db_move_if (f, variant->on_server, "followonimport");
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  muying_test_db_clear (f);
}

/* Rows accepted by a pass, one line each: "line,key". */
static void
collect_row (const MuyingImportRow *row,
             gpointer               user_data)
{
  GString *out = user_data;

  g_assert_null (row->classification);
  g_assert_nonnull (row->follow_on);
  g_string_append_printf (out, "%u,%s\n", row->line, row->key);
}

static MuyingImporter *
new_importer (const char *kind,
              guint       batch_size)
{
  MuyingImporter *importer = muying_importer_new_for_name (kind, rules);
  GDate today;

  g_assert_nonnull (importer);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 1, G_DATE_NOVEMBER, 2026);
  muying_importer_set_today (importer, &today);
  muying_importer_set_batch_size (importer, batch_size);
  return importer;
}

static MuyingImportReport *
validate (const char *kind,
          const char *name,
          GString    *rows)
{
  g_autoptr(MuyingImporter) importer = new_importer (kind, 0);
  g_autofree char *path = muying_test_data_path (name);
  g_autoptr(GError) error = NULL;
  MuyingImportReport *report;

  if (rows != NULL)
    muying_importer_set_row_func (importer, collect_row, rows, NULL);
  report = muying_importer_validate (importer, path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_false (report->written);
  g_assert_true (report->follow_on);
  g_assert_cmpstr (muying_import_report_get_kind_name (report), ==, kind);
  g_assert_cmpuint (report->read, ==, report->valid + report->rejected);
  g_assert_cmpuint (report->inserted + report->updated + report->unchanged + report->unlinked, ==, 0);
  return report;
}

static MuyingImportReport *
import_batched (Fixture    *f,
                const char *kind,
                const char *name,
                guint       batch_size)
{
  g_autoptr(MuyingImporter) importer = new_importer (kind, batch_size);
  g_autofree char *path = muying_test_data_path (name);
  g_autoptr(GError) error = NULL;
  MuyingImportReport *report;

  report = muying_importer_import (importer, path, f->store, "nurse1", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_true (report->written);
  g_assert_cmpuint (report->read, ==, report->inserted + report->updated + report->unchanged + report->rejected);
  g_assert_cmpuint (report->valid, ==, report->inserted + report->updated + report->unchanged);
  g_assert_cmpuint (report->unlinked, <=, report->valid);
  return report;
}

static MuyingImportReport *
import (Fixture    *f,
        const char *kind,
        const char *name)
{
  return import_batched (f, kind, name, 0);
}

/* The screening records the follow-on fixtures follow. */
static void
seed_screening (Fixture *f)
{
  static const char * const files[][2] = {
    { "prenatal", "prenatal-good-en.csv" }, { "prenatal", "prenatal-good-zh.csv" },
    { "newborn", "newborn-good-en.csv" }, { "newborn", "newborn-good-zh.csv" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(MuyingImporter) importer = new_importer (files[i][0], 0);
      g_autofree char *path = muying_test_data_path (files[i][1]);
      g_autoptr(GError) error = NULL;
      g_autoptr(MuyingImportReport) report = muying_importer_import (importer, path, f->store, "nurse1", NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (report->rejected, ==, 0);
      g_assert_false (report->follow_on);
    }
}

static void
assert_counts (const MuyingImportReport *report,
               guint                     read,
               guint                     valid,
               guint                     rejected)
{
  g_assert_cmpuint (report->read, ==, read);
  g_assert_cmpuint (report->valid, ==, valid);
  g_assert_cmpuint (report->rejected, ==, rejected);
  g_assert_cmpuint (report->rejected_rows->len, ==, rejected);
}

static void
assert_written (const MuyingImportReport *report,
                guint                     inserted,
                guint                     updated,
                guint                     unchanged,
                guint                     rejected,
                guint                     unlinked)
{
  g_assert_cmpuint (report->inserted, ==, inserted);
  g_assert_cmpuint (report->updated, ==, updated);
  g_assert_cmpuint (report->unchanged, ==, unchanged);
  g_assert_cmpuint (report->rejected, ==, rejected);
  g_assert_cmpuint (report->unlinked, ==, unlinked);
}

/* The @index-th rejected row: its line, and each problem as "column: message" (column "-" for the
 * whole row), joined by " | ". */
static void
assert_rejected (const MuyingImportReport *report,
                 guint                     index,
                 guint                     line,
                 const char               *problems)
{
  const MuyingImportRejectedRow *row;
  g_autoptr(GString) got = g_string_new (NULL);

  g_assert_cmpuint (index, <, report->rejected_rows->len);
  row = g_ptr_array_index (report->rejected_rows, index);
  g_assert_cmpuint (row->line, ==, line);
  g_assert_cmpuint (row->problems->len, >, 0);
  for (guint i = 0; i < row->problems->len; i++)
    {
      const MuyingImportProblem *p = g_ptr_array_index (row->problems, i);

      g_assert_cmpuint (p->line, ==, line);
      g_string_append_printf (got, "%s%s: %s", i ? " | " : "", p->column ? p->column : "-", p->message);
    }
  g_test_message ("line %u: %s", line, got->str);
  g_assert_cmpstr (got->str, ==, problems);
}

/* The follow-on records of the case of the screening record @key, one line each: "kind key". */
static char *
case_follow_on (Fixture      *f,
                MuyingProgram program,
                const char   *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  gint64 record_id = muying_store_find_record_id (f->store, program, key, &error);

  g_assert_no_error (error);
  g_assert_cmpint (record_id, >, 0);
  rows = muying_store_list_case_follow_on (f->store, record_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      const MuyingFollowOnRow *row = g_ptr_array_index (rows, i);
      const MuyingFollowOnDescriptor *desc = muying_follow_on_descriptor_get (row->kind);
      g_autoptr(GString) natural = g_string_new (NULL);

      g_assert_true (muying_follow_on_row_is_linked (row));
      for (guint k = 0; k < G_N_ELEMENTS (desc->key_fields) && desc->key_fields[k] != NULL; k++)
        {
          g_autofree char *text = muying_field_to_text (muying_follow_on_descriptor_find (desc, desc->key_fields[k]),
                                                        row->record);
          g_string_append_printf (natural, " %s", text);
        }
      g_string_append_printf (out, "%s%s\n", desc->name, natural->str);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The records kept as unlinked, of one kind or all: "kind key" lines, newest first. */
static char *
unlinked (Fixture           *f,
          MuyingFollowOnKind kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = muying_store_list_unlinked_follow_on (f->store, kind, &error);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      const MuyingFollowOnRow *row = g_ptr_array_index (rows, i);
      const MuyingFollowOnDescriptor *desc = muying_follow_on_descriptor_get (row->kind);
      g_autofree char *text = muying_field_to_text (muying_follow_on_descriptor_find (desc, desc->key_fields[0]),
                                                    row->record);

      g_assert_false (muying_follow_on_row_is_linked (row));
      g_string_append_printf (out, "%s %s\n", desc->name, text);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- good files ------------------------------------------------------------------------------ */

/* A row's values, read by the row callback of a validation pass. */
static void
keep_record (const MuyingImportRow *row,
             gpointer               user_data)
{
  GPtrArray *records = user_data;
  const MuyingFollowOnDescriptor *desc = row->follow_on;
  gpointer copy = desc->record_new ();

  /* The struct's values, field by field, as the store would read them back. */
  for (const MuyingField *field = desc->fields; field->key != NULL; field++)
    {
      g_autoptr(GVariant) value = muying_field_get_value (field, row->record);

      g_assert_true (muying_field_set_value (field, copy, value));
    }
  g_ptr_array_add (records, copy);
}

static void
test_good (void)
{
  static const struct
  {
    const char *kind, *file, *rows;
  } cases[] = {
    { "prenatal_diagnosis", "prenatal-diagnosis-good-en.csv", "2,D2026-0001\n3,D2026-0002\n4,D2026-0003\n" },
    { "prenatal_diagnosis", "prenatal-diagnosis-good-zh.csv", "2,D2026-1001\n3,D2026-1002\n" },
    { "prenatal_diagnosis", "prenatal-diagnosis-gb18030.csv", "2,D2026-2001\n3,D2026-2002\n" },
    { "pregnancy_outcome", "pregnancy-outcome-good-en.csv",
      "2,110105199503120025 2026-09-15\n3,440305199207080249 2026-05-06\n4,440305198802141021 2026-09-28\n" },
    { "pregnancy_outcome", "pregnancy-outcome-good-en.xlsx",
      "2,110105199503120025 2026-09-15\n3,440305199207080249 2026-05-06\n4,440305198802141021 2026-09-28\n" },
    { "pregnancy_outcome", "pregnancy-outcome-good-zh.csv",
      "2,440305199306151444 2026-05-08\n3,510107199212121885 2026-10-05\n" },
    { "audiology", "audiology-good-en.csv",
      "2,N2026-0003 2026-09-10\n3,N2026-0006 2026-09-01\n4,N2026-0001 2026-09-05\n" },
    { "audiology", "audiology-good-zh.csv", "2,N2026-1003 2026-10-09\n3,N2026-1002 2026-10-02\n" },
    { "audiology", "audiology-good-zh.xlsx", "2,N2026-1003 2026-10-09\n3,N2026-1002 2026-10-02\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) rows = g_string_new (NULL);
      g_autoptr(MuyingImportReport) report = NULL;
      guint n = 0;

      g_test_message ("%s", cases[i].file);
      report = validate (cases[i].kind, cases[i].file, rows);
      for (const char *p = cases[i].rows; *p; p++)
        n += *p == '\n';
      assert_counts (report, n, n, 0);
      g_assert_cmpstr (rows->str, ==, cases[i].rows);
      if (strstr (cases[i].file, "gb18030") != NULL)
        {
          g_assert_cmpint (report->encoding, ==, MUYING_CSV_ENCODING_GB18030);
          g_assert_cmpuint (report->warnings->len, ==, 1);
        }
      else
        g_assert_cmpuint (report->warnings->len, ==, 0);
    }
}

/* Chinese headers and values read as their keys. */
static void
test_chinese_values (void)
{
  g_autoptr(MuyingImporter) importer = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(MuyingImportReport) report = NULL;
  const MuyingPrenatalDiagnosis *d;
  const MuyingPregnancyOutcome *o;
  const MuyingAudiology *a;

  importer = new_importer ("prenatal_diagnosis", 0);
  records = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_prenatal_diagnosis_free);
  muying_importer_set_row_func (importer, keep_record, records, NULL);
  path = muying_test_data_path ("prenatal-diagnosis-gb18030.csv");
  report = muying_importer_validate (importer, path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  d = g_ptr_array_index (records, 0);
  g_assert_cmpstr (d->diagnosis_no, ==, "D2026-2001");
  g_assert_cmpint (d->procedure, ==, MUYING_PROCEDURE_CVS);
  g_assert_cmpint (d->method, ==, MUYING_METHOD_FISH);
  g_assert_cmpint (d->result, ==, MUYING_DIAGNOSIS_ABNORMAL);
  g_assert_cmpint (d->condition, ==, MUYING_CONDITION_T18);
  g_assert_cmpstr (d->detail, ==, "𠮷医生复核");
  d = g_ptr_array_index (records, 1);
  g_assert_cmpint (d->procedure, ==, MUYING_PROCEDURE_ULTRASOUND);
  g_assert_cmpint (d->method, ==, MUYING_METHOD_ULTRASOUND);
  g_assert_cmpint (d->condition, ==, MUYING_CONDITION_STRUCTURAL);
  g_clear_pointer (&report, muying_import_report_free);
  g_clear_pointer (&records, g_ptr_array_unref);
  g_clear_object (&importer);
  g_clear_pointer (&path, g_free);

  importer = new_importer ("pregnancy_outcome", 0);
  records = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_pregnancy_outcome_free);
  muying_importer_set_row_func (importer, keep_record, records, NULL);
  path = muying_test_data_path ("pregnancy-outcome-good-zh.csv");
  report = muying_importer_validate (importer, path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  o = g_ptr_array_index (records, 0);
  g_assert_cmpint (o->outcome, ==, MUYING_OUTCOME_TERMINATION);
  g_assert_cmpint (o->birth_defect, ==, MUYING_BIRTH_DEFECT_YES);
  g_assert_cmpint (o->condition, ==, MUYING_CONDITION_T21);
  g_assert_cmpfloat (o->ga_weeks, ==, 21);
  g_assert_cmpfloat (o->babies, ==, 1);   /* 胎数 left empty */
  o = g_ptr_array_index (records, 1);
  g_assert_cmpint (o->outcome, ==, MUYING_OUTCOME_LIVE_BIRTH);
  g_assert_cmpint (o->birth_defect, ==, MUYING_BIRTH_DEFECT_NONE);
  g_assert_cmpint (o->condition, ==, MUYING_CONDITION_NOT_RECORDED);
  g_clear_pointer (&report, muying_import_report_free);
  g_clear_pointer (&records, g_ptr_array_unref);
  g_clear_object (&importer);
  g_clear_pointer (&path, g_free);

  importer = new_importer ("audiology", 0);
  records = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_audiology_free);
  muying_importer_set_row_func (importer, keep_record, records, NULL);
  path = muying_test_data_path ("audiology-good-zh.csv");
  report = muying_importer_validate (importer, path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  a = g_ptr_array_index (records, 0);
  g_assert_cmpint (a->left_degree, ==, MUYING_DEGREE_SEVERE);
  g_assert_cmpint (a->right_degree, ==, MUYING_DEGREE_PROFOUND);
  g_assert_cmpint (a->loss_type, ==, MUYING_LOSS_SENSORINEURAL);
  g_assert_cmpint (a->intervention, ==, MUYING_INTERVENTION_COCHLEAR_IMPLANT);
  g_assert_cmpint (g_date_get_day (&a->intervention_date), ==, 30);
  a = g_ptr_array_index (records, 1);
  g_assert_cmpint (a->intervention, ==, MUYING_INTERVENTION_NONE);
  g_assert_false (g_date_valid (&a->intervention_date));
}

/* A screening file given as a follow-on kind (and the reverse) is refused whole, by its columns. */
static void
test_wrong_kind (void)
{
  g_autoptr(MuyingImporter) importer = new_importer ("prenatal_diagnosis", 0);
  g_autoptr(MuyingImporter) screening = new_importer ("prenatal", 0);
  g_autofree char *prenatal = muying_test_data_path ("prenatal-good-en.csv");
  g_autofree char *diagnoses = muying_test_data_path ("prenatal-diagnosis-good-en.csv");
  g_autoptr(GError) error = NULL;
  MuyingImportReport *report;

  report = muying_importer_validate (importer, prenatal, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_HEADER);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "诊断编号 (diagnosis_no)"));
  g_assert_nonnull (strstr (error->message, "Is this a Prenatal diagnosis file?"));
  g_clear_error (&error);

  report = muying_importer_validate (screening, diagnoses, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_HEADER);
  g_assert_null (muying_importer_new_for_name ("dental", rules));
  g_assert_null (muying_importer_new_for_name (NULL, rules));
}

/* ---- bad rows (what one row says: the descriptors' fields and checks) ------------------------ */

static void
test_invalid_rows (void)
{
  g_autoptr(MuyingImportReport) diagnoses = validate ("prenatal_diagnosis", "prenatal-diagnosis-invalid.csv", NULL);
  g_autoptr(MuyingImportReport) outcomes = validate ("pregnancy_outcome", "pregnancy-outcome-invalid.csv", NULL);
  g_autoptr(MuyingImportReport) audiology = validate ("audiology", "audiology-invalid.csv", NULL);

  assert_counts (diagnoses, 6, 1, 5);
  assert_rejected (diagnoses, 0, 2, "condition: " MSG_ABNORMAL_WITHOUT_CLASS);
  assert_rejected (diagnoses, 1, 3, "id_number: The check digit of the ID number “440305199207080240” is wrong "
                                    "(expected 9); check for a mistyped digit");
  assert_rejected (diagnoses, 2, 4, "procedure: “biopsy” is not a valid value; use one of: " ALLOWED_PROCEDURE);
  assert_rejected (diagnoses, 3, 6, "diagnosis_no: “D2026-3004” already appears on line 5 of this file; "
                                    "each number may appear only once");
  assert_rejected (diagnoses, 4, 7, "procedure_date: A value is required | result: “unknown” is not a valid value; "
                                    "use one of: " ALLOWED_RESULT);

  /* The outcome before its screening and the second outcome are the store's: see test_store_refusals. */
  assert_counts (outcomes, 5, 3, 2);
  assert_rejected (outcomes, 0, 5, "condition: " MSG_DEFECT_WITHOUT_CLASS);
  assert_rejected (outcomes, 1, 6, "outcome: “born” is not a valid value; use one of: " ALLOWED_OUTCOME);

  assert_counts (audiology, 5, 1, 4);
  assert_rejected (audiology, 0, 2, "intervention_date: " MSG_INTERVENTION_BEFORE_DIAGNOSIS);
  assert_rejected (audiology, 1, 3, "intervention_date: " MSG_INTERVENTION_WITHOUT_DATE);
  assert_rejected (audiology, 2, 4, "left_degree: “loud” is not a valid value; use one of: " ALLOWED_DEGREE);
  assert_rejected (audiology, 3, 6, "sample_no: The same record (N2026-0002 2026-09-06) already appears on line 5 "
                                    "of this file; each record may appear only once");
}

/* ---- imports -------------------------------------------------------------------------------- */

/* After their screening records, every follow-on row finds its case; again, nothing changes; a
 * changed row is updated. */
static void
test_linked (Fixture      *f,
             gconstpointer data)
{
  static const struct
  {
    const char *kind, *file;
    guint n;
  } files[] = {
    { "prenatal_diagnosis", "prenatal-diagnosis-good-en.csv", 3 },
    { "prenatal_diagnosis", "prenatal-diagnosis-good-zh.csv", 2 },
    { "pregnancy_outcome", "pregnancy-outcome-good-en.csv", 3 },
    { "pregnancy_outcome", "pregnancy-outcome-good-zh.csv", 2 },
    { "audiology", "audiology-good-en.csv", 3 },
    { "audiology", "audiology-good-zh.csv", 2 },
  };
  g_autofree char *p2 = NULL, *p3 = NULL, *p6 = NULL, *z2 = NULL, *n3 = NULL, *n1002 = NULL, *none = NULL;

  seed_screening (f);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(MuyingImportReport) first = NULL;
      g_autoptr(MuyingImportReport) again = NULL;

      g_test_message ("%s", files[i].file);
      first = import (f, files[i].kind, files[i].file);
      assert_written (first, files[i].n, 0, 0, 0, 0);
      g_assert_cmpuint (first->warnings->len, ==, 0);
      again = import (f, files[i].kind, files[i].file);
      assert_written (again, 0, 0, files[i].n, 0, 0);
    }
  {
    g_autoptr(MuyingImportReport) outcome = import (f, "pregnancy_outcome", "pregnancy-outcome-good-en-updated.csv");
    g_autoptr(MuyingImportReport) audiology = import (f, "audiology", "audiology-good-en-updated.csv");
    g_autofree char *summary = muying_import_report_format_summary (audiology);

    assert_written (outcome, 0, 1, 2, 0, 0);
    assert_written (audiology, 0, 1, 2, 0, 0);
    g_assert_cmpstr (summary, ==, "Read 3 rows: 0 inserted, 1 updated, 2 unchanged, 0 rejected; "
                                  "0 rows match no screening case and were kept as unlinked");
  }

  p2 = case_follow_on (f, MUYING_PROGRAM_PRENATAL, "P2026-0002");
  g_assert_cmpstr (p2, ==, "prenatal_diagnosis D2026-0001\n"
                           "pregnancy_outcome 440305199207080249 2026-05-06\n");
  p3 = case_follow_on (f, MUYING_PROGRAM_PRENATAL, "P2026-0003");
  g_assert_cmpstr (p3, ==, "prenatal_diagnosis D2026-0003\n");
  p6 = case_follow_on (f, MUYING_PROGRAM_PRENATAL, "P2026-0006");
  g_assert_cmpstr (p6, ==, "pregnancy_outcome 440305198802141021 2026-09-28\n");
  z2 = case_follow_on (f, MUYING_PROGRAM_PRENATAL, "P2026-1002");
  g_assert_cmpstr (z2, ==, "prenatal_diagnosis D2026-1001\n"
                           "pregnancy_outcome 440305199306151444 2026-05-08\n");
  n3 = case_follow_on (f, MUYING_PROGRAM_NEWBORN, "N2026-0003");
  g_assert_cmpstr (n3, ==, "audiology N2026-0003 2026-09-10\n");
  n1002 = case_follow_on (f, MUYING_PROGRAM_NEWBORN, "N2026-1002");
  g_assert_cmpstr (n1002, ==, "audiology N2026-1002 2026-10-02\n");
  none = unlinked (f, MUYING_N_FOLLOW_ON_KINDS);
  g_assert_cmpstr (none, ==, "");
}

/* What the store refuses beside the records it keeps (an outcome before its screening, a second
 * outcome of a pregnancy with another date) is a rejected row with its reason, in the date's
 * column; the rows around it are written, nothing of it is. The same with a savepoint per 2
 * rows and the default batch. */
static void
test_store_refusals (Fixture      *f,
                     gconstpointer data)
{
  guint batch_size = ((const Variant *) data)->batch_size;
  g_autoptr(MuyingImportReport) outcomes = NULL;
  g_autoptr(MuyingImportReport) diagnoses = NULL;
  g_autoptr(MuyingImportReport) audiology = NULL;
  g_autofree char *p3 = NULL, *p4 = NULL, *p6 = NULL, *p1 = NULL, *n2 = NULL, *n3 = NULL, *none = NULL;

  seed_screening (f);
  outcomes = import_batched (f, "pregnancy_outcome", "pregnancy-outcome-invalid.csv", batch_size);
  g_assert_cmpuint (outcomes->read, ==, 5);
  assert_written (outcomes, 1, 0, 0, 4, 0);
  assert_rejected (outcomes, 0, 2, "end_date: " MSG_OUTCOME_BEFORE_SCREENING);
  assert_rejected (outcomes, 1, 4, "end_date: " MSG_SECOND_OUTCOME);
  assert_rejected (outcomes, 2, 5, "condition: " MSG_DEFECT_WITHOUT_CLASS);
  assert_rejected (outcomes, 3, 6, "outcome: “born” is not a valid value; use one of: " ALLOWED_OUTCOME);

  diagnoses = import_batched (f, "prenatal_diagnosis", "prenatal-diagnosis-invalid.csv", batch_size);
  assert_written (diagnoses, 1, 0, 0, 5, 0);
  audiology = import_batched (f, "audiology", "audiology-invalid.csv", batch_size);
  assert_written (audiology, 1, 0, 0, 4, 0);

  p3 = case_follow_on (f, MUYING_PROGRAM_PRENATAL, "P2026-0003");
  g_assert_cmpstr (p3, ==, "");
  p4 = case_follow_on (f, MUYING_PROGRAM_PRENATAL, "P2026-0004");
  g_assert_cmpstr (p4, ==, "prenatal_diagnosis D2026-3004\n"
                           "pregnancy_outcome 510107199605200680 2026-10-20\n");
  p6 = case_follow_on (f, MUYING_PROGRAM_PRENATAL, "P2026-0006");
  g_assert_cmpstr (p6, ==, "");
  p1 = case_follow_on (f, MUYING_PROGRAM_PRENATAL, "P2026-0001");
  g_assert_cmpstr (p1, ==, "");
  n2 = case_follow_on (f, MUYING_PROGRAM_NEWBORN, "N2026-0002");
  g_assert_cmpstr (n2, ==, "audiology N2026-0002 2026-09-06\n");
  n3 = case_follow_on (f, MUYING_PROGRAM_NEWBORN, "N2026-0003");
  g_assert_cmpstr (n3, ==, "");
  /* and a refused row left no unlinked row behind */
  none = unlinked (f, MUYING_N_FOLLOW_ON_KINDS);
  g_assert_cmpstr (none, ==, "");
}

/* A row that matches no case is kept and counted as unlinked, with a warning naming its line, and
 * listed by the store. */
static void
test_unlinked (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(MuyingImportReport) audiology = NULL;
  g_autoptr(MuyingImportReport) again = NULL;
  g_autoptr(MuyingImportReport) diagnosis = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *all = NULL;
  g_autofree char *n4 = NULL;

  seed_screening (f);
  audiology = import (f, "audiology", "audiology-unlinked.csv");
  assert_written (audiology, 2, 0, 0, 0, 1);
  g_assert_cmpuint (audiology->warnings->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (audiology->warnings, 0), ==,
                   "Line 3: no screening case matches this row; it was saved as unlinked and can be linked by hand");
  summary = muying_import_report_format_summary (audiology);
  g_assert_cmpstr (summary, ==, "Read 2 rows: 2 inserted, 0 updated, 0 unchanged, 0 rejected; "
                                "1 rows match no screening case and were kept as unlinked");
  /* again: unchanged, and still unlinked */
  again = import (f, "audiology", "audiology-unlinked.csv");
  assert_written (again, 0, 0, 2, 0, 1);

  diagnosis = import (f, "prenatal_diagnosis", "prenatal-diagnosis-unlinked.csv");
  assert_written (diagnosis, 1, 0, 0, 0, 1);

  listed = unlinked (f, MUYING_FOLLOW_ON_AUDIOLOGY);
  g_assert_cmpstr (listed, ==, "audiology N2099-0001\n");
  all = unlinked (f, MUYING_N_FOLLOW_ON_KINDS);
  g_assert_nonnull (strstr (all, "audiology N2099-0001\n"));
  g_assert_nonnull (strstr (all, "prenatal_diagnosis D2026-4001\n"));
  n4 = case_follow_on (f, MUYING_PROGRAM_NEWBORN, "N2026-0004");
  g_assert_cmpstr (n4, ==, "audiology N2026-0004 2026-09-12\n");

  /* one audit row per import, under the kind's name, with the unlinked count */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MuyingSqlStmt) stmt = muying_store_query (f->store, "SELECT count(*), max(detail) FROM audit "
                                                        "WHERE action = 'import' AND entity = 'audiology'", &error);
    const char *detail;

    g_assert_no_error (error);
    g_assert_cmpint (muying_sql_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (muying_sql_column_int (stmt, 0), ==, 2);
    detail = (const char *) muying_sql_column_text (stmt, 1);
    g_test_message ("%s", detail);
    g_assert_nonnull (strstr (detail, "\"program\":\"audiology\""));
    g_assert_nonnull (strstr (detail, "\"unlinked\":1"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  rules = muying_rule_set_new_from_dir (muying_test_data_dir (), &error);
  g_assert_no_error (error);

  g_test_add_func ("/follow-on-import/good", test_good);
  g_test_add_func ("/follow-on-import/chinese-values", test_chinese_values);
  g_test_add_func ("/follow-on-import/wrong-kind", test_wrong_kind);
  g_test_add_func ("/follow-on-import/invalid-rows", test_invalid_rows);
  /* the imports: on a file and, with a server, on a server database */
#define ADD(name, fn, file_variant, server_variant)                                                      \
  G_STMT_START                                                                                           \
  {                                                                                                      \
    g_test_add ("/follow-on-import/" name, Fixture, &file_variant, fixture_setup, fn, fixture_teardown); \
    if (muying_test_pg_server () != NULL)                                                                \
      g_test_add ("/follow-on-import/server/" name, Fixture, &server_variant, fixture_setup, fn,         \
                  fixture_teardown);                                                                     \
  }                                                                                                      \
  G_STMT_END
  ADD ("linked", test_linked, on_file, on_server);
  ADD ("store-refusals", test_store_refusals, on_file, on_server);
  ADD ("store-refusals-batch-2", test_store_refusals, on_file_batch_2, on_server_batch_2);
  ADD ("unlinked", test_unlinked, on_file, on_server);
#undef ADD
  status = g_test_run ();
  g_clear_object (&rules);
  return status;
}
