/* muying-record-form.h: keyboard-first entry and editing of one screening record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-app-context.h"
#include "muying-rule-set.h"
#include "muying-store.h"

G_BEGIN_DECLS

#define MUYING_TYPE_RECORD_FORM (muying_record_form_get_type ())
G_DECLARE_FINAL_TYPE (MuyingRecordForm, muying_record_form, MUYING, RECORD_FORM, GtkWindow)

MuyingRecordForm *muying_record_form_new         (GtkWindow        *parent,
                                                  MuyingAppContext *context,
                                                  MuyingProgram     program);
gboolean          muying_record_form_load        (MuyingRecordForm *self,
                                                  gint64            record_id,
                                                  GError          **error);
/* For tests and scripted entry: the value of a field by its import column key. */
void              muying_record_form_set_value   (MuyingRecordForm *self,
                                                  const char       *key,
                                                  const char       *value);
char             *muying_record_form_get_value   (MuyingRecordForm *self,
                                                  const char       *key);
/* The message shown next to a field, or NULL when the field is fine. */
const char       *muying_record_form_get_field_error (MuyingRecordForm *self,
                                                      const char       *key);
/* After a successful save: the record's level; -1 before. */
int               muying_record_form_get_saved_level (MuyingRecordForm *self);
gint64            muying_record_form_get_record_id   (MuyingRecordForm *self);
const char       *muying_record_form_get_status      (MuyingRecordForm *self);
/* The side panel's text about the person (born …, known person with N earlier records). */
const char       *muying_record_form_get_person_text (MuyingRecordForm *self);
/* Values typed since the form was last saved, loaded or cleared. */
gboolean          muying_record_form_has_unsaved_changes (MuyingRecordForm *self);

G_END_DECLS
