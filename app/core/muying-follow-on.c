/* muying-follow-on.c: the follow-on kinds, and what each does to its case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-follow-on-private.h"

const MuyingFieldChoice _muying_follow_on_conditions[] = {
  { MUYING_CONDITION_NOT_RECORDED, "", N_("Not recorded"), NULL },
  { MUYING_CONDITION_T21, "T21", N_("Trisomy 21"), "21三体" },
  { MUYING_CONDITION_T18, "T18", N_("Trisomy 18"), "18三体" },
  { MUYING_CONDITION_T13, "T13", N_("Trisomy 13"), "13三体" },
  { MUYING_CONDITION_SCA, "SCA", N_("Sex-chromosome aneuploidy"), "性染色体异常" },
  { MUYING_CONDITION_OTHER_CHROMOSOMAL, "other_chromosomal", N_("Other chromosomal abnormality"), "其他染色体异常" },
  { MUYING_CONDITION_NTD, "NTD", N_("Neural tube defect"), "神经管缺陷" },
  { MUYING_CONDITION_STRUCTURAL, "structural", N_("Structural anomaly"), "结构畸形" },
  { MUYING_CONDITION_OTHER, "other", N_("Other abnormality"), "其他" },
  { 0, NULL, NULL, NULL }
};

static const MuyingFollowOnDescriptor * const descriptors[MUYING_N_FOLLOW_ON_KINDS] = {
  [MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS] = &muying_prenatal_diagnosis_descriptor,
  [MUYING_FOLLOW_ON_PREGNANCY_OUTCOME] = &muying_pregnancy_outcome_descriptor,
  [MUYING_FOLLOW_ON_AUDIOLOGY] = &muying_audiology_descriptor,
};

const MuyingFollowOnDescriptor *
muying_follow_on_descriptor_get (MuyingFollowOnKind kind)
{
  g_return_val_if_fail (kind < MUYING_N_FOLLOW_ON_KINDS, NULL);
  return descriptors[kind];
}

const MuyingFollowOnDescriptor *
muying_follow_on_descriptor_lookup (const char *name)
{
  for (guint i = 0; i < MUYING_N_FOLLOW_ON_KINDS; i++)
    if (g_strcmp0 (descriptors[i]->name, name) == 0)
      return descriptors[i];
  return NULL;
}

const MuyingField *
muying_follow_on_descriptor_find (const MuyingFollowOnDescriptor *self,
                                  const char                     *key)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (const MuyingField *f = self->fields; f->key != NULL; f++)
    if (g_strcmp0 (f->key, key) == 0)
      return f;
  return NULL;
}

const char *
muying_condition_to_string (MuyingCondition value)
{
  for (const MuyingFieldChoice *c = _muying_follow_on_conditions; c->key != NULL; c++)
    if (c->value == (int) value && *c->key != '\0')
      return c->key;
  return NULL;
}

const char *
muying_audiology_hearing_loss (const MuyingAudiology *self)
{
  int ears_with_loss;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->left_degree == MUYING_DEGREE_NOT_RECORDED || self->right_degree == MUYING_DEGREE_NOT_RECORDED)
    return NULL;
  ears_with_loss = (self->left_degree > MUYING_DEGREE_NORMAL) + (self->right_degree > MUYING_DEGREE_NORMAL);
  return ears_with_loss == 0 ? "none" : ears_with_loss == 1 ? "unilateral" : "bilateral";
}

void
muying_follow_on_get_effect (MuyingFollowOnKind    kind,
                             gconstpointer         record,
                             MuyingFollowOnEffect *effect)
{
  g_return_if_fail (record != NULL && effect != NULL);

  effect->kind = MUYING_FOLLOW_ON_EFFECT_NOTE;
  effect->step = NULL;
  switch (kind)
    {
    case MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS:
      {
        const MuyingPrenatalDiagnosis *d = record;

        if (d->result == MUYING_DIAGNOSIS_NORMAL)
          effect->kind = MUYING_FOLLOW_ON_EFFECT_DONE;
        else if (d->result == MUYING_DIAGNOSIS_ABNORMAL)
          {
            /* genetic counselling, then the outcome closes the case */
            effect->kind = MUYING_FOLLOW_ON_EFFECT_NEXT_STEP;
            effect->step = "counselling";
          }
        break;
      }
    case MUYING_FOLLOW_ON_PREGNANCY_OUTCOME:
      effect->kind = MUYING_FOLLOW_ON_EFFECT_DONE;
      break;
    case MUYING_FOLLOW_ON_AUDIOLOGY:
      {
        const MuyingAudiology *a = record;
        const char *loss = muying_audiology_hearing_loss (a);

        if (a->intervention != MUYING_INTERVENTION_NOT_RECORDED && a->intervention != MUYING_INTERVENTION_NONE)
          effect->kind = MUYING_FOLLOW_ON_EFFECT_DONE;
        else if (g_strcmp0 (loss, "none") == 0)
          effect->kind = MUYING_FOLLOW_ON_EFFECT_DONE;
        else if (loss != NULL)
          {
            effect->kind = MUYING_FOLLOW_ON_EFFECT_NEXT_STEP;
            effect->step = "intervention";
          }
        break;
      }
    case MUYING_N_FOLLOW_ON_KINDS:
    default:
      g_return_if_reached ();
    }
}

char *
muying_follow_on_describe (MuyingFollowOnKind kind,
                           gconstpointer      record)
{
  const MuyingFollowOnDescriptor *d = muying_follow_on_descriptor_get (kind);
  g_autoptr(GString) s = g_string_new (_(d->label));
  const char *sep = _(": ");

  g_return_val_if_fail (record != NULL, NULL);

  /* The summary fields and the required choices (the procedure), in order, each as its value (the
   * ears with their labels). */
  for (const MuyingField *f = d->fields; f->key != NULL; f++)
    {
      gboolean required_choice = f->kind == MUYING_FIELD_CHOICE && MUYING_FIELD_IS (f, MUYING_FIELD_REQUIRED);
      g_autofree char *value = NULL;

      if (!MUYING_FIELD_IS (f, MUYING_FIELD_SUMMARY) && !required_choice)
        continue;
      value = muying_field_to_display (f, record);
      if (value == NULL)
        continue;
      g_string_append (s, sep);
      if (kind == MUYING_FOLLOW_ON_AUDIOLOGY && MUYING_FIELD_IS (f, MUYING_FIELD_SUMMARY))
        g_string_append_printf (s, "%s %s", _(f->label), value);
      else
        g_string_append (s, value);
      /* TRANSLATORS: separates the parts of a follow-on record's one-line description */
      sep = _(", ");
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}
