/* muying-id-number.h: citizen identity numbers (GB 11643-1999)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "muying-types.h"

G_BEGIN_DECLS

char     muying_id_number_check_char (const char  *first17);
char    *muying_id_number_normalize  (const char  *text);
gboolean muying_id_number_validate   (const char  *text,
                                      const GDate *today,
                                      GDate       *birth_date,
                                      MuyingSex   *sex,
                                      GError     **error);
/* The birth date and sex of a number accepted earlier (a stored record): only the digits are read
 * and the date checked to be real, so a record accepted under older rules keeps its age when the
 * rules tighten. FALSE when they cannot be read. */
gboolean muying_id_number_read_stored (const char  *id_number,
                                       GDate       *birth_date,
                                       MuyingSex   *sex);
char    *muying_id_number_mask       (const char  *id_number);

/* A county-level address code of GB/T 2260 (居住地区划代码), as the first six digits of an ID number
 * have it: six ASCII digits, a province-level code this file knows, and not a whole province (but
 * the codes of Hong Kong, Macao and Taiwan residents). Errors: MUYING_ID_NUMBER_ERROR_REGION, in
 * words a nurse can act on. */
gboolean muying_area_code_check      (const char  *text,
                                      GError     **error);

G_END_DECLS
