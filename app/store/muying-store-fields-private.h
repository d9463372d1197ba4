/* muying-store-fields-private.h: a programme's described fields as SQL columns and parameters
 *
 * The store keeps each MUYING_FIELD_STORED field of a descriptor (muying-program-descriptor.h) in a
 * column of the programme's table named by the field's key. These helpers build the column lists
 * and move values between a record and a statement, so no store file names a field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-program-descriptor.h"
#include "muying-store-sql.h"

G_BEGIN_DECLS

/* A stored field that a save writes: MUYING_FIELD_STORED. */
gboolean   _muying_store_field_is_saved (const MuyingField            *field);
/* "prefix.key1, prefix.key2, …" over the saved fields, in descriptor order (prefix may be NULL). */
char      *_muying_store_field_columns (const MuyingProgramDescriptor *descriptor,
                                        const char                    *prefix);
/* The number of stored fields (the length of the list above). */
guint      _muying_store_n_stored      (const MuyingProgramDescriptor *descriptor);
/* Binds a stored value (NULL = SQL NULL) to parameter @index. */
int        _muying_store_bind_value    (MuyingSqlStmt                  *stmt,
                                        int                            index,
                                        GVariant                      *value);
/* The value of column @col (NULL for SQL NULL), ready for muying_field_set_value. */
GVariant  *_muying_store_column_value  (MuyingSqlStmt                  *stmt,
                                        int                            col);
/* Binds a value of muying_field_peek_value (a NULL value = SQL NULL) to parameter @index. */
int        _muying_store_bind_field_value (MuyingSqlStmt           *stmt,
                                           int                     index,
                                           const MuyingFieldValue *value);
/* Binds the value of @field in @record (what muying_field_get_value gives) to parameter @index. */
int        _muying_store_bind_field    (MuyingSqlStmt                  *stmt,
                                        int                            index,
                                        const MuyingField             *field,
                                        gconstpointer                  record);
/* Binds the stored fields of @record to parameters @first, @first + 1, …; returns the next index. */
int        _muying_store_bind_fields   (MuyingSqlStmt                  *stmt,
                                        int                            first,
                                        const MuyingProgramDescriptor *descriptor,
                                        gconstpointer                  record);
/* Reads the stored fields from columns @first, @first + 1, … (as listed by _muying_store_field_columns)
 * into @record. FALSE if a value could not be read (a damaged database); the others are read. */
gboolean   _muying_store_read_fields   (MuyingSqlStmt                  *stmt,
                                        int                            first,
                                        const MuyingProgramDescriptor *descriptor,
                                        gpointer                       record);

/* The stored record @record_id of @program as its record struct (free with the descriptor's
 * record_free): its fields, the newborn's variant rows, whether the EDD was given, the woman's
 * birth date from her ID number. NULL with @error when it cannot be read. */
gpointer   _muying_store_load_record   (MuyingStore                   *store,
                                        gint64                         record_id,
                                        MuyingProgram                  program,
                                        GError                       **error);

G_END_DECLS
