/* muying-store-bulk.c: many new records in one transaction (muying-store-bulk.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <string.h>

#include "muying-date.h"
#include "muying-error.h"
#include "muying-program-descriptor.h"
#include "muying-store-bulk.h"
#include "muying-store-pregnancy-private.h"
#include "muying-store-fields-private.h"
#include "muying-store-private.h"

/* Below this many records a load keeps the indexes: rebuilding them would cost more. */
#define REBUILD_INDEXES_FROM 10000
/* A big cache keeps the ID-number index (random inserts) in memory: 128 MiB. */
#define BULK_CACHE_KIB 131072

enum
{
  STMT_PERSON,
  STMT_RECORD,
  STMT_REASON,
  STMT_VARIANT,
  STMT_FOLLOWUP,
  STMT_STEP,
  STMT_REVIEW,
  N_STMTS
};

static const char * const stmt_sql[N_STMTS] = {
  "INSERT INTO person (id_number, name, sex, birth_date, phone, mother_id, created_at, updated_at) "
  "VALUES (?, ?, ?, ?, ?, ?, ?7, ?7)",
  "INSERT INTO record (program, record_key, person_id, record_date, institution, level, computed_level, "
  "rules_version, review_state, signed_by, signed_at, created_at, created_by, updated_at, updated_by) "
  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?12, ?13, ?12, ?13)",
  "INSERT INTO reason (record_id, code, level) VALUES (?, ?, ?)",
  "INSERT INTO newborn_variant (record_id, gene, variant, zygosity) VALUES (?, ?, ?, ?)",
  /* program, level and review_state: the record's, copied for the worklist index (schema step 3) */
  "INSERT INTO followup (record_id, state, due_date, next_step, contact_attempts, outcome, opened_at, "
  "closed_at, program, level, review_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  "INSERT INTO followup_step (followup_id, state, step, step_date, user_name, note, created_at) "
  "VALUES (?, ?, ?, ?, ?, ?, ?)",
  "INSERT INTO review (record_id, user_name, action, old_level, new_level, reason, note, at) "
  "VALUES (?, ?, ?, ?, ?, ?, NULL, ?)",
};

/* The tables whose secondary indexes a big load rebuilds at the end. */
static const char bulk_index_sql[] =
  "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN "
  "('person', 'record', 'prenatal', 'newborn', 'newborn_variant', 'two_cancer', 'reason', 'followup', "
  "'followup_step', 'review') ORDER BY name";

/* How one programme's row is written: the descriptor's stored fields, then the columns the
 * store keeps beside them (see program_row_sql). */
typedef struct
{
  const MuyingProgramDescriptor *descriptor;
  const MuyingField             *key_field;
  const MuyingField             *date_field;
  const MuyingField             *variants_field;   /* newborn: written to newborn_variant too */
  MuyingSqlStmt                  *stmt;
} ProgramRow;

struct _MuyingStoreBulk
{
  MuyingStore  *store;
  MuyingSql    *db;
  char         *user;
  MuyingSqlStmt *stmt[N_STMTS];
  ProgramRow    rows[MUYING_N_PROGRAMS];
  MuyingSqlStmt *follow_on[MUYING_N_FOLLOW_ON_KINDS];   /* prepared at the first row of the kind */
  GPtrArray    *index_sql;       /* pairs: CREATE INDEX …, DROP INDEX … */
  gint64        old_cache;
  gboolean      cache_changed;
  gboolean      fk_changed;
  gboolean      in_transaction;
  GTimer       *timer;
};

/* ---- helpers ----------------------------------------------------------------------------- */

static gboolean
step_done (MuyingStoreBulk  *bulk,
           MuyingSqlStmt     *stmt,
           GError          **error)
{
  int rc = muying_sql_step (stmt);

  muying_sql_reset (stmt);
  muying_sql_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return muying_store_set_error (bulk->store, rc, error);
  return TRUE;
}

