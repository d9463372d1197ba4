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
#include "muying-store-private.h"
#include "muying-store-users.h"

#define LOGIN_MAX_CHARS   32
#define PASSWORD_MAX_BYTES 1024

#define USER_COLUMNS "id, login, display_name, role, disabled, failed_logins, locked_until, created_at, password_hash"

/* ---- roles ------------------------------------------------------------------------------------ */

MuyingRole
muying_permission_get_min_role (MuyingPermission permission)
{
  switch (permission)
    {
    case MUYING_PERMISSION_VIEW:
    case MUYING_PERMISSION_ENTER:
    case MUYING_PERMISSION_IMPORT:
    case MUYING_PERMISSION_EDIT_UNSIGNED:
    case MUYING_PERMISSION_CONTACT:
      return MUYING_ROLE_NURSE;
    case MUYING_PERMISSION_REVIEW:
    case MUYING_PERMISSION_SIGN:
    case MUYING_PERMISSION_FOLLOW_UP:
      return MUYING_ROLE_DOCTOR;
    case MUYING_PERMISSION_EXPORT:
    case MUYING_PERMISSION_MANAGE_USERS:
    case MUYING_PERMISSION_EDIT_RULES:
    case MUYING_PERMISSION_BACKUP:
    case MUYING_N_PERMISSIONS:
    default:
      return MUYING_ROLE_ADMIN;
    }
}

gboolean
muying_store_users_can (MuyingRole       role,
                        MuyingPermission permission)
{
  g_return_val_if_fail (permission < MUYING_N_PERMISSIONS, FALSE);
  g_return_val_if_fail (role <= MUYING_ROLE_ADMIN, FALSE);
  return role >= muying_permission_get_min_role (permission);
}

const char *
muying_permission_get_label (MuyingPermission permission)
{
  switch (permission)
    {
    case MUYING_PERMISSION_VIEW:
      return _("view records");
    case MUYING_PERMISSION_ENTER:
      return _("enter records");
    case MUYING_PERMISSION_IMPORT:
      return _("import files");
    case MUYING_PERMISSION_EDIT_UNSIGNED:
      return _("change unsigned records");
    case MUYING_PERMISSION_CONTACT:
      return _("record contacts with the woman");
    case MUYING_PERMISSION_REVIEW:
      return _("review records");
    case MUYING_PERMISSION_SIGN:
      return _("sign records");
    case MUYING_PERMISSION_FOLLOW_UP:
      return _("record follow-ups");
    case MUYING_PERMISSION_EXPORT:
      return _("export data");
    case MUYING_PERMISSION_MANAGE_USERS:
      return _("manage users");
    case MUYING_PERMISSION_EDIT_RULES:
      return _("change the rules");
    case MUYING_PERMISSION_BACKUP:
      return _("back up and restore the database");
    case MUYING_N_PERMISSIONS:
    default:
      g_return_val_if_reached (NULL);
    }
}

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
  if (!muying_store_users_can (muying_user_get_role (user), permission))
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

/* ---- policies --------------------------------------------------------------------------------- */

