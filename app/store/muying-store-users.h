/* muying-store-users.h: accounts, roles, log-in with lockout (docs/architecture.md "Account policies")
 *
 * - No default accounts: while muying_store_count_users() is 0 the program asks for the first
 *   administrator (muying_store_create_first_admin).
 * - Passwords are stored as libsodium crypto_pwhash_str strings (Argon2id, "$argon2id$…",
 *   OPSLIMIT/MEMLIMIT_INTERACTIVE) and rehashed at the next log-in when the parameters change.
 * - MUYING_LOGIN_MAX_FAILURES consecutive failures lock the account for
 *   MUYING_LOGIN_LOCK_SECONDS (muying-lockout-policy.h); the counter and the lock are columns of app_user, so they
 *   survive a restart. A success resets the counter. A disabled account cannot log in.
 *   Attempts are counted before the password is checked, so parallel processes cannot guess
 *   more often than one after another (see muying_store_login).
 * - Every log-in success ("login"), failure ("login_failed", detail {"reason": "password",
 *   "unknown_user", "disabled", "locked", "locked_meanwhile" or "too_many_attempts"}) and
 *   lockout ("locked") and every
 *   change to an account ("user_add", "user_passwd", "user_update", "user_disable",
 *   "user_enable", "user_unlock") is written to the audit trail.
 * - Changes to accounts are made by an @actor: the login of an enabled administrator; the
 *   store checks it (MUYING_AUTH_ERROR_FORBIDDEN otherwise). The last enabled administrator
 *   can be neither disabled nor given another role.
 *
 * Errors: MUYING_AUTH_ERROR (BAD_CREDENTIALS, LOCKED, DISABLED, FORBIDDEN, FAILED for a
 * password or login name that breaks the policy), MUYING_STORE_ERROR_NOT_FOUND for an unknown
 * login in the management functions, MUYING_STORE_ERROR_CONSTRAINT for a login that exists,
 * other MUYING_STORE_ERROR codes for database failures. Messages are in the user's language.
 *
 * Password hashing takes ~0.1 s and 64 MiB: call the log-in from a worker thread in the GUI if
 * that matters (the store handle is opened SQLITE_OPEN_FULLMUTEX).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-lockout-policy.h"
#include "muying-login-name.h"
#include "muying-password-policy.h"
#include "muying-role.h"
#include "muying-store.h"
#include "muying-user.h"

G_BEGIN_DECLS

/* What a role may do: muying-role.h. A password, a login name and the lockout: their policies in
 * core, applied here. */
/* TRUE when @user (enabled) may; else FALSE with MUYING_AUTH_ERROR_FORBIDDEN and a message
 * naming the role needed. */
gboolean     muying_user_require             (MuyingUser        *user,
                                              MuyingPermission   permission,
                                              GError           **error);

/* Number of accounts (disabled ones included); -1 with @error on a database error. */
gint64       muying_store_count_users        (MuyingStore   *self,
                                              GError       **error);

/* First run: creates an administrator only while there is no account at all (checked in the
 * same transaction); MUYING_AUTH_ERROR_FORBIDDEN once one exists. */
MuyingUser  *muying_store_create_first_admin (MuyingStore   *self,
                                              const char    *login,
                                              const char    *display_name,
                                              const char    *password,
                                              GError       **error);
MuyingUser  *muying_store_create_user        (MuyingStore   *self,
                                              const char    *actor,
                                              const char    *login,
                                              const char    *display_name,
                                              MuyingRole     role,
                                              const char    *password,
                                              GError       **error);

/* NULL with MUYING_STORE_ERROR_NOT_FOUND when there is no such login. */
MuyingUser  *muying_store_lookup_user        (MuyingStore   *self,
                                              const char    *login,
                                              GError       **error);
/* A GListStore of MuyingUser in creation order. */
GListModel  *muying_store_list_users         (MuyingStore   *self,
                                              GError       **error);