static void
bind_text_or_null (MuyingSqlStmt *stmt,
                   int           col,
                   const char   *text)
{
  if (text != NULL && *text != '\0')
    muying_sql_bind_text (stmt, col, text, -1, SQLITE_STATIC);
  else
    muying_sql_bind_null (stmt, col);
}

static void
bind_date_or_null (MuyingSqlStmt *stmt,
                   int           col,
                   const GDate  *date)
{
  char buf[16];

  if (date == NULL || !g_date_valid (date))
    {
      muying_sql_bind_null (stmt, col);
      return;
    }
  g_snprintf (buf, sizeof buf, "%04u-%02u-%02u", (guint) g_date_get_year (date), (guint) g_date_get_month (date),
              (guint) g_date_get_day (date));
  muying_sql_bind_text (stmt, col, buf, -1, SQLITE_TRANSIENT);
}

static gint64
query_int (MuyingStoreBulk *bulk,
           const char      *sql)
{
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (bulk->store, sql, NULL);

  if (stmt == NULL || muying_sql_step (stmt) != SQLITE_ROW)
    return -1;
  return muying_sql_column_int64 (stmt, 0);
}

/* ---- the programmes' rows ---------------------------------------------------------------- */

/* The columns of a programme's table that are neither fields nor later results: the prenatal
 * row keeps whether the EDD was given and the age at the EDD; the newborn row its mother. */
static const char *
program_extra_columns (MuyingProgram program)
{
  switch (program)
    {
    case MUYING_PROGRAM_PRENATAL:
      return "edd_given, age_at_edd";
    case MUYING_PROGRAM_NEWBORN:
      return "mother_id";
    case MUYING_PROGRAM_TWO_CANCER:
    case MUYING_N_PROGRAMS:
    default:
      return NULL;
    }
}

static guint
program_n_extra (MuyingProgram program)
{
  const char *columns = program_extra_columns (program);
  guint n = columns != NULL ? 1 : 0;

  for (const char *c = columns; c != NULL && *c != '\0'; c++)
    if (*c == ',')
      n++;
  return n;
}

static gboolean
program_row_init (MuyingStoreBulk  *bulk,
                  MuyingProgram     program,
                  GError          **error)
{
  ProgramRow *row = &bulk->rows[program];
  const MuyingProgramDescriptor *d = muying_program_descriptor_get (program);
  g_autofree char *fields = _muying_store_field_columns (d, NULL);
  g_autoptr(GString) sql = g_string_new (NULL);
  const char *extra = program_extra_columns (program);
  guint n = 1 + _muying_store_n_stored (d) + program_n_extra (program);

  row->descriptor = d;
  row->key_field = muying_program_descriptor_find (d, d->key_field);
  row->date_field = muying_program_descriptor_find (d, d->date_field);
  for (const MuyingField *f = d->fields; f->key != NULL; f++)
    if (f->kind == MUYING_FIELD_VARIANTS && MUYING_FIELD_IS (f, MUYING_FIELD_STORED))
      row->variants_field = f;
  g_return_val_if_fail (row->key_field != NULL && row->date_field != NULL, FALSE);

  g_string_append_printf (sql, "INSERT INTO %s (record_id, %s", d->table, fields);
  if (extra != NULL)
    g_string_append_printf (sql, ", %s", extra);
  g_string_append (sql, ") VALUES (?");
  for (guint i = 1; i < n; i++)
    g_string_append (sql, ", ?");
  g_string_append (sql, ")");
  row->stmt = muying_store_query_cached (bulk->store, sql->str, error);
  return row->stmt != NULL;
}

/* ---- follow-on rows ---------------------------------------------------------------------- */

/* INSERT INTO <kind> (<its fields>, person_id | record_id[, hearing_loss], created_at, created_by,
 * updated_at, updated_by): the columns muying-store-follow-on.c writes at a save. */
