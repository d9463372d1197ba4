/* muying-store-users.c: accounts, roles, log-in with lockout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "muying-error.h"
#include "muying-store-action-private.h"
#include "muying-store-private.h"
#include "muying-store-users.h"
#include "muying-store-users-private.h"

#define USER_COLUMNS "id, login, display_name, role, disabled, failed_logins, locked_until, created_at, password_hash"

/* ---- roles ------------------------------------------------------------------------------------ */

gboolean
muying_user_require (MuyingUser       *user,
                     MuyingPermission  permission,
                     GError          **error)
{
  g_return_val_if_fail (MUYING_IS_USER (user), FALSE);

  if (muying_user_get_disabled (user))
    {
      g_set_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_DISABLED,
                   _("The account “%s” is disabled; ask an administrator"), muying_user_get_login (user));
      return FALSE;
    }
  if (!muying_role_can (muying_user_get_role (user), permission))
    {
      /* TRANSLATORS: “The role Nurse may not export data; it needs Administrator” */
      g_set_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FORBIDDEN,
                   _("The role %s may not %s; it needs %s"),
                   muying_user_get_role_label (user), muying_permission_get_label (permission),
                   muying_role_get_label (muying_permission_get_min_role (permission)));
      return FALSE;
    }
  return TRUE;
}

/* ---- helpers ---------------------------------------------------------------------------------- */

static gboolean
ensure_sodium (GError **error)
{
  static gsize initialized = 0;
  static gboolean ok = FALSE;

  if (g_once_init_enter (&initialized))
    {
      ok = sodium_init () >= 0;
      g_once_init_leave (&initialized, 1);
    }
  if (!ok)
    g_set_error_literal (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FAILED,
                         _("The password library could not be initialised"));
  return ok;
}

/* Every Argon2id computation (hash or verify), for the test that an unknown login costs the
 * same work as a known one. */
static gint pwhash_calls = 0;

guint
_muying_store_users_get_pwhash_calls (void)
{
  return (guint) g_atomic_int_get (&pwhash_calls);
}

static char *
hash_password (const char *password,
               GError    **error)
{
  char out[crypto_pwhash_argon2id_STRBYTES];

  if (!ensure_sodium (error))
    return NULL;
  g_atomic_int_inc (&pwhash_calls);
  if (crypto_pwhash_argon2id_str (out, password, strlen (password),
                                  crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE,
                                  crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error_literal (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FAILED,
                           _("Not enough memory to protect the password"));
      return NULL;
    }
  return g_strdup (out);
}

static gboolean
verify_password (const char *hash,
                 const char *password)
{
  if (hash == NULL || password == NULL || strlen (password) > MUYING_PASSWORD_MAX_BYTES)
    return FALSE;
  g_atomic_int_inc (&pwhash_calls);
  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

/* The decoy an unknown login is verified against, so that it costs exactly one Argon2id
 * computation, like a known one. It was made once from 32 random bytes that were thrown away,
 * with the parameters real hashes use; computing it at run time instead would make the first
 * unknown login of each process (every muying-cli run) twice as slow — a tell. */
static const char decoy_hash[crypto_pwhash_argon2id_STRBYTES] =
  "$argon2id$v=19$m=65536,t=2,p=1$l4xRbA502pKlYF1/tv/KXQ$FJ1hC7DA79wGPQ3ZCxG2efqjB+xVLd/qO3XbO1ZAJhY";

static const char *
get_decoy_hash (void)
{
  static char *decoy = NULL;

  if (g_once_init_enter (&decoy))
    {
      char *hash = NULL;

      /* Only if the library's interactive parameters ever change: then real hashes are
       * rehashed too, and the decoy must cost what they cost. */
      if (crypto_pwhash_argon2id_str_needs_rehash (decoy_hash, crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE,
                                                   crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE) != 0)
        {
          unsigned char secret[32];
          char text[65];

          randombytes_buf (secret, sizeof secret);
          sodium_bin2hex (text, sizeof text, secret, sizeof secret);
          hash = hash_password (text, NULL);
          sodium_memzero (text, sizeof text);
        }
      g_once_init_leave (&decoy, hash != NULL ? hash : g_strdup (decoy_hash));
    }
  return decoy;
}

static char *
iso_from_unix (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

static gint64
unix_from_iso (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || *text == '\0')
    return 0;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  return dt != NULL ? g_date_time_to_unix (dt) : 0;
}

static char *
local_time_label (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);

  return g_date_time_format (dt, "%Y-%m-%d %H:%M");
}

/* JSON object of string members: key, value, key, value, …, NULL. */
static char *
json_detail (const char *first_key,
             ...)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  va_list args;

  json_builder_begin_object (b);
  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      json_builder_set_member_name (b, key);
      if (value != NULL)
        json_builder_add_string_value (b, value);
      else
        json_builder_add_null_value (b);
    }
  va_end (args);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static MuyingUser *
