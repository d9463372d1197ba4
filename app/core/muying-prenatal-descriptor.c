/* muying-prenatal-descriptor.c: the fields of a prenatal screening record (serum tests and NIPT)
 *
 * The columns are those of docs/import-formats.md ("Prenatal screening"); the order is the form's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "muying-common-choices.h"
#include "muying-date.h"
#include "muying-program-descriptor.h"
#include "muying-screening.h"

static const MuyingFieldChoice test_types[] = {
  { MUYING_PRENATAL_TEST_EARLY_COMBINED, "early_combined", N_("Early combined (9+0 to 13+6 weeks)"), NULL },
  { MUYING_PRENATAL_TEST_MID_DOUBLE, "mid_double", N_("Mid-trimester double (15+0 to 20+6)"), NULL },
  { MUYING_PRENATAL_TEST_MID_TRIPLE, "mid_triple", N_("Mid-trimester triple (15+0 to 20+6)"), NULL },
  { MUYING_PRENATAL_TEST_MID_QUAD, "mid_quad", N_("Mid-trimester quadruple (15+0 to 20+6)"), NULL },
  { MUYING_PRENATAL_TEST_NIPT, "nipt", N_("NIPT (12+0 to 22+6)"), NULL },
  { 0, NULL, NULL, NULL }
};

static const MuyingFieldChoice nipt_calls[] = {
  { MUYING_NIPT_CALL_NOT_RECORDED, "", N_("Not reported"), NULL },
  { MUYING_NIPT_CALL_LOW, "low", N_("Low risk"), NULL },
  { MUYING_NIPT_CALL_HIGH, "high", N_("High risk"), NULL },
  { 0, NULL, NULL, NULL }
};

static const MuyingFieldChoice nipt_sca[] = {
  { MUYING_NIPT_SCA_NOT_RECORDED, "", N_("Not reported"), NULL },
  { MUYING_NIPT_SCA_NONE, "none", N_("None"), NULL },
  { MUYING_NIPT_SCA_DETECTED, "detected", N_("Detected"), NULL },
  { 0, NULL, NULL, NULL }
};

/* An empty status is a successful test (the lab only writes "fail"). */
static const MuyingFieldChoice nipt_status[] = {
  { MUYING_NIPT_STATUS_OK, "", N_("Not reported"), NULL },
  { MUYING_NIPT_STATUS_OK, "ok", N_("Test succeeded"), NULL },
  { MUYING_NIPT_STATUS_FAIL, "fail", N_("Test failed, redraw needed"), NULL },
  { 0, NULL, NULL, NULL }
};

static const MuyingFieldChoice pregnancy_types[] = {
  { MUYING_PREGNANCY_TYPE_NOT_RECORDED, "", N_("Not recorded"), NULL },
  { MUYING_PREGNANCY_TYPE_SINGLETON, "singleton", N_("Singleton"), NULL },
  { MUYING_PREGNANCY_TYPE_TWINS, "twins", N_("Twins"), NULL },
  { MUYING_PREGNANCY_TYPE_HIGHER, "higher", N_("Triplets or more"), NULL },
  { 0, NULL, NULL, NULL }
};

#define ALLOWED_NIPT_CALL "low (低风险), high (高风险)"

enum
{
  F_SAMPLE_NO, F_ID_NUMBER, F_NAME, F_PHONE, F_INSTITUTION, F_SAMPLE_DATE, F_TEST_TYPE, F_GA_WEEKS, F_GA_DAYS,
  F_EDD, F_WEIGHT_KG, F_T21_RISK, F_T18_RISK, F_AFP_MOM, F_NT_MM, F_NIPT_T21, F_NIPT_T18, F_NIPT_T13, F_NIPT_SCA,
  F_NIPT_STATUS, F_PREGNANCY_TYPE, F_IVF, F_TRANSFUSION_12M, F_US_ANOMALY, F_AREA_CODE, F_FUNDING, F_RESIDENCE,
  F_DIBAO, N_FIELDS
};

#define AT(member) G_STRUCT_OFFSET (MuyingPrenatalRecord, member)
#define REQ MUYING_FIELD_REQUIRED
#define STORED MUYING_FIELD_STORED

