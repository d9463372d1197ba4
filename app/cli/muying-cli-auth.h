/* muying-cli-auth.h: who runs a muying-cli command (docs/cli.md)
 *
 * A command that writes or exports needs --user NAME and that user's password: read from the
 * terminal without echo when standard input is a terminal, else from the environment variable
 * MUYING_PASSWORD. A new password (user add, user passwd, init --admin on a terminal) is asked
 * twice; without a terminal it comes from MUYING_NEW_PASSWORD (init --admin: MUYING_PASSWORD).
 *
 * While the database has no account at all, every command that needs a user is refused with a
 * hint to run `muying-cli init --admin NAME` first: there are no default accounts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-cli-context.h"
#include "muying-store-users.h"

G_BEGIN_DECLS

#define MUYING_CLI_PASSWORD_ENV     "MUYING_PASSWORD"
#define MUYING_CLI_NEW_PASSWORD_ENV "MUYING_NEW_PASSWORD"

/* Logs ctx->user in (opening the database) and checks that the role allows @needed. Prints
 * the reason in the user's language and returns FALSE otherwise; the command then returns
 * muying_cli_auth_failure_status(). A second call in the same process does not ask again. */
gboolean    muying_cli_authenticate          (MuyingCliContext *ctx,
                                              MuyingPermission  needed);
/* The same for a command that only reads (check, backup, worklist): when the disk is full and
 * the log-in cannot be written to the audit trail, the right password still lets it run, with a
 * warning on stderr. Commands that write use muying_cli_authenticate, and are refused. */
gboolean    muying_cli_authenticate_to_read  (MuyingCliContext *ctx,
                                              MuyingPermission  needed);
/* For `restore`: an administrator's log-in that also works on a damaged database (which
 * refuses every write, the log-in's audit row included): the password is verified, failures
 * are counted when the file takes writes, and a warning on stderr says when the log-in could not
 * be recorded. The restore itself is recorded in the restored database. */
gboolean    muying_cli_authenticate_to_restore (MuyingCliContext *ctx);
/* After a read of personal data: writes who read what ("read", entity @command, detail
 * {"command", "rows", "format"}) to the audit trail. Returns FALSE (after printing why) when
 * it could not be written, and the command must then show nothing; on a full disk it warns
 * and returns TRUE. Needs a logged-in user. */
gboolean    muying_cli_audit_read            (MuyingCliContext *ctx,
                                              const char       *command,
                                              gint64            n_rows,
                                              const char       *format);
/* The logged-in user after muying_cli_authenticate succeeded (borrowed), else NULL. */
MuyingUser *muying_cli_get_user              (void);
/* MUYING_CLI_EXIT_USAGE when --user was missing, MUYING_CLI_EXIT_ERRORS otherwise. */
int         muying_cli_auth_failure_status   (void);

/* Reads a password (see above). @confirm: ask twice on a terminal. Prints why and returns NULL
 * when there is none. Free with muying_cli_free_password (wipes it). */
char       *muying_cli_read_password         (const char       *prompt,
                                              const char       *env_name,
                                              gboolean          confirm);
void        muying_cli_free_password         (char             *password);

/* Before asking for the password (a log-in writes to the audit trail): opens the database and
 * refuses @path as an output file when it is the database, one of its working files, in its
 * backups folder or another database (muying_output_path_check). Prints why and returns FALSE. */
gboolean    muying_cli_check_output_path     (MuyingCliContext *ctx,
                                              const char       *path);

/* g_autoptr(MuyingCliPassword) password = muying_cli_read_password (…); */
typedef char MuyingCliPassword;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingCliPassword, muying_cli_free_password)

G_END_DECLS
