/* muying-store-audit.c: the append-only, hash-chained audit trail and the seals
 *
 * Each row's hash covers the previous row's hash and the row's own fields, so changing or
 * removing a row anywhere breaks the chain from there on; the triggers of the schema make
 * UPDATE and DELETE fail for ordinary use, and the check (muying-store-check.c) finds direct
 * edits.
 *
 * Since schema version 4 the hash is HMAC-SHA-256 with the installation's key, which is kept
 * outside the database (muying-store-key.c): without the key nobody can re-compute a chain
 * they rewrote. Entries written before stay verifiable by the old rule (plain SHA-256); an
 * "audit_key" entry (entity "audit", detail {"key": id, …}) marks where keyed entries begin
 * and, later, any change of key. Keeping the old entries, rather than re-keying them, leaves
 * their original hashes as they were written (re-keying would have to rewrite every row of an
 * append-only table, destroying the evidence it exists to keep); the keyed marker covers the
 * last old hash, so the old part cannot be rewritten either.
 *
 * Seals: an entry about an account (entity "user") or a signed record (entity "record") also
 * seals that row: "<key id>:<HMAC of the row's canonical content>" is written into the row's
 * seal column and into the entry's. The check recomputes the seals and compares each row with
 * the newest entry about it, so an edit, an older version put back, a deleted signed record or
 * a row added behind the program's back is named.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "muying-date.h"
#include "muying-error.h"
#include "muying-store.h"
#include "muying-store-lookup.h"
#include "muying-store-private.h"
#include "muying-store-audit-private.h"

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define MARKER_ENTITY "audit"
#define MARKER_ACTION "audit_key"
#define MAX_LISTED 20   /* problems of one kind listed one by one */

/* The rule of the entries written before schema version 4. */
static char *
legacy_hash (const char *prev_hash,
             const char *at,
             const char *user,
             const char *action,
             const char *entity,
             gint64      entity_id,
             const char *detail)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  char id_text[32];
  /* U+001F (unit separator) between fields: it cannot occur in any of them by accident. */
  const char *parts[] = { prev_hash, at, user ? user : "", action, entity ? entity : "", id_text,
                          detail ? detail : "" };

  g_snprintf (id_text, sizeof id_text, "%" G_GINT64_FORMAT, entity_id);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (i > 0)
        g_checksum_update (sum, (const guchar *) "\x1f", 1);
      g_checksum_update (sum, (const guchar *) parts[i], -1);
    }
  return g_strdup (g_checksum_get_string (sum));
}

static char *
keyed_hash (GBytes     *key,
            const char *prev_hash,
            const char *at,
            const char *user,
            const char *action,
            const char *entity,
            gint64      entity_id,
            const char *detail,
            const char *seal)
{
  char id_text[32];
  const char *parts[] = { prev_hash, at, user, action, entity, id_text, detail, seal };

  g_snprintf (id_text, sizeof id_text, "%" G_GINT64_FORMAT, entity_id);
  return _muying_mac (key, "muying-audit-2", parts, G_N_ELEMENTS (parts));
}

/* ---- canonical content and seals --------------------------------------------------------- */

