/* muying-form-fields.h: the fields of each programme's entry form
 *
 * The keys are the import columns of docs/import-formats.md: a form is filled in as one CSV row and
 * checked by the same code that checks an imported file, so a value a form accepts is exactly a
 * value an import accepts, with the same messages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "muying-types.h"

G_BEGIN_DECLS

typedef enum
{
  MUYING_FORM_TEXT,
  MUYING_FORM_DATE,
  MUYING_FORM_NUMBER,
  MUYING_FORM_CHOICE,
} MuyingFormKind;

typedef struct
{
  const char *value;   /* canonical key; "" = not recorded */
  const char *label;   /* N_() */
} MuyingFormChoice;

typedef struct
{
  const char             *key;
  const char             *label;        /* N_() */
  MuyingFormKind          kind;
  gboolean                required;
  const MuyingFormChoice *choices;      /* NULL-label terminated, for MUYING_FORM_CHOICE */
  const char             *placeholder;  /* N_(), nullable */
  const char             *section;      /* N_(): a heading starts before this field, nullable */
} MuyingFormField;

/* NULL-key terminated. */
const MuyingFormField *muying_form_fields_for_program (MuyingProgram program);
/* The natural key column: sample_no or exam_no. */
const char            *muying_form_fields_key_column  (MuyingProgram program);
/* The translated label of a choice (e.g. test_type "mid_double"), or NULL. */
const char            *muying_form_fields_choice_label (MuyingProgram program,
                                                        const char   *key,
                                                        const char   *value);
/* The column holding the woman's (or mother's) ID number. */
const char            *muying_form_fields_id_column   (MuyingProgram program);

G_END_DECLS