user_from_row (MuyingSqlStmt *stmt)
{
  MuyingRole role = MUYING_ROLE_NURSE;

  if (!muying_role_from_string ((const char *) muying_sql_column_text (stmt, 3), &role))
    role = MUYING_ROLE_NURSE;  /* the CHECK constraint makes this unreachable */
  return muying_user_new (muying_sql_column_int64 (stmt, 0),
                          (const char *) muying_sql_column_text (stmt, 1),
                          (const char *) muying_sql_column_text (stmt, 2),
                          role,
                          muying_sql_column_int (stmt, 4) != 0,
                          muying_sql_column_int (stmt, 5),
                          unix_from_iso ((const char *) muying_sql_column_text (stmt, 6)),
                          (const char *) muying_sql_column_text (stmt, 7));
}

/* Reads one account. Returns FALSE with @error on a database error; TRUE with *user NULL when
 * the login does not exist. */
static gboolean
read_user (MuyingStore  *self,
           const char   *login,
           MuyingUser  **user,
           char        **hash,
           GError      **error)
{
  g_autoptr(MuyingSqlStmt) stmt =
    muying_store_query (self, "SELECT " USER_COLUMNS " FROM app_user WHERE login = ?", error);
  int rc;

  *user = NULL;
  if (hash != NULL)
    *hash = NULL;
  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_text (stmt, 1, login, -1, SQLITE_TRANSIENT);
  rc = muying_sql_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return muying_store_set_error (self, rc, error);
  *user = user_from_row (stmt);
  if (hash != NULL)
    *hash = g_strdup ((const char *) muying_sql_column_text (stmt, 8));
  return TRUE;
}

static MuyingUser *
require_user (MuyingStore *self,
              const char  *login,
              GError     **error)
{
  MuyingUser *user = NULL;

  if (!read_user (self, login, &user, NULL, error))
    return NULL;
  if (user == NULL)
    g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND,
                 _("There is no user “%s”"), login);
  return user;
}

/* @actor must be an enabled administrator. Call inside the transaction. */
static gboolean
require_admin (MuyingStore *self,
               const char  *actor,
               GError     **error)
{
  g_autoptr(MuyingUser) user = NULL;

  if (actor == NULL || !read_user (self, actor, &user, NULL, error))
    {
      if (actor == NULL)
        g_set_error_literal (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FORBIDDEN,
                             _("Only an administrator can manage users"));
      return FALSE;
    }
  if (user == NULL || muying_user_get_disabled (user) ||
      !muying_role_can (muying_user_get_role (user), MUYING_PERMISSION_MANAGE_USERS))
    {
      g_set_error_literal (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FORBIDDEN,
                           _("Only an administrator can manage users"));
      return FALSE;
    }
  return TRUE;
}

static gint64
count_where (MuyingStore *self,
             const char  *sql,
             GError     **error)
{
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (self, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;
  rc = muying_sql_step (stmt);
  if (rc != SQLITE_ROW)
    {
      muying_store_set_error (self, rc, error);
      return -1;
    }
  return muying_sql_column_int64 (stmt, 0);
}

/* Refuses to leave the database without an enabled administrator. */
static gboolean
keep_one_admin (MuyingStore *self,
                MuyingUser  *user,
                GError     **error)
{
  gint64 n;

  if (muying_user_get_role (user) != MUYING_ROLE_ADMIN || muying_user_get_disabled (user))
    return TRUE;
  n = count_where (self, "SELECT count(*) FROM app_user WHERE role = 'admin' AND disabled = 0", error);
  if (n < 0)
    return FALSE;
  if (n <= 1)
    {
      g_set_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FORBIDDEN,
                   _("“%s” is the last administrator: create another administrator first"),
                   muying_user_get_login (user));
      return FALSE;
    }
  return TRUE;
}

static gboolean
exec_update (MuyingStore *self,
             const char  *sql,
             gint64       id,
             const char  *text,
             GError     **error)
{
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_int64 (stmt, 1, id);
  if (text != NULL)
    muying_sql_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
  rc = muying_sql_step (stmt);
  if (rc != SQLITE_DONE)
    return muying_store_set_error (self, rc, error);
  return TRUE;
}

static gboolean
finish (MuyingStore *self,
        gboolean     ok,
        GError     **error)
{
  if (!ok)
    {
      muying_store_rollback (self);
      return FALSE;
    }
  return muying_store_commit (self, error);
}

/* ---- accounts --------------------------------------------------------------------------------- */