static MuyingSqlStmt *
follow_on_stmt (MuyingStoreBulk     *bulk,
                MuyingFollowOnKind   kind,
                GError             **error)
{
  const MuyingFollowOnDescriptor *d = muying_follow_on_descriptor_get (kind);
  g_autoptr(GString) sql = NULL;
  guint n = 0;

  if (bulk->follow_on[kind] != NULL)
    return bulk->follow_on[kind];
  sql = g_string_new (NULL);
  g_string_printf (sql, "INSERT INTO %s (", d->name);
  for (const MuyingField *f = d->fields; f->key != NULL; f++, n++)
    g_string_append_printf (sql, "%s, ", f->key);
  if (d->id_field != NULL)
    g_string_append (sql, "person_id, ");
  else
    g_string_append (sql, "record_id, hearing_loss, ");
  g_string_append (sql, "created_at, created_by, updated_at, updated_by) VALUES (");
  for (guint i = 0; i < n; i++)
    g_string_append (sql, "?, ");
  g_string_append_printf (sql, "%s?%u, ?%u, ?%u, ?%u)", d->id_field != NULL ? "?, " : "?, ?, ",
                          n + (d->id_field != NULL ? 2 : 3), n + (d->id_field != NULL ? 3 : 4),
                          n + (d->id_field != NULL ? 2 : 3), n + (d->id_field != NULL ? 3 : 4));
  bulk->follow_on[kind] = muying_store_query_cached (bulk->store, sql->str, error);
  return bulk->follow_on[kind];
}

gboolean
muying_store_bulk_add_follow_on (MuyingStoreBulk     *bulk,
                                 MuyingFollowOnKind   kind,
                                 gconstpointer        record,
                                 gint64               person_id,
                                 gint64               case_record_id,
                                 const char          *created_at,
                                 gint64              *id,
                                 GError             **error)
{
  const MuyingFollowOnDescriptor *d;
  MuyingSqlStmt *stmt;
  int col = 1;

  g_return_val_if_fail (bulk != NULL && record != NULL && created_at != NULL, FALSE);
  g_return_val_if_fail (kind < MUYING_N_FOLLOW_ON_KINDS, FALSE);

  d = muying_follow_on_descriptor_get (kind);
  stmt = follow_on_stmt (bulk, kind, error);
  if (stmt == NULL)
    return FALSE;
  for (const MuyingField *f = d->fields; f->key != NULL; f++)
    _muying_store_bind_field (stmt, col++, f, record);
  if (d->id_field != NULL)
    {
      if (person_id > 0)
        muying_sql_bind_int64 (stmt, col, person_id);
      col++;
    }
  else
    {
      const char *loss = muying_audiology_hearing_loss (record);

      if (case_record_id > 0)
        muying_sql_bind_int64 (stmt, col, case_record_id);
      col++;
      /* derived from the two ears, as a save writes it (the statistics count it) */
      bind_text_or_null (stmt, col++, loss);
    }
  muying_sql_bind_text (stmt, col++, created_at, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, col, bulk->user);
  if (!step_done (bulk, stmt, error))
    return FALSE;
  if (id != NULL)
    *id = muying_sql_last_insert_id (bulk->db);
  return TRUE;
}

/* ---- begin, commit, abort ---------------------------------------------------------------- */

static void
bulk_free (MuyingStoreBulk *bulk)
{
  if (bulk->fk_changed)
    muying_store_exec (bulk->store, "PRAGMA foreign_keys = ON", NULL);
  if (bulk->cache_changed)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA cache_size = %lld", (long long) bulk->old_cache);

      muying_store_exec (bulk->store, sql, NULL);
    }
  g_clear_pointer (&bulk->index_sql, g_ptr_array_unref);
  g_clear_pointer (&bulk->timer, g_timer_destroy);
  g_clear_object (&bulk->store);
  g_free (bulk->user);
  g_free (bulk);
}

