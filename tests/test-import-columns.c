/* test-import-columns.c: the background and follow-through columns of the three screening files
 * (docs/import-formats.md): area code, funding, residence, dibao; pregnancy type, IVF, transfusion,
 * ultrasound anomaly; NICU, hearing method, gestation at birth, the optional gene panel; per-side
 * BI-RADS, biopsy date, each track's stage and treatment, and the old single stage column.
 *
 * Good rows in English keys and in Chinese (headers and values: tests/data/…-columns-zh.csv, made by
 * make-import-fixtures.py); each bad value is rejected with its
 * line, its column and the Chinese reason a nurse reads (the test runs in zh_CN, as the program).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "muying-i18n.h"
#include "muying-importer-private.h"
#include "muying-importer.h"
#include "muying-rule-set.h"
#include "muying-store-sql.h"
#include "muying-store.h"
#include "muying-test-utils.h"

static MuyingRuleSet *rules;

static MuyingImporter *
new_importer (MuyingProgram program)
{
  MuyingImporter *importer = muying_importer_new (program, rules);
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 1, G_DATE_NOVEMBER, 2026);
  muying_importer_set_today (importer, &today);
  return importer;
}

static MuyingImportReport *
validate (MuyingProgram          program,
          const char            *csv,
          MuyingImportRowFunc    func,
          GString               *rows)
{
  g_autoptr(MuyingImporter) importer = new_importer (program);
  g_autoptr(GBytes) bytes = g_bytes_new (csv, strlen (csv));
  g_autoptr(GError) error = NULL;
  MuyingImportReport *report;

  if (func != NULL)
    muying_importer_set_row_func (importer, func, rows, NULL);
  report = muying_importer_validate_bytes (importer, bytes, "columns.csv", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

/* A file of tests/data (make-import-fixtures.py): Chinese headers and values. */
static MuyingImportReport *
validate_fixture (MuyingProgram          program,
                  const char            *name,
                  MuyingImportRowFunc    func,
                  GString               *rows)
{
  g_autofree char *path = muying_test_data_path (name);
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &csv, NULL, &error));
  g_assert_no_error (error);
  return validate (program, csv, func, rows);
}

/* The problems of the rejected row of line @line: "column: message" each, one a line. */
static char *
problems_of (const MuyingImportReport *report,
             guint                     line)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < report->rejected_rows->len; i++)
    {
      const MuyingImportRejectedRow *row = g_ptr_array_index (report->rejected_rows, i);

      if (row->line != line)
        continue;
      for (guint j = 0; j < row->problems->len; j++)
        {
          const MuyingImportProblem *p = g_ptr_array_index (row->problems, j);

          g_assert_cmpuint (p->line, ==, line);
          g_string_append_printf (out, "%s%s: %s", out->len ? "\n" : "", p->column ? p->column : "-", p->message);
        }
    }
  return g_string_free (out, FALSE);
}

#define ASSERT_PROBLEM(report, line, expected)              \
  G_STMT_START {                                            \
    g_autofree char *got_ = problems_of ((report), (line)); \
    g_test_message ("line %u: %s", (line), got_);           \
    g_assert_cmpstr (got_, ==, (expected));                 \
  } G_STMT_END

/* ---- prenatal -------------------------------------------------------------------------------- */

static void
collect_prenatal (const MuyingImportRow *row,
                  gpointer               user_data)
{
  const MuyingPrenatalRecord *r = row->record;

  g_string_append_printf (user_data, "%s,%s,%s,%s,%s,%s,%s,%s,%s\n", row->key, r->area_code ? r->area_code : "",
                          muying_funding_to_string (r->funding), muying_residence_to_string (r->residence),
                          muying_yes_no_to_string (r->dibao), muying_pregnancy_type_to_string (r->pregnancy_type),
                          muying_yes_no_to_string (r->ivf), muying_yes_no_to_string (r->transfusion_12m),
                          muying_yes_no_to_string (r->us_anomaly));
}

