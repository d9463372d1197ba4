/* muying-backup-retention.c: which daily backups to keep
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "muying-backup-retention.h"

void
muying_backup_retention_init_default (MuyingBackupRetention *policy)
{
  policy->daily = MUYING_BACKUP_KEEP_DAILY;
  policy->weekly = MUYING_BACKUP_KEEP_WEEKLY;
  policy->monthly = MUYING_BACKUP_KEEP_MONTHLY;
  policy->space_share = MUYING_BACKUP_SPACE_SHARE;
}

/* The day number of the entry's date; 0 for an invalid date (sorted as the oldest). */
static guint32
julian (const MuyingBackupEntry *e)
{
  GDate d;

  if (!g_date_valid_dmy (e->day, e->month, e->year))
    return 0;
  g_date_clear (&d, 1);
  g_date_set_dmy (&d, e->day, e->month, e->year);
  return g_date_get_julian (&d);
}

/* Newest first. */
static int
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  const MuyingBackupEntry *entries = user_data;
  guint32 ja = julian (&entries[*(const guint *) a]);
  guint32 jb = julian (&entries[*(const guint *) b]);

  return ja < jb ? 1 : ja > jb ? -1 : 0;
}

/* Keeps the first (newest) entry of each of the first @limit distinct keys, in @order. */
static void
keep_newest_per_period (MuyingBackupEntry *entries,
                        const guint       *order,
                        guint              n,
                        const gint64      *keys,
                        int                limit)
{
  gint64 last = G_MININT64;
  int seen = 0;

  for (guint i = 0; i < n && seen < limit; i++)
    {
      if (keys[i] == last)
        continue;
      last = keys[i];
      seen++;
      entries[order[i]].keep = TRUE;
    }
}

MuyingBackupSpace
muying_backup_retention_select (const MuyingBackupRetention *policy,
                                MuyingBackupEntry           *entries,
                                guint                        n_entries,
                                gint64                       free_space)
{
  g_autofree guint *order = NULL;
  g_autofree gint64 *days = NULL, *weeks = NULL, *months = NULL;
  gint64 total = 0, kept = 0, allowed;
  MuyingBackupSpace space = MUYING_BACKUP_SPACE_OK;

  g_return_val_if_fail (policy != NULL, MUYING_BACKUP_SPACE_OK);
  g_return_val_if_fail (entries != NULL || n_entries == 0, MUYING_BACKUP_SPACE_OK);

  for (guint i = 0; i < n_entries; i++)
    {
      entries[i].keep = policy->daily < 1;
      total += MAX (entries[i].size, 0);
    }
  if (n_entries == 0 || policy->daily < 1)
    return MUYING_BACKUP_SPACE_OK;

  order = g_new (guint, n_entries);
  for (guint i = 0; i < n_entries; i++)
    order[i] = i;
  g_qsort_with_data (order, n_entries, sizeof *order, compare_newest_first, entries);

  days = g_new (gint64, n_entries);
  weeks = g_new (gint64, n_entries);
  months = g_new (gint64, n_entries);
  for (guint i = 0; i < n_entries; i++)
    {
      const MuyingBackupEntry *e = &entries[order[i]];
      guint32 j = julian (e);
      GDate d;

      days[i] = j;
      months[i] = (gint64) e->year * 12 + e->month;
      weeks[i] = j;
      if (j > 0)
        {
          g_date_clear (&d, 1);
          g_date_set_julian (&d, j);
          /* The Monday that starts the ISO week. */
          weeks[i] = j - (g_date_get_weekday (&d) - G_DATE_MONDAY);
        }
    }
  keep_newest_per_period (entries, order, n_entries, days, policy->daily);
  keep_newest_per_period (entries, order, n_entries, weeks, policy->weekly);
  keep_newest_per_period (entries, order, n_entries, months, policy->monthly);
  /* The newest is always kept here: it is the one just made. */
  entries[order[0]].keep = TRUE;

  if (policy->space_share <= 0)
    return MUYING_BACKUP_SPACE_OK;
  for (guint i = 0; i < n_entries; i++)
    if (entries[i].keep)
      kept += MAX (entries[i].size, 0);
  allowed = (MAX (free_space, 0) + total) / 100 * policy->space_share;
  /* Oldest first out, down to the newest. */
  for (guint i = n_entries; i-- > 1 && kept > allowed;)
    {
      MuyingBackupEntry *e = &entries[order[i]];

      if (!e->keep)
        continue;
      e->keep = FALSE;
      kept -= MAX (e->size, 0);
      space = MUYING_BACKUP_SPACE_TRIMMED;
    }
  if (kept > allowed)
    space = MUYING_BACKUP_SPACE_EXCEEDED;
  return space;
}
