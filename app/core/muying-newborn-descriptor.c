/* muying-newborn-descriptor.c: the fields of a newborn record (hearing and deafness-gene screening)
 *
 * The columns are those of docs/import-formats.md ("Newborn screening"); the order is the form's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-common-choices.h"
#include "muying-program-descriptor.h"
#include "muying-screening.h"

static const MuyingFieldChoice hearing_initial[] = {
  { MUYING_HEARING_PASS, "pass", N_("Pass"), NULL },
  { MUYING_HEARING_REFER, "refer", N_("Refer"), NULL },
  { MUYING_HEARING_NOT_DONE, "not_done", N_("Not screened"), NULL },
  { 0, NULL, NULL, NULL }
};

/* A rescreen is done or not: "not screened" is not a rescreen result. */
static const MuyingFieldChoice hearing_rescreen[] = {
  { MUYING_HEARING_NOT_RECORDED, "", N_("Not rescreened"), NULL },
  { MUYING_HEARING_PASS, "pass", N_("Pass"), NULL },
  { MUYING_HEARING_REFER, "refer", N_("Refer"), NULL },
  { 0, NULL, NULL, NULL }
};

static const MuyingFieldChoice hearing_methods[] = {
  { MUYING_HEARING_METHOD_NOT_RECORDED, "", N_("Not recorded"), NULL },
  { MUYING_HEARING_METHOD_OAE, "oae", N_("OAE"), NULL },
  { MUYING_HEARING_METHOD_AABR, "aabr", N_("AABR"), NULL },
  { MUYING_HEARING_METHOD_BOTH, "both", N_("OAE and AABR"), NULL },
  { 0, NULL, NULL, NULL }
};

#define ALLOWED_HEARING "pass (通过), refer (未通过), not_done (未筛)"
#define ALLOWED_RESCREEN "pass (通过), refer (未通过)"

enum
{
  F_SAMPLE_NO, F_MOTHER_ID_NUMBER, F_MOTHER_NAME, F_BABY_NAME, F_SEX, F_BIRTH_DATE, F_GESTATION_WEEKS, F_HOSPITAL,
  F_NICU, F_PANEL, F_VARIANTS, F_HEARING_METHOD, F_HEARING_LEFT, F_HEARING_RIGHT, F_HEARING_DATE, F_RESCREEN_LEFT,
  F_RESCREEN_RIGHT, F_RESCREEN_DATE, F_AREA_CODE, F_FUNDING, N_FIELDS
};

#define AT(member) G_STRUCT_OFFSET (MuyingNewbornRecord, member)
#define REQ MUYING_FIELD_REQUIRED
#define STORED MUYING_FIELD_STORED
#define LATER MUYING_FIELD_LATER

static const MuyingField fields[N_FIELDS + 1] = {
  [F_SAMPLE_NO] = { "sample_no", "样本编号", N_("Sample no."), MUYING_FIELD_RECORD_KEY, REQ, AT (sample_no),
                    .section = N_("Mother") },
  [F_MOTHER_ID_NUMBER] = { "mother_id_number", "母亲身份证号", N_("Mother's ID number"), MUYING_FIELD_ID_NUMBER, REQ,
                           AT (mother_id_number), .placeholder = N_("18 characters") },
  [F_MOTHER_NAME] = { "mother_name", "母亲姓名", N_("Mother's name"), MUYING_FIELD_LINE, REQ, AT (mother_name) },
  [F_BABY_NAME] = { "baby_name", "新生儿姓名", N_("Baby's name"), MUYING_FIELD_LINE, 0, AT (baby_name),
                    .section = N_("Newborn") },
  [F_SEX] = { "sex", "性别", N_("Sex"), MUYING_FIELD_SEX, REQ, AT (sex), .allowed = "1 (男), 2 (女)" },
  [F_BIRTH_DATE] = { "birth_date", "出生日期", N_("Birth date"), MUYING_FIELD_DATE, REQ, AT (birth_date),
                     .placeholder = "YYYY-MM-DD" },
  [F_GESTATION_WEEKS] = { "gestation_weeks", "出生孕周", N_("Gestation at birth (weeks)"), MUYING_FIELD_INTEGER,
                          STORED, AT (gestation_weeks), .min = 22, .max = 45, .placeholder = "22–45" },
  [F_HOSPITAL] = { "hospital", "出生医院", N_("Birth hospital"), MUYING_FIELD_TEXT, STORED | MUYING_FIELD_BATCH,
                   AT (hospital) },
  [F_NICU] = { "nicu", "NICU住院>5天", N_("NICU stay over 5 days"), MUYING_FIELD_CHOICE, STORED, AT (nicu),
               muying_yes_no_choices, .allowed = MUYING_ALLOWED_YES_NO },
  /* Empty: no gene test (then no variants either). */
  [F_PANEL] = { "panel", "检测位点", N_("Gene panel"), MUYING_FIELD_PANEL, STORED, AT (panel),
                .section = N_("Deafness genes") },
  [F_VARIANTS] = { "variants", "检出突变", N_("Variants found"), MUYING_FIELD_VARIANTS, STORED | MUYING_FIELD_SUMMARY,
                   AT (variants),
                   .placeholder = "GJB2:c.235delC:het" },
  [F_HEARING_METHOD] = { "hearing_method", "筛查方法", N_("Hearing screening method"), MUYING_FIELD_CHOICE, STORED,
                         AT (hearing_method), hearing_methods, .allowed = "oae, aabr, both",
                         .section = N_("Hearing") },
  [F_HEARING_LEFT] = { "hearing_left", "初筛左耳", N_("Initial screen, left ear"), MUYING_FIELD_CHOICE, REQ | STORED,
                       AT (hearing_left), hearing_initial, .allowed = ALLOWED_HEARING },
  [F_HEARING_RIGHT] = { "hearing_right", "初筛右耳", N_("Initial screen, right ear"), MUYING_FIELD_CHOICE,
                        REQ | STORED, AT (hearing_right), hearing_initial, .allowed = ALLOWED_HEARING },
  [F_HEARING_DATE] = { "hearing_date", "初筛日期", N_("Initial screen date"), MUYING_FIELD_DATE, STORED,
                       AT (hearing_date), .placeholder = "YYYY-MM-DD" },
  [F_RESCREEN_LEFT] = { "rescreen_left", "复筛左耳", N_("Rescreen, left ear"), MUYING_FIELD_CHOICE, STORED | LATER,
                        AT (rescreen_left), hearing_rescreen, .allowed = ALLOWED_RESCREEN },
  [F_RESCREEN_RIGHT] = { "rescreen_right", "复筛右耳", N_("Rescreen, right ear"), MUYING_FIELD_CHOICE, STORED | LATER,
                         AT (rescreen_right), hearing_rescreen, .allowed = ALLOWED_RESCREEN },
  [F_RESCREEN_DATE] = { "rescreen_date", "复筛日期", N_("Rescreen date"), MUYING_FIELD_DATE, STORED | LATER,
                        AT (rescreen_date), .placeholder = "YYYY-MM-DD" },
  [F_AREA_CODE] = { "area_code", "居住地区划代码", N_("Area code of residence"), MUYING_FIELD_AREA_CODE, STORED,
                    AT (area_code), .placeholder = N_("6 digits, e.g. 500101"), .section = N_("Background") },
  [F_FUNDING] = { "funding", "资金来源", N_("Funding"), MUYING_FIELD_CHOICE, STORED, AT (funding),
                  muying_funding_choices, .allowed = MUYING_ALLOWED_FUNDING },
  [N_FIELDS] = { NULL },
};