gint64
muying_store_count_users (MuyingStore *self,
                          GError     **error)
{
  g_return_val_if_fail (MUYING_IS_STORE (self), -1);
  return count_where (self, "SELECT count(*) FROM app_user", error);
}

static MuyingUser *
insert_user (MuyingStore *self,
             const char  *actor,
             const char  *login,
             const char  *display_name,
             MuyingRole   role,
             const char  *hash,
             GError     **error)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  g_autoptr(MuyingUser) existing = NULL;
  g_autofree char *created = _muying_store_now_iso ();
  g_autofree char *detail = NULL;
  gint64 id;
  int rc;

  if (!read_user (self, login, &existing, NULL, error))
    return NULL;
  if (existing != NULL)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT,
                   _("There is already a user “%s”"), login);
      return NULL;
    }
  stmt = muying_store_query (self,
                               "INSERT INTO app_user (login, display_name, role, password_hash, created_at) "
                               "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return NULL;
  muying_sql_bind_text (stmt, 1, login, -1, SQLITE_TRANSIENT);
  muying_sql_bind_text (stmt, 2, display_name, -1, SQLITE_TRANSIENT);
  muying_sql_bind_text (stmt, 3, muying_role_to_string (role), -1, SQLITE_STATIC);
  muying_sql_bind_text (stmt, 4, hash, -1, SQLITE_TRANSIENT);
  muying_sql_bind_text (stmt, 5, created, -1, SQLITE_TRANSIENT);
  rc = muying_sql_step (stmt);
  if (rc != SQLITE_DONE)
    {
      muying_store_set_error (self, rc, error);
      return NULL;
    }
  id = muying_sql_last_insert_id (muying_store_get_sql (self));
  detail = json_detail ("login", login, "display_name", display_name,
                        "role", muying_role_to_string (role), NULL);
  if (!muying_store_audit (self, actor != NULL ? actor : login, "user_add", "user", id, detail, error))
    return NULL;
  return muying_user_new (id, login, display_name, role, FALSE, 0, 0, created);
}

static gboolean
check_new_user (const char *login,
                const char *display_name,
                MuyingRole  role,
                const char *password,
                GError    **error)
{
  if (!muying_login_name_check (login, error))
    return FALSE;
  if (_muying_store_is_blank (display_name))
    {
      g_set_error_literal (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FAILED, _("The name is empty"));
      return FALSE;
    }
  if (role > MUYING_ROLE_ADMIN)
    {
      g_set_error_literal (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FAILED, _("Unknown role"));
      return FALSE;
    }
  return muying_password_policy_check (login, password, error);
}

MuyingUser *
muying_store_create_first_admin (MuyingStore *self,
                                 const char  *login,
                                 const char  *display_name,
                                 const char  *password,
                                 GError     **error)
{
  g_autofree char *hash = NULL;
  g_autoptr(MuyingUser) user = NULL;
  gint64 n;

  g_return_val_if_fail (MUYING_IS_STORE (self), NULL);

  if (display_name == NULL || *display_name == '\0')
    display_name = login;
  if (!check_new_user (login, display_name, MUYING_ROLE_ADMIN, password, error))
    return NULL;
  hash = hash_password (password, error);
  if (hash == NULL || !muying_store_begin (self, error))
    return NULL;
  n = muying_store_count_users (self, error);
  if (n < 0)
    {
      muying_store_rollback (self);
      return NULL;
    }
  if (n > 0)
    {
      muying_store_rollback (self);
      g_set_error_literal (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FORBIDDEN,
                           _("The database already has users: an administrator must add new ones"));
      return NULL;
    }
  user = insert_user (self, NULL, login, display_name, MUYING_ROLE_ADMIN, hash, error);
  if (!finish (self, user != NULL, error))
    return NULL;
  return g_steal_pointer (&user);
}

MuyingUser *
muying_store_create_user (MuyingStore *self,
                          const char  *actor,
                          const char  *login,
                          const char  *display_name,
                          MuyingRole   role,
                          const char  *password,
                          GError     **error)
{
  g_autofree char *hash = NULL;
  g_autoptr(MuyingUser) user = NULL;

  g_return_val_if_fail (MUYING_IS_STORE (self), NULL);

  if (display_name == NULL || *display_name == '\0')
    display_name = login;
  if (!check_new_user (login, display_name, role, password, error))
    return NULL;
  hash = hash_password (password, error);
  if (hash == NULL || !muying_store_begin (self, error))
    return NULL;
  if (require_admin (self, actor, error))
    user = insert_user (self, actor, login, display_name, role, hash, error);
  if (!finish (self, user != NULL, error))
    return NULL;
  return g_steal_pointer (&user);
}

