/* muying-pregnancy.h: the pregnancy, the unit of prenatal statistics
 *
 * A woman's prenatal records whose expected delivery dates lie within 28 days of the first
 * record's are one pregnancy (a serum test and an NIPT of the same pregnancy count once). Its EDD
 * and its first date are those of its earliest record by sample date. A later event (a prenatal
 * diagnosis, a pregnancy outcome) belongs to the pregnancy whose EDD is within 28 days of the
 * event's EDD when the event gives one, else to her latest pregnancy with
 * first date ≤ event date ≤ EDD + 60 days; otherwise it is not linked ("未关联").
 * (docs/statistics.md, "The pregnancy").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MUYING_PREGNANCY_EDD_DAYS        28   /* records this close in EDD are one pregnancy */
#define MUYING_PREGNANCY_AFTER_EDD_DAYS  60   /* an event this long after the EDD still belongs to it */

/* One prenatal record of a woman, as the grouping reads it. */
typedef struct
{
  gint64 record_id;
  GDate  sample_date;
  GDate  edd;
  guint  pregnancy;    /* out: the index of its pregnancy, 0 = her first */
} MuyingPregnancyMember;

/* One pregnancy as the event matching reads it. */
typedef struct
{
  GDate edd;
  GDate first_date;
} MuyingPregnancySpan;

/* Groups one woman's records: sorts @members by sample date (then record id), sets each one's
 * .pregnancy and fills @spans (n_members long at most) with each pregnancy's EDD and first date.
 * Returns the number of pregnancies. */
guint muying_pregnancy_group (MuyingPregnancyMember *members,
                              guint                  n_members,
                              MuyingPregnancySpan   *spans);

/* The index of the pregnancy an event belongs to, or -1. @event_edd may be NULL or invalid. */
int   muying_pregnancy_match (const MuyingPregnancySpan *spans,
                              guint                      n_spans,
                              const GDate               *event_edd,
                              const GDate               *event_date);

G_END_DECLS