static void
test_prenatal (void)
{
  static const char english[] =
    "sample_no,id_number,name,sample_date,test_type,ga_weeks,ga_days,t21_risk,t18_risk,area_code,funding,residence,dibao,"
    "pregnancy_type,ivf,transfusion_12m,us_anomaly\n"
    "P1,110105199503120025,王芳,2026-03-10,early_combined,12+3,,1/5000,1/20000,500101,free_programme,rural,no,"
    "singleton,no,no,no\n"
    "P2,110105199503120025,王芳,2026-03-10,early_combined,12+3,,1/5000,1/20000,,,,,,,,\n"
    "P3,110105199503120025,王芳,2026-03-10,early_combined,12+3,,1/5000,1/20000,50010,,,,,,,\n"
    "P4,110105199503120025,王芳,2026-03-10,early_combined,12+3,,1/5000,1/20000,990101,,,,,,,\n"
    "P5,110105199503120025,王芳,2026-03-10,early_combined,12+3,,1/5000,1/20000,500000,,,,,,,\n"
    "P6,110105199503120025,王芳,2026-03-10,early_combined,12+3,,1/5000,1/20000,,free,,,,,,\n"
    "P7,110105199503120025,王芳,2026-03-10,early_combined,12+3,,1/5000,1/20000,,,city,,,,,\n"
    "P8,110105199503120025,王芳,2026-03-10,early_combined,12+3,,1/5000,1/20000,,,,maybe,,,,\n"
    "P9,110105199503120025,王芳,2026-03-10,early_combined,12+3,,1/5000,1/20000,,,,,quads,,,\n"
    "P10,110105199503120025,王芳,2026-03-10,early_combined,12+3,,1/5000,1/20000,,,,,,1,,\n"
    "P11,110105199503120025,王芳,2026-03-10,early_combined,12+3,,1/5000,1/20000,,,,,,,x,\n"
    "P12,110105199503120025,王芳,2026-03-10,early_combined,12+3,,1/5000,1/20000,,,,,,,,?\n";
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(MuyingImportReport) en = validate (MUYING_PROGRAM_PRENATAL, english, collect_prenatal, rows);
  g_autoptr(MuyingImportReport) zh = NULL;

  g_assert_cmpstr (rows->str, ==,
                   "P1,500101,free_programme,rural,no,singleton,no,no,no\n"
                   "P2,,(null),(null),(null),(null),(null),(null),(null)\n");
  g_assert_cmpuint (en->rejected, ==, 10);
  ASSERT_PROBLEM (en, 4, "area_code: “50010”不是区划代码：请填写县级行政区划的6位 GB/T 2260 代码，如 500101");
  ASSERT_PROBLEM (en, 5, "area_code: 区划代码的前两位“99”不是有效的省级行政区划代码");
  ASSERT_PROBLEM (en, 6, "area_code: 区划代码“500000”为整个省份而非县级区划：第3至6位不能为0000");
  ASSERT_PROBLEM (en, 7, "funding: “free”不是有效值；可用值：free_programme (免费项目), self_paid (自费), "
                         "insurance (医保), other (其他)");
  ASSERT_PROBLEM (en, 8, "residence: “city”不是有效值；可用值：rural (农村), urban (城镇)");
  ASSERT_PROBLEM (en, 9, "dibao: “maybe”不是有效值；可用值：yes (是), no (否)");
  ASSERT_PROBLEM (en, 10, "pregnancy_type: “quads”不是有效值；可用值：singleton (单胎), twins (双胎), higher (多胎)");
  ASSERT_PROBLEM (en, 11, "ivf: “1”不是有效值；可用值：yes (是), no (否)");
  ASSERT_PROBLEM (en, 12, "transfusion_12m: “x”不是有效值；可用值：yes (是), no (否)");
  ASSERT_PROBLEM (en, 13, "us_anomaly: “?”不是有效值；可用值：yes (是), no (否)");

  g_string_truncate (rows, 0);
  zh = validate_fixture (MUYING_PROGRAM_PRENATAL, "prenatal-columns-zh.csv", collect_prenatal, rows);
  g_assert_cmpuint (zh->rejected, ==, 0);
  g_assert_cmpstr (rows->str, ==,
                   "P21,410105,free_programme,urban,yes,twins,yes,no,yes\n"
                   "P22,410105,self_paid,rural,no,higher,no,yes,no\n"
                   "P23,410105,insurance,rural,no,singleton,no,no,no\n"
                   "P24,410105,other,rural,no,singleton,no,no,no\n");
}

