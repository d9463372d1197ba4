/* muying-common-choices.c: the choice lists that the descriptors of several programmes share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-common-choices.h"
#include "muying-screening.h"

const MuyingFieldChoice muying_yes_no_choices[] = {
  { MUYING_YES_NO_NOT_RECORDED, "", N_("Not recorded"), NULL },
  { MUYING_YES, "yes", N_("Yes"), NULL },
  { MUYING_NO, "no", N_("No"), NULL },
  { 0, NULL, NULL, NULL }
};

const MuyingFieldChoice muying_funding_choices[] = {
  { MUYING_FUNDING_NOT_RECORDED, "", N_("Not recorded"), NULL },
  { MUYING_FUNDING_FREE_PROGRAMME, "free_programme", N_("Free public programme"), NULL },
  { MUYING_FUNDING_SELF_PAID, "self_paid", N_("Self-paid"), NULL },
  { MUYING_FUNDING_INSURANCE, "insurance", N_("Medical insurance"), NULL },
  { MUYING_FUNDING_OTHER, "other", N_("Other funding"), NULL },
  { 0, NULL, NULL, NULL }
};

const MuyingFieldChoice muying_residence_choices[] = {
  { MUYING_RESIDENCE_NOT_RECORDED, "", N_("Not recorded"), NULL },
  { MUYING_RESIDENCE_RURAL, "rural", N_("Rural"), NULL },
  { MUYING_RESIDENCE_URBAN, "urban", N_("Urban"), NULL },
  { 0, NULL, NULL, NULL }
};

/* The canonical keys of the shared enumerations: a field of each list carries the codec. */
static const MuyingField yes_no_field = { "yes_no", NULL, NULL, MUYING_FIELD_CHOICE, 0, 0, muying_yes_no_choices };
static const MuyingField funding_field = { "funding", NULL, NULL, MUYING_FIELD_CHOICE, 0, 0, muying_funding_choices };
static const MuyingField residence_field = { "residence", NULL, NULL, MUYING_FIELD_CHOICE, 0, 0,
                                             muying_residence_choices };

MUYING_FIELD_DEFINE_KEYS (MuyingYesNo, yes_no, &yes_no_field)
MUYING_FIELD_DEFINE_KEYS (MuyingFunding, funding, &funding_field)
MUYING_FIELD_DEFINE_KEYS (MuyingResidence, residence, &residence_field)
