/* muying-error.c: error domains
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "muying-error.h"

G_DEFINE_QUARK (muying-id-number-error-quark, muying_id_number_error)
G_DEFINE_QUARK (muying-date-error-quark, muying_date_error)
G_DEFINE_QUARK (muying-store-error-quark, muying_store_error)
G_DEFINE_QUARK (muying-rules-error-quark, muying_rules_error)
G_DEFINE_QUARK (muying-import-error-quark, muying_import_error)
G_DEFINE_QUARK (muying-export-error-quark, muying_export_error)
G_DEFINE_QUARK (muying-auth-error-quark, muying_auth_error)