static gboolean
in_list (const char         *name,
         const char * const *list)
{
  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    if (g_strcmp0 (name, list[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Appends every row of @sql (bound to @id) as "section.column=type:value" for its non-NULL
 * columns not in @skip (a column added later, NULL in old rows, leaves old seals valid).
 * Returns the number of rows, -1 on error. */
static gint64
append_rows (MuyingStore        *self,
             GString            *out,
             const char         *section,
             const char         *sql,
             gint64              id,
             const char * const *skip,
             GError            **error)
{
  g_autoptr(MuyingSqlCachedStmt) stmt = muying_store_query_cached (self, sql, error);
  gint64 n = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  muying_sql_bind_int64 (stmt, 1, id);
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    {
      g_string_append_c (out, '\x1d');
      for (int c = 0; c < muying_sql_column_count (stmt); c++)
        {
          const char *name = muying_sql_column_name (stmt, c);
          int type = muying_sql_column_type (stmt, c);

          if (type == SQLITE_NULL || in_list (name, skip))
            continue;
          g_string_append_printf (out, "\x1e%s.%s=%c:", section, name,
                                  type == SQLITE_INTEGER ? 'i' : type == SQLITE_FLOAT ? 'r' : 't');
          g_string_append (out, (const char *) muying_sql_column_text (stmt, c));
        }
      n++;
    }
  if (rc != SQLITE_DONE)
    {
      muying_store_set_error (self, rc, error);
      return -1;
    }
  return n;
}

static const char *
program_table (const char *program)
{
  static const char * const tables[] = { "prenatal", "newborn", "two_cancer" };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_strcmp0 (program, tables[i]) == 0)
      return tables[i];
  return NULL;
}

/* What a signed record's seal covers: the record row (but for its seal and the time and login
 * of the last write), its programme's row, its reasons and its variants. */
static gboolean
record_content (MuyingStore *self,
                gint64       id,
                const char  *program,
                GString     *out,
                GError     **error)
{
  /* row_version counts writes (two workstations, one record): not content, and old seals predate it */
  static const char * const record_skip[] = { "seal", "updated_at", "updated_by", "row_version", NULL };
  /* pregnancy_id is derived: any record of the woman may regroup her pregnancies. */
  static const char * const program_skip[] = { "record_id", "pregnancy_id", NULL };
  const char *table = program_table (program);
  g_autofree char *sql = NULL;

  g_string_truncate (out, 0);
  if (append_rows (self, out, "record", "SELECT * FROM record WHERE id = ?", id, record_skip, error) < 0)
    return FALSE;
  if (table != NULL)
    {
      sql = g_strdup_printf ("SELECT * FROM %s WHERE record_id = ?", table);
      if (append_rows (self, out, table, sql, id, program_skip, error) < 0)
        return FALSE;
    }
  return append_rows (self, out, "reason", "SELECT code, level FROM reason WHERE record_id = ? ORDER BY code",
                      id, NULL, error) >= 0 &&
         append_rows (self, out, "variant", "SELECT gene, variant, zygosity FROM newborn_variant "
                      "WHERE record_id = ? ORDER BY gene, variant", id, NULL, error) >= 0;
}

/* What an account's seal covers: who it is, its role, password and state (not the count of
 * failed log-ins and the lock, which change at every log-in). */
static gboolean
user_content (MuyingStore *self,
              gint64       id,
              GString     *out,
              GError     **error)
{
  g_string_truncate (out, 0);
  return append_rows (self, out, "user", "SELECT id, login, display_name, role, password_hash, disabled, created_at "
                      "FROM app_user WHERE id = ?", id, NULL, error) >= 0;
}

static char *
seal_of (GBytes     *key,
         const char *key_id,
         const char *domain,
         const char *content)
{
  g_autofree char *mac = _muying_mac (key, domain, &content, 1);

  return g_strconcat (key_id, ":", mac, NULL);
}

/* The key a seal "<id>:<mac>" was made with, or NULL (@key_id: (out): its id). */
static GBytes *
seal_key (MuyingStore *self,
          const char  *seal,
          char       **key_id)
{
  const char *colon = seal != NULL ? strchr (seal, ':') : NULL;

  *key_id = colon != NULL ? g_strndup (seal, colon - seal) : NULL;
  return *key_id != NULL ? _muying_keyring_find (_muying_store_get_keyring (self), *key_id) : NULL;
}

static gboolean
set_row_seal (MuyingStore *self,
              const char  *sql,
              gint64       id,
              const char  *seal,
              GError     **error)
{
  g_autoptr(MuyingSqlCachedStmt) stmt = muying_store_query_cached (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_text (stmt, 1, seal, -1, SQLITE_TRANSIENT);
  muying_sql_bind_int64 (stmt, 2, id);
  rc = muying_sql_step (stmt);
  if (rc != SQLITE_DONE)
    return muying_store_set_error (self, rc, error);
  return TRUE;
}

/* Seals the account or signed record an audit entry is about, as it is now (the entry is
 * written after the change). @seal: (out): the seal, NULL for anything else. */
static gboolean
seal_entity (MuyingStore *self,
             GBytes      *key,
             const char  *key_id,
             const char  *entity,
             gint64       entity_id,
             char       **seal,
             GError     **error)
{
  g_autoptr(GString) content = g_string_new (NULL);
  gboolean is_user = g_strcmp0 (entity, "user") == 0;
  int rc;

  *seal = NULL;
  if (entity_id <= 0 || !(is_user || g_strcmp0 (entity, "record") == 0))
    return TRUE;
  if (is_user)
    {
      g_autoptr(MuyingSqlCachedStmt) exists = muying_store_query_cached (self, "SELECT 1 FROM app_user WHERE id = ?", error);

      if (exists == NULL)
        return FALSE;
      muying_sql_bind_int64 (exists, 1, entity_id);
      rc = muying_sql_step (exists);
      if (rc == SQLITE_DONE)
        return TRUE;
      if (rc != SQLITE_ROW)
        return muying_store_set_error (self, rc, error);
      if (!user_content (self, entity_id, content, error))
        return FALSE;
      *seal = seal_of (key, key_id, "muying-user-1", content->str);
      return set_row_seal (self, "UPDATE app_user SET seal = ? WHERE id = ?", entity_id, *seal, error);
    }
  else
    {
      g_autoptr(MuyingSqlCachedStmt) state = muying_store_query_cached (self, "SELECT program, review_state FROM record WHERE id = ?",
                                                           error);
      g_autofree char *program = NULL;

      if (state == NULL)
        return FALSE;
      muying_sql_bind_int64 (state, 1, entity_id);
      rc = muying_sql_step (state);
      if (rc == SQLITE_DONE)
        return TRUE;
      if (rc != SQLITE_ROW)
        return muying_store_set_error (self, rc, error);
      if (g_strcmp0 ((const char *) muying_sql_column_text (state, 1), "signed") != 0)
        return TRUE;
      program = g_strdup ((const char *) muying_sql_column_text (state, 0));
      muying_sql_reset (state);
      if (!record_content (self, entity_id, program, content, error))
        return FALSE;
      *seal = seal_of (key, key_id, "muying-record-1", content->str);
      return set_row_seal (self, "UPDATE record SET seal = ? WHERE id = ?", entity_id, *seal, error);
    }
}

/* ---- appending --------------------------------------------------------------------------- */

static gboolean
insert_entry (MuyingStore *self,
              GBytes      *key,
              const char  *prev,
              const char  *user,
              const char  *action,
              const char  *entity,
              gint64       entity_id,
              const char  *detail,
              const char  *seal,
              GError     **error)
{
  g_autoptr(MuyingSqlCachedStmt) insert = NULL;
  g_autofree char *at = _muying_store_now_iso ();
  g_autofree char *hash = keyed_hash (key, prev, at, user, action, entity, entity_id, detail, seal);
  int rc;

  insert = muying_store_query_cached (self,
                                        "INSERT INTO audit (at, user_name, action, entity, entity_id, detail, "
                                        "prev_hash, hash, seal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (insert == NULL)
    return FALSE;
  muying_sql_bind_text (insert, 1, at, -1, SQLITE_STATIC);
  muying_sql_bind_text (insert, 2, user, -1, SQLITE_STATIC);
  muying_sql_bind_text (insert, 3, action, -1, SQLITE_STATIC);
  muying_sql_bind_text (insert, 4, entity, -1, SQLITE_STATIC);
  muying_sql_bind_int64 (insert, 5, entity_id);
  muying_sql_bind_text (insert, 6, detail, -1, SQLITE_STATIC);
  muying_sql_bind_text (insert, 7, prev, -1, SQLITE_STATIC);
  muying_sql_bind_text (insert, 8, hash, -1, SQLITE_STATIC);
  muying_sql_bind_text (insert, 9, seal, -1, SQLITE_STATIC);
  rc = muying_sql_step (insert);
  if (rc != SQLITE_DONE)
    return muying_store_set_error (self, rc, error);
  _muying_store_set_last_audit_hash (self, hash);
  _muying_store_note_audited (self);
  return TRUE;
}

static char *
last_hash (MuyingStore *self,
           GError     **error)
{
  g_autoptr(MuyingSqlCachedStmt) last = NULL;
  int rc;

  if (_muying_store_get_last_audit_hash (self) != NULL)
    return g_strdup (_muying_store_get_last_audit_hash (self));
  last = muying_store_query_cached (self, "SELECT hash FROM audit ORDER BY id DESC LIMIT 1", error);
  if (last == NULL)
    return NULL;
  rc = muying_sql_step (last);
  if (rc == SQLITE_ROW)
    return g_strdup ((const char *) muying_sql_column_text (last, 0));
  if (rc == SQLITE_DONE)
    return g_strdup (GENESIS_HASH);
  muying_store_set_error (self, rc, error);
  return NULL;
}

JsonObject *
_muying_store_parse_detail (JsonParser *parser,
                            const char *detail)
{
  JsonNode *root;

  if (detail == NULL || !json_parser_load_from_data (parser, detail, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
}

/* The key id named by a marker's detail, or NULL. */
static char *
marker_key (const char *detail)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object = _muying_store_parse_detail (parser, detail);

  if (object == NULL || !json_object_has_member (object, "key"))
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (object, "key", NULL));
}

/* ---- the chain, entry by entry (muying-store-audit-private.h) ----------------------------- */

typedef struct
{
  char   *key_id;
  gint64  first;
  gint64  last;
} MissingKey;

struct _MuyingAuditChain
{
  MuyingKeyring *keyring;   /* borrowed */
  char          *prev;      /* hash of the entry before */
  char          *key_id;    /* named by the newest marker */
  GBytes        *key;       /* borrowed from the keyring, NULL when not on this computer */
  gboolean       keyed;
  gint64         n_entries;
  GArray        *missing;   /* of MissingKey */
};

MuyingAuditChain *
_muying_audit_chain_new (MuyingKeyring *keyring)
{
  MuyingAuditChain *self = g_new0 (MuyingAuditChain, 1);

  self->keyring = keyring;
  self->prev = g_strdup (GENESIS_HASH);
  self->missing = g_array_new (FALSE, TRUE, sizeof (MissingKey));
  return self;
}

void
_muying_audit_chain_free (MuyingAuditChain *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->missing->len; i++)
    g_free (g_array_index (self->missing, MissingKey, i).key_id);
  g_array_unref (self->missing);
  g_free (self->prev);
  g_free (self->key_id);
  g_free (self);
}

guint
_muying_audit_chain_feed (MuyingAuditChain       *self,
                          const MuyingAuditEntry *e)
{
  g_autofree char *expected = NULL;
  guint findings = 0;

  self->n_entries++;
  if (g_strcmp0 (e->prev_hash, self->prev) != 0)
    findings |= MUYING_AUDIT_LINK_BROKEN;
  if (g_strcmp0 (e->entity, MARKER_ENTITY) == 0 && g_strcmp0 (e->action, MARKER_ACTION) == 0)
    {
      g_free (self->key_id);
      self->key_id = marker_key (e->detail);
      self->key = self->key_id != NULL ? _muying_keyring_find (self->keyring, self->key_id) : NULL;
      self->keyed = TRUE;
    }
  if (!self->keyed)
    expected = legacy_hash (e->prev_hash, e->at, e->user, e->action, e->entity, e->entity_id, e->detail);
  else if (self->key != NULL)
    expected = keyed_hash (self->key, e->prev_hash, e->at, e->user, e->action, e->entity, e->entity_id,
                           e->detail, e->seal);
  else
    {
      MissingKey *m = self->missing->len > 0 ? &g_array_index (self->missing, MissingKey, self->missing->len - 1)
                                             : NULL;

      findings |= MUYING_AUDIT_UNVERIFIABLE;
      if (m == NULL || g_strcmp0 (m->key_id, self->key_id) != 0 || m->last + 1 != e->id)
        {
          MissingKey add = { g_strdup (self->key_id ? self->key_id : "?"), e->id, e->id };
          g_array_append_val (self->missing, add);
        }
      else
        m->last = e->id;
    }
  if (expected != NULL && (g_strcmp0 (e->hash, expected) != 0 || (!self->keyed && e->seal != NULL)))
    findings |= MUYING_AUDIT_FORGED;
  g_free (self->prev);
  self->prev = g_strdup (e->hash);
  return findings;
}

gboolean
_muying_audit_chain_is_keyed (MuyingAuditChain *self)
{
  return self->keyed;
}

gint64
_muying_audit_chain_get_count (MuyingAuditChain *self)
{
  return self->n_entries;
}

const char *
_muying_audit_chain_get_head (MuyingAuditChain *self)
{
  return self->prev;
}

gboolean
_muying_audit_chain_get_missing (MuyingAuditChain *self,
                                 guint             i,
                                 const char      **key_id,
                                 gint64           *first,
                                 gint64           *last)
{
  MissingKey *m;

  if (i >= self->missing->len)
    return FALSE;
  m = &g_array_index (self->missing, MissingKey, i);
  *key_id = m->key_id;
  *first = m->first;
  *last = m->last;
  return TRUE;
}

/* Makes sure the chain's newest marker names the installation's current key (appending one
 * when it does not: a new database, a migrated one, or a key that changed) and returns the
 * key. @extra: (nullable): members for the marker's detail, as "\"name\":value,…". */
static GBytes *
chain_key (MuyingStore *self,
           const char  *extra,
           const char **key_id,
           GError     **error)
{
  MuyingKeyring *keyring = _muying_store_get_keyring (self);
  const char *current = _muying_keyring_current (keyring, NULL, error);
  g_autofree char *chain = NULL;
  g_autofree char *prev = NULL;
  g_autofree char *detail = NULL;
  GBytes *key;

  if (current == NULL)
    {
      g_prefix_error (error, _("The audit key could not be made: "));
      return NULL;
    }
  key = _muying_keyring_find (keyring, current);
  *key_id = current;
  if (_muying_store_get_chain_key (self) != NULL && extra == NULL)
    chain = g_strdup (_muying_store_get_chain_key (self));
  else
    {
      g_autoptr(MuyingSqlCachedStmt) stmt =
        muying_store_query_cached (self, "SELECT detail FROM audit WHERE entity = '" MARKER_ENTITY "' AND "
                                           "action = '" MARKER_ACTION "' ORDER BY id DESC LIMIT 1", error);
      int rc;

      if (stmt == NULL)
        return NULL;
      rc = muying_sql_step (stmt);
      if (rc == SQLITE_ROW)
        chain = marker_key ((const char *) muying_sql_column_text (stmt, 0));
      else if (rc != SQLITE_DONE)
        {
          muying_store_set_error (self, rc, error);
          return NULL;
        }
    }
  if (g_strcmp0 (chain, current) == 0 && extra == NULL)
    {
      _muying_store_set_chain_key (self, current);
      return key;
    }

  prev = last_hash (self, error);
  if (prev == NULL)
    return NULL;
  detail = g_strdup_printf ("{\"key\":\"%s\",\"previous_key\":%s%s%s%s%s}", current,
                            chain != NULL ? "\"" : "", chain != NULL ? chain : "null", chain != NULL ? "\"" : "",
                            extra != NULL ? "," : "", extra != NULL ? extra : "");
  if (!insert_entry (self, key, prev, NULL, MARKER_ACTION, MARKER_ENTITY, 0, detail, NULL, error))
    return NULL;
  _muying_store_set_chain_key (self, current);
  return key;
}

gboolean
muying_store_audit (MuyingStore *self,
                    const char  *user,
                    const char  *action,
                    const char  *entity,
                    gint64       entity_id,
                    const char  *detail,
                    GError     **error)
{
  g_autofree char *prev = NULL;
  g_autofree char *seal = NULL;
  const char *key_id = NULL;
  GBytes *key;

  g_return_val_if_fail (action != NULL, FALSE);

  key = chain_key (self, NULL, &key_id, error);
  if (key == NULL)
    return FALSE;
  prev = last_hash (self, error);
  if (prev == NULL ||
      !seal_entity (self, key, key_id, entity, entity_id, &seal, error))
    return FALSE;
  return insert_entry (self, key, prev, user, action, entity, entity_id, detail, seal, error);
}

gboolean
muying_store_audit_now (MuyingStore *self,
                        const char  *user,
                        const char  *action,
                        const char  *entity,
                        gint64       entity_id,
                        const char  *detail,
                        GError     **error)
{
  if (!muying_store_begin (self, error))
    return FALSE;
  if (!muying_store_audit (self, user, action, entity, entity_id, detail, error))
    {
      muying_store_rollback (self);
      return FALSE;
    }
  return muying_store_commit (self, error);
}

static gboolean
seal_all (MuyingStore *self,
          GBytes      *key,
          const char  *key_id,
          const char  *entity,
          const char  *sql,
          gint64      *n_sealed,
          GError     **error)
{
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (self, sql, error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = muying_sql_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    return muying_store_set_error (self, rc, error);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *seal = NULL;

      if (!seal_entity (self, key, key_id, entity, g_array_index (ids, gint64, i), &seal, error))
        return FALSE;
    }
  *n_sealed = ids->len;
  return TRUE;
}

gboolean
_muying_store_start_keyed_chain (MuyingStore *self,
                                 GError     **error)
{
  MuyingKeyring *keyring = _muying_store_get_keyring (self);
  const char *key_id = _muying_keyring_current (keyring, NULL, error);
  g_autofree char *extra = NULL;
  gint64 n_users = 0, n_records = 0, n_old = 0;
  GBytes *key;

  if (key_id == NULL)
    {
      g_prefix_error (error, _("The audit key could not be made: "));
      return FALSE;
    }
  key = _muying_keyring_find (keyring, key_id);
  if (!seal_all (self, key, key_id, "user", "SELECT id FROM app_user ORDER BY id", &n_users, error) ||
      !seal_all (self, key, key_id, "record", "SELECT id FROM record WHERE review_state = 'signed' ORDER BY id",
                 &n_records, error))
    return FALSE;
  n_old = muying_store_count_audit_rows (self, error);
  if (n_old < 0)
    return FALSE;
  extra = g_strdup_printf ("\"reason\":\"schema\",\"unkeyed_entries\":%" G_GINT64_FORMAT ","
                           "\"sealed_users\":%" G_GINT64_FORMAT ",\"sealed_records\":%" G_GINT64_FORMAT,
                           n_old, n_users, n_records);
  return chain_key (self, extra, &key_id, error) != NULL;
}

gboolean
_muying_store_seal_signed_records (MuyingStore *self,
                                   gint64      *n_sealed,
                                   GError     **error)
{
  MuyingKeyring *keyring = _muying_store_get_keyring (self);
  const char *key_id = _muying_keyring_current (keyring, NULL, error);

  if (key_id == NULL)
    return FALSE;
  return seal_all (self, _muying_keyring_find (keyring, key_id), key_id, "record",
                   "SELECT id FROM record WHERE review_state = 'signed' AND seal IS NULL ORDER BY id", n_sealed,
                   error);
}

/* ---- the newest entry -------------------------------------------------------------------- */

gboolean
_muying_store_read_head (MuyingStore     *self,
                         MuyingAuditHead *head)
{
  g_autoptr(MuyingSqlCachedStmt) last = muying_store_query_cached (self, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
                                                            NULL);
  g_autoptr(MuyingSqlCachedStmt) first = NULL;

  memset (head, 0, sizeof *head);
  if (last == NULL || muying_sql_step (last) != SQLITE_ROW)
    return FALSE;
  first = muying_store_query_cached (self, "SELECT hash FROM audit ORDER BY id LIMIT 1", NULL);
  if (first == NULL || muying_sql_step (first) != SQLITE_ROW)
    return FALSE;
  head->id = muying_sql_column_int64 (last, 0);
  head->hash = g_strdup ((const char *) muying_sql_column_text (last, 1));
  head->origin = g_strdup ((const char *) muying_sql_column_text (first, 0));
  head->seen_at = _muying_store_now_iso ();
  return TRUE;
}

/* Whether the chain still holds the entry @seen recorded in the key folder. */
static gboolean
chain_holds (MuyingStore           *self,
             const MuyingAuditHead *seen)
{
  g_autoptr(MuyingSqlCachedStmt) at_id = muying_store_query_cached (self, "SELECT hash FROM audit WHERE id = ?", NULL);

  if (at_id == NULL)
    return TRUE;   /* not known to be cut: as before, the record is replaced */
  muying_sql_bind_int64 (at_id, 1, seen->id);
  return muying_sql_step (at_id) == SQLITE_ROW && g_strcmp0 ((const char *) muying_sql_column_text (at_id, 0), seen->hash) == 0;
}

/* Records the newest entry in the key folder, after a commit, with one read of the file: not when
 * the chain no longer holds the entry recorded before (entries were deleted or rewritten behind
 * the program's back: that record stays as the evidence the check reports), nor when a newer
 * entry of the same chain is recorded already (two programs commit in one order but may write
 * the file in the other). */
void
_muying_store_record_head (MuyingStore *self)
{
  MuyingAuditHead head = { 0 };
  MuyingAuditHead seen = { 0 };
  const char *head_file = _muying_store_get_head_file (self);
  gboolean write = TRUE;

  if (!_muying_store_read_head (self, &head))
    return;
  if (_muying_keyring_read_head_file (head_file, &seen) && g_strcmp0 (seen.origin, head.origin) == 0)
    write = seen.id <= head.id && chain_holds (self, &seen);
  if (write)
    _muying_keyring_write_head_file (_muying_store_get_keyring (self), head_file,
                                     _muying_store_get_canonical_path (self), &head);
  _muying_audit_head_clear (&seen);
  _muying_audit_head_clear (&head);
}

gboolean
muying_store_get_audit_head (MuyingStore  *self,
                             gint64       *id,
                             char        **hash)
{
  MuyingAuditHead head = { 0 };

  g_return_val_if_fail (MUYING_IS_STORE (self), FALSE);

  if (!_muying_store_read_head (self, &head))
    return FALSE;
  *id = head.id;
  *hash = g_steal_pointer (&head.hash);
  _muying_audit_head_clear (&head);
  return TRUE;
}

/* ---- verifying --------------------------------------------------------------------------- */

typedef struct
{
  gint64  audit_id;
  char   *seal;     /* newest seal written, NULL when only a legacy "sign" entry is known */
} Anchor;

static void
anchor_free (Anchor *a)
{
  g_free (a->seal);
  g_free (a);
}

static GHashTable *
anchor_table (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) anchor_free);
}

static void
anchor_set (GHashTable *table,
            gint64      id,
            gint64      audit_id,
            const char *seal)
{
  Anchor *a = g_hash_table_lookup (table, &id);

  if (a == NULL)
    {
      a = g_new0 (Anchor, 1);
      g_hash_table_insert (table, g_memdup2 (&id, sizeof id), a);
    }
  a->audit_id = audit_id;
  if (seal != NULL)
    {
      g_free (a->seal);
      a->seal = g_strdup (seal);
    }
}

typedef struct
{
  GPtrArray  *problems;
  guint       n_listed[8];
  gint64      n_more[8];
} Report;

enum { KIND_CHAIN, KIND_USER, KIND_RECORD, KIND_GONE, N_KINDS };

static void
report (Report *r,
        int     kind,
        char   *message)
{
  if (r->n_listed[kind] < MAX_LISTED)
    {
      g_ptr_array_add (r->problems, message);
      r->n_listed[kind]++;
    }
  else
    {
      g_free (message);
      r->n_more[kind]++;
    }
}

static void
report_more (Report *r)
{
  for (int k = 0; k < N_KINDS; k++)
    if (r->n_more[k] > 0)
      g_ptr_array_add (r->problems, g_strdup_printf (_("… and %lld more of the same kind"),
                                                     (long long) r->n_more[k]));
}

static char *
local_time (const char *iso)
{
  g_autoptr(GDateTime) utc = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (iso ? iso : "?");
}

static void
check_chain (MuyingStore *self,
             Report      *r,
             GHashTable  *users,
             GHashTable  *records,
             gint64      *first_bad_id)
{
  MuyingKeyring *keyring = _muying_store_get_keyring (self);
  g_autoptr(MuyingAuditChain) chain = _muying_audit_chain_new (keyring);
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  g_autofree char *origin = NULL;
  MuyingAuditHead seen = { 0 };
  const char *key_id;
  gint64 n_rows = 0, last_id = 0, first, last;
  int rc;

  stmt = muying_store_query (self, "SELECT id, at, user_name, action, entity, entity_id, detail, prev_hash, hash, seal "
                                     "FROM audit ORDER BY id", NULL);
  if (stmt == NULL)
    {
      report (r, KIND_CHAIN, g_strdup_printf (_("The check could not run: %s"),
                                              muying_sql_errmsg (muying_store_get_sql (self))));
      return;
    }
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    {
      MuyingAuditEntry e = {
        .id = muying_sql_column_int64 (stmt, 0),
        .at = (const char *) muying_sql_column_text (stmt, 1),
        .user = (const char *) muying_sql_column_text (stmt, 2),
        .action = (const char *) muying_sql_column_text (stmt, 3),
        .entity = (const char *) muying_sql_column_text (stmt, 4),
        .entity_id = muying_sql_column_int64 (stmt, 5),
        .detail = (const char *) muying_sql_column_text (stmt, 6),
        .prev_hash = (const char *) muying_sql_column_text (stmt, 7),
        .hash = (const char *) muying_sql_column_text (stmt, 8),
        .seal = (const char *) muying_sql_column_text (stmt, 9),
      };
      guint findings = _muying_audit_chain_feed (chain, &e);
      gboolean keyed = _muying_audit_chain_is_keyed (chain);

      n_rows++;
      last_id = e.id;
      if (n_rows == 1)
        origin = g_strdup (e.hash);
      if (findings & (MUYING_AUDIT_LINK_BROKEN | MUYING_AUDIT_FORGED))
        {
          if (first_bad_id != NULL && *first_bad_id == 0)
            *first_bad_id = e.id;
        }
      if (findings & MUYING_AUDIT_LINK_BROKEN)
        {
          if (n_rows == 1)
            report (r, KIND_CHAIN, g_strdup_printf (_("The audit trail does not start at its first entry: the entries "
                                                      "before entry %lld were deleted"), (long long) e.id));
          else
            report (r, KIND_CHAIN, g_strdup_printf (_("Audit entry %lld does not follow the entry before it: entries "
                                                      "were deleted or inserted there"), (long long) e.id));
        }
      if (findings & MUYING_AUDIT_FORGED)
        report (r, KIND_CHAIN, g_strdup_printf (_("Audit entry %lld was changed outside the program"),
                                                (long long) e.id));

      /* What the entries say about accounts and signed records (only verified entries count:
       * a forged one is reported above). */
      if (e.entity_id > 0 && g_strcmp0 (e.entity, "user") == 0 &&
          (e.seal != NULL || g_strcmp0 (e.action, "user_add") == 0))
        anchor_set (users, e.entity_id, e.id, e.seal);
      else if (e.entity_id > 0 && g_strcmp0 (e.entity, "record") == 0 &&
               (e.seal != NULL || (!keyed && (g_strcmp0 (e.action, "sign") == 0 || g_strcmp0 (e.action, "amend") == 0))))
        anchor_set (records, e.entity_id, e.id, e.seal);
    }
  if (rc != SQLITE_DONE)
    report (r, KIND_CHAIN, g_strdup_printf (_("The check could not run: %s"),
                                            muying_sql_errmsg (muying_store_get_sql (self))));

  if (n_rows == 0)
    report (r, KIND_CHAIN, g_strdup (_("The audit trail is empty: its entries were deleted")));
  else if (!_muying_audit_chain_is_keyed (chain) &&
           muying_store_get_schema_version (self) >= MUYING_STORE_KEYED_AUDIT_VERSION)
    report (r, KIND_CHAIN, g_strdup (_("The audit trail has no keyed entry: it was rewritten or cut short")));
  for (guint i = 0; _muying_audit_chain_get_missing (chain, i, &key_id, &first, &last); i++)
    g_ptr_array_add (r->problems,
                     g_strdup_printf (_("Audit entries %lld to %lld were written with the key %s, which is not "
                                        "in the key folder “%s”: their authenticity cannot be verified. Put the "
                                        "backed-up key folder back (see docs/security.md)"),
                                      (long long) first, (long long) last, key_id,
                                      _muying_keyring_get_dir (keyring)));

  /* Against the newest entry this installation saw committed. */
  if (_muying_keyring_read_head_file (_muying_store_get_head_file (self), &seen))
    {
      if (n_rows == 0 || g_strcmp0 (seen.origin, origin) == 0)
        {
          g_autofree char *when = local_time (seen.seen_at);
          g_autoptr(MuyingSqlStmt) at_id = muying_store_query (self, "SELECT hash FROM audit WHERE id = ?", NULL);

          if (last_id < seen.id)
            report (r, KIND_CHAIN,
                    g_strdup_printf (_("The audit trail ends at entry %lld, but entry %lld was already seen on %s: "
                                       "entries at its end were deleted, or an older copy of the database was put "
                                       "in its place"), (long long) last_id, (long long) seen.id, when));
          else if (at_id != NULL)
            {
              muying_sql_bind_int64 (at_id, 1, seen.id);
              if (muying_sql_step (at_id) != SQLITE_ROW ||
                  g_strcmp0 ((const char *) muying_sql_column_text (at_id, 0), seen.hash) != 0)
                report (r, KIND_CHAIN,
                        g_strdup_printf (_("Audit entry %lld is not the one seen on %s: the audit trail was "
                                           "rewritten"), (long long) seen.id, when));
            }
        }
    }
  _muying_audit_head_clear (&seen);
}

typedef struct
{
  gint64 n_unverifiable;
  char  *key_id;
} Unverifiable;

/* TRUE when @seal is the seal of @content; counts seals of keys not on this computer in @u. */
static gboolean
seal_matches (MuyingStore  *self,
              const char   *seal,
              const char   *domain,
              const char   *content,
              Unverifiable *u,
              gboolean     *verifiable)
{
  g_autofree char *key_id = NULL;
  g_autofree char *expected = NULL;
  GBytes *key = seal_key (self, seal, &key_id);

  *verifiable = key != NULL;
  if (key == NULL)
    {
      u->n_unverifiable++;
      if (u->key_id == NULL)
        u->key_id = g_strdup (key_id ? key_id : "?");
      return FALSE;
    }
  expected = seal_of (key, key_id, domain, content);
  return g_strcmp0 (expected, seal) == 0;
}

static void
check_users (MuyingStore  *self,
             Report       *r,
             GHashTable   *anchors,
             Unverifiable *u)
{
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (self, "SELECT id, login, seal FROM app_user ORDER BY id", NULL);
  g_autoptr(GString) content = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;

  if (stmt == NULL)
    return;
  while (muying_sql_step (stmt) == SQLITE_ROW)
    {
      gint64 id = muying_sql_column_int64 (stmt, 0);
      const char *login = (const char *) muying_sql_column_text (stmt, 1);
      const char *seal = (const char *) muying_sql_column_text (stmt, 2);
      Anchor *a = g_hash_table_lookup (anchors, &id);
      gboolean verifiable = FALSE;

      if (a != NULL)
        a->audit_id = -a->audit_id - 1;   /* seen: see the loop below */
      if (seal == NULL)
        {
          report (r, KIND_USER, g_strdup_printf (_("Account %s (id %lld) has no seal: it was added or changed outside "
                                                   "the program"), login, (long long) id));
          continue;
        }
      if (!user_content (self, id, content, NULL))
        continue;
      if (!seal_matches (self, seal, "muying-user-1", content->str, u, &verifiable))
        {
          if (verifiable)
            report (r, KIND_USER, g_strdup_printf (_("Account %s (id %lld) was changed outside the program: its "
                                                     "role, password, name or state is not what the program wrote"),
                                                   login, (long long) id));
          continue;
        }
      if (a != NULL && a->seal != NULL && g_strcmp0 (a->seal, seal) != 0)
        report (r, KIND_USER, g_strdup_printf (_("Account %s (id %lld) was put back to an earlier state outside the "
                                                 "program"), login, (long long) id));
    }
  g_hash_table_iter_init (&iter, anchors);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Anchor *a = value;

      if (a->audit_id >= 0)
        report (r, KIND_GONE, g_strdup_printf (_("Account id %lld was deleted outside the program (audit entry %lld "
                                                 "is about it)"), (long long) *(gint64 *) key,
                                               (long long) a->audit_id));
    }
}

static char *
record_label (const char *program,
              const char *record_key,
              gint64      id)
{
  MuyingProgram p;

  /* TRANSLATORS: “<programme> record <number> (id <n>)” */
  return g_strdup_printf (_("%s record %s (id %lld)"),
                          muying_program_from_string (program, &p) ? muying_program_get_label (p) : program,
                          record_key, (long long) id);
}

static void
check_records (MuyingStore  *self,
               Report       *r,
               GHashTable   *anchors,
               Unverifiable *u)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  g_autoptr(GString) content = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;

  /* Every signed record, and every record the audit knows was signed. */
  stmt = muying_store_query (self, "SELECT id, program, record_key, review_state, seal FROM record "
                                     "WHERE review_state = 'signed' OR seal IS NOT NULL ORDER BY id", NULL);
  if (stmt == NULL)
    return;
  while (muying_sql_step (stmt) == SQLITE_ROW)
    {
      gint64 id = muying_sql_column_int64 (stmt, 0);
      const char *program = (const char *) muying_sql_column_text (stmt, 1);
      const char *seal = (const char *) muying_sql_column_text (stmt, 4);
      gboolean is_signed = g_strcmp0 ((const char *) muying_sql_column_text (stmt, 3), "signed") == 0;
      g_autofree char *label = record_label (program, (const char *) muying_sql_column_text (stmt, 2), id);
      Anchor *a = g_hash_table_lookup (anchors, &id);
      gboolean verifiable = FALSE;

      if (a != NULL)
        a->audit_id = -a->audit_id - 1;
      if (!is_signed)
        {
          report (r, KIND_RECORD, g_strdup_printf (_("%s: it was signed but is no longer signed: it was unlocked "
                                                     "outside the program"), label));
          continue;
        }
      if (seal == NULL)
        {
          report (r, KIND_RECORD, g_strdup_printf (_("%s: it is marked as signed but has no seal: it was signed "
                                                     "outside the program"), label));
          continue;
        }
      if (!record_content (self, id, program, content, NULL))
        continue;
      if (!seal_matches (self, seal, "muying-record-1", content->str, u, &verifiable))
        {
          if (verifiable)
            report (r, KIND_RECORD, g_strdup_printf (_("%s: the signed record was changed outside the program (its "
                                                       "level, results or other content is not what was signed)"),
                                                     label));
          continue;
        }
      if (a != NULL && a->seal != NULL && g_strcmp0 (a->seal, seal) != 0)
        report (r, KIND_RECORD, g_strdup_printf (_("%s: it was put back to an earlier signed version outside the "
                                                   "program"), label));
    }

  /* Records the audit says were signed that were not among the rows above. */
  g_hash_table_iter_init (&iter, anchors);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Anchor *a = value;
      gint64 id = *(gint64 *) key;
      g_autoptr(MuyingSqlStmt) row = NULL;

      if (a->audit_id < 0)
        continue;
      row = muying_store_query (self, "SELECT program, record_key FROM record WHERE id = ?", NULL);
      if (row == NULL)
        continue;
      muying_sql_bind_int64 (row, 1, id);
      if (muying_sql_step (row) == SQLITE_ROW)
        {
          g_autofree char *label = record_label ((const char *) muying_sql_column_text (row, 0),
                                                 (const char *) muying_sql_column_text (row, 1), id);

          report (r, KIND_RECORD, g_strdup_printf (_("%s: it was signed (audit entry %lld) but is no longer signed: "
                                                     "it was unlocked outside the program"), label,
                                                   (long long) a->audit_id));
        }
      else
        report (r, KIND_GONE, g_strdup_printf (_("Record id %lld was signed (audit entry %lld) but was deleted "
                                                 "outside the program"), (long long) id, (long long) a->audit_id));
    }
}

