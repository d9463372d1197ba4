/* muying-store-record-load.c: a stored record read back into its programme's record struct
 *
 * The shared columns (the record's key and date, the woman's or mother's identity) are named by the
 * descriptor's key/id/name/date fields; the programme's own columns are its stored fields. What a
 * programme keeps elsewhere (a newborn's variant rows, whether the EDD was given) is read here too,
 * so the rules, the entry form and the printed documents see the record as it was saved.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include "muying-id-number.h"
#include "muying-store-fields-private.h"
#include "muying-store-private.h"

/* Columns of a programme that are fields but not its own table's (aliased by field key), and the
 * person who is "the woman" of the record (the mother of a newborn). */
static const struct
{
  const char *extra;
  const char *woman;
} programme_sql[] = {
  [MUYING_PROGRAM_PRENATAL] = { ", pe.phone AS phone, r.institution AS institution, x.edd_given", "r.person_id" },
  [MUYING_PROGRAM_NEWBORN] = { ", pe.name AS baby_name, pe.sex AS sex", "x.mother_id" },
  [MUYING_PROGRAM_TWO_CANCER] = { ", r.institution AS institution", "r.person_id" },
};

static gboolean
read_variants (MuyingStore         *store,
               gint64               record_id,
               MuyingNewbornRecord *n,
               GError             **error)
{
  g_autoptr(MuyingSqlCachedStmt) vars = NULL;
  int rc;

  /* the variant rows are what the rules read (the text column is their summary) */
  g_ptr_array_set_size (n->variants, 0);
  vars = muying_store_query_cached (store, "SELECT gene, variant, zygosity FROM newborn_variant WHERE record_id = ?",
                                      error);
  if (vars == NULL)
    return FALSE;
  muying_sql_bind_int64 (vars, 1, record_id);
  while ((rc = muying_sql_step (vars)) == SQLITE_ROW)
    {
      const char *zygosity = (const char *) muying_sql_column_text (vars, 2);
      MuyingZygosity z = MUYING_ZYGOSITY_HET;

      if (zygosity == NULL || !muying_zygosity_from_string (zygosity, &z))
        z = MUYING_ZYGOSITY_HET;
      g_ptr_array_add (n->variants, muying_variant_new ((const char *) muying_sql_column_text (vars, 0),
                                                        (const char *) muying_sql_column_text (vars, 1), z));
    }
  if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  return TRUE;
}

gpointer
_muying_store_load_record (MuyingStore   *store,
                           gint64         record_id,
                           MuyingProgram  program,
                           GError       **error)
{
  const MuyingProgramDescriptor *d;
  g_autofree char *columns = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(MuyingSqlCachedStmt) stmt = NULL;
  gpointer record;
  int n_head, rc;

  g_return_val_if_fail (program < MUYING_N_PROGRAMS, NULL);

  d = muying_program_descriptor_get (program);
  columns = _muying_store_field_columns (d, "x");
  sql = g_strdup_printf ("SELECT r.record_key AS %s, wo.id_number AS %s, wo.name AS %s, r.record_date AS %s%s, %s"
                         " FROM record r JOIN person pe ON pe.id = r.person_id"
                         " JOIN %s x ON x.record_id = r.id JOIN person wo ON wo.id = %s WHERE r.id = ?",
                         d->key_field, d->id_field, d->name_field, d->date_field, programme_sql[program].extra,
                         columns, d->table, programme_sql[program].woman);
  stmt = muying_store_query_cached (store, sql, error);
  if (stmt == NULL)
    return NULL;
  muying_sql_bind_int64 (stmt, 1, record_id);
  rc = muying_sql_step (stmt);
  if (rc != SQLITE_ROW)
    {
      muying_store_set_error (store, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, error);
      return NULL;
    }

  record = d->record_new ();
  n_head = muying_sql_column_count (stmt) - (int) _muying_store_n_stored (d);
  for (int i = 0; i < n_head; i++)
    {
      const MuyingField *f = muying_program_descriptor_find (d, muying_sql_column_name (stmt, i));
      g_autoptr(GVariant) value = NULL;

      if (f == NULL)
        continue;
      value = _muying_store_column_value (stmt, i);
      muying_field_set_value (f, record, value);
    }
  /* a value the codec cannot read stays not recorded, as the rules expect */
  _muying_store_read_fields (stmt, n_head, d, record);

  switch (program)
    {
    case MUYING_PROGRAM_PRENATAL:
      {
        MuyingPrenatalRecord *p = record;

        p->edd_given = muying_sql_column_int (stmt, n_head - 1) != 0;
        if (p->id_number != NULL)
          muying_id_number_read_stored (p->id_number, &p->birth_date, NULL);
        break;
      }
    case MUYING_PROGRAM_NEWBORN:
      if (!read_variants (store, record_id, record, error))
        {
          d->record_free (record);
          return NULL;
        }
      break;
    case MUYING_PROGRAM_TWO_CANCER:
      {
        MuyingTwoCancerRecord *t = record;

        if (t->id_number != NULL)
          muying_id_number_read_stored (t->id_number, &t->birth_date, NULL);
        break;
      }
    case MUYING_N_PROGRAMS:
    default:
      g_assert_not_reached ();
    }
  return record;
}
