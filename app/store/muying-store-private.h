/* muying-store-private.h: what the store's own files share and nothing else may call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "muying-store-sql.h"

G_BEGIN_DECLS

/* A store on a server connection (not owned; it must outlive the store), for the statistics
 * of a database being moved there (muying-store-migrate.c). Only what runs through
 * muying_store_query and muying_store_exec works on it. */
MuyingStore *_muying_store_new_on_server      (MuyingServer *server);
/* The statistics of every statistical year with records in @source (by month and by age group)
 * and the bureau's indicators of the year, computed on @source and on @copy: FALSE with @error
 * naming the first year whose numbers differ (muying-store-migrate.c). *@n_years: the years
 * compared equal. */
gboolean     _muying_store_compare_statistics (MuyingStore  *source,
                                               MuyingStore  *copy,
                                               gint64       *n_years,
                                               GError      **error);

/* The newest audit hash, known only inside our own write transaction (muying-store-audit.c). */
const char *_muying_store_get_last_audit_hash (MuyingStore *self);
void        _muying_store_set_last_audit_hash (MuyingStore *self,
                                               const char  *hash);
/* After a backup's check of its copy (muying-store-backup.c): when the connection's own check was
 * deferred (muying_store_defer_check), a passed copy counts as the check of the file; a failed
 * one makes the file be checked now. */
void        _muying_store_settle_check        (MuyingStore *self,
                                               gboolean     copy_passed);

/* TRUE when @record_id was inserted in a batch (muying_store_begin_batch) and so is audited by
 * the batch's own row, not one of its own (muying-store-records.c). */
gboolean    _muying_store_note_batch_insert   (MuyingStore *self,
                                               gint64       record_id);

/* The MuyingPersonChange flags of the last muying_store_save_*() (muying-store-records.c). */
guint       _muying_store_get_last_person_change (MuyingStore *self);
void        _muying_store_set_last_person_change (MuyingStore *self,
                                                  guint        change);

/* Adds "person": {"id", "id_number", "name", "phone"} to @b: the woman of @record_id (for a
 * newborn record, the mother) as she is now. Written into the sign and amend audit rows, so
 * what a doctor signed stays known after a later correction (muying-store-persons.c). */
gboolean    _muying_store_add_person_snapshot (MuyingStore  *self,
                                               gint64        record_id,
                                               JsonBuilder  *b,
                                               GError      **error);

/* The object an audit row's @detail (nullable) holds, parsed by @parser (which owns it); NULL
 * when the detail is not a JSON object. Details are read here, not with SQL's JSON functions,
 * which are not the same on a file and on a server (muying-store-audit.c). */
JsonObject *_muying_store_parse_detail        (JsonParser   *parser,
                                               const char   *detail);

/* The current time as the store writes it everywhere (created_at, updated_at, audit "at"):
 * ISO 8601 UTC with microseconds, so rows of the same second still sort in order. */
char       *_muying_store_now_iso              (void);

/* Removes the scratch copies (".muying-restore-XXXXXX" and its journal) that a killed restore
 * left beside @database_path; one a running restore holds locked is kept (muying-store-backup.c). */
void        _muying_store_remove_stale_restore_files (const char *database_path);

/* ---- the audit key and the seals (muying-store-key.c, muying-store-audit.c) ---------------- */

typedef struct _MuyingKeyring MuyingKeyring;

/* The newest audit entry: its id and hash, the hash of entry 1 (which tells one database
 * from another at the same path) and when it was seen. */
typedef struct
{
  gint64  id;
  char   *hash;
  char   *origin;
  char   *seen_at;
} MuyingAuditHead;

void           _muying_audit_head_clear     (MuyingAuditHead       *head);

char          *_muying_store_key_dir        (void);
MuyingKeyring *_muying_keyring_new          (void);
void           _muying_keyring_free         (MuyingKeyring         *self);
const char    *_muying_keyring_get_dir      (MuyingKeyring         *self);
GBytes        *_muying_keyring_find         (MuyingKeyring         *self,
                                             const char            *id);
const char    *_muying_keyring_current      (MuyingKeyring         *self,
                                             gboolean              *made,
                                             GError               **error);