gboolean
muying_store_users_check_login (const char *login,
                                GError    **error)
{
  glong n;

  if (login == NULL || *login == '\0')
    {
      g_set_error_literal (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FAILED, _("The user name is empty"));
      return FALSE;
    }
  if (!g_utf8_validate (login, -1, NULL))
    {
      g_set_error_literal (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FAILED,
                           _("The user name is not valid text"));
      return FALSE;
    }
  n = g_utf8_strlen (login, -1);
  if (n > LOGIN_MAX_CHARS)
    {
      g_set_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FAILED,
                   _("The user name is longer than %d characters"), LOGIN_MAX_CHARS);
      return FALSE;
    }
  for (const char *p = login; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c) || c == 0x3000)
        {
          g_set_error_literal (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FAILED,
                               _("The user name may not contain spaces"));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
muying_store_users_check_password (const char *login,
                                   const char *password,
                                   GError    **error)
{
  gboolean letter = FALSE, digit = FALSE;

  if (password == NULL || !g_utf8_validate (password, -1, NULL) ||
      g_utf8_strlen (password, -1) < MUYING_PASSWORD_MIN_LENGTH || strlen (password) > PASSWORD_MAX_BYTES)
    {
      g_set_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FAILED,
                   _("The password must have at least %d characters, with both letters and digits"),
                   MUYING_PASSWORD_MIN_LENGTH);
      return FALSE;
    }
  for (const char *p = password; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isdigit (c))
        digit = TRUE;
      else if (g_unichar_isalpha (c))
        letter = TRUE;
    }
  if (!letter || !digit)
    {
      g_set_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FAILED,
                   _("The password must have at least %d characters, with both letters and digits"),
                   MUYING_PASSWORD_MIN_LENGTH);
      return FALSE;
    }
  if (login != NULL && g_ascii_strcasecmp (login, password) == 0)
    {
      g_set_error_literal (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FAILED,
                           _("The password may not be the user name"));
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

static char *
hash_password (const char *password,
               GError    **error)
{
  char out[crypto_pwhash_argon2id_STRBYTES];

  if (!ensure_sodium (error))
    return NULL;
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
  if (hash == NULL || password == NULL || strlen (password) > PASSWORD_MAX_BYTES)
    return FALSE;
  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

/* A hash of a random password, verified against when the login does not exist, so that an
 * unknown login takes as long as a wrong password. */
static const char *
get_dummy_hash (void)
{
  static char *dummy = NULL;

  if (g_once_init_enter (&dummy))
    {
      char secret[33];
      char *hash;

      randombytes_buf (secret, 32);
      for (guint i = 0; i < 32; i++)
        secret[i] = 'a' + ((guchar) secret[i] % 26);
      secret[32] = '\0';
      hash = hash_password (secret, NULL);
      g_once_init_leave (&dummy, hash != NULL ? hash : g_strdup ("-"));
    }
  return dummy;
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
user_from_row (sqlite3_stmt *stmt)
{
  MuyingRole role = MUYING_ROLE_NURSE;

  if (!muying_role_from_string ((const char *) sqlite3_column_text (stmt, 3), &role))
    role = MUYING_ROLE_NURSE;  /* the CHECK constraint makes this unreachable */
  return muying_user_new (sqlite3_column_int64 (stmt, 0),
                          (const char *) sqlite3_column_text (stmt, 1),
                          (const char *) sqlite3_column_text (stmt, 2),
                          role,
                          sqlite3_column_int (stmt, 4) != 0,
                          sqlite3_column_int (stmt, 5),
                          unix_from_iso ((const char *) sqlite3_column_text (stmt, 6)),
                          (const char *) sqlite3_column_text (stmt, 7));
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
  g_autoptr(sqlite3_stmt) stmt =
    muying_store_prepare (self, "SELECT " USER_COLUMNS " FROM app_user WHERE login = ?", error);
  int rc;

  *user = NULL;
  if (hash != NULL)
    *hash = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, login, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return muying_store_set_error (self, rc, error);
  *user = user_from_row (stmt);
  if (hash != NULL)
    *hash = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
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
      !muying_store_users_can (muying_user_get_role (user), MUYING_PERMISSION_MANAGE_USERS))
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
  g_autoptr(sqlite3_stmt) stmt = muying_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      muying_store_set_error (self, rc, error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
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
  g_autoptr(sqlite3_stmt) stmt = muying_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (text != NULL)
    sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
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
  stmt = muying_store_prepare (self,
                               "INSERT INTO app_user (login, display_name, role, password_hash, created_at) "
                               "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, login, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, display_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, muying_role_to_string (role), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, created, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      muying_store_set_error (self, rc, error);
      return NULL;
    }
  id = sqlite3_last_insert_rowid (muying_store_get_handle (self));
  detail = json_detail ("login", login, "display_name", display_name,
                        "role", muying_role_to_string (role), NULL);
  if (!muying_store_audit (self, actor != NULL ? actor : login, "user_add", "user", id, detail, error))
    return NULL;
  return muying_user_new (id, login, display_name, role, FALSE, 0, 0, created);
}

/* NULL, invalid text, or only white space. */
static gboolean
is_blank (const char *text)
{
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)) && g_utf8_get_char (p) != 0x3000)
      return FALSE;
  return TRUE;
}

