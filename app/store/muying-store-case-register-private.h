/* muying-store-case-register-private.h: what only the statistics' plan check and the tests call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The SQL of the registers (the count, then each programme's register), with ?1 and ?2 the
 * period's first and last day and ?3 the programme: for checking their query plans. */
GPtrArray *muying_case_register_dup_statements (void);

G_END_DECLS
