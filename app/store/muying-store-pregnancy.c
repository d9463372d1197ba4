/* muying-store-pregnancy.c: the pregnancy table, kept from the prenatal records
 *
 * A pregnancy row is derived data: after any change to a woman's prenatal records her records
 * are grouped again (muying_pregnancy_group) and her diagnoses and outcomes linked again
 * (muying_pregnancy_match), except those a person linked by hand (linked_by set) while their
 * pregnancy still exists. A pregnancy keeps its id while it keeps its earliest record, so links
 * made by hand survive a new record of the same pregnancy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include "muying-date.h"
#include "muying-pregnancy.h"
#include "muying-store-action-private.h"
#include "muying-store-follow-on-private.h"
#include "muying-store-pregnancy-private.h"
#include "muying-store-sql.h"

typedef struct
{
  MuyingPregnancyMember member;
  gint64                pregnancy_id;   /* the stored one, 0 = none */
} Member;

typedef struct
{
  gint64 id;
  gint64 pregnancy_id;   /* 0 = not linked */
  gboolean new_link;     /* linked to a pregnancy it was not linked to */
} LinkChange;

static void
read_date (MuyingSqlStmt *stmt,
           int           col,
           GDate        *date)
{
  g_date_clear (date, 1);
  if (muying_sql_column_type (stmt, col) != SQLITE_NULL)
    muying_date_parse ((const char *) muying_sql_column_text (stmt, col), date, NULL);
}

/* Links the events of one table (prenatal_diagnosis or pregnancy_outcome) of the woman. */
static gboolean
relink_events (MuyingStore               *store,
               MuyingFollowOnKind         kind,
               const char                *user,
               gint64                     person_id,
               const char                *id_number,
               const MuyingPregnancySpan *spans,
               const gint64              *ids,
               guint                      n,
               GError                   **error)
{
  /* fixed texts: this runs for every prenatal row of an import */
  gboolean diagnosis = kind == MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS;
  const char *select = diagnosis
    ? "SELECT id, edd, procedure_date, pregnancy_id, linked_by FROM prenatal_diagnosis WHERE id_number = ?"
    : "SELECT id, edd, end_date, pregnancy_id, linked_by FROM pregnancy_outcome WHERE id_number = ?";
  const char *update = diagnosis
    ? "UPDATE prenatal_diagnosis SET person_id = ?, pregnancy_id = ?, linked_by = ? WHERE id = ?"
    : "UPDATE pregnancy_outcome SET person_id = ?, pregnancy_id = ?, linked_by = ? WHERE id = ?";
  g_autoptr(MuyingSqlCachedStmt) stmt = muying_store_query_cached (store, select, error);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (LinkChange));
  int rc;

  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_text (stmt, 1, id_number, -1, SQLITE_STATIC);
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = muying_sql_column_int64 (stmt, 0);
      gint64 old = muying_sql_column_int64 (stmt, 3);
      gboolean by_hand = muying_sql_column_type (stmt, 4) != SQLITE_NULL;
      gint64 target = 0;
      GDate edd, day;
      int p;

      if (by_hand)
        for (guint i = 0; i < n; i++)
          if (ids[i] == old)
            target = old;
      if (by_hand && target != 0)
        continue;   /* a link made by hand stays while its pregnancy exists */
      read_date (stmt, 1, &edd);
      read_date (stmt, 2, &day);
      p = muying_pregnancy_match (spans, n, &edd, &day);
      target = p >= 0 ? ids[p] : 0;
      if (target != old || by_hand)
        {
          LinkChange change = { id, target, target != 0 && target != old };

          g_array_append_val (changes, change);
        }
    }
  if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  muying_sql_reset (stmt);
  for (guint i = 0; i < changes->len; i++)
    {
      LinkChange *change = &g_array_index (changes, LinkChange, i);
      g_autoptr(MuyingSqlCachedStmt) up = muying_store_query_cached (store, update, error);

      if (up == NULL)
        return FALSE;
      muying_sql_bind_int64 (up, 1, person_id);
      if (change->pregnancy_id != 0)
        muying_sql_bind_int64 (up, 2, change->pregnancy_id);
      muying_sql_bind_null (up, 3);
      muying_sql_bind_int64 (up, 4, change->id);
      if (!_muying_store_step_done (store, up, error))
        return FALSE;
    }
  /* A save (not a migration or bulk load) carries out what a newly linked record means. */
  for (guint i = 0; user != NULL && i < changes->len; i++)
    {
      LinkChange *change = &g_array_index (changes, LinkChange, i);

      if (change->new_link && !_muying_store_follow_on_linked (store, kind, change->id, user, error))
        return FALSE;
    }
  return TRUE;
}

