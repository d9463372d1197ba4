/* muying-types.h: enums shared by every layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Ordered: a record's level is the highest level among its reasons (docs/rules.md). */
typedef enum
{
  MUYING_LEVEL_LOW = 0,
  MUYING_LEVEL_INTERMEDIATE = 1,
  MUYING_LEVEL_HIGH = 2,
} MuyingLevel;

typedef enum
{
  MUYING_PROGRAM_PRENATAL = 0,
  MUYING_PROGRAM_NEWBORN = 1,
  MUYING_PROGRAM_TWO_CANCER = 2,
  MUYING_N_PROGRAMS
} MuyingProgram;

/* GB 11643: odd sequence code = male, even = female. */
typedef enum
{
  MUYING_SEX_UNKNOWN = 0,
  MUYING_SEX_MALE = 1,
  MUYING_SEX_FEMALE = 2,
} MuyingSex;

typedef enum
{
  MUYING_ROLE_NURSE = 0,
  MUYING_ROLE_DOCTOR = 1,
  MUYING_ROLE_ADMIN = 2,
} MuyingRole;

const char *muying_level_to_string    (MuyingLevel    level);
gboolean    muying_level_from_string  (const char    *text,
                                       MuyingLevel   *level);
const char *muying_level_get_label    (MuyingLevel    level);

const char *muying_program_to_string  (MuyingProgram  program);
gboolean    muying_program_from_string (const char   *text,
                                        MuyingProgram *program);
const char *muying_program_get_label  (MuyingProgram  program);

const char *muying_role_to_string     (MuyingRole     role);
gboolean    muying_role_from_string   (const char    *text,
                                       MuyingRole    *role);
const char *muying_role_get_label     (MuyingRole     role);

G_END_DECLS