/* ---- newborn --------------------------------------------------------------------------------- */

static void
collect_newborn (const MuyingImportRow *row,
                 gpointer               user_data)
{
  const MuyingNewbornRecord *r = row->record;
  g_autofree char *codes = muying_classification_join_codes ((MuyingClassification *) row->classification, ";");

  g_string_append_printf (user_data, "%s,%s,%s,%s,%s,%d,%s,%u,%s\n", row->key, r->area_code ? r->area_code : "",
                          muying_funding_to_string (r->funding), muying_yes_no_to_string (r->nicu),
                          muying_hearing_method_to_string (r->hearing_method), r->gestation_weeks,
                          r->panel ? r->panel : "-", r->variants->len, codes ? codes : "");
}

static void
test_newborn (void)
{
  static const char english[] =
    "sample_no,mother_id_number,mother_name,sex,birth_date,panel,variants,hearing_left,hearing_right,area_code,"
    "funding,nicu,hearing_method,gestation_weeks\n"
    "N1,110105199303032426,王芳,2,2026-08-01,,,pass,pass,410105,insurance,no,oae,39\n"
    "N2,110105199303032426,王芳,2,2026-08-01,9,GJB2:c.235delC:het,pass,pass,,,yes,both,36\n"
    "N3,110105199303032426,王芳,2,2026-08-01,,GJB2:c.235delC:het,pass,pass,,,,,\n"
    "N4,110105199303032426,王芳,2,2026-08-01,,无,pass,pass,,,,,\n"
    "N5,110105199303032426,王芳,2,2026-08-01,9,,pass,pass,,,,,21\n"
    "N6,110105199303032426,王芳,2,2026-08-01,9,,pass,pass,,,,,38.5\n"
    "N7,110105199303032426,王芳,2,2026-08-01,9,,pass,pass,,,,abr,\n"
    "N8,110105199303032426,王芳,2,2026-08-01,9,,pass,pass,,,x,,\n"
    "N9,110105199303032426,王芳,2,2026-08-01,9,,pass,pass,,,,,46\n";
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(MuyingImportReport) en = validate (MUYING_PROGRAM_NEWBORN, english, collect_newborn, rows);
  g_autoptr(MuyingImportReport) zh = NULL;

  /* No panel: no gene test, no gene reason; "无" says no variant. */
  g_assert_cmpstr (rows->str, ==,
                   "N1,410105,insurance,no,oae,39,-,0,\n"
                   "N2,,(null),yes,both,36,9,1,CARRIER\n"
                   "N4,,(null),(null),(null),0,-,0,\n");
  g_assert_cmpuint (en->rejected, ==, 6);
  ASSERT_PROBLEM (en, 4, "variants: 填写了检出突变但未填写检测位点：未做基因筛查则不应有突变；请填写检测位点或清空此列");
  ASSERT_PROBLEM (en, 6, "gestation_weeks: 21 超出合理范围（22 至 45）");
  ASSERT_PROBLEM (en, 7, "gestation_weeks: “38.5”不是整数");
  ASSERT_PROBLEM (en, 8, "hearing_method: “abr”不是有效值；可用值：oae, aabr, both");
  ASSERT_PROBLEM (en, 9, "nicu: “x”不是有效值；可用值：yes (是), no (否)");
  ASSERT_PROBLEM (en, 10, "gestation_weeks: 46 超出合理范围（22 至 45）");

  g_string_truncate (rows, 0);
  zh = validate_fixture (MUYING_PROGRAM_NEWBORN, "newborn-columns-zh.csv", collect_newborn, rows);
  g_assert_cmpuint (zh->rejected, ==, 0);
  g_assert_cmpstr (rows->str, ==,
                   /* rule set 2026.2: a NICU newborn screened with OAE alone */
                   "N21,410105,free_programme,yes,oae,37,9,0,NICU_AABR\n"
                   "N22,410105,insurance,no,aabr,22,-,0,\n");
}