/* Drops the secondary indexes of the tables a load writes, remembering how to build them. */
static gboolean
drop_indexes (MuyingStoreBulk  *bulk,
              GError          **error)
{
  g_autoptr(MuyingSqlStmt) list = muying_store_query (bulk->store, bulk_index_sql, error);
  int rc;

  if (list == NULL)
    return FALSE;
  while ((rc = muying_sql_step (list)) == SQLITE_ROW)
    {
      g_ptr_array_add (bulk->index_sql, g_strdup ((const char *) muying_sql_column_text (list, 1)));
      g_ptr_array_add (bulk->index_sql, g_strdup_printf ("DROP INDEX \"%s\"", muying_sql_column_text (list, 0)));
    }
  if (rc != SQLITE_DONE)
    return muying_store_set_error (bulk->store, rc, error);
  g_clear_pointer (&list, muying_sql_finalize);
  for (guint i = 1; i < bulk->index_sql->len; i += 2)
    if (!muying_store_exec (bulk->store, g_ptr_array_index (bulk->index_sql, i), error))
      return FALSE;
  return TRUE;
}

MuyingStoreBulk *
muying_store_bulk_begin (MuyingStore  *store,
                         const char   *user,
                         guint64       n_records,
                         GError      **error)
{
  MuyingStoreBulk *bulk;
  g_autofree char *cache_sql = NULL;
  gint64 n_existing;

  g_return_val_if_fail (MUYING_IS_STORE (store), NULL);

  bulk = g_new0 (MuyingStoreBulk, 1);
  bulk->store = g_object_ref (store);
  bulk->db = muying_store_get_sql (store);
  bulk->user = g_strdup (user);
  bulk->index_sql = g_ptr_array_new_with_free_func (g_free);
  bulk->timer = g_timer_new ();

  for (guint i = 0; i < N_STMTS; i++)
    {
      bulk->stmt[i] = muying_store_query_cached (store, stmt_sql[i], error);
      if (bulk->stmt[i] == NULL)
        goto fail;
    }
  for (guint p = 0; p < MUYING_N_PROGRAMS; p++)
    if (!program_row_init (bulk, (MuyingProgram) p, error))
      goto fail;

  n_existing = query_int (bulk, "SELECT count(*) FROM record");
  if (!muying_store_is_server (store))
    {
      bulk->old_cache = query_int (bulk, "PRAGMA cache_size");
      cache_sql = g_strdup_printf ("PRAGMA cache_size = -%d", BULK_CACHE_KIB);
      if (!muying_store_exec (store, cache_sql, error))
        goto fail;
      bulk->cache_changed = TRUE;
      /* The rows reference each other correctly by construction; checking every foreign key
       * would cost a seek per reference. (A no-op inside a transaction: set before BEGIN.) */
      if (!muying_store_exec (store, "PRAGMA foreign_keys = OFF", error))
        goto fail;
      bulk->fk_changed = TRUE;
    }
  if (!muying_store_begin (store, error))
    goto fail;
  bulk->in_transaction = TRUE;

  if (n_existing >= 0 && (guint64) n_existing < n_records && n_records >= REBUILD_INDEXES_FROM &&
      !drop_indexes (bulk, error))
    {
      muying_store_bulk_abort (bulk);
      return NULL;
    }
  g_debug ("bulk: set-up %.2f s", g_timer_elapsed (bulk->timer, NULL));
  return bulk;

fail:
  bulk_free (bulk);
  return NULL;
}