MuyingUser *
muying_store_lookup_user (MuyingStore *self,
                          const char  *login,
                          GError     **error)
{
  g_return_val_if_fail (MUYING_IS_STORE (self), NULL);
  g_return_val_if_fail (login != NULL, NULL);
  return require_user (self, login, error);
}

GListModel *
muying_store_list_users (MuyingStore *self,
                         GError     **error)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  g_autoptr(GListStore) list = NULL;
  int rc;

  g_return_val_if_fail (MUYING_IS_STORE (self), NULL);

  stmt = muying_store_query (self, "SELECT " USER_COLUMNS " FROM app_user ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  list = g_list_store_new (MUYING_TYPE_USER);
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(MuyingUser) user = user_from_row (stmt);
      g_list_store_append (list, user);
    }
  if (rc != SQLITE_DONE)
    {
      muying_store_set_error (self, rc, error);
      return NULL;
    }
  return G_LIST_MODEL (g_steal_pointer (&list));
}

/* ---- log-in ----------------------------------------------------------------------------------- */

/* What the audit records for a login that does not exist: "? " and 4 hex digits of a keyed
 * digest, never the typed text (people type their password into the name field). The key is
 * random per database, so digests cannot be looked up in a table made elsewhere; 16 bits tell
 * repeated attempts with one name apart from others without confirming a guessed password.
 * The space makes it something no real login can be. Call inside a write transaction. */
static char *
unknown_login_label (MuyingStore *self,
                     const char  *login,
                     GError     **error)
{
  g_autoptr(MuyingSqlStmt) insert = NULL;
  g_autoptr(MuyingSqlStmt) select = NULL;
  unsigned char fresh[crypto_generichash_KEYBYTES];
  char fresh_hex[2 * crypto_generichash_KEYBYTES + 1];
  unsigned char key[crypto_generichash_KEYBYTES];
  unsigned char digest[crypto_generichash_BYTES_MIN];
  const char *key_hex;
  int rc;

  randombytes_buf (fresh, sizeof fresh);
  sodium_bin2hex (fresh_hex, sizeof fresh_hex, fresh, sizeof fresh);
  insert = muying_store_query (self, "INSERT INTO setting (key, value) "
                                       "VALUES ('unknown_login_key', ?) ON CONFLICT (key) DO NOTHING", error);
  if (insert == NULL)
    return NULL;
  muying_sql_bind_text (insert, 1, fresh_hex, -1, SQLITE_STATIC);
  rc = muying_sql_step (insert);
  if (rc != SQLITE_DONE)
    {
      muying_store_set_error (self, rc, error);
      return NULL;
    }
  select = muying_store_query (self, "SELECT value FROM setting WHERE key = 'unknown_login_key'", error);
  if (select == NULL)
    return NULL;
  rc = muying_sql_step (select);
  if (rc != SQLITE_ROW)
    {
      muying_store_set_error (self, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, error);
      return NULL;
    }
  key_hex = (const char *) muying_sql_column_text (select, 0);
  if (key_hex == NULL ||
      sodium_hex2bin (key, sizeof key, key_hex, strlen (key_hex), NULL, NULL, NULL) != 0)
    memset (key, 0, sizeof key);  /* a damaged key still gives a digest, not the text */
  crypto_generichash (digest, sizeof digest, (const unsigned char *) login, strlen (login), key, sizeof key);
  return g_strdup_printf ("? %02x%02x", digest[0], digest[1]);
}

/* Sets the lock in the current transaction and audits it. Returns the time locked until, or -1. */
static gint64
lock_account (MuyingStore *self,
              MuyingUser  *user,
              int          failures,
              gint64       now,
              GError     **error)
{
  gint64 until = muying_lockout_until (now);
  g_autofree char *until_text = iso_from_unix (until);
  g_autofree char *count = g_strdup_printf ("%d", failures);
  g_autofree char *detail = json_detail ("until", until_text, "failures", count, NULL);

  if (!exec_update (self, "UPDATE app_user SET locked_until = ?2 WHERE id = ?1",
                    muying_user_get_id (user), until_text, error) ||
      !muying_store_audit (self, muying_user_get_login (user), "locked", "user", muying_user_get_id (user),
                           detail, error))
    return -1;
  return until;
}

static gboolean
audit_failure (MuyingStore *self,
               const char  *audit_name,
               MuyingUser  *user,
               const char  *reason,
               GError     **error)
{
  g_autofree char *detail = json_detail ("reason", reason, NULL);

  return muying_store_audit (self, audit_name, "login_failed", "user", user ? muying_user_get_id (user) : 0,
                             detail, error);
}

typedef enum
{
  ATTEMPT_ERROR = -1,
  ATTEMPT_ADMITTED,  /* counted: check the password */
  ATTEMPT_UNKNOWN,   /* no such login: nothing counted */
  ATTEMPT_LOCKED,    /* refused, the account was already locked */
  ATTEMPT_REFUSED,   /* refused and locked now: too many attempts at once */
} Admission;

