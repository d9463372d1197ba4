/* muying-case-timeline.h: everything about one case in date order, with who and when
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-rule-set.h"
#include "muying-store-worklist.h"

G_BEGIN_DECLS

#define MUYING_TYPE_CASE_TIMELINE (muying_case_timeline_get_type ())
G_DECLARE_FINAL_TYPE (MuyingCaseTimeline, muying_case_timeline, MUYING, CASE_TIMELINE, GtkWidget)

GtkWidget *muying_case_timeline_new             (void);

/* Shows the case @c: its screening (on the record's date) and the rules' reasons, then every
 * review, follow-up step, change and later result of its history (muying_store_record_history),
 * and its diagnoses, outcome or audiology rows (muying_store_list_case_follow_on) on their own
 * dates. A part that cannot be read is said in its place, never left out silently. */
void       muying_case_timeline_show            (MuyingCaseTimeline *self,
                                                 MuyingStore        *store,
                                                 MuyingRuleSet      *rules,
                                                 const MuyingCase   *c);

/* Whether the next show gives each diagnosis, outcome and audiology line an "Edit…" button, which
 * activates "case.edit-follow-on" with (kind, row id): for users who may enter follow-up. */
void       muying_case_timeline_set_can_edit    (MuyingCaseTimeline *self,
                                                 gboolean            can_edit);

/* What the last show found: the history's entries, the follow-on rows (-1 when they could not be
 * read), and the lines shown. */
guint      muying_case_timeline_get_n_history   (MuyingCaseTimeline *self);
int        muying_case_timeline_get_n_follow_on (MuyingCaseTimeline *self);
guint      muying_case_timeline_get_n_lines     (MuyingCaseTimeline *self);
/* The text of line @i (date, what, who and when), for tests. */
char      *muying_case_timeline_get_line        (MuyingCaseTimeline *self,
                                                 guint               i);

G_END_DECLS
