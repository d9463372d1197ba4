/* muying-followup-step.h: the follow-up steps a programme may arrange, and the one the rules suggest
 *
 * A step's key is stored with the follow-up (followup.next_step, followup_step.step); its deadline
 * is muying_followup_step_due() (muying-followup.h). docs/rules.md ("next step").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "muying-types.h"

G_BEGIN_DECLS

/* The step kinds of a programme, NULL-terminated, most common first:
 *   prenatal    counselling, diagnosis, nipt, ultrasound, redraw, rescreen, ntd_assessment
 *   newborn     rescreen, audiology, imaging, counselling, drug_card, intervention
 *   two_cancer  colposcopy, biopsy, treatment, cytology, repeat, resample, ultrasound,
 *               mammography, specialist, additional_imaging, short_interval */
const char * const *muying_followup_list_steps     (MuyingProgram        program);
gboolean            muying_followup_step_is_valid  (MuyingProgram        program,
                                                    const char          *step);
/* In the user's language; NULL for an unknown step. */
const char         *muying_followup_step_get_label (const char          *step);
/* The step the rules recommend first for these reason codes (docs/rules.md "next step"): the step
 * of the most severe reason. NULL when none of the codes has a step. */
const char         *muying_followup_suggest_step   (MuyingProgram        program,
                                                    const char * const  *codes);

G_END_DECLS