/* Step 1 of a log-in, before the slow password check: in one write transaction, refuse a locked
 * account or count the attempt as a failure, so that processes guessing in parallel each see
 * the others' attempts. With MUYING_LOGIN_MAX_FAILURES attempts already failed or still being
 * checked, another one is refused unchecked and locks the account: parallel guessing gets no
 * more guesses than one after another. *user and *hash are read in the same transaction. */
static Admission
admit_attempt (MuyingStore  *self,
               const char   *login,
               gint64        now,
               MuyingUser  **user,
               char        **hash,
               gint64       *locked_until,
               GError      **error)
{
  g_autofree char *now_text = iso_from_unix (now);
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  Admission admission = ATTEMPT_ADMITTED;
  int rc, failures = 0;
  gboolean ok;

  *locked_until = 0;
  if (!muying_store_begin (self, error))
    return ATTEMPT_ERROR;
  if (!read_user (self, login, user, hash, error))
    {
      muying_store_rollback (self);
      return ATTEMPT_ERROR;
    }
  if (*user == NULL)
    {
      muying_store_rollback (self);
      return ATTEMPT_UNKNOWN;
    }
  if (muying_user_is_locked_at (*user, now))
    {
      *locked_until = muying_user_get_locked_until (*user);
      ok = audit_failure (self, login, *user, "locked", error);
      return finish (self, ok, error) ? ATTEMPT_LOCKED : ATTEMPT_ERROR;
    }

  /* An expired lock starts a new count. */
  stmt = muying_store_query (self,
                               "UPDATE app_user SET "
                               "failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= ?2 "
                               "  THEN 1 ELSE failed_logins + 1 END, "
                               "locked_until = CASE WHEN locked_until <= ?2 THEN NULL ELSE locked_until END "
                               "WHERE id = ?1 RETURNING failed_logins", error);
  ok = stmt != NULL;
  if (ok)
    {
      muying_sql_bind_int64 (stmt, 1, muying_user_get_id (*user));
      muying_sql_bind_text (stmt, 2, now_text, -1, SQLITE_STATIC);
      rc = muying_sql_step (stmt);
      if (rc == SQLITE_ROW)
        {
          failures = muying_sql_column_int (stmt, 0);
          rc = muying_sql_step (stmt);
        }
      if (rc != SQLITE_DONE)
        ok = muying_store_set_error (self, rc, error);
    }
  if (ok && muying_lockout_refuses_attempt (failures))
    {
      admission = ATTEMPT_REFUSED;
      ok = audit_failure (self, login, *user, "too_many_attempts", error) &&
           (*locked_until = lock_account (self, *user, failures, now, error)) > 0;
    }
  return finish (self, ok, error) ? admission : ATTEMPT_ERROR;
}

/* An unknown login: audited under a digest of the name, in its own transaction. */
static gboolean
record_unknown (MuyingStore *self,
                const char  *login,
                GError     **error)
{
  g_autofree char *label = NULL;
  gboolean ok;

  if (!muying_store_begin (self, error))
    return FALSE;
  label = unknown_login_label (self, login, error);
  ok = label != NULL && audit_failure (self, label, NULL, "unknown_user", error);
  return finish (self, ok, error);
}

typedef enum
{
  OUTCOME_ERROR = -1,
  OUTCOME_SUCCESS,
  OUTCOME_FAILED,         /* wrong password or disabled: the same answer */
  OUTCOME_LOCKED_NOW,     /* this failure locked the account */
  OUTCOME_LOCKED,         /* locked by other attempts meanwhile: no log-in while locked */
} Outcome;

/* Step 2, after the password check: a success clears the count (unless the account was locked
 * meanwhile); a failure was counted in step 1 and locks the account when it is the fifth. */
