/* muying-error.h: error domains
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MUYING_ID_NUMBER_ERROR (muying_id_number_error_quark ())
#define MUYING_DATE_ERROR      (muying_date_error_quark ())
#define MUYING_STORE_ERROR     (muying_store_error_quark ())
#define MUYING_RULES_ERROR     (muying_rules_error_quark ())
#define MUYING_IMPORT_ERROR    (muying_import_error_quark ())
#define MUYING_EXPORT_ERROR    (muying_export_error_quark ())
#define MUYING_AUTH_ERROR      (muying_auth_error_quark ())

typedef enum
{
  MUYING_ID_NUMBER_ERROR_EMPTY,
  MUYING_ID_NUMBER_ERROR_LENGTH,
  MUYING_ID_NUMBER_ERROR_CHARACTERS,
  MUYING_ID_NUMBER_ERROR_SCIENTIFIC,
  MUYING_ID_NUMBER_ERROR_BIRTH_DATE,
  MUYING_ID_NUMBER_ERROR_FUTURE,
  MUYING_ID_NUMBER_ERROR_CHECK_DIGIT,
  MUYING_ID_NUMBER_ERROR_REGION,        /* not a GB/T 2260 province, or a whole province */
} MuyingIdNumberError;

typedef enum
{
  MUYING_DATE_ERROR_FORMAT,
  MUYING_DATE_ERROR_INVALID,
  MUYING_DATE_ERROR_OUT_OF_RANGE,   /* a real date, but before 1900 or after 2999 */
} MuyingDateError;

typedef enum
{
  MUYING_STORE_ERROR_FAILED,
  MUYING_STORE_ERROR_NOT_OURS,
  MUYING_STORE_ERROR_TOO_NEW,
  MUYING_STORE_ERROR_CORRUPT,
  MUYING_STORE_ERROR_NOT_FOUND,
  MUYING_STORE_ERROR_CONSTRAINT,
  MUYING_STORE_ERROR_LOCKED_RECORD,
  MUYING_STORE_ERROR_PERMISSION,
  MUYING_STORE_ERROR_FULL,          /* the disk is full: nothing was written */
  MUYING_STORE_ERROR_IDENTITY_CONFLICT,  /* an ID number given with another name than the registered one */
  MUYING_STORE_ERROR_MOVED,
  MUYING_STORE_ERROR_UNREACHABLE,     /* the database server does not answer, or the connection was lost */
  MUYING_STORE_ERROR_NEEDS_PASSWORD,  /* the server asks for a password none was found for */
  MUYING_STORE_ERROR_BAD_LOCATION,    /* a server address that cannot be used (a password in it, a typo) */
  MUYING_STORE_ERROR_CONFLICT,        /* the record or follow-up changed since its user read it (row_version) */
} MuyingStoreError;

typedef enum
{
  MUYING_RULES_ERROR_LOAD,
  MUYING_RULES_ERROR_INVALID,
  MUYING_RULES_ERROR_INPUT,
} MuyingRulesError;

typedef enum
{
  MUYING_IMPORT_ERROR_FAILED,
  MUYING_IMPORT_ERROR_ENCODING,
  MUYING_IMPORT_ERROR_HEADER,
  MUYING_IMPORT_ERROR_ROW,
} MuyingImportError;

typedef enum
{
  MUYING_EXPORT_ERROR_FAILED,
  MUYING_EXPORT_ERROR_CANCELLED,
} MuyingExportError;

typedef enum
{
  MUYING_AUTH_ERROR_FAILED,
  MUYING_AUTH_ERROR_BAD_CREDENTIALS,
  MUYING_AUTH_ERROR_LOCKED,
  MUYING_AUTH_ERROR_DISABLED,
  MUYING_AUTH_ERROR_FORBIDDEN,
} MuyingAuthError;

GQuark muying_id_number_error_quark (void);
GQuark muying_date_error_quark      (void);
GQuark muying_store_error_quark     (void);
GQuark muying_rules_error_quark     (void);
GQuark muying_import_error_quark    (void);
GQuark muying_export_error_quark    (void);
GQuark muying_auth_error_quark      (void);

G_END_DECLS