/* Groups @members (all prenatal records of @person_id) and writes pregnancies and links. */
static gboolean
regroup (MuyingStore *store,
         gint64       person_id,
         const char  *user,
         const char  *id_number,
         GArray      *members,
         GError     **error)
{
  guint n_members = members->len;
  g_autofree MuyingPregnancyMember *plain = g_new0 (MuyingPregnancyMember, MAX (n_members, 1));
  g_autofree MuyingPregnancySpan *spans = g_new0 (MuyingPregnancySpan, MAX (n_members, 1));
  g_autofree gint64 *ids = g_new0 (gint64, MAX (n_members, 1));
  g_autoptr(GHashTable) stored = g_hash_table_new (g_int64_hash, g_int64_equal);   /* record id → Member */
  g_autoptr(GHashTable) used = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) old_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n;

  for (guint i = 0; i < n_members; i++)
    {
      Member *m = &g_array_index (members, Member, i);

      plain[i] = m->member;
      g_hash_table_insert (stored, &m->member.record_id, m);
    }
  n = muying_pregnancy_group (plain, n_members, spans);

  /* A pregnancy keeps the id stored on its earliest member that has one not taken yet. */
  for (guint i = 0; i < n_members; i++)
    {
      Member *m = g_hash_table_lookup (stored, &plain[i].record_id);
      guint p = plain[i].pregnancy;

      if (ids[p] == 0 && m->pregnancy_id != 0 && !g_hash_table_contains (used, &m->pregnancy_id))
        {
          ids[p] = m->pregnancy_id;
          g_hash_table_add (used, &m->pregnancy_id);
        }
    }
  {
    g_autoptr(MuyingSqlCachedStmt) stmt = muying_store_query_cached (store, "SELECT id FROM pregnancy WHERE person_id = ?", error);
    int rc;

    if (stmt == NULL)
      return FALSE;
    muying_sql_bind_int64 (stmt, 1, person_id);
    while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
      {
        gint64 id = muying_sql_column_int64 (stmt, 0);

        g_array_append_val (old_ids, id);
      }
    if (rc != SQLITE_DONE)
      return muying_store_set_error (store, rc, error);
  }
  for (guint p = 0; p < n; p++)
    {
      g_autofree char *edd = muying_date_format (&spans[p].edd);
      g_autofree char *first = muying_date_format (&spans[p].first_date);

      if (ids[p] != 0)
        {
          if (!_muying_store_exec_bound_cached (store, "UPDATE pregnancy SET edd = ?, first_date = ? WHERE id = ? AND (edd <> ? OR first_date <> ?)",
                                         error, 's', edd, 's', first, 'i', ids[p], 's', edd, 's', first, 0))
            return FALSE;
        }
      else
        {
          if (!_muying_store_insert_bound_cached (store, "INSERT INTO pregnancy (person_id, edd, first_date) "
                                                  "VALUES (?, ?, ?) RETURNING id", &ids[p], error,
                                                  'i', person_id, 's', edd, 's', first, 0))
            return FALSE;
        }
    }
  for (guint i = 0; i < n_members; i++)
    {
      Member *m = g_hash_table_lookup (stored, &plain[i].record_id);
      gint64 id = ids[plain[i].pregnancy];

      if (m->pregnancy_id != id &&
          !_muying_store_exec_bound_cached (store, "UPDATE prenatal SET pregnancy_id = ? WHERE record_id = ?", error,
                                     'i', id, 'i', plain[i].record_id, 0))
        return FALSE;
    }
  if (id_number != NULL &&
      (!relink_events (store, MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS, user, person_id, id_number, spans,
                       ids, n, error) ||
       !relink_events (store, MUYING_FOLLOW_ON_PREGNANCY_OUTCOME, user, person_id, id_number, spans, ids, n,
                       error)))
    return FALSE;
  /* Pregnancies left without records go (nothing links to them any more). */
  for (guint i = 0; i < old_ids->len; i++)
    {
      gint64 id = g_array_index (old_ids, gint64, i);
      gboolean kept = FALSE;

      for (guint p = 0; p < n; p++)
        kept = kept || ids[p] == id;
      if (!kept && !_muying_store_exec_bound_cached (store, "DELETE FROM pregnancy WHERE id = ?", error, 'i', id, 0))
        return FALSE;
    }
  return TRUE;
}