void
_muying_store_check_audit (MuyingStore *self,
                           GPtrArray   *problems,
                           gboolean     with_seals,
                           gint64      *first_bad_id)
{
  g_autoptr(GHashTable) users = anchor_table ();
  g_autoptr(GHashTable) records = anchor_table ();
  Report r = { problems, { 0 }, { 0 } };
  Unverifiable u = { 0 };

  if (first_bad_id != NULL)
    *first_bad_id = 0;
  check_chain (self, &r, users, records, first_bad_id);
  if (with_seals && muying_store_get_schema_version (self) >= MUYING_STORE_KEYED_AUDIT_VERSION)
    {
      check_users (self, &r, users, &u);
      check_records (self, &r, records, &u);
    }
  report_more (&r);
  if (u.n_unverifiable > 0)
    g_ptr_array_add (problems,
                     g_strdup_printf (_("%lld accounts or signed records are sealed with the key %s, which is not in "
                                        "the key folder “%s”: they cannot be verified"),
                                      (long long) u.n_unverifiable, u.key_id,
                                      _muying_keyring_get_dir (_muying_store_get_keyring (self))));
  g_free (u.key_id);
}

/**
 * muying_store_verify_audit:
 * @first_bad_id: (out) (optional): the first row whose hash or link is wrong, 0 when none
 *
 * Verifies the audit chain and the newest entry seen, as the check does (the seals of the
 * accounts and signed records, which take longer, only the check verifies).
 *
 * Returns: %TRUE when all verifies; %FALSE with @error (MUYING_STORE_ERROR_CORRUPT) naming the
 * first problem.
 */