/* A record without a gene test is stored with an empty panel (the column is NOT NULL) and reads back
 * as no gene test. */
static void
test_newborn_stored (void)
{
  static const char csv[] =
    "sample_no,mother_id_number,mother_name,sex,birth_date,panel,hearing_left,hearing_right,gestation_weeks,"
    "area_code\n"
    "N1,110105199303032426,王芳,2,2026-08-01,,pass,pass,39,410105\n";
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "columns.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = muying_store_create (path, &error);
  g_autoptr(MuyingImporter) importer = new_importer (MUYING_PROGRAM_NEWBORN);
  g_autoptr(GBytes) bytes = g_bytes_new_static (csv, strlen (csv));
  g_autoptr(MuyingImportReport) report = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_no_error (error);
  report = muying_importer_import_bytes (importer, bytes, "columns.csv", store, "nurse1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->inserted, ==, 1);
  g_assert_cmpint (sqlite3_prepare_v2 (muying_store_get_handle (store),
                                       "SELECT panel, typeof (gestation_weeks), gestation_weeks, area_code FROM newborn",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "integer");
  g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, 39);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==, "410105");
  sqlite3_finalize (stmt);
  g_clear_object (&store);
  muying_test_rm_rf (dir);
}

/* ---- two cancers ----------------------------------------------------------------------------- */

static const char *
key_or (const char *key)
{
  return key != NULL ? key : "";
}

static void
collect_two_cancer (const MuyingImportRow *row,
                    gpointer               user_data)
{
  const MuyingTwoCancerRecord *r = row->record;
  char treated[16] = "";

  if (g_date_valid (&r->cervical_treatment_date))
    g_date_strftime (treated, sizeof treated, "%Y-%m-%d", &r->cervical_treatment_date);
  else if (g_date_valid (&r->breast_treatment_date))
    g_date_strftime (treated, sizeof treated, "%Y-%m-%d", &r->breast_treatment_date);
  g_string_append_printf (user_data, "%s,us %s,mg %s,cx %s,br %s,%s,%s,%s\n", row->key,
                          key_or (muying_birads_to_string (r->us_birads)),
                          key_or (muying_birads_to_string (r->mammo_birads)),
                          key_or (muying_cancer_stage_to_string (r->cervical_stage)),
                          key_or (muying_cancer_stage_to_string (r->breast_stage)),
                          key_or (muying_treatment_to_string (r->cervical_treatment)),
                          key_or (muying_treatment_to_string (r->breast_treatment)), treated);
}

#define TC_HEADER "exam_no,id_number,name,exam_date,cytology,cbe,us_birads,us_birads_left,us_birads_right," \
                  "mammo_birads,mammo_birads_left,mammo_birads_right,cervical_histology,breast_pathology,"       \
                  "cancer_stage,cervical_stage,breast_stage,cervical_treatment,cervical_treatment_date,"          \
                  "breast_treatment,breast_treatment_date,biopsy_date,hysterectomy,visible_lesion,area_code,"    \
                  "funding,residence,dibao\n"
#define TC_WOMAN "110105198001155020,王芳,2026-03-02,NILM,normal"