static void
append_member (GArray       *members,
               MuyingSqlStmt *stmt,
               int           first_col)
{
  Member m = { 0 };

  m.member.record_id = muying_sql_column_int64 (stmt, first_col);
  read_date (stmt, first_col + 1, &m.member.sample_date);
  read_date (stmt, first_col + 2, &m.member.edd);
  m.pregnancy_id = muying_sql_column_int64 (stmt, first_col + 3);
  if (g_date_valid (&m.member.sample_date) && g_date_valid (&m.member.edd))
    g_array_append_val (members, m);
}

gboolean
_muying_store_regroup_person (MuyingStore  *store,
                              gint64        person_id,
                              const char   *user,
                              GError      **error)
{
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (Member));
  g_autofree char *id_number = NULL;
  int rc;

  {
    g_autoptr(MuyingSqlCachedStmt) stmt = muying_store_query_cached (store,
        "SELECT n.record_id, r.record_date, n.edd, n.pregnancy_id FROM record r JOIN prenatal n ON n.record_id = r.id "
        "WHERE r.person_id = ? AND r.program = 'prenatal'", error);

    if (stmt == NULL)
      return FALSE;
    muying_sql_bind_int64 (stmt, 1, person_id);
    while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
      append_member (members, stmt, 0);
    if (rc != SQLITE_DONE)
      return muying_store_set_error (store, rc, error);
  }
  {
    g_autoptr(MuyingSqlCachedStmt) stmt = muying_store_query_cached (store, "SELECT id_number FROM person WHERE id = ?", error);

    if (stmt == NULL)
      return FALSE;
    muying_sql_bind_int64 (stmt, 1, person_id);
    rc = muying_sql_step (stmt);
    if (rc == SQLITE_ROW)
      id_number = g_strdup ((const char *) muying_sql_column_text (stmt, 0));
    else if (rc != SQLITE_DONE)
      return muying_store_set_error (store, rc, error);
  }
  return regroup (store, person_id, user, id_number, members, error);
}

gboolean
_muying_store_regroup_all (MuyingStore  *store,
                           GError      **error)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  g_autoptr(GArray) persons = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  /* The women first, then one at a time: the regrouping writes rows a running walk would read. */
  stmt = muying_store_query (store, "SELECT DISTINCT person_id FROM record WHERE program = 'prenatal'", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    {
      gint64 person = muying_sql_column_int64 (stmt, 0);

      g_array_append_val (persons, person);
    }
  if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  for (guint i = 0; i < persons->len; i++)
    if (!_muying_store_regroup_person (store, g_array_index (persons, gint64, i), NULL, error))
      return FALSE;
  return TRUE;
}

/* One of her pregnancies as the fast path reads it: sorted in C (a woman has one to a few, and
 * an ORDER BY would build a temporary b-tree per imported row). */
typedef struct
{
  MuyingPregnancySpan span;
  gint64              id;
} PlacedSpan;

static int
compare_placed_spans (gconstpointer a,
                      gconstpointer b)
{
  const PlacedSpan *x = a;
  const PlacedSpan *y = b;
  int c = g_date_compare (&x->span.first_date, &y->span.first_date);

  if (c != 0)
    return c;
  return x->id < y->id ? -1 : (x->id > y->id ? 1 : 0);
}

/* Where a new record of a woman with records goes (see _muying_store_place_new_record): into
 * *@pregnancy_id, or it starts one straight in (*@starts), or neither (she is regrouped after). */
