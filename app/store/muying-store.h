/* muying-store.h: the SQLite database (docs/architecture.md "Store")
 *
 * One MuyingStore per open database file. All SQL of the program lives in app/store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "muying-classification.h"
#include "muying-screening.h"

G_BEGIN_DECLS

/* "MUYI" — PRAGMA application_id of every Muying database. */
#define MUYING_STORE_APPLICATION_ID 0x4D555949
#define MUYING_STORE_SCHEMA_VERSION 8
/* From this version on the audit chain is keyed and accounts and signed records are sealed. */
#define MUYING_STORE_KEYED_AUDIT_VERSION 4
/* The version whose step groups the prenatal records into pregnancies (C code after the SQL). */
#define MUYING_STORE_PREGNANCY_VERSION 6

#define MUYING_TYPE_STORE (muying_store_get_type ())
G_DECLARE_FINAL_TYPE (MuyingStore, muying_store, MUYING, STORE, GObject)

typedef enum
{
  MUYING_SAVE_INSERTED,
  MUYING_SAVE_UPDATED,
  MUYING_SAVE_UNCHANGED,
} MuyingSaveOutcome;

typedef enum
{
  MUYING_STORE_OPEN_FLAGS_NONE   = 0,
  /* Create the file when it does not exist, and initialise a 0-byte file. Only for an explicit
   * "new database" (muying-cli init, the window's first run on its default database). */
  MUYING_STORE_OPEN_FLAGS_CREATE = 1 << 0,
} MuyingStoreOpenFlags;

char        *muying_store_default_path    (void);
/* Opens an existing database; refuses a missing path (MUYING_STORE_ERROR_NOT_FOUND). */
MuyingStore *muying_store_open            (const char   *path,
                                           GError      **error);
/* Opens, or creates (0600) with the current schema when missing or 0 bytes long. */
MuyingStore *muying_store_create          (const char   *path,
                                           GError      **error);
MuyingStore *muying_store_open_with_vfs   (const char   *path,
                                           const char   *vfs_name,
                                           GError      **error);
MuyingStore *muying_store_open_full       (const char           *path,
                                           MuyingStoreOpenFlags  flags,
                                           const char           *vfs_name,
                                           GError              **error);
/* A database on a PostgreSQL server (a "postgresql://" location, muying-store-location.h), made
 * by muying-cli migrate-db; muying_store_open() takes such a location too. @password:
 * (nullable): typed on the terminal after MUYING_STORE_ERROR_NEEDS_PASSWORD (NULL: libpq's
 * password file). Refused: an empty database, another structure version, another program's. */
MuyingStore *muying_store_open_server     (const char           *location,
                                           const char           *password,
                                           GError              **error);
/* Whether the store is a server database (what only a file has — backups of the file, its
 * integrity check — is then done by the server's own tools). */
gboolean     muying_store_is_server       (MuyingStore          *self);
/* On a server: this connection no longer hears other programs' commits (a reader kept idle,
 * muying-reader-pool.c; muying_store_get_data_version then stands still). TRUE on a file. */
gboolean     muying_store_stop_listening  (MuyingStore          *self,
                                           GError              **error);

/* PRAGMA quick_check of the file. Every connection runs it before its first write transaction
 * (muying_store_begin), so a damaged file is never written to; a program that wants the answer
 * earlier runs it here, or in a thread with muying_store_quick_check_async (writes then wait
 * for it). FALSE with MUYING_STORE_ERROR_CORRUPT when the file is damaged. */
gboolean     muying_store_quick_check     (MuyingStore  *self,
                                           GError      **error);