#undef AT
#undef REQ
#undef STORED
#undef LATER

/* ---- canonical keys: hearing results ------------------------------------------------------------ */

/* Every hearing value, "not screened" included, is a key of the initial screen. */
MUYING_FIELD_DEFINE_KEYS (MuyingHearing, hearing, &fields[F_HEARING_LEFT])
MUYING_FIELD_DEFINE_KEYS (MuyingHearingMethod, hearing_method, &fields[F_HEARING_METHOD])

/* ---- life cycle -------------------------------------------------------------------------------- */

MuyingNewbornRecord *
muying_newborn_record_new (void)
{
  MuyingNewbornRecord *record = g_new0 (MuyingNewbornRecord, 1);

  muying_fields_clear_record (fields, N_FIELDS, record);
  record->sex = MUYING_SEX_UNKNOWN;
  return record;
}

void
muying_newborn_record_free (MuyingNewbornRecord *record)
{
  if (record == NULL)
    return;
  muying_fields_free_members (fields, N_FIELDS, record);
  g_free (record);
}

/* ---- what one column cannot check alone -------------------------------------------------------- */

static void
check_newborn (gpointer                data,
               const MuyingFieldCheck *check)
{
  MuyingNewbornRecord *r = data;

  if (g_date_valid (&r->hearing_date) && g_date_valid (&r->birth_date) &&
      g_date_compare (&r->hearing_date, &r->birth_date) < 0)
    check->problem (&fields[F_HEARING_DATE], _("The hearing screen cannot be before the birth date"), check->data);

  if (g_date_valid (&r->rescreen_date))
    {
      const GDate *after = g_date_valid (&r->hearing_date) ? &r->hearing_date : &r->birth_date;

      if (g_date_valid (after) && g_date_compare (&r->rescreen_date, after) < 0)
        check->problem (&fields[F_RESCREEN_DATE], _("The rescreen cannot be before the birth date or the first screen"),
                        check->data);
      if (r->rescreen_left == MUYING_HEARING_NOT_RECORDED && r->rescreen_right == MUYING_HEARING_NOT_RECORDED &&
          !check->given (&fields[F_RESCREEN_LEFT], check->data) && !check->given (&fields[F_RESCREEN_RIGHT], check->data))
        check->problem (&fields[F_RESCREEN_DATE], _("A rescreen date is given without a rescreen result"), check->data);
    }
}

/* The order of MuyingResultKind. The rescreen of both ears is one result, dated by its date field. */
static const MuyingResultDescriptor results[] = {
  { "rescreen_left", .name = "hearing_rescreen", .label = N_("Hearing rescreen"), .field2 = "rescreen_right",
    .date_field = "rescreen_date", .reclassifies = TRUE },
  { NULL },
};

const MuyingProgramDescriptor muying_newborn_descriptor = {
  .program = MUYING_PROGRAM_NEWBORN,
  .table = "newborn",
  .fields = fields,
  .key_field = "sample_no",
  .id_field = "mother_id_number",
  .name_field = "mother_name",
  .date_field = "birth_date",
  .min_age = 12,
  .max_age = 60,
  .record_new = (gpointer (*) (void)) muying_newborn_record_new,
  .record_free = (void (*) (gpointer)) muying_newborn_record_free,
  .check = check_newborn,
  .results = results,
};