/* The statements of MuyingPregnancyLookups: her pregnancies, her diagnoses or outcomes. */
#define HER_PREGNANCIES_SQL \
  "SELECT g.id, g.edd, g.first_date FROM pregnancy g JOIN person p ON p.id = g.person_id WHERE p.id_number = ?"
#define HER_EVENTS_SQL \
  "SELECT EXISTS (SELECT 1 FROM prenatal_diagnosis WHERE id_number = ?1) " \
  "OR EXISTS (SELECT 1 FROM pregnancy_outcome WHERE id_number = ?1)"

gboolean
_muying_store_send_pregnancy_lookups (MuyingStore            *store,
                                      const char             *id_number,
                                      MuyingPregnancyLookups *lookups,
                                      GError                **error)
{
  lookups->pregnancies = muying_store_query_cached (store, HER_PREGNANCIES_SQL, error);
  if (lookups->pregnancies == NULL)
    return FALSE;
  lookups->events = muying_store_query_cached (store, HER_EVENTS_SQL, error);
  if (lookups->events == NULL)
    return FALSE;
  muying_sql_bind_text (lookups->pregnancies, 1, id_number, -1, SQLITE_TRANSIENT);
  muying_sql_bind_text (lookups->events, 1, id_number, -1, SQLITE_TRANSIENT);
  muying_sql_send (lookups->pregnancies);
  muying_sql_send (lookups->events);
  return TRUE;
}

void
_muying_store_pregnancy_lookups_clear (MuyingPregnancyLookups *lookups)
{
  if (lookups->pregnancies != NULL)
    muying_sql_reset (lookups->pregnancies);
  if (lookups->events != NULL)
    muying_sql_reset (lookups->events);
  lookups->pregnancies = lookups->events = NULL;
}

static gboolean
place_among_her_records (MuyingStore   *store,
                         MuyingSqlStmt *stmt,
                         gint64         person_id,
                         const GDate   *sample_date,
                         const GDate   *edd,
                         const char    *date_text,
                         gint64        *pregnancy_id,
                         gboolean      *starts,
                         GError       **error)
{
  g_autoptr(MuyingSqlCachedStmt) latest = NULL;
  g_autoptr(GArray) placed = g_array_new (FALSE, TRUE, sizeof (PlacedSpan));
  g_autoptr(GArray) spans = g_array_new (FALSE, TRUE, sizeof (MuyingPregnancySpan));
  gboolean same_first_date = FALSE;
  int rc, p;

  *starts = FALSE;
  /* her pregnancies, by her ID number (MuyingPregnancyLookups) */
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    {
      PlacedSpan ps = { .id = muying_sql_column_int64 (stmt, 0) };

      read_date (stmt, 1, &ps.span.edd);
      read_date (stmt, 2, &ps.span.first_date);
      g_array_append_val (placed, ps);
    }
  if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  g_array_sort (placed, compare_placed_spans);

  /* The grouping takes her records by sample date (then id; a new record's id is the highest):
   * when this one comes, the pregnancies that exist are those whose first date is on or before
   * its date. If it joins one of them, it starts none, so every other record keeps its pregnancy,
   * every pregnancy its EDD and first date, and every diagnosis and outcome its link: it goes
   * straight in, whether it is her latest record or an earlier one. Two pregnancies starting on
   * the same day could be in another order than the grouping's: regroup then. */
  for (guint i = 0; i < placed->len; i++)
    {
      const PlacedSpan *ps = &g_array_index (placed, PlacedSpan, i);

      if (g_date_compare (&ps->span.first_date, sample_date) > 0)
        break;
      if (i > 0 && g_date_compare (&ps->span.first_date, &g_array_index (placed, PlacedSpan, i - 1).span.first_date) == 0)
        same_first_date = TRUE;
      g_array_append_val (spans, ps->span);
    }
  if (same_first_date)
    return TRUE;   /* the caller regroups her after the save */
  p = muying_pregnancy_match ((MuyingPregnancySpan *) (gpointer) spans->data, spans->len, edd, NULL);
  if (p >= 0)
    {
      *pregnancy_id = g_array_index (placed, PlacedSpan, p).id;
      return TRUE;
    }

  /* It starts a pregnancy: straight in only when it comes after all her other records (a
   * pregnancy started in the middle can take later records from the ones after it). */
  latest = muying_store_query_cached (store,
      "SELECT coalesce (MAX (record_date), '') <= ? FROM record WHERE person_id = ? AND program = 'prenatal'", error);
  if (latest == NULL)
    return FALSE;
  muying_sql_bind_text (latest, 1, date_text, -1, SQLITE_STATIC);
  muying_sql_bind_int64 (latest, 2, person_id);
  rc = muying_sql_step (latest);
  if (rc != SQLITE_ROW)
    return muying_store_set_error (store, rc, error);
  *starts = muying_sql_column_int (latest, 0) != 0;
  return TRUE;
}