gboolean
muying_store_bulk_commit (MuyingStoreBulk  *bulk,
                          const char       *action,
                          const char       *detail,
                          GError          **error)
{
  MuyingStore *store;
  gint64 n_sealed = 0;

  g_return_val_if_fail (bulk != NULL && bulk->in_transaction, FALSE);

  store = bulk->store;
  g_debug ("bulk: rows written at %.2f s", g_timer_elapsed (bulk->timer, NULL));
  for (guint i = 0; i < bulk->index_sql->len; i += 2)
    if (!muying_store_exec (store, g_ptr_array_index (bulk->index_sql, i), error))
      goto rollback;
  g_debug ("bulk: %u indexes rebuilt at %.2f s", bulk->index_sql->len / 2, g_timer_elapsed (bulk->timer, NULL));

  /* Pregnancies are derived from the prenatal records (the bulk rows carry none). */
  if (!_muying_store_regroup_all (store, error))
    goto rollback;
  g_debug ("bulk: pregnancies grouped at %.2f s", g_timer_elapsed (bulk->timer, NULL));

  /* The signed records are sealed like the ones a doctor signs. */
  if (!_muying_store_seal_signed_records (store, &n_sealed, error))
    goto rollback;
  g_debug ("bulk: %" G_GINT64_FORMAT " signed records sealed at %.2f s", n_sealed, g_timer_elapsed (bulk->timer, NULL));

  if (action != NULL && !muying_store_audit (store, bulk->user, action, "record", 0, detail, error))
    goto rollback;
  bulk->in_transaction = FALSE;
  if (!muying_store_commit (store, error))
    {
      bulk_free (bulk);
      return FALSE;
    }
  g_debug ("bulk: committed at %.2f s", g_timer_elapsed (bulk->timer, NULL));
  /* Fold the big WAL back into the database now rather than at some later write. */
  if (muying_sql_get_lite (bulk->db) != NULL)
    sqlite3_wal_checkpoint_v2 (muying_sql_get_lite (bulk->db), NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  g_debug ("bulk: checkpointed at %.2f s", g_timer_elapsed (bulk->timer, NULL));
  bulk_free (bulk);
  return TRUE;

rollback:
  muying_store_bulk_abort (bulk);
  return FALSE;
}

void
muying_store_bulk_abort (MuyingStoreBulk *bulk)
{
  if (bulk == NULL)
    return;
  if (bulk->in_transaction)
    muying_store_rollback (bulk->store);
  bulk_free (bulk);
}

/* ---- rows -------------------------------------------------------------------------------- */

gboolean
muying_store_bulk_add_person (MuyingStoreBulk  *bulk,
                              const char       *id_number,
                              const char       *name,
                              MuyingSex         sex,
                              const GDate      *birth_date,
                              const char       *phone,
                              gint64            mother_id,
                              const char       *created_at,
                              gint64           *person_id,
                              GError          **error)
{
  MuyingSqlStmt *stmt = bulk->stmt[STMT_PERSON];
  int rc;

  if (id_number != NULL)
    muying_sql_bind_text (stmt, 1, id_number, -1, SQLITE_STATIC);
  muying_sql_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  muying_sql_bind_int (stmt, 3, sex);
  bind_date_or_null (stmt, 4, birth_date);
  bind_text_or_null (stmt, 5, phone);
  if (mother_id > 0)
    muying_sql_bind_int64 (stmt, 6, mother_id);
  muying_sql_bind_text (stmt, 7, created_at, -1, SQLITE_STATIC);
  rc = muying_sql_step (stmt);
  muying_sql_reset (stmt);
  muying_sql_clear_bindings (stmt);
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT, "ID number %s is taken",
                   id_number != NULL ? id_number : "");
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return muying_store_set_error (bulk->store, rc, error);
  *person_id = muying_sql_last_insert_id (bulk->db);
  return TRUE;
}

