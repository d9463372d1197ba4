/* muying-store-reclassify.h: re-classifying the stored records with the current rule set
 *
 * An explicit administrator action (MUYING_PERMISSION_EDIT_RULES). Each record keeps the
 * rule-set version that classified it (record.rules_version): a new rule set changes nothing by
 * itself. The dry run classifies every stored record again and counts the ones whose computed
 * level or reasons would change: the level changes by reason code, the records whose reasons
 * alone change by the codes they lose and gain; nothing is written. Applying it re-classifies
 * exactly those records, in one transaction: their computed level, reasons and rule-set version
 * (a record the rules would classify as before keeps its older version); the level as
 * _muying_store_write_classification says (a level a doctor set stays unless the rules now say
 * higher); the follow-up as a save does (muying_followup_plan_level_change, the rules
 * classified the data: a new flag opens one due from the record's date, an untouched one of a
 * record now low is dropped). One audit row per changed record (action "reclassify", entity
 * "record", old → new; it re-seals a signed record) and one for the run (entity "rules").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-rule-set.h"
#include "muying-store.h"
#include "muying-user.h"

G_BEGIN_DECLS

/* Records that change from @old_level to @new_level (computed levels) and gain or lose @code
 * (or, when the codes stay and only their level changes, carry it). A record counts under each
 * such code. */
typedef struct
{
  char        *code;
  MuyingLevel  old_level;
  MuyingLevel  new_level;
  gint64       count;
} MuyingReclassifyChange;

/* Records whose reasons change while their computed level stays (MAMMO_ASSESS → MAMMO_INCOMPLETE):
 * the codes they lose (@removed) and gain (@added), each sorted and ";"-joined, either may be
 * empty. */
typedef struct
{
  char   *removed;
  char   *added;
  gint64  count;
} MuyingReclassifyReasonChange;

typedef struct
{
  char      *rules_version;      /* the current rule set's */
  gint64     n_records;          /* records classified again */
  gint64     n_changed;          /* records whose level or reasons change (written by apply) */
  gint64     n_level_changed;    /* … of which the computed level changes */
  GPtrArray *changes;            /* MuyingReclassifyChange of the level changes, by code, old, new */
  GPtrArray *versions;           /* (element-type utf8) the rule-set versions of the changed records */
  GPtrArray *reason_changes;     /* MuyingReclassifyReasonChange of the others, by removed, added */
} MuyingReclassifySummary;

void                     muying_reclassify_summary_free (MuyingReclassifySummary *summary);

/* What applying would change; writes nothing. */
MuyingReclassifySummary *muying_store_reclassify_dry_run (MuyingStore   *store,
                                                          MuyingRuleSet *rules,
                                                          GError       **error);

/* Re-classifies the records the dry run names (see above) on @today (NULL: today; the day of
 * the change for the follow-ups); returns what it changed. MUYING_AUTH_ERROR_FORBIDDEN for an
 * account that may not edit the rules. */
MuyingReclassifySummary *muying_store_reclassify_apply   (MuyingStore   *store,
                                                          MuyingUser    *actor,
                                                          MuyingRuleSet *rules,
                                                          const GDate   *today,
                                                          GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingReclassifySummary, muying_reclassify_summary_free)

G_END_DECLS
