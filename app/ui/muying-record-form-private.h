/* muying-record-form-private.h: what only the tests call of muying-record-form.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-record-form.h"

G_BEGIN_DECLS

/* The message shown next to a field, or NULL when the field is fine. */
const char       *muying_record_form_get_field_error (MuyingRecordForm *self,
                                                      const char       *key);

/* After a successful save: the record's level; -1 before. */
int               muying_record_form_get_saved_level (MuyingRecordForm *self);
gint64            muying_record_form_get_record_id   (MuyingRecordForm *self);
const char       *muying_record_form_get_status      (MuyingRecordForm *self);

/* The side panel's text about the person (born …, known person with N earlier records). */
const char       *muying_record_form_get_person_text (MuyingRecordForm *self);

G_END_DECLS