static gboolean
add_record (MuyingStoreBulk             *bulk,
            MuyingProgram                program,
            gconstpointer                record,
            const MuyingClassification  *c,
            const MuyingBulkRecord      *row,
            int                          age_at_edd,   /* prenatal; -1 = not known */
            gint64                      *record_id,
            GError                     **error)
{
  ProgramRow *p = &bulk->rows[program];
  MuyingSqlStmt *stmt = bulk->stmt[STMT_RECORD];
  int col;

  muying_sql_bind_text (stmt, 1, muying_program_to_string (program), -1, SQLITE_STATIC);
  _muying_store_bind_field (stmt, 2, p->key_field, record);
  muying_sql_bind_int64 (stmt, 3, row->person_id);
  _muying_store_bind_field (stmt, 4, p->date_field, record);
  bind_text_or_null (stmt, 5, row->institution);
  muying_sql_bind_int (stmt, 6, row->level);
  muying_sql_bind_int (stmt, 7, c->level);
  muying_sql_bind_text (stmt, 8, c->rules_version, -1, SQLITE_STATIC);
  muying_sql_bind_text (stmt, 9, row->review_state, -1, SQLITE_STATIC);
  if (row->signed_by > 0)
    {
      muying_sql_bind_int64 (stmt, 10, row->signed_by);
      muying_sql_bind_text (stmt, 11, row->signed_at, -1, SQLITE_STATIC);
    }
  muying_sql_bind_text (stmt, 12, row->created_at, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 13, bulk->user);
  if (!step_done (bulk, stmt, error))
    return FALSE;
  *record_id = muying_sql_last_insert_id (bulk->db);

  stmt = bulk->stmt[STMT_REASON];
  for (guint i = 0; i < c->reasons->len; i++)
    {
      const MuyingReason *reason = g_ptr_array_index (c->reasons, i);

      muying_sql_bind_int64 (stmt, 1, *record_id);
      muying_sql_bind_text (stmt, 2, reason->code, -1, SQLITE_STATIC);
      muying_sql_bind_int (stmt, 3, reason->level);
      if (!step_done (bulk, stmt, error))
        return FALSE;
    }

  /* The programme's row, in the column order of program_row_init. */
  stmt = p->stmt;
  muying_sql_bind_int64 (stmt, 1, *record_id);
  col = _muying_store_bind_fields (stmt, 2, p->descriptor, record);
  switch (program)
    {
    case MUYING_PROGRAM_PRENATAL:
      muying_sql_bind_int (stmt, col++, ((const MuyingPrenatalRecord *) record)->edd_given ? 1 : 0);
      if (age_at_edd >= 0)
        muying_sql_bind_int (stmt, col, age_at_edd);
      col++;
      break;
    case MUYING_PROGRAM_NEWBORN:
      muying_sql_bind_int64 (stmt, col++, row->mother_id);
      break;
    case MUYING_PROGRAM_TWO_CANCER:
    case MUYING_N_PROGRAMS:
    default:
      break;
    }
  if (!step_done (bulk, stmt, error))
    return FALSE;

  if (p->variants_field != NULL)
    {
      const GPtrArray *found = G_STRUCT_MEMBER (GPtrArray *, record, p->variants_field->offset);

      stmt = bulk->stmt[STMT_VARIANT];
      for (guint i = 0; found != NULL && i < found->len; i++)
        {
          const MuyingVariant *v = g_ptr_array_index (found, i);

          muying_sql_bind_int64 (stmt, 1, *record_id);
          muying_sql_bind_text (stmt, 2, v->gene, -1, SQLITE_STATIC);
          muying_sql_bind_text (stmt, 3, v->variant, -1, SQLITE_STATIC);
          muying_sql_bind_text (stmt, 4, muying_zygosity_to_string (v->zygosity), -1, SQLITE_STATIC);
          if (!step_done (bulk, stmt, error))
            return FALSE;
        }
    }
  return TRUE;
}

gboolean
muying_store_bulk_add_prenatal (MuyingStoreBulk             *bulk,
                                const MuyingPrenatalRecord  *record,
                                const MuyingClassification  *classification,
                                const MuyingBulkRecord      *row,
                                gint64                      *record_id,
                                GError                     **error)
{
  g_return_val_if_fail (bulk != NULL && record != NULL && classification != NULL && row != NULL, FALSE);
  return add_record (bulk, MUYING_PROGRAM_PRENATAL, record, classification, row,
                     muying_prenatal_record_get_age_at_edd (record), record_id, error);
}

gboolean
muying_store_bulk_add_newborn (MuyingStoreBulk             *bulk,
                               const MuyingNewbornRecord   *record,
                               const MuyingClassification  *classification,
                               const MuyingBulkRecord      *row,
                               gint64                      *record_id,
                               GError                     **error)
{
  g_return_val_if_fail (bulk != NULL && record != NULL && classification != NULL && row != NULL, FALSE);
  return add_record (bulk, MUYING_PROGRAM_NEWBORN, record, classification, row, -1, record_id, error);
}