gboolean
_muying_store_place_new_record (MuyingStore                  *store,
                                const MuyingPregnancyLookups *lookups,
                                gint64                        person_id,
                                gboolean      new_person,
                                const GDate  *sample_date,
                                const GDate  *edd,
                                gint64       *pregnancy_id,
                                gboolean     *created,
                                GError      **error)
{
  g_autofree char *date_text = muying_date_format (sample_date);
  g_autofree char *edd_text = muying_date_format (edd);
  /* A woman this save created has neither records nor pregnancies: nothing to look up. */
  gboolean starts = new_person;

  *pregnancy_id = 0;
  *created = FALSE;
  if (!new_person &&
      !place_among_her_records (store, lookups->pregnancies, person_id, sample_date, edd, date_text, pregnancy_id,
                                &starts, error))
    return FALSE;
  if (!starts)
    return TRUE;
  if (!_muying_store_insert_bound_cached (store, "INSERT INTO pregnancy (person_id, edd, first_date) "
                                          "VALUES (?, ?, ?) RETURNING id", pregnancy_id, error,
                                          'i', person_id, 's', edd_text, 's', date_text, 0))
    return FALSE;
  *created = TRUE;
  return TRUE;
}

gboolean
_muying_store_link_new_pregnancy (MuyingStore                  *store,
                                  const MuyingPregnancyLookups *lookups,
                                  gint64                        person_id,
                                  const char                   *id_number,
                                  const char                   *user,
                                  GError                      **error)
{
  gboolean any;
  int rc;

  /* whether she has diagnoses or outcomes (MuyingPregnancyLookups) */
  rc = muying_sql_step (lookups->events);
  if (rc != SQLITE_ROW)
    return muying_store_set_error (store, rc, error);
  any = muying_sql_column_int (lookups->events, 0) != 0;
  /* only a woman with diagnoses or outcomes has anything to link: against her pregnancies as they
   * are (the records did not move, so no regrouping) */
  if (!any)
    return TRUE;
  {
    g_autoptr(MuyingSqlCachedStmt) spans_stmt = muying_store_query_cached (store,
        "SELECT id, edd, first_date FROM pregnancy WHERE person_id = ? ORDER BY first_date, id", error);
    g_autoptr(GArray) spans = g_array_new (FALSE, TRUE, sizeof (MuyingPregnancySpan));
    g_autoptr(GArray) ids = g_array_new (FALSE, TRUE, sizeof (gint64));

    if (spans_stmt == NULL)
      return FALSE;
    muying_sql_bind_int64 (spans_stmt, 1, person_id);
    while ((rc = muying_sql_step (spans_stmt)) == SQLITE_ROW)
      {
        MuyingPregnancySpan span;
        gint64 id = muying_sql_column_int64 (spans_stmt, 0);

        read_date (spans_stmt, 1, &span.edd);
        read_date (spans_stmt, 2, &span.first_date);
        g_array_append_val (spans, span);
        g_array_append_val (ids, id);
      }
    if (rc != SQLITE_DONE)
      return muying_store_set_error (store, rc, error);
    muying_sql_reset (spans_stmt);
    return relink_events (store, MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS, user, person_id, id_number,
                          (MuyingPregnancySpan *) (gpointer) spans->data, (gint64 *) (gpointer) ids->data, spans->len,
                          error) &&
           relink_events (store, MUYING_FOLLOW_ON_PREGNANCY_OUTCOME, user, person_id, id_number,
                          (MuyingPregnancySpan *) (gpointer) spans->data, (gint64 *) (gpointer) ids->data, spans->len,
                          error);
  }
}
