/* muying-cli-context.h: what every muying-cli command gets — global options and the database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "muying-store.h"

G_BEGIN_DECLS

/* Exit codes of docs/cli.md. */
#define MUYING_CLI_EXIT_OK     0
#define MUYING_CLI_EXIT_ERRORS 1
#define MUYING_CLI_EXIT_USAGE  2
/* `check` found the database sound but could not append its result to the audit (full disk). */
#define MUYING_CLI_EXIT_UNRECORDED 3

typedef struct
{
  char        *db_path;  /* --db, or the desktop program's default database */
  char        *user;     /* --user, may be NULL */
  MuyingStore *store;    /* opened on first use by muying_cli_context_open_store */
} MuyingCliContext;

/* Opens the existing database (only `init` creates one). Prints the error in the user's language and
 * returns NULL on failure. */
MuyingStore *muying_cli_context_open_store (MuyingCliContext *ctx);

/* Prints "muying-cli: <message>" on stderr. */
void         muying_cli_printerr           (const char       *format,
                                            ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