static const MuyingField fields[N_FIELDS + 1] = {
  [F_SAMPLE_NO] = { "sample_no", "样本编号", N_("Sample no."), MUYING_FIELD_RECORD_KEY, REQ, AT (sample_no),
                    .section = N_("Woman") },
  [F_ID_NUMBER] = { "id_number", "身份证号", N_("ID number"), MUYING_FIELD_ID_NUMBER, REQ, AT (id_number),
                    .placeholder = N_("18 characters") },
  [F_NAME] = { "name", "姓名", N_("Name"), MUYING_FIELD_LINE, REQ, AT (name) },
  [F_PHONE] = { "phone", "联系电话", N_("Phone"), MUYING_FIELD_LINE, 0, AT (phone) },
  [F_INSTITUTION] = { "institution", "筛查机构", N_("Screening institution"), MUYING_FIELD_TEXT, MUYING_FIELD_BATCH,
                      AT (institution) },
  [F_SAMPLE_DATE] = { "sample_date", "采样日期", N_("Sample date"), MUYING_FIELD_DATE, REQ | MUYING_FIELD_BATCH,
                      AT (sample_date), .placeholder = "YYYY-MM-DD", .section = N_("Test") },
  [F_TEST_TYPE] = { "test_type", "筛查方式", N_("Test"), MUYING_FIELD_CHOICE,
                    REQ | STORED | MUYING_FIELD_SUMMARY | MUYING_FIELD_WINDOW | MUYING_FIELD_BATCH, AT (test_type),
                    test_types,
                    .allowed = "early_combined (早孕联合), mid_double (中孕二联), mid_triple (中孕三联), "
                               "mid_quad (中孕四联), nipt (无创DNA)" },
  [F_GA_WEEKS] = { "ga_weeks", "孕周", N_("Gestation (weeks)"), MUYING_FIELD_GA_WEEKS, REQ, AT (ga_days) },
  [F_GA_DAYS] = { "ga_days", "孕天", N_("Gestation (days)"), MUYING_FIELD_GA_DAYS, REQ | STORED | MUYING_FIELD_SUMMARY,
                  AT (ga_days), .placeholder = "0–6" },
  [F_EDD] = { "edd", "预产期", N_("Expected delivery date"), MUYING_FIELD_DATE, STORED | MUYING_FIELD_FUTURE_OK,
              AT (edd), .placeholder = N_("computed when empty") },
  [F_WEIGHT_KG] = { "weight_kg", "体重", N_("Weight (kg)"), MUYING_FIELD_NUMBER, STORED, AT (weight_kg),
                    .min = 25, .max = 250 },
  [F_T21_RISK] = { "t21_risk", "21三体风险", N_("Trisomy 21 risk"), MUYING_FIELD_RISK, STORED, AT (t21_risk),
                   .placeholder = "1/N", .section = N_("Results") },
  [F_T18_RISK] = { "t18_risk", "18三体风险", N_("Trisomy 18 risk"), MUYING_FIELD_RISK, STORED, AT (t18_risk),
                   .placeholder = "1/N" },
  [F_AFP_MOM] = { "afp_mom", "AFP MoM", N_("AFP MoM"), MUYING_FIELD_NUMBER, STORED, AT (afp_mom),
                  .min = 0.01, .max = 50 },
  [F_NT_MM] = { "nt_mm", "NT", N_("NT (mm)"), MUYING_FIELD_NUMBER, STORED, AT (nt_mm), .min = 0.1, .max = 20 },
  [F_NIPT_T21] = { "nipt_t21", "无创21", N_("NIPT trisomy 21"), MUYING_FIELD_CHOICE, STORED, AT (nipt_t21),
                   nipt_calls, .allowed = ALLOWED_NIPT_CALL },
  [F_NIPT_T18] = { "nipt_t18", "无创18", N_("NIPT trisomy 18"), MUYING_FIELD_CHOICE, STORED, AT (nipt_t18),
                   nipt_calls, .allowed = ALLOWED_NIPT_CALL },
  [F_NIPT_T13] = { "nipt_t13", "无创13", N_("NIPT trisomy 13"), MUYING_FIELD_CHOICE, STORED, AT (nipt_t13),
                   nipt_calls, .allowed = ALLOWED_NIPT_CALL },
  [F_NIPT_SCA] = { "nipt_sca", "性染色体异常", N_("Sex-chromosome aneuploidy"), MUYING_FIELD_CHOICE, STORED,
                   AT (nipt_sca), nipt_sca, .allowed = "none, detected" },
  [F_NIPT_STATUS] = { "nipt_status", "检测状态", N_("NIPT test status"), MUYING_FIELD_CHOICE, STORED,
                      AT (nipt_status), nipt_status, .allowed = "ok, fail" },
  /* Optional columns typed after the results (the keyboard path of a serum report stays as it was). */
  [F_PREGNANCY_TYPE] = { "pregnancy_type", "胎数类型", N_("Number of fetuses"), MUYING_FIELD_CHOICE, STORED,
                         AT (pregnancy_type), pregnancy_types,
                         .allowed = "singleton (单胎), twins (双胎), higher (多胎)", .section = N_("This pregnancy") },
  [F_IVF] = { "ivf", "试管婴儿", N_("IVF pregnancy"), MUYING_FIELD_CHOICE, STORED, AT (ivf), muying_yes_no_choices,
              .allowed = MUYING_ALLOWED_YES_NO },
  [F_TRANSFUSION_12M] = { "transfusion_12m", "一年内输血", N_("Blood transfusion in the past year"),
                          MUYING_FIELD_CHOICE, STORED, AT (transfusion_12m), muying_yes_no_choices,
                          .allowed = MUYING_ALLOWED_YES_NO },
  [F_US_ANOMALY] = { "us_anomaly", "超声异常", N_("Ultrasound anomaly"), MUYING_FIELD_CHOICE, STORED, AT (us_anomaly),
                     muying_yes_no_choices, .allowed = MUYING_ALLOWED_YES_NO },
  [F_AREA_CODE] = { "area_code", "居住地区划代码", N_("Area code of residence"), MUYING_FIELD_AREA_CODE, STORED,
                    AT (area_code), .placeholder = N_("6 digits, e.g. 500101"), .section = N_("Background") },
  [F_FUNDING] = { "funding", "资金来源", N_("Funding"), MUYING_FIELD_CHOICE, STORED, AT (funding),
                  muying_funding_choices, .allowed = MUYING_ALLOWED_FUNDING },
  [F_RESIDENCE] = { "residence", "户籍类型", N_("Residence"), MUYING_FIELD_CHOICE, STORED, AT (residence),
                    muying_residence_choices, .allowed = MUYING_ALLOWED_RESIDENCE, .column_also = "居住地类型" },
  [F_DIBAO] = { "dibao", "低保", N_("Minimum living support (dibao)"), MUYING_FIELD_CHOICE, STORED, AT (dibao),
                muying_yes_no_choices, .allowed = MUYING_ALLOWED_YES_NO },
  [N_FIELDS] = { NULL },
};

