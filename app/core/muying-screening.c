/* muying-screening.c: screening records, their canonical keys and life cycle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "muying-error.h"
#include "muying-screening.h"

const int muying_hpv_high_risk_types[MUYING_N_HPV_HIGH_RISK_TYPES] = {
  16, 18, 31, 33, 35, 39, 45, 51, 52, 56, 58, 59, 66, 68,
};

/* ---- canonical keys ---------------------------------------------------------------------- */

/* Index = enum value; NULL = NOT_RECORDED (no key). These are docs/import-formats.md keys. */
static const char *prenatal_test_keys[] = {
  "early_combined", "mid_double", "mid_triple", "mid_quad", "nipt",
};
static const char *nipt_call_keys[] = { NULL, "low", "high" };
static const char *nipt_sca_keys[] = { NULL, "none", "detected" };
static const char *nipt_status_keys[] = { "ok", "fail" };
static const char *hearing_keys[] = { NULL, "pass", "refer", "not_done" };
static const char *zygosity_keys[] = { "het", "hom", "homoplasmic", "heteroplasmic" };
static const char *hpv_keys[] = { NULL, "negative", "positive", "not_done" };
static const char *cytology_keys[] = {
  NULL, "UNSAT", "NILM", "ASC-US", "ASC-H", "LSIL", "HSIL", "SCC", "AGC", "AIS", "ADC",
};
static const char *cervical_histology_keys[] = {
  NULL, "negative", "CIN1", "CIN2", "CIN3", "AIS", "micro_invasive", "invasive",
};
static const char *birads_keys[] = { NULL, "0", "1", "2", "3", "4A", "4B", "4C", "5", "6" };
static const char *breast_pathology_keys[] = {
  NULL, "benign", "atypical_hyperplasia", "LCIS", "DCIS", "invasive",
};
static const char *cancer_stage_keys[] = { NULL, "0", "I", "II", "III", "IV" };

G_STATIC_ASSERT (G_N_ELEMENTS (prenatal_test_keys) == MUYING_N_PRENATAL_TESTS);
G_STATIC_ASSERT (G_N_ELEMENTS (nipt_call_keys) == MUYING_NIPT_CALL_HIGH + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (nipt_sca_keys) == MUYING_NIPT_SCA_DETECTED + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (nipt_status_keys) == MUYING_NIPT_STATUS_FAIL + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (hearing_keys) == MUYING_HEARING_NOT_DONE + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (zygosity_keys) == MUYING_ZYGOSITY_HETEROPLASMIC + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (hpv_keys) == MUYING_HPV_NOT_DONE + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (cytology_keys) == MUYING_CYTOLOGY_ADC + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (cervical_histology_keys) == MUYING_CERVICAL_HISTOLOGY_INVASIVE + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (birads_keys) == MUYING_BIRADS_6 + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (breast_pathology_keys) == MUYING_BREAST_PATHOLOGY_INVASIVE + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (cancer_stage_keys) == MUYING_CANCER_STAGE_IV + 1);

static const char *
key_of (const char **keys,
        guint        n_keys,
        int          value)
{
  if (value < 0 || (guint) value >= n_keys)
    return NULL;
  return keys[value];
}

/* Case-insensitive match against the non-NULL keys; white space around @text is ignored. */
static gboolean
lookup_key (const char  *text,
            const char **keys,
            guint        n_keys,
            int         *value)
{
  g_autofree char *s = NULL;

  if (text == NULL)
    return FALSE;
  s = g_strstrip (g_strdup (text));
  if (*s == '\0')
    return FALSE;
  for (guint i = 0; i < n_keys; i++)
    if (keys[i] != NULL && g_ascii_strcasecmp (s, keys[i]) == 0)
      {
        *value = (int) i;
        return TRUE;
      }
  return FALSE;
}