char          *_muying_keyring_head_path    (MuyingKeyring         *self,
                                             const char            *db_path);
gboolean       _muying_keyring_read_head    (MuyingKeyring         *self,
                                             const char            *db_path,
                                             MuyingAuditHead       *head);
gboolean       _muying_keyring_read_head_file (const char          *head_file,
                                               MuyingAuditHead     *head);
void           _muying_keyring_write_head_file (MuyingKeyring      *self,
                                                const char         *head_file,
                                                const char         *database,
                                                const MuyingAuditHead *head);
void           _muying_keyring_forget_head  (MuyingKeyring         *self,
                                             const char            *db_path);
char          *_muying_mac                  (GBytes                *key,
                                             const char            *domain,
                                             const char * const    *parts,
                                             guint                  n_parts);

/* The store's keyring (made on first use) and its per-transaction audit state. */
MuyingKeyring *_muying_store_get_keyring    (MuyingStore           *self);
/* The key id of the chain's newest "audit_key" entry, known only inside our own write
 * transaction; and whether the transaction appended audit entries (then the commit records
 * the new head in the key folder). */
const char    *_muying_store_get_chain_key  (MuyingStore           *self);
void           _muying_store_set_chain_key  (MuyingStore           *self,
                                             const char            *key_id);
void           _muying_store_note_audited   (MuyingStore           *self);

/* Reads the newest audit entry of the database (FALSE when the audit is empty). */
gboolean       _muying_store_read_head      (MuyingStore           *self,
                                             MuyingAuditHead       *head);
/* After a commit that appended audit entries: records the newest entry in the key folder (see
 * muying-store-audit.c). */
void           _muying_store_record_head    (MuyingStore           *self);
/* The key-folder file of this database's newest entry, and the database's canonical path (both
 * computed once per open store). */
const char    *_muying_store_get_head_file  (MuyingStore           *self);
const char    *_muying_store_get_canonical_path (MuyingStore       *self);
/* Starts the keyed chain at migration: seals every account and signed record and appends the
 * "audit_key" entry that marks where keyed entries begin. */
gboolean       _muying_store_start_keyed_chain (MuyingStore        *self,
                                                GError            **error);
/* Seals every signed record that has no seal yet (the demo generator's bulk insert). */
gboolean       _muying_store_seal_signed_records (MuyingStore      *self,
                                                  gint64           *n_sealed,
                                                  GError          **error);
/* A schema step that rewrites what a seal covers (step 6 moves a two-cancer record's stage and
 * treatment into the columns of its track) re-seals what it changed, but only seals that held
 * before it: the signed records whose seal holds now, (element-type gint64) … */
GArray        *_muying_store_list_holding_seals (MuyingStore       *self,
                                                 GError           **error);
/* … and, after the step, a new seal for each of @ids whose seal no longer holds, with an
 * "upgrade" audit entry (detail: the schema version) that carries it. */
gboolean       _muying_store_reseal_changed (MuyingStore           *self,
                                             GArray                *ids,
                                             int                    version,
                                             gint64                *n_resealed,
                                             GError               **error);
/* Appends to @problems what the audit chain, the last head seen and the seals show. */
void           _muying_store_check_audit    (MuyingStore           *self,
                                             GPtrArray             *problems,
                                             gboolean               with_seals,
                                             gint64                *first_bad_id);

/* Steps @stmt, a query for record @record_id: TRUE on its row; MUYING_STORE_ERROR_NOT_FOUND
 * ("Record … does not exist") when there is none, the database's error otherwise. */
gboolean       _muying_store_step_record    (MuyingStore           *store,
                                             MuyingSqlStmt         *stmt,
                                             gint64                 record_id,
                                             GError               **error);

/* A read of every page (a check, a backup's copy) goes through a small page cache instead of the
 * connection's: _muying_store_shrink_cache sets 2 MiB and returns the size it had (0 when it
 * could not be read), _muying_store_restore_cache puts that size back (nothing for 0). */
gint64         _muying_store_shrink_cache   (sqlite3               *db);
void           _muying_store_restore_cache  (sqlite3               *db,
                                             gint64                 cache_size);

G_END_DECLS
