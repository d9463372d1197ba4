/* muying-store-recall.c: the recall list of the screening cycle (muying-store-recall.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "muying-date.h"
#include "muying-error.h"
#include "muying-store-action-private.h"
#include "muying-store-recall-private.h"
#include "muying-store-sql.h"

/* The programme's age range for the two cancers, on the due date. */
#define AGE_MIN 35
#define AGE_MAX 64

/* What counts as an exam of each track: a test that was done. */
#define CERVICAL_TESTED "((t.hpv = 'negative' OR t.hpv = 'positive') OR t.cytology IS NOT NULL OR " \
                        "(t.via_vili IS NOT NULL AND t.via_vili <> 'not_done') OR t.colposcopy IS NOT NULL OR " \
                        "t.cervical_histology IS NOT NULL)"
#define BREAST_TESTED "(t.cbe IS NOT NULL OR t.us_birads IS NOT NULL OR t.mammo_birads IS NOT NULL)"

/* The reasons of the breast track (rule sets 1 and 2); every other two-cancer reason is of the
 * cervix. */
static const char * const breast_codes[] = {
  "CBE_ABNORMAL_NO_IMAGING", "US_RECALL", "MAMMO_ASSESS", "MAMMO_INCOMPLETE", "MAMMO_SHORT_INTERVAL",
  "BREAST_SUSPICIOUS", "BREAST_PRECANCER", "BREAST_CANCER", NULL
};
/* The cycles, in months: every due date is an exam date moved forward by one of them. */
static const guint cycle_months[] = { 12, 24, 36, 60 };
/* The cervical reasons whose next step is a repeat in 12 months. */
static const char * const twelve_month_codes[] = { "HPV_OTHER_REPEAT", "CYTO_ASCUS_HPV_NEG", "CIN1", NULL };

