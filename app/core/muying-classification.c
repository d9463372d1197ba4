/* muying-classification.c: the result of classifying one record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "muying-classification.h"
#include "muying-date.h"

void
muying_reason_free (MuyingReason *reason)
{
  if (reason == NULL)
    return;
  g_free (reason->code);
  g_free (reason);
}

MuyingClassification *
muying_classification_new (const char *rules_version)
{
  MuyingClassification *self = g_new0 (MuyingClassification, 1);

  self->level = MUYING_LEVEL_LOW;
  self->reasons = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_reason_free);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  self->rules_version = g_strdup (rules_version);
  g_date_clear (&self->due_date, 1);
  return self;
}

void
muying_classification_free (MuyingClassification *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->reasons);
  g_ptr_array_unref (self->warnings);
  g_free (self->rules_version);
  g_free (self);
}

void
muying_classification_add (MuyingClassification *self,
                           const char           *code,
                           MuyingLevel           level,
                           int                   deadline_days)
{
  MuyingReason *reason;

  g_return_if_fail (self != NULL && code != NULL);

  if (muying_classification_has (self, code))
    return;
  reason = g_new0 (MuyingReason, 1);
  reason->code = g_strdup (code);
  reason->level = level;
  reason->deadline_days = deadline_days;
  g_ptr_array_add (self->reasons, reason);
}

static int
compare_reasons (gconstpointer a,
                 gconstpointer b)
{
  const MuyingReason *ra = *(MuyingReason * const *) a;
  const MuyingReason *rb = *(MuyingReason * const *) b;

  return strcmp (ra->code, rb->code);
}

void
muying_classification_finish (MuyingClassification *self,
                              const GDate          *record_date)
{
  int deadline = G_MAXINT;

  g_return_if_fail (self != NULL);

  g_ptr_array_sort (self->reasons, compare_reasons);
  self->level = MUYING_LEVEL_LOW;
  for (guint i = 0; i < self->reasons->len; i++)
    {
      MuyingReason *r = g_ptr_array_index (self->reasons, i);

      self->level = MAX (self->level, r->level);
      if (r->level > MUYING_LEVEL_LOW)
        deadline = MIN (deadline, r->deadline_days);
    }
  g_date_clear (&self->due_date, 1);
  if (self->level > MUYING_LEVEL_LOW && record_date != NULL && g_date_valid (record_date))
    {
      self->due_date = *record_date;
      muying_date_add_days (&self->due_date, deadline);
    }
}

gboolean
muying_classification_has (MuyingClassification *self,
                           const char           *code)
{
  for (guint i = 0; i < self->reasons->len; i++)
    {
      MuyingReason *r = g_ptr_array_index (self->reasons, i);

      if (strcmp (r->code, code) == 0)
        return TRUE;
    }
  return FALSE;
}

char *
muying_classification_join_codes (MuyingClassification *self,
                                  const char           *separator)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < self->reasons->len; i++)
    {
      MuyingReason *r = g_ptr_array_index (self->reasons, i);

      if (i > 0)
        g_string_append (s, separator);
      g_string_append (s, r->code);
    }
  return g_string_free (s, FALSE);
}
