/* muying-classification.h: the result of classifying one record against the rule set
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "muying-types.h"

G_BEGIN_DECLS

typedef struct
{
  char        *code;            /* stable reason code of docs/rules.md, e.g. "T21_HIGH" */
  MuyingLevel  level;
  int          deadline_days;   /* first-contact deadline for this reason, days from the record date */
} MuyingReason;

typedef struct
{
  MuyingLevel  level;           /* the highest level among the reasons; LOW when there is none */
  GPtrArray   *reasons;         /* element-type MuyingReason, sorted by code */
  GPtrArray   *warnings;        /* element-type utf8: not reasons (e.g. age outside 35–64) */
  char        *rules_version;   /* version string of the rule set that produced this */
  GDate        due_date;        /* first-contact deadline; valid only when level > LOW */
} MuyingClassification;

MuyingClassification *muying_classification_new      (const char           *rules_version);
void                  muying_classification_free     (MuyingClassification *self);
void                  muying_classification_add      (MuyingClassification *self,
                                                      const char           *code,
                                                      MuyingLevel           level,
                                                      int                   deadline_days);
/* Sorts the reasons, sets level and due_date (record date + the smallest deadline among them). */
void                  muying_classification_finish   (MuyingClassification *self,
                                                      const GDate          *record_date);
gboolean              muying_classification_has      (MuyingClassification *self,
                                                      const char           *code);
char                 *muying_classification_join_codes (MuyingClassification *self,
                                                        const char           *separator);

void                  muying_reason_free             (MuyingReason         *reason);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingClassification, muying_classification_free)

G_END_DECLS
