/* muying-rule-set.h: the flagging rules of docs/rules.md, loaded from data/rules and data/panels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "muying-classification.h"
#include "muying-screening.h"

G_BEGIN_DECLS

#define MUYING_TYPE_RULE_SET (muying_rule_set_get_type ())
G_DECLARE_FINAL_TYPE (MuyingRuleSet, muying_rule_set, MUYING, RULE_SET, GObject)

/* @data_dir contains rules/ and panels/. */
MuyingRuleSet        *muying_rule_set_new_from_dir       (const char                  *data_dir,
                                                          GError                     **error);
/* $MUYING_DATA_DIR, else the source tree's data/ when it exists (uninstalled run), else PKGDATADIR. */
MuyingRuleSet        *muying_rule_set_new_default        (GError                     **error);
const char           *muying_rule_set_get_version        (MuyingRuleSet               *self);

MuyingClassification *muying_rule_set_classify_prenatal  (MuyingRuleSet               *self,
                                                          const MuyingPrenatalRecord  *record);
MuyingClassification *muying_rule_set_classify_newborn   (MuyingRuleSet               *self,
                                                          const MuyingNewbornRecord   *record);
MuyingClassification *muying_rule_set_classify_two_cancer (MuyingRuleSet              *self,
                                                          const MuyingTwoCancerRecord *record);

/* Reason metadata (labels and next steps in the user's language). NULL for an unknown code. */
const char           *muying_rule_set_get_reason_label   (MuyingRuleSet               *self,
                                                          const char                  *code);
const char           *muying_rule_set_get_next_step      (MuyingRuleSet               *self,
                                                          const char                  *code);

/* Test window of a prenatal test, in days of gestation, inclusive. */
void                  muying_rule_set_get_test_window    (MuyingRuleSet               *self,
                                                          MuyingPrenatalTest           test,
                                                          int                         *first_day,
                                                          int                         *last_day);

/* Import aliases: ("test_type", "早孕联合") → "early_combined"; case-insensitive; the canonical
 * key itself is returned as is. NULL when @text is neither a key nor an alias of @field. */
const char           *muying_rule_set_lookup_alias       (MuyingRuleSet               *self,
                                                          const char                  *field,
                                                          const char                  *text);

/* Gene panels. A variant is given by HGVS name or any spelling the panel file lists for the locus
 * (legacy, current HGVS, IVS and protein names); the canonical HGVS name is returned. A variant that
 * is not on the panel is an error that lists the spellings of the gene the panel accepts
 * (docs/rules.md). */
/* The panel's name in the user's language; NULL for an unknown panel. */
const char           *muying_rule_set_get_panel_name     (MuyingRuleSet               *self,
                                                          const char                  *panel_id);
gboolean              muying_rule_set_has_panel          (MuyingRuleSet               *self,
                                                          const char                  *panel_id);
gboolean              muying_rule_set_resolve_variant    (MuyingRuleSet               *self,
                                                          const char                  *panel_id,
                                                          const char                  *gene,
                                                          const char                  *variant,
                                                          char                       **canonical,
                                                          GError                     **error);

/* ---- additions (rules engineer) ---------------------------------------------------------- */

/* The directory the rule set was loaded from (holds rules/ and panels/). */
const char           *muying_rule_set_get_data_dir       (MuyingRuleSet               *self);
/* @key "label" or "next_step" in a given @locale ("zh_CN" for the workbook's Chinese register,
 * "en"), NULL = the user's languages. Owned by the caller; NULL for an unknown code. */
char                 *muying_rule_set_dup_reason_text    (MuyingRuleSet               *self,
                                                          const char                  *code,
                                                          const char                  *key,
                                                          const char                  *locale);
/* Panel ids ("15", "4", "9"), NULL-terminated, sorted as strings; owned by the rule set. */
const char * const   *muying_rule_set_list_panels        (MuyingRuleSet               *self);
/* As resolve_variant, and also returns the panel's spelling of the gene ("12S rRNA", "gjb2" →
 * "MT-RNR1", "GJB2": gene aliases are in rules/aliases.ini [gene]). Either out may be NULL. */
gboolean              muying_rule_set_resolve_locus      (MuyingRuleSet               *self,
                                                          const char                  *panel_id,
                                                          const char                  *gene,
                                                          const char                  *variant,
                                                          char                       **canonical_gene,
                                                          char                       **canonical_variant,
                                                          GError                     **error);
/* het/hom for nuclear genes, homoplasmic/heteroplasmic for mitochondrial genes (docs/rules.md);
 * anything else is a MUYING_RULES_ERROR_INPUT error. */
gboolean              muying_rule_set_check_zygosity     (MuyingRuleSet               *self,
                                                          const char                  *gene,
                                                          MuyingZygosity               zygosity,
                                                          GError                     **error);

G_END_DECLS
