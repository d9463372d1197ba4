/* muying-pregnancy.c: grouping a woman's prenatal records into pregnancies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-core"

#include "config.h"

#include <stdlib.h>

#include "muying-date.h"
#include "muying-pregnancy.h"

static int
compare_members (gconstpointer a,
                 gconstpointer b)
{
  const MuyingPregnancyMember *x = a;
  const MuyingPregnancyMember *y = b;
  int c = g_date_compare (&x->sample_date, &y->sample_date);

  if (c != 0)
    return c;
  return x->record_id < y->record_id ? -1 : (x->record_id > y->record_id ? 1 : 0);
}

guint
muying_pregnancy_group (MuyingPregnancyMember *members,
                        guint                  n_members,
                        MuyingPregnancySpan   *spans)
{
  guint n = 0;

  g_return_val_if_fail (n_members == 0 || (members != NULL && spans != NULL), 0);

  qsort (members, n_members, sizeof *members, compare_members);
  for (guint i = 0; i < n_members; i++)
    {
      MuyingPregnancyMember *m = &members[i];
      guint found = n;

      /* The pregnancy whose EDD is nearest, if within the limit (the first such on a tie). */
      for (guint p = 0; p < n; p++)
        {
          int gap = ABS (muying_date_days_between (&spans[p].edd, &m->edd));

          if (gap <= MUYING_PREGNANCY_EDD_DAYS &&
              (found == n || gap < ABS (muying_date_days_between (&spans[found].edd, &m->edd))))
            found = p;
        }
      if (found == n)
        {
          spans[n].edd = m->edd;
          spans[n].first_date = m->sample_date;
          n++;
        }
      m->pregnancy = found;
    }
  return n;
}

int
muying_pregnancy_match (const MuyingPregnancySpan *spans,
                        guint                      n_spans,
                        const GDate               *event_edd,
                        const GDate               *event_date)
{
  int best = -1;

  g_return_val_if_fail (n_spans == 0 || spans != NULL, -1);

  if (event_edd != NULL && g_date_valid (event_edd))
    {
      int best_gap = G_MAXINT;

      for (guint p = 0; p < n_spans; p++)
        {
          int gap = ABS (muying_date_days_between (&spans[p].edd, event_edd));

          if (gap <= MUYING_PREGNANCY_EDD_DAYS && gap < best_gap)
            {
              best = (int) p;
              best_gap = gap;
            }
        }
      return best;
    }
  if (event_date == NULL || !g_date_valid (event_date))
    return -1;
  /* The latest pregnancy that spans the event (spans are in order of first date). */
  for (guint p = 0; p < n_spans; p++)
    {
      GDate last = spans[p].edd;

      g_date_add_days (&last, MUYING_PREGNANCY_AFTER_EDD_DAYS);
      if (g_date_compare (&spans[p].first_date, event_date) <= 0 && g_date_compare (event_date, &last) <= 0)
        best = (int) p;
    }
  return best;
}