static Outcome
resolve_attempt (MuyingStore *self,
                 const char  *login,
                 const char  *success_action,
                 gboolean     password_ok,
                 const char  *new_hash,
                 gint64       now,
                 gint64      *locked_until,
                 GError     **error)
{
  g_autoptr(MuyingUser) user = NULL;
  Outcome outcome;
  gboolean ok;

  *locked_until = 0;
  if (!muying_store_begin (self, error))
    return OUTCOME_ERROR;
  if (!read_user (self, login, &user, NULL, error))
    {
      muying_store_rollback (self);
      return OUTCOME_ERROR;
    }
  if (user == NULL)
    {
      /* Removed while the password was checked. */
      muying_store_rollback (self);
      return OUTCOME_FAILED;
    }
  if (muying_user_is_locked_at (user, now))
    {
      /* Locked by other attempts while this password was checked. */
      *locked_until = muying_user_get_locked_until (user);
      outcome = OUTCOME_LOCKED;
      ok = audit_failure (self, login, user, "locked_meanwhile", error);
    }
  else if (!password_ok || muying_user_get_disabled (user))
    {
      int failures = muying_user_get_failed_logins (user);

      outcome = OUTCOME_FAILED;
      ok = audit_failure (self, login, user, password_ok ? "disabled" : "password", error);
      if (ok && muying_lockout_locks_after (failures))
        {
          outcome = OUTCOME_LOCKED_NOW;
          ok = (*locked_until = lock_account (self, user, failures, now, error)) > 0;
        }
    }
  else
    {
      outcome = OUTCOME_SUCCESS;
      ok = exec_update (self, "UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = ?1",
                        muying_user_get_id (user), NULL, error);
      if (ok && new_hash != NULL)
        ok = exec_update (self, "UPDATE app_user SET password_hash = ?2 WHERE id = ?1",
                          muying_user_get_id (user), new_hash, error);
      if (ok)
        ok = muying_store_audit (self, login, success_action, "user", muying_user_get_id (user), NULL, error);
    }
  return finish (self, ok, error) ? outcome : OUTCOME_ERROR;
}

static void
set_locked_error (GError     **error,
                  const char  *login,
                  gint64       until,
                  gboolean     just_now)
{
  g_autofree char *label = local_time_label (until);

  if (just_now)
    g_set_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_LOCKED,
                 _("Too many wrong passwords: the account “%s” is locked until %s"), login, label);
  else
    g_set_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_LOCKED,
                 _("The account “%s” is locked until %s after too many wrong passwords"), login, label);
}

/* Unknown login, wrong password and disabled account: one answer, so that it tells nothing. */
static void
set_bad_credentials_error (GError **error)
{
  g_set_error_literal (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_BAD_CREDENTIALS,
                       _("The user name or password is wrong, or the account is disabled"));
}

static gboolean
is_disk_full (const GError *error)
{
  return g_error_matches (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FULL);
}

/* Whether @flags let a log-in through although the attempt could not be written: a full disk
 * for a read-only command, a damaged file for the way back to a backup. */
static gboolean
may_go_unrecorded (MuyingLoginFlags  flags,
                   const GError     *error)
{
  if ((flags & MUYING_LOGIN_FLAGS_READ_ONLY) != 0 && is_disk_full (error))
    return TRUE;
  return (flags & MUYING_LOGIN_FLAGS_DAMAGED_FILE) != 0 &&
         g_error_matches (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT);
}

/* MUYING_LOGIN_FLAGS_READ_ONLY on a full disk (or _DAMAGED_FILE on a damaged file): the attempt cannot be written, so it is judged
 * on what can be read. A lock is still respected; nothing is counted. */
static MuyingUser *
login_unrecorded (MuyingStore *self,
                  const char  *login,
                  const char  *password,
                  gint64       now,
                  GError     **error)
{
  g_autoptr(MuyingUser) user = NULL;
  g_autofree char *hash = NULL;
  gboolean password_ok;

  if (!read_user (self, login, &user, &hash, error))
    return NULL;
  if (user != NULL && muying_user_is_locked_at (user, now))
    {
      set_locked_error (error, login, muying_user_get_locked_until (user), FALSE);
      return NULL;
    }
  password_ok = verify_password (user != NULL ? hash : get_decoy_hash (), password);
  if (user == NULL || !password_ok || muying_user_get_disabled (user))
    {
      set_bad_credentials_error (error);
      return NULL;
    }
  return g_steal_pointer (&user);
}