#define MUYING_DEFINE_KEYS(Type, name)                                             \
  const char *                                                                      \
  muying_##name##_to_string (Type value)                                            \
  {                                                                                 \
    return key_of (name##_keys, G_N_ELEMENTS (name##_keys), (int) value);           \
  }                                                                                 \
                                                                                    \
  gboolean                                                                          \
  muying_##name##_from_string (const char *text,                                    \
                               Type       *value)                                   \
  {                                                                                 \
    int v;                                                                          \
                                                                                    \
    g_return_val_if_fail (value != NULL, FALSE);                                    \
    if (!lookup_key (text, name##_keys, G_N_ELEMENTS (name##_keys), &v))            \
      return FALSE;                                                                 \
    *value = (Type) v;                                                              \
    return TRUE;                                                                    \
  }

MUYING_DEFINE_KEYS (MuyingPrenatalTest, prenatal_test)
MUYING_DEFINE_KEYS (MuyingNiptCall, nipt_call)
MUYING_DEFINE_KEYS (MuyingNiptSca, nipt_sca)
MUYING_DEFINE_KEYS (MuyingNiptStatus, nipt_status)
MUYING_DEFINE_KEYS (MuyingHearing, hearing)
MUYING_DEFINE_KEYS (MuyingZygosity, zygosity)
MUYING_DEFINE_KEYS (MuyingHpv, hpv)
MUYING_DEFINE_KEYS (MuyingCytology, cytology)
MUYING_DEFINE_KEYS (MuyingCervicalHistology, cervical_histology)
MUYING_DEFINE_KEYS (MuyingBreastPathology, breast_pathology)
MUYING_DEFINE_KEYS (MuyingCancerStage, cancer_stage)

#undef MUYING_DEFINE_KEYS

const char *
muying_birads_to_string (MuyingBirads value)
{
  return key_of (birads_keys, G_N_ELEMENTS (birads_keys), (int) value);
}

/* docs/import-formats.md: a plain "4" is read as 4A. */
gboolean
muying_birads_from_string (const char   *text,
                           MuyingBirads *value)
{
  g_autofree char *s = NULL;
  int v;

  g_return_val_if_fail (value != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  s = g_strstrip (g_strdup (text));
  if (strcmp (s, "4") == 0)
    {
      *value = MUYING_BIRADS_4A;
      return TRUE;
    }
  if (!lookup_key (s, birads_keys, G_N_ELEMENTS (birads_keys), &v))
    return FALSE;
  *value = (MuyingBirads) v;
  return TRUE;
}

const char *
muying_exam_result_to_string (MuyingExamResult value,
                              gboolean         negative_word)
{
  switch (value)
    {
    case MUYING_EXAM_NORMAL:
      return negative_word ? "negative" : "normal";
    case MUYING_EXAM_ABNORMAL:
      return "abnormal";
    case MUYING_EXAM_NOT_DONE:
      return "not_done";
    case MUYING_EXAM_NOT_RECORDED:
    default:
      return NULL;
    }
}

/* Both "negative" and "normal" read as NORMAL, whichever field they come from. */
gboolean
muying_exam_result_from_string (const char       *text,
                                MuyingExamResult *value)
{
  static const char *keys[] = { NULL, "normal", "abnormal", "not_done" };
  g_autofree char *s = NULL;
  int v;

  g_return_val_if_fail (value != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  s = g_strstrip (g_strdup (text));
  if (g_ascii_strcasecmp (s, "negative") == 0)
    {
      *value = MUYING_EXAM_NORMAL;
      return TRUE;
    }
  if (!lookup_key (s, keys, G_N_ELEMENTS (keys), &v))
    return FALSE;
  *value = (MuyingExamResult) v;
  return TRUE;
}

/* ---- HPV types --------------------------------------------------------------------------- */

static int
hpv_type_index (int type)
{
  for (int i = 0; i < MUYING_N_HPV_HIGH_RISK_TYPES; i++)
    if (muying_hpv_high_risk_types[i] == type)
      return i;
  return -1;
}

/**
 * muying_hpv_types_parse:
 * "16;52" → the bit set of muying_hpv_high_risk_types. Separators `;` (docs/import-formats.md), also `,`,
 * `、`, `，`, `；` and white space; a leading "HPV" and a trailing "型" are tolerated
 * ("HPV16", "16型"). Empty text = no type (untyped). A type outside the 14 is an error.
 */
gboolean
muying_hpv_types_parse (const char  *text,
                        guint16     *types,
                        GError     **error)
{
  g_autoptr(GString) norm = NULL;
  g_auto(GStrv) parts = NULL;
  guint16 result = 0;

  g_return_val_if_fail (types != NULL, FALSE);

  norm = g_string_new (text ? text : "");
  g_string_replace (norm, "、", ";", 0);
  g_string_replace (norm, "，", ";", 0);
  g_string_replace (norm, "；", ";", 0);
  g_string_replace (norm, ",", ";", 0);
  g_string_replace (norm, " ", ";", 0);
  g_string_replace (norm, "\t", ";", 0);
  parts = g_strsplit (norm->str, ";", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *p = g_strstrip (parts[i]);
      char *end = NULL;
      gint64 n;
      int idx;

      if (*p == '\0')
        continue;
      if (g_ascii_strncasecmp (p, "HPV", 3) == 0)
        p += 3;
      if (g_str_has_suffix (p, "型"))
        p[strlen (p) - strlen ("型")] = '\0';
      n = g_ascii_strtoll (p, &end, 10);
      idx = (end != p && *end == '\0' && n > 0 && n < 1000) ? hpv_type_index ((int) n) : -1;
      if (idx < 0)
        {
          g_set_error (error, MUYING_RULES_ERROR, MUYING_RULES_ERROR_INPUT,
                       _("HPV type “%s” is not one of the 14 high-risk types "
                         "(16 18 31 33 35 39 45 51 52 56 58 59 66 68)"),
                       g_strstrip (parts[i]));
          return FALSE;
        }
      result |= (guint16) (1u << idx);
    }

  *types = result;
  return TRUE;
}

char *
muying_hpv_types_to_string (guint16 types)
{
  GString *s = g_string_new (NULL);

  for (int i = 0; i < MUYING_N_HPV_HIGH_RISK_TYPES; i++)
    if (types & (1u << i))
      {
        if (s->len > 0)
          g_string_append_c (s, ';');
        g_string_append_printf (s, "%d", muying_hpv_high_risk_types[i]);
      }
  return g_string_free (s, FALSE);
}

/* ---- life cycle -------------------------------------------------------------------------- */

MuyingPrenatalRecord *
muying_prenatal_record_new (void)
{
  MuyingPrenatalRecord *record = g_new0 (MuyingPrenatalRecord, 1);

  g_date_clear (&record->birth_date, 1);
  g_date_clear (&record->sample_date, 1);
  g_date_clear (&record->edd, 1);
  record->test_type = MUYING_PRENATAL_TEST_EARLY_COMBINED;
  record->weight_kg = NAN;
  record->t21_risk = 0;
  record->t18_risk = 0;
  record->afp_mom = NAN;
  record->nt_mm = NAN;
  record->nipt_t21 = MUYING_NIPT_CALL_NOT_RECORDED;
  record->nipt_t18 = MUYING_NIPT_CALL_NOT_RECORDED;
  record->nipt_t13 = MUYING_NIPT_CALL_NOT_RECORDED;
  record->nipt_sca = MUYING_NIPT_SCA_NOT_RECORDED;
  record->nipt_status = MUYING_NIPT_STATUS_OK;
  return record;
}

void
muying_prenatal_record_free (MuyingPrenatalRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->sample_no);
  g_free (record->id_number);
  g_free (record->name);
  g_free (record->phone);
  g_free (record->institution);
  g_free (record);
}

MuyingNewbornRecord *
muying_newborn_record_new (void)
{
  MuyingNewbornRecord *record = g_new0 (MuyingNewbornRecord, 1);

  record->sex = MUYING_SEX_UNKNOWN;
  g_date_clear (&record->birth_date, 1);
  g_date_clear (&record->hearing_date, 1);
  g_date_clear (&record->rescreen_date, 1);
  record->variants = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_variant_free);
  record->hearing_left = MUYING_HEARING_NOT_RECORDED;
  record->hearing_right = MUYING_HEARING_NOT_RECORDED;
  record->rescreen_left = MUYING_HEARING_NOT_RECORDED;
  record->rescreen_right = MUYING_HEARING_NOT_RECORDED;
  return record;
}

void
muying_newborn_record_free (MuyingNewbornRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->sample_no);
  g_free (record->mother_id_number);
  g_free (record->mother_name);
  g_free (record->baby_name);
  g_free (record->hospital);
  g_free (record->panel);
  g_clear_pointer (&record->variants, g_ptr_array_unref);
  g_free (record);
}

MuyingTwoCancerRecord *
muying_two_cancer_record_new (void)
{
  MuyingTwoCancerRecord *record = g_new0 (MuyingTwoCancerRecord, 1);

  g_date_clear (&record->birth_date, 1);
  g_date_clear (&record->exam_date, 1);
  /* Every result field starts as NOT_RECORDED (value 0). */
  return record;
}

void
muying_two_cancer_record_free (MuyingTwoCancerRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->exam_no);
  g_free (record->id_number);
  g_free (record->name);
  g_free (record->institution);
  g_free (record);
}

MuyingVariant *
muying_variant_new (const char     *gene,
                    const char     *variant,
                    MuyingZygosity  zygosity)
{
  MuyingVariant *self = g_new0 (MuyingVariant, 1);

  self->gene = g_strdup (gene);
  self->variant = g_strdup (variant);
  self->zygosity = zygosity;
  return self;
}

void
muying_variant_free (MuyingVariant *variant)
{
  if (variant == NULL)
    return;
  g_free (variant->gene);
  g_free (variant->variant);
  g_free (variant);
}