gboolean
muying_store_bulk_add_two_cancer (MuyingStoreBulk             *bulk,
                                  const MuyingTwoCancerRecord *record,
                                  const MuyingClassification  *classification,
                                  const MuyingBulkRecord      *row,
                                  gint64                      *record_id,
                                  GError                     **error)
{
  g_return_val_if_fail (bulk != NULL && record != NULL && classification != NULL && row != NULL, FALSE);
  return add_record (bulk, MUYING_PROGRAM_TWO_CANCER, record, classification, row, -1, record_id, error);
}

gboolean
muying_store_bulk_add_review (MuyingStoreBulk  *bulk,
                              gint64            record_id,
                              const char       *user,
                              const char       *action,
                              MuyingLevel       old_level,
                              MuyingLevel       new_level,
                              const char       *reason,
                              const char       *at,
                              GError          **error)
{
  MuyingSqlStmt *stmt = bulk->stmt[STMT_REVIEW];

  muying_sql_bind_int64 (stmt, 1, record_id);
  muying_sql_bind_text (stmt, 2, user, -1, SQLITE_STATIC);
  muying_sql_bind_text (stmt, 3, action, -1, SQLITE_STATIC);
  muying_sql_bind_int (stmt, 4, old_level);
  muying_sql_bind_int (stmt, 5, new_level);
  if (reason != NULL)
    muying_sql_bind_text (stmt, 6, reason, -1, SQLITE_STATIC);
  muying_sql_bind_text (stmt, 7, at, -1, SQLITE_STATIC);
  return step_done (bulk, stmt, error);
}

gboolean
muying_store_bulk_add_followup (MuyingStoreBulk           *bulk,
                                gint64                     record_id,
                                const MuyingBulkFollowup  *f,
                                gint64                    *followup_id,
                                GError                   **error)
{
  MuyingSqlStmt *stmt = bulk->stmt[STMT_FOLLOWUP];

  muying_sql_bind_int64 (stmt, 1, record_id);
  muying_sql_bind_text (stmt, 2, muying_followup_state_to_string (f->state), -1, SQLITE_STATIC);
  bind_date_or_null (stmt, 3, f->due);
  bind_text_or_null (stmt, 4, f->next_step);
  muying_sql_bind_int (stmt, 5, f->attempts);
  bind_text_or_null (stmt, 6, f->outcome);
  muying_sql_bind_text (stmt, 7, f->opened_at, -1, SQLITE_STATIC);
  if (f->closed_at != NULL)
    muying_sql_bind_text (stmt, 8, f->closed_at, -1, SQLITE_STATIC);
  muying_sql_bind_text (stmt, 9, muying_program_to_string (f->program), -1, SQLITE_STATIC);
  muying_sql_bind_int (stmt, 10, f->level);
  muying_sql_bind_text (stmt, 11, f->review_state, -1, SQLITE_STATIC);
  if (!step_done (bulk, stmt, error))
    return FALSE;
  *followup_id = muying_sql_last_insert_id (bulk->db);
  return TRUE;
}

gboolean
muying_store_bulk_add_followup_step (MuyingStoreBulk      *bulk,
                                     gint64                followup_id,
                                     MuyingFollowupState   state,
                                     const char           *step,
                                     const GDate          *date,
                                     const char           *user,
                                     const char           *note,
                                     const char           *created_at,
                                     GError              **error)
{
  MuyingSqlStmt *stmt = bulk->stmt[STMT_STEP];

  muying_sql_bind_int64 (stmt, 1, followup_id);
  muying_sql_bind_text (stmt, 2, muying_followup_state_to_string (state), -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 3, step);
  bind_date_or_null (stmt, 4, date);
  bind_text_or_null (stmt, 5, user);
  bind_text_or_null (stmt, 6, note);
  muying_sql_bind_text (stmt, 7, created_at, -1, SQLITE_STATIC);
  return step_done (bulk, stmt, error);
}