MuyingUser *
muying_store_login_full (MuyingStore      *self,
                         const char       *login,
                         const char       *password,
                         gint64            now,
                         MuyingLoginFlags  flags,
                         gboolean         *recorded,
                         GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(MuyingUser) user = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *new_hash = NULL;
  gboolean password_ok;
  gint64 locked_until = 0;
  Admission admission;
  Outcome outcome;

  g_return_val_if_fail (MUYING_IS_STORE (self), NULL);

  if (recorded != NULL)
    *recorded = TRUE;
  if (login == NULL || *login == '\0')
    {
      set_bad_credentials_error (error);
      return NULL;
    }
  if (!ensure_sodium (error))
    return NULL;

  admission = admit_attempt (self, login, now, &user, &hash, &locked_until, &local_error);
  if (admission == ATTEMPT_ERROR)
    {
      if (may_go_unrecorded (flags, local_error))
        {
          if (recorded != NULL)
            *recorded = FALSE;
          return login_unrecorded (self, login, password, now, error);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  switch (admission)
    {
    case ATTEMPT_LOCKED:
      set_locked_error (error, login, locked_until, FALSE);
      return NULL;
    case ATTEMPT_REFUSED:
      set_locked_error (error, login, locked_until, TRUE);
      return NULL;
    case ATTEMPT_UNKNOWN:
      /* The same work as for a known login: one Argon2id verification. */
      verify_password (get_decoy_hash (), password);
      if (!record_unknown (self, login, &local_error) && !may_go_unrecorded (flags, local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      set_bad_credentials_error (error);
      return NULL;
    case ATTEMPT_ADMITTED:
    case ATTEMPT_ERROR:
    default:
      break;
    }

  password_ok = verify_password (hash, password);
  if (password_ok &&
      crypto_pwhash_argon2id_str_needs_rehash (hash, crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE,
                                               crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE) != 0)
    new_hash = hash_password (password, NULL);

  outcome = resolve_attempt (self, login, (flags & MUYING_LOGIN_FLAGS_CONFIRM) != 0 ? "password_confirmed" : "login",
                             password_ok, new_hash, now, &locked_until, &local_error);
  if (outcome == OUTCOME_ERROR)
    {
      /* The attempt was counted as a failure before the check; a right password that cannot
       * be recorded on a full disk still lets a read-only command in. */
      if (may_go_unrecorded (flags, local_error) && password_ok && !muying_user_get_disabled (user))
        {
          if (recorded != NULL)
            *recorded = FALSE;
          g_clear_object (&user);
          if (!read_user (self, login, &user, NULL, error))
            return NULL;
          if (user == NULL)
            set_bad_credentials_error (error);
          return g_steal_pointer (&user);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  switch (outcome)
    {
    case OUTCOME_LOCKED:
      set_locked_error (error, login, locked_until, FALSE);
      return NULL;
    case OUTCOME_LOCKED_NOW:
      set_locked_error (error, login, locked_until, TRUE);
      return NULL;
    case OUTCOME_FAILED:
      set_bad_credentials_error (error);
      return NULL;
    case OUTCOME_SUCCESS:
    case OUTCOME_ERROR:
    default:
      break;
    }
  g_clear_object (&user);
  return require_user (self, login, error);
}

MuyingUser *
muying_store_login_at (MuyingStore *self,
                       const char  *login,
                       const char  *password,
                       gint64       now,
                       GError     **error)
{
  return muying_store_login_full (self, login, password, now, MUYING_LOGIN_FLAGS_NONE, NULL, error);
}

/* A signature's re-entered password: the log-in's checks and lockout, audited as
 * "password_confirmed" instead of "login". */
gboolean
muying_store_confirm_password (MuyingStore *self,
                               const char  *login,
                               const char  *password,
                               GError     **error)
{
  g_autoptr(MuyingUser) user = muying_store_login_full (self, login, password, g_get_real_time () / G_USEC_PER_SEC,
                                                        MUYING_LOGIN_FLAGS_CONFIRM, NULL, error);

  return user != NULL;
}

MuyingUser *
muying_store_login (MuyingStore *self,
                    const char  *login,
                    const char  *password,
                    GError     **error)
{
  return muying_store_login_at (self, login, password, g_get_real_time () / G_USEC_PER_SEC, error);
}

/* ---- changes ---------------------------------------------------------------------------------- */

static gboolean
write_password (MuyingStore *self,
                const char  *actor,
                MuyingUser  *user,
                const char  *hash,
                GError     **error)
{
  g_autofree char *detail = json_detail ("login", muying_user_get_login (user),
                                         "by", actor != NULL ? actor : muying_user_get_login (user), NULL);

  return exec_update (self, "UPDATE app_user SET password_hash = ?2, failed_logins = 0, locked_until = NULL "
                            "WHERE id = ?1", muying_user_get_id (user), hash, error) &&
         muying_store_audit (self, actor != NULL ? actor : muying_user_get_login (user), "user_passwd",
                             "user", muying_user_get_id (user), detail, error);
}

gboolean
muying_store_change_own_password (MuyingStore *self,
                                  const char  *login,
                                  const char  *old_password,
                                  const char  *new_password,
                                  GError     **error)
{
  g_autoptr(MuyingUser) user = NULL;
  g_autofree char *hash = NULL;
  gboolean ok;

  g_return_val_if_fail (MUYING_IS_STORE (self), FALSE);

  if (!muying_password_policy_check (login, new_password, error))
    return FALSE;
  user = muying_store_login (self, login, old_password, error);
  if (user == NULL)
    return FALSE;
  hash = hash_password (new_password, error);
  if (hash == NULL || !muying_store_begin (self, error))
    return FALSE;
  ok = write_password (self, NULL, user, hash, error);
  return finish (self, ok, error);
}

gboolean
muying_store_set_password (MuyingStore *self,
                           const char  *actor,
                           const char  *login,
                           const char  *new_password,
                           GError     **error)
{
  g_autoptr(MuyingUser) user = NULL;
  g_autofree char *hash = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (MUYING_IS_STORE (self), FALSE);

  if (!muying_password_policy_check (login, new_password, error))
    return FALSE;
  hash = hash_password (new_password, error);
  if (hash == NULL || !muying_store_begin (self, error))
    return FALSE;
  if (require_admin (self, actor, error) && (user = require_user (self, login, error)) != NULL)
    ok = write_password (self, actor, user, hash, error);
  return finish (self, ok, error);
}

gboolean
muying_store_set_user_disabled (MuyingStore *self,
                                const char  *actor,
                                const char  *login,
                                gboolean     disabled,
                                GError     **error)
{
  g_autoptr(MuyingUser) user = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (MUYING_IS_STORE (self), FALSE);

  if (!muying_store_begin (self, error))
    return FALSE;
  if (require_admin (self, actor, error) && (user = require_user (self, login, error)) != NULL)
    {
      g_autofree char *detail = json_detail ("login", login, NULL);

      if (muying_user_get_disabled (user) == !!disabled)
        ok = TRUE;  /* nothing to change, nothing to audit */
      else
        ok = (!disabled || keep_one_admin (self, user, error)) &&
             exec_update (self, disabled ? "UPDATE app_user SET disabled = 1 WHERE id = ?1"
                                         : "UPDATE app_user SET disabled = 0 WHERE id = ?1",
                          muying_user_get_id (user), NULL, error) &&
             muying_store_audit (self, actor, disabled ? "user_disable" : "user_enable", "user",
                                 muying_user_get_id (user), detail, error);
    }
  return finish (self, ok, error);
}

gboolean
muying_store_update_user (MuyingStore *self,
                          const char  *actor,
                          const char  *login,
                          const char  *display_name,
                          MuyingRole   role,
                          GError     **error)
{
  g_autoptr(MuyingUser) user = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (MUYING_IS_STORE (self), FALSE);

  if (_muying_store_is_blank (display_name))
    {
      g_set_error_literal (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FAILED, _("The name is empty"));
      return FALSE;
    }
  if (role > MUYING_ROLE_ADMIN)
    {
      g_set_error_literal (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FAILED, _("Unknown role"));
      return FALSE;
    }
  if (!muying_store_begin (self, error))
    return FALSE;
  if (require_admin (self, actor, error) && (user = require_user (self, login, error)) != NULL)
    {
      MuyingRole old_role = muying_user_get_role (user);

      if (old_role == role && g_strcmp0 (display_name, muying_user_get_display_name (user)) == 0)
        ok = TRUE;
      else
        {
          g_autofree char *detail = json_detail ("login", login,
                                                 "old_display_name", muying_user_get_display_name (user),
                                                 "display_name", display_name,
                                                 "old_role", muying_role_to_string (old_role),
                                                 "role", muying_role_to_string (role), NULL);
          g_autoptr(MuyingSqlStmt) stmt =
            muying_store_query (self, "UPDATE app_user SET display_name = ?2, role = ?3 WHERE id = ?1", error);
          int rc;

          ok = stmt != NULL && (role == MUYING_ROLE_ADMIN || keep_one_admin (self, user, error));
          if (ok)
            {
              muying_sql_bind_int64 (stmt, 1, muying_user_get_id (user));
              muying_sql_bind_text (stmt, 2, display_name, -1, SQLITE_TRANSIENT);
              muying_sql_bind_text (stmt, 3, muying_role_to_string (role), -1, SQLITE_STATIC);
              rc = muying_sql_step (stmt);
              if (rc != SQLITE_DONE)
                ok = muying_store_set_error (self, rc, error);
            }
          if (ok)
            ok = muying_store_audit (self, actor, "user_update", "user", muying_user_get_id (user), detail, error);
        }
    }
  return finish (self, ok, error);
}

gboolean
muying_store_unlock_user (MuyingStore *self,
                          const char  *actor,
                          const char  *login,
                          GError     **error)
{
  g_autoptr(MuyingUser) user = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (MUYING_IS_STORE (self), FALSE);

  if (!muying_store_begin (self, error))
    return FALSE;
  if (require_admin (self, actor, error) && (user = require_user (self, login, error)) != NULL)
    {
      g_autofree char *detail = json_detail ("login", login, NULL);

      ok = exec_update (self, "UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = ?1",
                        muying_user_get_id (user), NULL, error) &&
           muying_store_audit (self, actor, "user_unlock", "user", muying_user_get_id (user), detail, error);
    }
  return finish (self, ok, error);
}
