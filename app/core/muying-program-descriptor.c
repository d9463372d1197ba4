/* muying-program-descriptor.c: finding a programme's descriptor and its fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-core"

#include "config.h"

#include <string.h>

#include "muying-program-descriptor.h"

const MuyingProgramDescriptor *
muying_program_descriptor_get (MuyingProgram program)
{
  switch (program)
    {
    case MUYING_PROGRAM_PRENATAL:
      return &muying_prenatal_descriptor;
    case MUYING_PROGRAM_NEWBORN:
      return &muying_newborn_descriptor;
    case MUYING_PROGRAM_TWO_CANCER:
      return &muying_two_cancer_descriptor;
    case MUYING_N_PROGRAMS:
    default:
      g_return_val_if_reached (NULL);
    }
}

const MuyingField *
muying_program_descriptor_find (const MuyingProgramDescriptor *self,
                                const char                    *key)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (key == NULL)
    return NULL;
  for (const MuyingField *f = self->fields; f->key != NULL; f++)
    if (strcmp (f->key, key) == 0)
      return f;
  return NULL;
}

guint
muying_program_descriptor_count (const MuyingProgramDescriptor *self)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  while (self->fields[n].key != NULL)
    n++;
  return n;
}

guint
muying_program_descriptor_index (const MuyingProgramDescriptor *self,
                                 const MuyingField             *field)
{
  g_return_val_if_fail (self != NULL && field >= self->fields, 0);

  return (guint) (field - self->fields);
}

const MuyingField *
muying_program_descriptor_lookup (const char                     *key,
                                  const MuyingProgramDescriptor **owner)
{
  for (int p = 0; p < MUYING_N_PROGRAMS; p++)
    {
      const MuyingProgramDescriptor *d = muying_program_descriptor_get ((MuyingProgram) p);
      const MuyingField *f = muying_program_descriptor_find (d, key);

      if (f != NULL)
        {
          if (owner != NULL)
            *owner = d;
          return f;
        }
    }
  return NULL;
}
