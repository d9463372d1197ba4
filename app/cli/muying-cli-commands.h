/* muying-cli-commands.h: the commands of muying-cli implemented outside the dispatcher
 *
 * Each command gets its own arguments with argv[0] = the command name, and returns an exit
 * status of docs/cli.md (MUYING_CLI_EXIT_*).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-cli-context.h"
#include "muying-importer.h"
#include "muying-period.h"

G_BEGIN_DECLS

/* import --program prenatal|newborn|two_cancer FILE [--report OUT.csv] [--format text|json] */
int muying_cli_import   (MuyingCliContext *ctx,
                         int               argc,
                         char            **argv);

/* classify --program P FILE [--format csv|json]: no database, no user.
 * classify --dry-run | --apply [--format text|json]: the stored records with the current rule set
 * (an administrator). */
int muying_cli_classify (MuyingCliContext *ctx,
                         int               argc,
                         char            **argv);

/* Shared by import and classify (muying-cli-import.c). */
gboolean muying_cli_parse_program         (const char               *text,
                                           MuyingProgram            *program);
void     muying_cli_print_import_problems (const MuyingImportReport *report);

/* stats [--from D --to D | --year Y | --calendar-year Y] [--format text|json] (muying-cli-stats.c) */
int muying_cli_stats    (MuyingCliContext *ctx,
                         int               argc,
                         char            **argv);

/* export [--from D --to D | --year Y | --calendar-year Y] --out FILE.xlsx [--deidentify]
 * (muying-cli-export.c) */
int muying_cli_export   (MuyingCliContext *ctx,
                         int               argc,
                         char            **argv);

/* The period options shared by stats and export: either --from and --to, or --year (statistical
 * year), or --calendar-year; none = the current statistical year. Prints the problem and returns
 * FALSE on bad usage. (muying-cli-stats.c) */
gboolean muying_cli_parse_period          (const char               *command,
                                           const char               *from,
                                           const char               *to,
                                           int                       year,
                                           int                       calendar_year,
                                           const char               *quarter,
                                           MuyingPeriod             *period);

/* migrate-db --to postgresql://USER@HOST:PORT/DB (muying-cli-migrate.c) */
int muying_cli_migrate_db (MuyingCliContext *ctx,
                           int               argc,
                           char            **argv);

/* demo --records N [--seed S] [--year Y] (muying-cli-demo.c) */
int muying_cli_demo       (MuyingCliContext *ctx,
                           int               argc,
                           char            **argv);

/* user add|passwd|disable|enable|unlock|list … (muying-cli-users.c) */
int muying_cli_user       (MuyingCliContext *ctx,
                           int               argc,
                           char            **argv);
/* The --admin NAME of init: creates the first administrator while the database has no user;
 * called by init after opening ctx->store. Returns an exit status. (muying-cli-users.c) */
int muying_cli_init_admin (MuyingCliContext *ctx,
                           const char       *login);

/* backup [--force] OUT.db, restore IN.db, check (muying-cli-backup.c) */
int muying_cli_backup     (MuyingCliContext *ctx,
                           int               argc,
                           char            **argv);
int muying_cli_restore    (MuyingCliContext *ctx,
                           int               argc,
                           char            **argv);
int muying_cli_check      (MuyingCliContext *ctx,
                           int               argc,
                           char            **argv);

/* worklist [--format text|json] [--program P] [--overdue] [--limit N] [--today DATE]
 * (muying-cli-worklist.c) */
int muying_cli_worklist   (MuyingCliContext *ctx,
                           int               argc,
                           char            **argv);

/* person show ID [--format text|json], person correct ID [--name N] [--phone P] --reason R
 * (muying-cli-persons.c) */
int muying_cli_person     (MuyingCliContext *ctx,
                           int               argc,
                           char            **argv);

/* follow-on unlinked [--kind K] [--format text|json], follow-on link K ID SCREENING_KEY
 * (muying-cli-follow-on.c) */
int muying_cli_follow_on  (MuyingCliContext *ctx,
                           int               argc,
                           char            **argv);

/* denominators set|list|import (muying-cli-denominators.c) */
int muying_cli_denominators (MuyingCliContext *ctx,
                             int               argc,
                             char            **argv);

G_END_DECLS