/* Log-in. Returns the user, or NULL with MUYING_AUTH_ERROR_BAD_CREDENTIALS (wrong password,
 * unknown login or disabled account: one message, that does not say which, and the same work —
 * an unknown login is checked against a decoy hash), _LOCKED (now locked, or still locked: the
 * message says until when), or a store error. Must not be called inside
 * muying_store_begin/commit.
 *
 * The attempt is counted before the password is checked, in one write transaction that also
 * refuses a locked account: failed_logins counts the failed attempts and those still being
 * checked, so parallel attempts (several processes) see each other. An attempt made while
 * MUYING_LOGIN_MAX_FAILURES are already failed or in progress is refused unchecked and locks
 * the account; the failure that makes MUYING_LOGIN_MAX_FAILURES locks it too; no log-in
 * succeeds while the account is locked, even one whose password was being checked when the
 * lock was set. A success sets the count back to 0. An unknown login is audited as "? " and
 * a 4-hex-digit keyed digest of the typed name, never the name itself. */
MuyingUser  *muying_store_login              (MuyingStore   *self,
                                              const char    *login,
                                              const char    *password,
                                              GError       **error);
/* Same with the clock given (unix seconds), for tests. */
MuyingUser  *muying_store_login_at           (MuyingStore   *self,
                                              const char    *login,
                                              const char    *password,
                                              gint64         now,
                                              GError       **error);

typedef enum
{
  MUYING_LOGIN_FLAGS_NONE      = 0,
  /* For a command that only reads: when the disk is full (MUYING_STORE_ERROR_FULL) and the
   * attempt cannot be written, the right password still logs in, and *recorded says FALSE (the
   * caller warns that the log-in is not in the audit trail). A lock is still respected, but on
   * a full disk nothing can be counted. */
  MUYING_LOGIN_FLAGS_READ_ONLY = 1 << 0,
  /* For the way back from a damaged file (muying_store_quick_check found damage, so every
   * write is refused): the right password still logs in, judged on what can be read, and
   * *recorded says FALSE. Such a log-in is good for reading and for restoring a backup
   * (administrators only; the caller checks); nothing else can be written anyway. A lock is
   * still respected, but a damaged file cannot count failures. */
  MUYING_LOGIN_FLAGS_DAMAGED_FILE = 1 << 1,
  /* A re-entered password (an electronic signature): audited as "password_confirmed". */
  MUYING_LOGIN_FLAGS_CONFIRM   = 1 << 2,
} MuyingLoginFlags;

/* muying_store_login_at with @flags; @recorded (nullable) is FALSE when the log-in succeeded
 * without being written to the audit trail. */
MuyingUser  *muying_store_login_full         (MuyingStore      *self,
                                              const char       *login,
                                              const char       *password,
                                              gint64            now,
                                              MuyingLoginFlags  flags,
                                              gboolean         *recorded,
                                              GError          **error);

/* A signed-in user gives their password again (before an electronic signature): checked like a
 * log-in — a wrong one counts towards the lock, a locked or disabled account is refused — and
 * audited as "password_confirmed". Must not be called inside muying_store_begin/commit. */
gboolean     muying_store_confirm_password   (MuyingStore   *self,
                                              const char    *login,
                                              const char    *password,
                                              GError       **error);

/* A user changes their own password: @old_password is checked like a log-in (a wrong one
 * counts as a failed log-in). */
gboolean     muying_store_change_own_password (MuyingStore  *self,
                                               const char   *login,
                                               const char   *old_password,
                                               const char   *new_password,
                                               GError      **error);
/* An administrator sets a new password for @login; this also clears a lock. */
gboolean     muying_store_set_password       (MuyingStore   *self,
                                              const char    *actor,
                                              const char    *login,
                                              const char    *new_password,
                                              GError       **error);
gboolean     muying_store_set_user_disabled  (MuyingStore   *self,
                                              const char    *actor,
                                              const char    *login,
                                              gboolean       disabled,
                                              GError       **error);
/* Clears a lock and the failure count. */
gboolean     muying_store_unlock_user        (MuyingStore   *self,
                                              const char    *actor,
                                              const char    *login,
                                              GError       **error);

G_END_DECLS
