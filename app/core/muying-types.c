/* muying-types.c: names and Chinese labels of the shared enums
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-types.h"

static const char *level_keys[] = { "low", "intermediate", "high" };
static const char *program_keys[] = { "prenatal", "newborn", "two_cancer" };
static const char *role_keys[] = { "nurse", "doctor", "admin" };

static gboolean
lookup (const char  *text,
        const char **keys,
        guint        n_keys,
        int         *out)
{
  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < n_keys; i++)
    if (g_ascii_strcasecmp (text, keys[i]) == 0)
      {
        *out = (int) i;
        return TRUE;
      }
  return FALSE;
}

const char *
muying_level_to_string (MuyingLevel level)
{
  g_return_val_if_fail (level <= MUYING_LEVEL_HIGH, NULL);
  return level_keys[level];
}

gboolean
muying_level_from_string (const char  *text,
                          MuyingLevel *level)
{
  int v;

  if (!lookup (text, level_keys, G_N_ELEMENTS (level_keys), &v))
    return FALSE;
  *level = (MuyingLevel) v;
  return TRUE;
}

const char *
muying_level_get_label (MuyingLevel level)
{
  switch (level)
    {
    case MUYING_LEVEL_LOW:
      return _("Low risk");
    case MUYING_LEVEL_INTERMEDIATE:
      return _("Borderline, needs attention");
    case MUYING_LEVEL_HIGH:
      return _("High risk");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
muying_program_to_string (MuyingProgram program)
{
  g_return_val_if_fail (program < MUYING_N_PROGRAMS, NULL);
  return program_keys[program];
}

gboolean
muying_program_from_string (const char    *text,
                            MuyingProgram *program)
{
  int v;

  if (!lookup (text, program_keys, G_N_ELEMENTS (program_keys), &v))
    return FALSE;
  *program = (MuyingProgram) v;
  return TRUE;
}

const char *
muying_program_get_label (MuyingProgram program)
{
  switch (program)
    {
    case MUYING_PROGRAM_PRENATAL:
      return _("Prenatal screening");
    case MUYING_PROGRAM_NEWBORN:
      return _("Newborn hearing and deafness genes");
    case MUYING_PROGRAM_TWO_CANCER:
      return _("Cervical and breast cancer screening");
    case MUYING_N_PROGRAMS:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
muying_role_to_string (MuyingRole role)
{
  g_return_val_if_fail (role <= MUYING_ROLE_ADMIN, NULL);
  return role_keys[role];
}

gboolean
muying_role_from_string (const char *text,
                         MuyingRole *role)
{
  int v;

  if (!lookup (text, role_keys, G_N_ELEMENTS (role_keys), &v))
    return FALSE;
  *role = (MuyingRole) v;
  return TRUE;
}

const char *
muying_role_get_label (MuyingRole role)
{
  switch (role)
    {
    case MUYING_ROLE_NURSE:
      return _("Nurse");
    case MUYING_ROLE_DOCTOR:
      return _("Doctor");
    case MUYING_ROLE_ADMIN:
      return _("Administrator");
    default:
      g_return_val_if_reached (NULL);
    }
}