static void
test_two_cancer (void)
{
  static const char english[] = TC_HEADER
    /* 2: only the sides: the single columns are the worse breast (0 is worse than 3) */
    "T1," TC_WOMAN ",,4A,2,,3,0,,,,,,,,,,,no,no,410105,free_programme,urban,no\n"
    /* 3: the single column contradicts the sides */
    "T2," TC_WOMAN ",3,4A,2,,,,,,,,,,,,,,,,,,,\n"
    /* 4: one side known, the single column less severe */
    "T3," TC_WOMAN ",,,,2,4B,,,,,,,,,,,,,,,,,\n"
    /* 5: a treatment without its date */
    "T4," TC_WOMAN ",,,,,,,CIN3,,,,,leep,,,,2026-03-10,,,,,,\n"
    /* 6: a treatment before the exam */
    "T5," TC_WOMAN ",,,,,,,CIN3,,,,,leep,2026-03-01,,,2026-03-10,,,,,,\n"
    /* 7: the old stage column of a cervical cancer */
    "T6," TC_WOMAN ",,,,,,,invasive,,IIB,,,chemo_radio,2026-04-01,,,2026-03-10,,yes,,,,\n"
    /* 8: … of a breast cancer (DCIS) */
    "T7," TC_WOMAN ",5,,,,,,,DCIS,0,,,,,surgery,2026-04-02,2026-03-12,,,,,,\n"
    /* 9: both cancers, no track stage given: the cervix */
    "T8," TC_WOMAN ",5,,,,,,invasive,invasive,III,,,,,,,,,,,,,\n"
    /* 10: both cancers, the cervix staged: the breast */
    "T9," TC_WOMAN ",5,,,,,,invasive,invasive,II,IB,,,,,,,,,,,,\n"
    /* 11: a stage without a cancer */
    "T10," TC_WOMAN ",,,,,,,CIN2,,II,,,,,,,,,,,,,\n"
    /* 12: the old stage contradicts the track's */
    "T11," TC_WOMAN ",,,,,,,invasive,,II,III,,,,,,,,,,,,\n"
    /* 13: a track's stage without its cancer */
    "T12," TC_WOMAN ",,,,,,,,benign,,,I,,,,,,,,,,,\n"
    /* 14: a biopsy before the exam */
    "T13," TC_WOMAN ",,,,,,,CIN1,,,,,,,,,2026-03-01,,,,,,\n"
    /* 15: a treatment date without a treatment */
    "T14," TC_WOMAN ",,,,,,,CIN1,,,,,,2026-03-20,,,,,,,,,\n"
    /* 16–22: bad values */
    "T15," TC_WOMAN ",,,7,,,,,,,,,,,,,,,,,,,\n"
    "T16," TC_WOMAN ",,,,,,,,,,,,chemo,2026-03-20,,,,,,,,,\n"
    "T17," TC_WOMAN ",,,,,,,,,,,V,,,,,,,,,,,\n"
    "T18," TC_WOMAN ",,,,,,,,,,,,,,,,,maybe,,,,,\n"
    "T19," TC_WOMAN ",,,,,,,,,,,,,,,,,,1,,,,\n"
    "T20," TC_WOMAN ",,,,,,,,,,,,,,,,,,,12345a,,,\n"
    "T21," TC_WOMAN ",,,,,,,,,,,,,,,,,,,,,,2\n";
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(MuyingImportReport) en = validate (MUYING_PROGRAM_TWO_CANCER, english, collect_two_cancer, rows);
  g_autoptr(MuyingImportReport) zh = NULL;

  g_assert_cmpstr (rows->str, ==,
                   "T1,us 4A,mg 0,cx ,br ,,,\n"
                   "T6,us ,mg ,cx II,br ,chemo_radio,,2026-04-01\n"
                   "T7,us 5,mg ,cx ,br 0,,surgery,2026-04-02\n"
                   "T8,us 5,mg ,cx III,br ,,,\n"
                   "T9,us 5,mg ,cx IB,br II,,,\n");
  g_assert_cmpuint (en->rejected, ==, 16);
  ASSERT_PROBLEM (en, 3, "us_birads: 已填写左右两侧结果时，乳腺超声 BI-RADS应为较重一侧（4A）；留空则自动取较重一侧");
  ASSERT_PROBLEM (en, 4, "mammo_birads: 已填写左右两侧结果时，钼靶 BI-RADS应为较重一侧（4B）；留空则自动取较重一侧");
  ASSERT_PROBLEM (en, 5, "cervical_treatment_date: 治疗须填写日期");
  ASSERT_PROBLEM (en, 6, "cervical_treatment_date: 治疗日期不能早于检查日期");
  ASSERT_PROBLEM (en, 11, "cancer_stage: 填写了分期，但宫颈病理和乳腺病理都不是癌");
  ASSERT_PROBLEM (en, 12, "cancer_stage: 分期与所填的宫颈癌分期不一致");
  ASSERT_PROBLEM (en, 13, "breast_stage: 填写了乳腺癌分期，但乳腺病理未报告癌");
  ASSERT_PROBLEM (en, 14, "biopsy_date: 活检日期不能早于检查日期");
  ASSERT_PROBLEM (en, 15, "cervical_treatment_date: 填写了治疗日期但未填写治疗方式");
  ASSERT_PROBLEM (en, 16, "us_birads_right: “7”不是有效值；可用值：0, 1, 2, 3, 4A, 4B, 4C, 5, 6");
  ASSERT_PROBLEM (en, 17, "cervical_treatment: “chemo”不是有效值；可用值：none (未治疗), leep, cold_knife_cone (冷刀锥切), "
                          "ablation (物理治疗), hysterectomy (子宫切除), surgery (手术), chemo_radio (放化疗), other (其他)");
  ASSERT_PROBLEM (en, 18, "breast_stage: “V”不是有效值；可用值：0, I, IA, IB, II, III, IV");
  ASSERT_PROBLEM (en, 19, "hysterectomy: “maybe”不是有效值；可用值：yes (是), no (否)");
  ASSERT_PROBLEM (en, 20, "visible_lesion: “1”不是有效值；可用值：yes (是), no (否)");
  ASSERT_PROBLEM (en, 21, "area_code: “12345a”不是区划代码：请填写县级行政区划的6位 GB/T 2260 代码，如 500101");
  ASSERT_PROBLEM (en, 22, "dibao: “2”不是有效值；可用值：yes (是), no (否)");

  g_string_truncate (rows, 0);
  zh = validate_fixture (MUYING_PROGRAM_TWO_CANCER, "two-cancer-columns-zh.csv", collect_two_cancer, rows);
  for (guint i = 0; i < zh->rejected_rows->len; i++)
    {
      g_autofree char *p = problems_of (zh, ((MuyingImportRejectedRow *) g_ptr_array_index (zh->rejected_rows, i))->line);
      g_test_message ("%s", p);
    }
  g_assert_cmpuint (zh->rejected, ==, 0);
  g_assert_cmpstr (rows->str, ==,
                   "T31,us 3,mg ,cx ,br ,cold_knife_cone,,2026-03-25\n"
                   "T32,us 4B,mg 5,cx ,br II,,surgery,2026-04-10\n"
                   /* the old column reads stages without their sub-stages (ⅠB2期 → I) */
                   "T33,us ,mg ,cx I,br ,chemo_radio,none,2026-04-01\n");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* The messages a nurse reads: zh_CN, as the program runs (LANGUAGE of the test environment). */
  muying_i18n_init ();
  g_test_init (&argc, &argv, NULL);
  rules = muying_rule_set_new_from_dir (muying_test_data_dir (), &error);
  g_assert_no_error (error);

  g_test_add_func ("/import-columns/prenatal", test_prenatal);
  g_test_add_func ("/import-columns/newborn", test_newborn);
  g_test_add_func ("/import-columns/newborn-stored", test_newborn_stored);
  g_test_add_func ("/import-columns/two-cancer", test_two_cancer);
  status = g_test_run ();
  g_clear_object (&rules);
  return status;
}