static gboolean
check_new_user (const char *login,
                const char *display_name,
                MuyingRole  role,
                const char *password,
                GError    **error)
{
  if (!muying_store_users_check_login (login, error))
    return FALSE;
  if (is_blank (display_name))
    {
      g_set_error_literal (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FAILED, _("The name is empty"));
      return FALSE;
    }
  if (role > MUYING_ROLE_ADMIN)
    {
      g_set_error_literal (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FAILED, _("Unknown role"));
      return FALSE;
    }
  return muying_store_users_check_password (login, password, error);
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GListStore) list = NULL;
  int rc;

  g_return_val_if_fail (MUYING_IS_STORE (self), NULL);

  stmt = muying_store_prepare (self, "SELECT " USER_COLUMNS " FROM app_user ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  list = g_list_store_new (MUYING_TYPE_USER);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
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

/* Writes the outcome of a failed attempt (count, lock, audit) in its own transaction. Returns
 * the unix time the account is now locked until (0: not locked), or -1 on a database error. */
static gint64
record_failure (MuyingStore *self,
                MuyingUser  *user,
                const char  *login,
                const char  *reason,
                gint64       now,
                GError     **error)
{
  g_autofree char *now_text = iso_from_unix (now);
  g_autofree char *detail = json_detail ("reason", reason, NULL);
  gint64 locked_until = 0;
  gboolean ok;

  if (!muying_store_begin (self, error))
    return -1;
  ok = muying_store_audit (self, login, "login_failed", "user", user ? muying_user_get_id (user) : 0,
                           detail, error);
  if (ok && user != NULL && g_strcmp0 (reason, "password") == 0)
    {
      /* An expired lock starts a new count. */
      g_autoptr(sqlite3_stmt) stmt =
        muying_store_prepare (self,
                              "UPDATE app_user SET "
                              "failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= ?2 "
                              "  THEN 1 ELSE failed_logins + 1 END, "
                              "locked_until = CASE WHEN locked_until <= ?2 THEN NULL ELSE locked_until END "
                              "WHERE id = ?1 RETURNING failed_logins", error);
      int rc, failures = 0;

      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, muying_user_get_id (user));
          sqlite3_bind_text (stmt, 2, now_text, -1, SQLITE_STATIC);
          rc = sqlite3_step (stmt);
          if (rc == SQLITE_ROW)
            {
              failures = sqlite3_column_int (stmt, 0);
              rc = sqlite3_step (stmt);
            }
          if (rc != SQLITE_DONE)
            ok = muying_store_set_error (self, rc, error);
        }
      if (ok && failures >= MUYING_LOGIN_MAX_FAILURES)
        {
          g_autofree char *until_text = NULL;
          g_autofree char *count = g_strdup_printf ("%d", failures);
          g_autofree char *lock_detail = NULL;

          locked_until = now + MUYING_LOGIN_LOCK_SECONDS;
          until_text = iso_from_unix (locked_until);
          lock_detail = json_detail ("until", until_text, "failures", count, NULL);
          ok = exec_update (self, "UPDATE app_user SET locked_until = ?2 WHERE id = ?1",
                            muying_user_get_id (user), until_text, error) &&
               muying_store_audit (self, login, "locked", "user", muying_user_get_id (user),
                                   lock_detail, error);
        }
    }
  if (!finish (self, ok, error))
    return -1;
  return locked_until;
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

/* The password check of a log-in and of a re-entered password (a signature): failures count
 * towards the lock the same way; @success_action is what the audit records when it is right. */