#undef AT
#undef REQ
#undef STORED

/* ---- canonical keys of the prenatal enumerations ------------------------------------------------- */

MUYING_FIELD_DEFINE_KEYS (MuyingPrenatalTest, prenatal_test, &fields[F_TEST_TYPE])
MUYING_FIELD_DEFINE_KEYS (MuyingNiptCall, nipt_call, &fields[F_NIPT_T21])
MUYING_FIELD_DEFINE_KEYS (MuyingNiptSca, nipt_sca, &fields[F_NIPT_SCA])
MUYING_FIELD_DEFINE_KEYS (MuyingNiptStatus, nipt_status, &fields[F_NIPT_STATUS])
MUYING_FIELD_DEFINE_KEYS (MuyingPregnancyType, pregnancy_type, &fields[F_PREGNANCY_TYPE])


/* ---- life cycle -------------------------------------------------------------------------------- */

MuyingPrenatalRecord *
muying_prenatal_record_new (void)
{
  MuyingPrenatalRecord *record = g_new0 (MuyingPrenatalRecord, 1);

  g_date_clear (&record->birth_date, 1);
  muying_fields_clear_record (fields, N_FIELDS, record);
  return record;
}

void
muying_prenatal_record_free (MuyingPrenatalRecord *record)
{
  if (record == NULL)
    return;
  muying_fields_free_members (fields, N_FIELDS, record);
  g_free (record);
}

int
muying_prenatal_record_get_age_at_edd (const MuyingPrenatalRecord *record)
{
  g_return_val_if_fail (record != NULL, -1);

  if (!g_date_valid (&record->birth_date) || !g_date_valid (&record->edd))
    return -1;
  return muying_date_age_on (&record->birth_date, &record->edd);
}