gboolean
muying_store_verify_audit (MuyingStore *self,
                           gint64      *first_bad_id,
                           GError     **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  _muying_store_check_audit (self, problems, FALSE, first_bad_id);
  if (problems->len > 0)
    {
      g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT, g_ptr_array_index (problems, 0));
      return FALSE;
    }
  return TRUE;
}

void
muying_audit_row_free (MuyingAuditRow *row)
{
  if (row == NULL)
    return;
  g_free (row->at);
  g_free (row->user);
  g_free (row->action);
  g_free (row->entity);
  g_free (row->detail);
  g_free (row);
}

GPtrArray *
muying_store_list_audit (MuyingStore *self,
                         const char  *text,
                         const char  *from,
                         const char  *to,
                         guint        limit,
                         GError     **error)
{
  g_autoptr(MuyingSqlCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_audit_row_free);
  g_autofree char *before = NULL;
  int rc;

  /* Up to @to inclusive: before the next day. A @to that is no date leaves nothing ("" sorts
   * before every time). */
  if (to != NULL && *to != '\0')
    {
      GDate day;

      if (muying_date_parse (to, &day, NULL))
        {
          g_date_add_days (&day, 1);
          before = muying_date_format (&day);
        }
      else
        before = g_strdup ("");
    }
  /* at is ISO 8601 UTC text, so a date prefix compares correctly. The parameters are cast so a
   * server knows their type when they are NULL. */
  stmt = muying_store_query_cached (self,
                               "SELECT id, at, user_name, action, entity, entity_id, detail FROM audit "
                               "WHERE (CAST (?1 AS TEXT) IS NULL OR user_name = ?1 OR action = ?1 OR entity = ?1) "
                               "AND (CAST (?2 AS TEXT) IS NULL OR at >= ?2) AND (CAST (?3 AS TEXT) IS NULL OR at < ?3) "
                               "ORDER BY id DESC LIMIT ?4", error);
  if (stmt == NULL)
    return NULL;
  muying_sql_bind_text (stmt, 1, text && *text ? text : NULL, -1, SQLITE_TRANSIENT);
  muying_sql_bind_text (stmt, 2, from && *from ? from : NULL, -1, SQLITE_TRANSIENT);
  muying_sql_bind_text (stmt, 3, before, -1, SQLITE_TRANSIENT);
  muying_sql_bind_int (stmt, 4, (int) limit);
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    {
      MuyingAuditRow *row = g_new0 (MuyingAuditRow, 1);

      row->id = muying_sql_column_int64 (stmt, 0);
      row->at = g_strdup ((const char *) muying_sql_column_text (stmt, 1));
      row->user = g_strdup ((const char *) muying_sql_column_text (stmt, 2));
      row->action = g_strdup ((const char *) muying_sql_column_text (stmt, 3));
      row->entity = g_strdup ((const char *) muying_sql_column_text (stmt, 4));
      row->entity_id = muying_sql_column_int64 (stmt, 5);
      row->detail = g_strdup ((const char *) muying_sql_column_text (stmt, 6));
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      muying_store_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

gint64
muying_store_count_audit (MuyingStore  *self,
                          const char   *action,
                          GError      **error)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MUYING_IS_STORE (self), -1);
  g_return_val_if_fail (action != NULL, -1);

  stmt = muying_store_query (self, "SELECT count(*) FROM audit WHERE action = ?", error);
  if (stmt == NULL)
    return -1;
  muying_sql_bind_text (stmt, 1, action, -1, SQLITE_STATIC);
  if ((rc = muying_sql_step (stmt)) != SQLITE_ROW)
    {
      muying_store_set_error (self, rc, error);
      return -1;
    }
  return muying_sql_column_int64 (stmt, 0);
}