const char *
muying_recall_track_to_string (MuyingRecallTrack track)
{
  switch (track)
    {
    case MUYING_RECALL_CERVICAL:
      return "cervical";
    case MUYING_RECALL_BREAST:
      return "breast";
    case MUYING_N_RECALL_TRACKS:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
muying_recall_track_get_label (MuyingRecallTrack track)
{
  switch (track)
    {
    case MUYING_RECALL_CERVICAL:
      return _("Cervical cancer screening");
    case MUYING_RECALL_BREAST:
      return _("Breast cancer screening");
    case MUYING_N_RECALL_TRACKS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
recall_row_free (MuyingRecallRow *row)
{
  g_free (row->name);
  g_free (row->id_number);
  g_free (row->phone);
  for (guint t = 0; t < MUYING_N_RECALL_TRACKS; t++)
    g_free (row->tracks[t].institution);
  g_free (row);
}

void
muying_recall_list_free (MuyingRecallList *list)
{
  if (list == NULL)
    return;
  g_ptr_array_unref (list->rows);
  g_array_unref (list->months);
  g_free (list);
}

char *
muying_recall_row_dup_tracks (const MuyingRecallRow *row,
                              gboolean               labels)
{
  GString *s = g_string_new (NULL);

  for (guint t = 0; t < MUYING_N_RECALL_TRACKS; t++)
    {
      if (!row->tracks[t].due)
        continue;
      if (s->len > 0)
        g_string_append (s, labels ? _(", ") : ";");
      g_string_append (s, labels ? muying_recall_track_get_label (t) : muying_recall_track_to_string (t));
    }
  return g_string_free (s, FALSE);
}

static gboolean
has_code (char      **codes,
          const char *const *set)
{
  for (guint i = 0; codes[i] != NULL; i++)
    if (g_strv_contains (set, codes[i]))
      return TRUE;
  return FALSE;
}

/* The due date of the cervical track after an exam; FALSE when the cycle does not set one
 * (the exam gave another cervical reason, or no negative result). */
static gboolean
cervical_due (const GDate *exam,
              const char  *hpv,
              const char  *cytology,
              char       **codes,
              GDate       *due)
{
  gboolean other_reason = FALSE;

  *due = *exam;
  if (has_code (codes, twelve_month_codes))
    {
      g_date_add_months (due, 12);
      return TRUE;
    }
  for (guint i = 0; codes[i] != NULL; i++)
    if (!g_strv_contains (breast_codes, codes[i]))
      other_reason = TRUE;
  if (other_reason)
    return FALSE;
  if (g_strcmp0 (hpv, "negative") == 0)
    {
      g_date_add_years (due, 5);
      return TRUE;
    }
  if (g_strcmp0 (cytology, "NILM") == 0 && g_strcmp0 (hpv, "positive") != 0)
    {
      g_date_add_years (due, 3);
      return TRUE;
    }
  return FALSE;
}

static gboolean
breast_due (const GDate *exam,
            char       **codes,
            GDate       *due)
{
  if (has_code (codes, breast_codes))
    return FALSE;
  *due = *exam;
  g_date_add_years (due, 2);
  return TRUE;
}

static gboolean
parse_column (MuyingSqlStmt *stmt,
              int           col,
              GDate        *date)
{
  const char *text = (const char *) muying_sql_column_text (stmt, col);

  g_date_clear (date, 1);
  return text != NULL && muying_date_parse (text, date, NULL);
}

/* The exams whose due date can fall in the period: ?1 … ?8 are the period moved back by each
 * cycle of cycle_months (first and last day, a day wider either side). */
static const char candidates_sql[] =
  "SELECT r.id, r.person_id, r.record_date, r.institution, t.hpv, t.cytology, "
  " " CERVICAL_TESTED ", " BREAST_TESTED ", "
  " (SELECT group_concat(code, ';') FROM reason WHERE record_id = r.id), "
  " p.name, p.id_number, p.phone, p.birth_date "
  "FROM record r JOIN two_cancer t ON t.record_id = r.id JOIN person p ON p.id = r.person_id "
  "WHERE r.id IN ("
  " SELECT id FROM record WHERE program = 'two_cancer' AND record_date BETWEEN ?1 AND ?2 UNION"
  " SELECT id FROM record WHERE program = 'two_cancer' AND record_date BETWEEN ?3 AND ?4 UNION"
  " SELECT id FROM record WHERE program = 'two_cancer' AND record_date BETWEEN ?5 AND ?6 UNION"
  " SELECT id FROM record WHERE program = 'two_cancer' AND record_date BETWEEN ?7 AND ?8) "
  "ORDER BY r.record_date, r.id";

/* ?1 the woman, ?2 and ?3 the date and id of the exam: a later exam of the track (and, for the
 * cervix, a hysterectomy on any of her records). */
static const char * const later_sql[] = {
  "SELECT 1 FROM record r JOIN two_cancer t ON t.record_id = r.id WHERE r.person_id = ?1 AND "
  "r.program = 'two_cancer' AND (r.record_date > ?2 OR (r.record_date = ?2 AND r.id > ?3)) AND "
  CERVICAL_TESTED " UNION ALL "
  "SELECT 1 FROM record r JOIN two_cancer t ON t.record_id = r.id WHERE r.person_id = ?1 AND "
  "r.program = 'two_cancer' AND (t.hysterectomy = 'yes' OR t.cervical_treatment = 'hysterectomy') LIMIT 1",
  "SELECT 1 FROM record r JOIN two_cancer t ON t.record_id = r.id WHERE r.person_id = ?1 AND "
  "r.program = 'two_cancer' AND (r.record_date > ?2 OR (r.record_date = ?2 AND r.id > ?3)) AND "
  BREAST_TESTED " LIMIT 1",
};

const char *
_muying_store_recall_candidates_sql (void)
{
  return candidates_sql;
}

const char *
_muying_store_recall_later_sql (MuyingRecallTrack track)
{
  g_return_val_if_fail (track < MUYING_N_RECALL_TRACKS, NULL);
  return later_sql[track];
}

/* Whether the woman has an exam of @track after the record (@date, @record_id), or (cervical)
 * a hysterectomy on any record: either takes the track off her recall. */
static gboolean
track_superseded (MuyingStore       *store,
                  gint64             person_id,
                  MuyingRecallTrack  track,
                  const char        *date,
                  gint64             record_id,
                  gboolean          *superseded,
                  GError           **error)
{
  g_autoptr(MuyingSqlCachedStmt) stmt = muying_store_query_cached (store, later_sql[track], error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_int64 (stmt, 1, person_id);
  muying_sql_bind_text (stmt, 2, date, -1, SQLITE_TRANSIENT);
  muying_sql_bind_int64 (stmt, 3, record_id);
  rc = muying_sql_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  *superseded = rc == SQLITE_ROW;
  return TRUE;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const MuyingRecallRow *x = *(MuyingRecallRow * const *) a;
  const MuyingRecallRow *y = *(MuyingRecallRow * const *) b;
  int c = g_date_compare (&x->due_date, &y->due_date);

  if (c == 0)
    c = g_strcmp0 (x->name, y->name);
  if (c == 0)
    c = (x->person_id > y->person_id) - (x->person_id < y->person_id);
  return c;
}

static GArray *
make_months (const GDate *from,
             const GDate *to)
{
  GArray *months = g_array_new (FALSE, TRUE, sizeof (MuyingRecallMonth));
  int y = g_date_get_year (from), m = g_date_get_month (from);

  while (y < g_date_get_year (to) || (y == g_date_get_year (to) && m <= (int) g_date_get_month (to)))
    {
      MuyingRecallMonth month = { y, m, 0 };

      g_array_append_val (months, month);
      if (++m > 12)
        {
          m = 1;
          y++;
        }
    }
  return months;
}

MuyingRecallList *
muying_store_recall_list (MuyingStore  *store,
                          const GDate  *from,
                          const GDate  *to,
                          GError      **error)
{
  g_autoptr(MuyingRecallList) list = NULL;
  g_autoptr(GHashTable) by_person = NULL;   /* person id → MuyingRecallRow (owned by list->rows) */
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MUYING_IS_STORE (store), NULL);
  g_return_val_if_fail (from != NULL && g_date_valid (from) && to != NULL && g_date_valid (to), NULL);

  if (g_date_compare (from, to) > 0)
    {
      g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT,
                           _("The end of the period is before its start."));
      return NULL;
    }
  list = g_new0 (MuyingRecallList, 1);
  list->from = *from;
  list->to = *to;
  list->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) recall_row_free);
  list->months = make_months (from, to);
  by_person = g_hash_table_new (g_int64_hash, g_int64_equal);

  /* The exams that can fall due in the period: those of the period moved back by each cycle (a
   * day either side for the month arithmetic at month ends), by the date index. */
  stmt = muying_store_query (store, candidates_sql, error);
  if (stmt == NULL)
    return NULL;
  for (guint w = 0; w < G_N_ELEMENTS (cycle_months); w++)
    {
      GDate first = *from, last = *to;

      g_date_subtract_months (&first, cycle_months[w]);
      g_date_subtract_days (&first, 1);
      g_date_subtract_months (&last, cycle_months[w]);
      g_date_add_days (&last, 1);
      muying_sql_bind_text (stmt, 2 * w + 1, muying_date_format (&first), -1, g_free);
      muying_sql_bind_text (stmt, 2 * w + 2, muying_date_format (&last), -1, g_free);
    }

  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    {
      gint64 record_id = muying_sql_column_int64 (stmt, 0);
      gint64 person_id = muying_sql_column_int64 (stmt, 1);
      const char *date_text = (const char *) muying_sql_column_text (stmt, 2);
      g_auto(GStrv) codes = g_strsplit ((const char *) muying_sql_column_text (stmt, 8) ?: "", ";", -1);
      gboolean tested[MUYING_N_RECALL_TRACKS] = { muying_sql_column_int (stmt, 6), muying_sql_column_int (stmt, 7) };
      GDate exam, birth;

      if (!parse_column (stmt, 2, &exam) || !parse_column (stmt, 12, &birth))
        continue;
      /* "" splits into one empty code */
      if (codes[0] != NULL && codes[0][0] == '\0')
        g_clear_pointer (&codes[0], g_free);

      for (guint t = 0; t < MUYING_N_RECALL_TRACKS; t++)
        {
          MuyingRecallRow *row;
          GDate due;
          gboolean superseded = FALSE;
          int age;

          if (!tested[t])
            continue;
          if (t == MUYING_RECALL_CERVICAL
              ? !cervical_due (&exam, (const char *) muying_sql_column_text (stmt, 4),
                               (const char *) muying_sql_column_text (stmt, 5), codes, &due)
              : !breast_due (&exam, codes, &due))
            continue;
          if (g_date_compare (&due, from) < 0 || g_date_compare (&due, to) > 0)
            continue;
          age = muying_date_age_on (&birth, &due);
          if (age < AGE_MIN || age > AGE_MAX)
            continue;
          if (!track_superseded (store, person_id, t, date_text, record_id, &superseded, error))
            return NULL;
          if (superseded)
            continue;

          row = g_hash_table_lookup (by_person, &person_id);
          if (row == NULL)
            {
              row = g_new0 (MuyingRecallRow, 1);
              row->person_id = person_id;
              row->name = g_strdup ((const char *) muying_sql_column_text (stmt, 9));
              row->id_number = g_strdup ((const char *) muying_sql_column_text (stmt, 10));
              row->phone = g_strdup ((const char *) muying_sql_column_text (stmt, 11));
              row->birth_date = birth;
              g_ptr_array_add (list->rows, row);
              g_hash_table_insert (by_person, &row->person_id, row);
            }
          /* Exams come in date order: a later one of the same track would have superseded. */
          row->tracks[t].due = TRUE;
          row->tracks[t].due_date = due;
          row->tracks[t].last_exam = exam;
          row->tracks[t].record_id = record_id;
          g_free (row->tracks[t].institution);
          row->tracks[t].institution = g_strdup ((const char *) muying_sql_column_text (stmt, 3));
        }
    }
  if (rc != SQLITE_DONE)
    {
      muying_store_set_error (store, rc, error);
      return NULL;
    }

  for (guint i = 0; i < list->rows->len; i++)
    {
      MuyingRecallRow *row = g_ptr_array_index (list->rows, i);

      g_date_clear (&row->due_date, 1);
      g_date_clear (&row->last_exam, 1);
      for (guint t = 0; t < MUYING_N_RECALL_TRACKS; t++)
        {
          if (!row->tracks[t].due)
            continue;
          if (!g_date_valid (&row->due_date) || g_date_compare (&row->tracks[t].due_date, &row->due_date) < 0)
            row->due_date = row->tracks[t].due_date;
          if (!g_date_valid (&row->last_exam) || g_date_compare (&row->tracks[t].last_exam, &row->last_exam) > 0)
            row->last_exam = row->tracks[t].last_exam;
        }
      for (guint m = 0; m < list->months->len; m++)
        {
          MuyingRecallMonth *month = &g_array_index (list->months, MuyingRecallMonth, m);

          if (month->year == g_date_get_year (&row->due_date) && month->month == (int) g_date_get_month (&row->due_date))
            month->count++;
        }
    }
  g_ptr_array_sort (list->rows, compare_rows);
  return g_steal_pointer (&list);
}

gboolean
muying_store_audit_recall_letter (MuyingStore           *store,
                                  const char            *user,
                                  const MuyingRecallRow *row,
                                  GError               **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *tracks = NULL;
  g_autofree char *due = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (MUYING_IS_STORE (store), FALSE);
  g_return_val_if_fail (row != NULL, FALSE);

  tracks = muying_recall_row_dup_tracks (row, FALSE);
  due = g_date_valid (&row->due_date) ? muying_date_format (&row->due_date) : NULL;
  json_builder_begin_object (b);
  _muying_store_member_string (b, "document", "recall_letter");
  _muying_store_member_string (b, "tracks", tracks);
  _muying_store_member_string (b, "due", due);
  json_builder_end_object (b);
  detail = _muying_store_builder_to_string (b);
  return muying_store_audit (store, user, "print", "person", row->person_id, detail, error);
}
