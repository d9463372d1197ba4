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
/* Values typed since the form was last saved, loaded or cleared. */
gboolean          muying_record_form_has_unsaved_changes (MuyingRecordForm *self);

G_END_DECLS
