/* muying-store-check.h: integrity and consistency check of the live database (`muying-cli check`)
 *
 * In order: PRAGMA integrity_check (the file's structure; when it fails nothing else is looked
 * at and nothing is written), the schema (tables, indexes and triggers exactly as the
 * migrations create them), PRAGMA foreign_key_check, the keyed audit chain, the newest entry
 * the key folder saw, and the seals of accounts and signed records (muying-store-audit.c; a
 * missing key is reported as "cannot be verified"), and the invariants the program keeps: every record has the row
 * of its programme and no other programme's, a record's computed level is the highest level
 * of its reasons (so a flagged record has reasons), a flagged record has a follow-up, a signed
 * record names its signer, and accounts exist only together with an enabled administrator.
 *
 * When the file's structure is sound the result is appended to the audit ("check", with the
 * number of problems); a damaged file is not written to. When that row cannot be written (a
 * full disk), muying_store_check() lists it as one more problem; muying_store_check_full()
 * keeps it apart, so that the command line can report a sound database it could not record.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-store.h"

G_BEGIN_DECLS

/* Returns: (transfer full) (element-type utf8): the problems found, in the user's language,
 * empty when there is none; NULL with @error only when the check could not run. @actor:
 * (nullable): the login audited. */
GPtrArray *muying_store_check (MuyingStore  *self,
                               const char   *actor,
                               GError      **error);

/* Like muying_store_check(), but when the result cannot be appended to the audit (a full disk:
 * MUYING_STORE_ERROR_FULL) that is not one of the problems: it is set in @audit_error and the
 * problems are those of the database alone. */
GPtrArray *muying_store_check_full (MuyingStore  *self,
                                    const char   *actor,
                                    GError      **audit_error,
                                    GError      **error);

/* “The result could not be written to the audit trail: …” for @audit_error. */
char      *muying_store_check_unrecorded_message (const GError *audit_error);

G_END_DECLS