/* ---- schema steps that change what a seal covers ----------------------------------------- */

/* Whether the signed record @id's seal holds (made with a key of this computer). */
static gboolean
record_seal_holds (MuyingStore *self,
                   gint64       id,
                   const char  *program,
                   const char  *seal,
                   GString     *content,
                   GError     **error)
{
  Unverifiable u = { 0 };
  gboolean verifiable = FALSE, holds;

  if (!record_content (self, id, program, content, error))
    return FALSE;
  holds = seal != NULL && seal_matches (self, seal, "muying-record-1", content->str, &u, &verifiable);
  g_free (u.key_id);
  return holds;
}

GArray *
_muying_store_list_holding_seals (MuyingStore  *self,
                                  GError      **error)
{
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (self, "SELECT id, program, seal FROM record "
                                                             "WHERE review_state = 'signed' AND seal IS NOT NULL "
                                                             "ORDER BY id", error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) content = g_string_new (NULL);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GError) local_error = NULL;
      gint64 id = muying_sql_column_int64 (stmt, 0);

      if (record_seal_holds (self, id, (const char *) muying_sql_column_text (stmt, 1),
                             (const char *) muying_sql_column_text (stmt, 2), content, &local_error))
        g_array_append_val (ids, id);
      else if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  if (rc != SQLITE_DONE)
    {
      muying_store_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

gboolean
_muying_store_reseal_changed (MuyingStore  *self,
                              GArray       *ids,
                              int           version,
                              gint64       *n_resealed,
                              GError      **error)
{
  g_autoptr(GString) content = g_string_new (NULL);
  g_autofree char *detail = g_strdup_printf ("{\"reason\":\"schema\",\"version\":%d}", version);

  *n_resealed = 0;
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(MuyingSqlCachedStmt) stmt = muying_store_query_cached (self, "SELECT program, seal FROM record WHERE id = ?",
                                                                error);
      g_autoptr(GError) local_error = NULL;
      gint64 id = g_array_index (ids, gint64, i);
      g_autofree char *program = NULL;
      g_autofree char *seal = NULL;
      int rc;

      if (stmt == NULL)
        return FALSE;
      muying_sql_bind_int64 (stmt, 1, id);
      rc = muying_sql_step (stmt);
      if (rc == SQLITE_DONE)
        continue;
      if (rc != SQLITE_ROW)
        return muying_store_set_error (self, rc, error);
      program = g_strdup ((const char *) muying_sql_column_text (stmt, 0));
      seal = g_strdup ((const char *) muying_sql_column_text (stmt, 1));
      muying_sql_reset (stmt);
      if (record_seal_holds (self, id, program, seal, content, &local_error))
        continue;
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* The entry carries the new seal, as an amendment's does. */
      if (!muying_store_audit (self, NULL, "upgrade", "record", id, detail, error))
        return FALSE;
      (*n_resealed)++;
    }
  return TRUE;
}