/* ---- what one column cannot check alone -------------------------------------------------------- */

static gboolean
is_serum_test (MuyingPrenatalTest test)
{
  return test != MUYING_PRENATAL_TEST_NIPT;
}

static void
problem (const MuyingFieldCheck *check,
         int                     field,
         const char             *message)
{
  check->problem (&fields[field], message, check->data);
}

static gboolean
given (const MuyingFieldCheck *check,
       int                     field)
{
  return check->given (&fields[field], check->data);
}

static void
check_prenatal (gpointer                data,
                const MuyingFieldCheck *check)
{
  MuyingPrenatalRecord *r = data;
  gboolean have_test = check->valid (&fields[F_TEST_TYPE], check->data);
  gboolean have_ga = check->valid (&fields[F_GA_WEEKS], check->data) && check->valid (&fields[F_GA_DAYS], check->data);

  /* The expected delivery date: as written, within 40 weeks of the sample; or from the gestation. */
  if (g_date_valid (&r->edd))
    {
      r->edd_given = TRUE;
      if (g_date_valid (&r->sample_date))
        {
          int until = muying_date_days_between (&r->sample_date, &r->edd);

          if (until <= 0 || until > MUYING_TERM_DAYS)
            problem (check, F_EDD, _("The expected date of delivery must fall within 40 weeks after the sample date"));
        }
    }
  else if (have_ga && g_date_valid (&r->sample_date))
    muying_date_edd_from_ga (&r->sample_date, r->ga_days, &r->edd);

  /* What the test type needs and excludes (a row must be consistent with its own test type). */
  if (have_test && is_serum_test (r->test_type))
    {
      static const int nipt_columns[] = { F_NIPT_T21, F_NIPT_T18, F_NIPT_T13, F_NIPT_SCA, F_NIPT_STATUS };

      if (!given (check, F_T21_RISK))
        problem (check, F_T21_RISK, _("A serum screening test needs its trisomy 21 risk"));
      if (!given (check, F_T18_RISK))
        problem (check, F_T18_RISK, _("A serum screening test needs its trisomy 18 risk"));
      for (guint i = 0; i < G_N_ELEMENTS (nipt_columns); i++)
        if (given (check, nipt_columns[i]))
          problem (check, nipt_columns[i], _("A serum screening test has no NIPT results; check the test type"));
    }
  else if (have_test)
    {
      /* The AFP MoM may come with an NIPT (rule set 2026.2): a separate mid-trimester AFP test,
       * for the neural tube defects NIPT does not screen (docs/rules.md NTD_ASSESS). */
      static const int serum_columns[] = { F_T21_RISK, F_T18_RISK };
      static const int call_columns[] = { F_NIPT_T21, F_NIPT_T18, F_NIPT_T13 };

      for (guint i = 0; i < G_N_ELEMENTS (serum_columns); i++)
        if (given (check, serum_columns[i]))
          problem (check, serum_columns[i], _("NIPT has no serum screening results; check the test type"));
      for (guint i = 0; i < G_N_ELEMENTS (call_columns); i++)
        {
          if (r->nipt_status == MUYING_NIPT_STATUS_OK && !given (check, call_columns[i]))
            problem (check, call_columns[i], _("A successful NIPT needs a result for each of T21, T18 and T13"));
          else if (r->nipt_status == MUYING_NIPT_STATUS_FAIL && given (check, call_columns[i]))
            problem (check, call_columns[i], _("The NIPT failed (status “fail”) and cannot have a result"));
        }
    }
}

/* The order of MuyingResultKind. */
static const MuyingResultDescriptor results[] = {
  /* none: a prenatal diagnosis and the outcome are follow-on records (muying-follow-on.h) */
  { NULL },
};

const MuyingProgramDescriptor muying_prenatal_descriptor = {
  .program = MUYING_PROGRAM_PRENATAL,
  .table = "prenatal",
  .fields = fields,
  .key_field = "sample_no",
  .id_field = "id_number",
  .name_field = "name",
  .date_field = "sample_date",
  .min_age = 12,
  .max_age = 60,
  .record_new = (gpointer (*) (void)) muying_prenatal_record_new,
  .record_free = (void (*) (gpointer)) muying_prenatal_record_free,
  .check = check_prenatal,
  .results = results,
};