void         muying_store_quick_check_async  (MuyingStore         *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean     muying_store_quick_check_finish (MuyingStore         *self,
                                              GAsyncResult        *result,
                                              GError             **error);
/* For a program about to make a backup (muying-cli backup): the check of the copy, a page image
 * of the file, stands for this connection's check, so the file is read and checked once. The
 * sign-in's rows written before it do not wait for a check of their own; the backup's check then
 * settles the file's state (a failed copy is followed by a check of the file itself, and damage
 * refuses every later write as usual). */
void         muying_store_defer_check     (MuyingStore  *self);
const char  *muying_store_get_path        (MuyingStore  *self);
int          muying_store_get_schema_version (MuyingStore *self);
gboolean     muying_store_is_network_fs   (MuyingStore  *self);
/* A number that changes when another connection or program committed to the database since
 * this connection last asked (on a file PRAGMA data_version; on a server the commits other
 * Muying programs announced, LISTEN/NOTIFY; this connection's own commits leave it as it is).
 * Cheap: a window reads it every second to keep its lists current (MuyingChangeWatch).
 * -1 when it cannot be read. */
gint64       muying_store_get_data_version (MuyingStore *self);
/* SQLite's page cache for this connection, in KiB (64 MiB by default, for imports and
 * statistics; the window's own connection needs far less). */
void         muying_store_set_cache_size  (MuyingStore  *self,
                                           int           kib);
/* The page cache's size now, in KiB (to set it back after a change). */
int          muying_store_get_cache_size  (MuyingStore  *self);

/* Transactions: BEGIN IMMEDIATE … COMMIT; rollback on any error. Not nestable. */
gboolean     muying_store_begin           (MuyingStore  *self,
                                           GError      **error);
gboolean     muying_store_commit          (MuyingStore  *self,
                                           GError      **error);
void         muying_store_rollback        (MuyingStore  *self);

/* Nested units inside a transaction: a row that fails leaves no trace (import). */
gboolean     muying_store_savepoint       (MuyingStore  *self,
                                           GError      **error);
gboolean     muying_store_release         (MuyingStore  *self,
                                           GError      **error);
void         muying_store_rollback_to     (MuyingStore  *self);

/* Audit: append-only, each row hash-chained to the previous one. */
gboolean     muying_store_audit           (MuyingStore  *self,
                                           const char   *user,
                                           const char   *action,
                                           const char   *entity,
                                           gint64        entity_id,
                                           const char   *detail,
                                           GError      **error);
/* One audit entry in a transaction of its own (BEGIN IMMEDIATE … COMMIT): two programs appending
 * at once cannot fork the chain. For an entry that goes with no other write. */
gboolean     muying_store_audit_now       (MuyingStore  *self,
                                           const char   *user,
                                           const char   *action,
                                           const char   *entity,
                                           gint64        entity_id,
                                           const char   *detail,
                                           GError      **error);
gboolean     muying_store_verify_audit    (MuyingStore  *self,
                                           gint64       *first_bad_id,
                                           GError      **error);

/* The newest audit entry: @id and @hash (transfer full), FALSE when the audit is empty. Shown
 * on backups and the workbook's cover so that a copy kept elsewhere anchors the chain. */
gboolean     muying_store_get_audit_head  (MuyingStore  *self,
                                           gint64       *id,
                                           char        **hash);

/* How many audit entries have @action ("demo": the demo loads so far); -1 on error. */
gint64       muying_store_count_audit     (MuyingStore  *self,
                                           const char   *action,
                                           GError      **error);

/* Audit rows for the viewer, newest first. @text matches user, action or entity (nullable);
 * @from/@to are ISO dates, inclusive (nullable). */
typedef struct
{
  gint64  id;
  char   *at;
  char   *user;
  char   *action;
  char   *entity;
  gint64  entity_id;
  char   *detail;
} MuyingAuditRow;

void         muying_audit_row_free        (MuyingAuditRow *row);
GPtrArray   *muying_store_list_audit      (MuyingStore  *self,
                                           const char   *text,
                                           const char   *from,
                                           const char   *to,
                                           guint         limit,
                                           GError      **error);

/* Batch mode for imports (inside muying_store_begin/commit): new records are not audited one
 * by one; their ids are collected and the import's own audit row names them
 * (muying_store_end_batch). Updates keep their per-record old → new audit rows. Turned off
 * by commit and rollback. */
void         muying_store_begin_batch     (MuyingStore  *self);
/* Ends the batch; @first_id/@last_id: the range of record ids inserted and kept (0 when none;
 * a savepoint rolled back takes its records out of it). New records of one write transaction
 * get consecutive ids on a file; on a server the range may hold ids that rolled-back rows took,
 * but no other transaction's records. */
void         muying_store_end_batch       (MuyingStore  *self,
                                           gint64       *first_id,
                                           gint64       *last_id);

/* Settings kept in the database (institution name, …). */
char        *muying_store_get_setting     (MuyingStore  *self,
                                           const char   *key);

/* Counts of records per programme (fast: uses the (program, record_date) index). */
gint64       muying_store_count_records   (MuyingStore  *self,
                                           MuyingProgram program);

G_END_DECLS
