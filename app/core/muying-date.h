/* muying-date.h: calendar dates, ages and gestational-age arithmetic
 *
 * Dates are GDate values (day precision, no time zone) and travel as ISO "YYYY-MM-DD" text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Full term: EDD = first day of the last menstrual period + 280 days (40+0 weeks). */
#define MUYING_TERM_DAYS 280

/* The years a date may have (MUYING_DATE_ERROR_OUT_OF_RANGE outside). */
#define MUYING_DATE_MIN_YEAR 1900
#define MUYING_DATE_MAX_YEAR 2999

/* YYYY-MM-DD, YYYY/MM/DD (one- or two-digit month and day) or YYYYMMDD. Errors:
 * MUYING_DATE_ERROR_FORMAT, _INVALID (no such day), _OUT_OF_RANGE. */
gboolean muying_date_parse            (const char  *text,
                                       GDate       *date,
                                       GError     **error);
char    *muying_date_format           (const GDate *date);
void     muying_date_today            (GDate       *date);
int      muying_date_days_between     (const GDate *from,
                                       const GDate *to);
int      muying_date_age_on           (const GDate *birth,
                                       const GDate *on);
void     muying_date_edd_from_ga      (const GDate *sample_date,
                                       int          ga_days,
                                       GDate       *edd);
char    *muying_date_format_ga        (int          ga_days);
void     muying_date_add_days         (GDate       *date,
                                       int          days);

G_END_DECLS