static MuyingUser *
authenticate (MuyingStore *self,
              const char  *login,
              const char  *password,
              gint64       now,
              const char  *success_action,
              GError     **error)
{
  g_autoptr(MuyingUser) user = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *audit_login = NULL;
  gboolean ok;

  g_return_val_if_fail (MUYING_IS_STORE (self), NULL);

  if (login == NULL || *login == '\0')
    {
      g_set_error_literal (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_BAD_CREDENTIALS,
                           _("The user name or password is wrong"));
      return NULL;
    }
  if (!ensure_sodium (error) || !read_user (self, login, &user, &hash, error))
    return NULL;

  /* What goes into the audit for an unknown login: valid text of bounded length. */
  audit_login = g_utf8_make_valid (login, MIN (strlen (login), 64));

  if (user == NULL)
    {
      verify_password (get_dummy_hash (), password);
      if (record_failure (self, NULL, audit_login, "unknown_user", now, error) < 0)
        return NULL;
      g_set_error_literal (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_BAD_CREDENTIALS,
                           _("The user name or password is wrong"));
      return NULL;
    }

  /* A locked account is refused without looking at the password. */
  if (muying_user_is_locked_at (user, now))
    {
      if (record_failure (self, user, login, "locked", now, error) < 0)
        return NULL;
      set_locked_error (error, login, muying_user_get_locked_until (user), FALSE);
      return NULL;
    }

  if (!verify_password (hash, password))
    {
      gint64 locked = record_failure (self, user, login, "password", now, error);

      if (locked < 0)
        return NULL;
      if (locked > 0)
        set_locked_error (error, login, locked, TRUE);
      else
        g_set_error_literal (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_BAD_CREDENTIALS,
                             _("The user name or password is wrong"));
      return NULL;
    }

  if (muying_user_get_disabled (user))
    {
      if (record_failure (self, user, login, "disabled", now, error) < 0)
        return NULL;
      g_set_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_DISABLED,
                   _("The account “%s” is disabled; ask an administrator"), login);
      return NULL;
    }

  /* Success: reset the count, rehash when the parameters changed, audit. */
  {
    g_autofree char *new_hash = NULL;

    if (crypto_pwhash_argon2id_str_needs_rehash (hash, crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE,
                                                 crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE) != 0)
      new_hash = hash_password (password, NULL);
    if (!muying_store_begin (self, error))
      return NULL;
    ok = exec_update (self, "UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = ?1",
                      muying_user_get_id (user), NULL, error);
    if (ok && new_hash != NULL)
      ok = exec_update (self, "UPDATE app_user SET password_hash = ?2 WHERE id = ?1",
                        muying_user_get_id (user), new_hash, error);
    if (ok)
      ok = muying_store_audit (self, login, success_action, "user", muying_user_get_id (user), NULL, error);
    if (!finish (self, ok, error))
      return NULL;
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
  return authenticate (self, login, password, now, "login", error);
}

gboolean
muying_store_confirm_password (MuyingStore *self,
                               const char  *login,
                               const char  *password,
                               GError     **error)
{
  g_autoptr(MuyingUser) user = authenticate (self, login, password, g_get_real_time () / G_USEC_PER_SEC,
                                             "password_confirmed", error);

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

  if (!muying_store_users_check_password (login, new_password, error))
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

  if (!muying_store_users_check_password (login, new_password, error))
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

  if (is_blank (display_name))
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
          g_autoptr(sqlite3_stmt) stmt =
            muying_store_prepare (self, "UPDATE app_user SET display_name = ?2, role = ?3 WHERE id = ?1", error);
          int rc;

          ok = stmt != NULL && (role == MUYING_ROLE_ADMIN || keep_one_admin (self, user, error));
          if (ok)
            {
              sqlite3_bind_int64 (stmt, 1, muying_user_get_id (user));
              sqlite3_bind_text (stmt, 2, display_name, -1, SQLITE_TRANSIENT);
              sqlite3_bind_text (stmt, 3, muying_role_to_string (role), -1, SQLITE_STATIC);
              rc = sqlite3_step (stmt);
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
