/* muying-store-fields.c: a programme's described fields as SQL columns and parameters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include "muying-store-fields-private.h"

gboolean
_muying_store_field_is_saved (const MuyingField *field)
{
  return MUYING_FIELD_IS (field, MUYING_FIELD_STORED);
}

char *
_muying_store_field_columns (const MuyingProgramDescriptor *descriptor,
                             const char                    *prefix)
{
  GString *s = g_string_new (NULL);

  for (const MuyingField *f = descriptor->fields; f->key != NULL; f++)
    {
      if (!_muying_store_field_is_saved (f))
        continue;
      if (s->len > 0)
        g_string_append (s, ", ");
      if (prefix != NULL)
        g_string_append_printf (s, "%s.", prefix);
      g_string_append (s, f->key);
    }
  return g_string_free (s, FALSE);
}

guint
_muying_store_n_stored (const MuyingProgramDescriptor *descriptor)
{
  guint n = 0;

  for (const MuyingField *f = descriptor->fields; f->key != NULL; f++)
    if (_muying_store_field_is_saved (f))
      n++;
  return n;
}

int
_muying_store_bind_value (MuyingSqlStmt *stmt,
                          int           index,
                          GVariant     *value)
{
  if (value == NULL)
    return muying_sql_bind_null (stmt, index);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return muying_sql_bind_text (stmt, index, g_variant_get_string (value, NULL), -1, SQLITE_TRANSIENT);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    return muying_sql_bind_int64 (stmt, index, g_variant_get_int64 (value));
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    return muying_sql_bind_double (stmt, index, g_variant_get_double (value));
  g_return_val_if_reached (SQLITE_MISUSE);
}

GVariant *
_muying_store_column_value (MuyingSqlStmt *stmt,
                            int           col)
{
  switch (muying_sql_column_type (stmt, col))
    {
    case SQLITE_INTEGER:
      return g_variant_ref_sink (g_variant_new_int64 (muying_sql_column_int64 (stmt, col)));
    case SQLITE_FLOAT:
      return g_variant_ref_sink (g_variant_new_double (muying_sql_column_double (stmt, col)));
    case SQLITE_TEXT:
      return g_variant_ref_sink (g_variant_new_string ((const char *) muying_sql_column_text (stmt, col)));
    case SQLITE_NULL:
    case SQLITE_BLOB:
    default:
      return NULL;
    }
}

int
_muying_store_bind_field_value (MuyingSqlStmt           *stmt,
                                int                     index,
                                const MuyingFieldValue *value)
{
  switch (value->type)
    {
    case MUYING_FIELD_VALUE_TEXT:
      return muying_sql_bind_text (stmt, index, value->text, -1, value->static_text ? SQLITE_STATIC : SQLITE_TRANSIENT);
    case MUYING_FIELD_VALUE_INT:
      return muying_sql_bind_int64 (stmt, index, value->integer);
    case MUYING_FIELD_VALUE_REAL:
      return muying_sql_bind_double (stmt, index, value->real);
    case MUYING_FIELD_VALUE_NULL:
    default:
      return muying_sql_bind_null (stmt, index);
    }
}

/* The value as muying_field_get_value gives it, without a GVariant (a bulk load binds millions;
 * tests/test-store.c compares the two). */
int
_muying_store_bind_field (MuyingSqlStmt      *stmt,
                          int                index,
                          const MuyingField *field,
                          gconstpointer      record)
{
  MuyingFieldValue value;
  int rc;

  muying_field_peek_value (field, record, &value);
  rc = _muying_store_bind_field_value (stmt, index, &value);
  muying_field_value_clear (&value);
  return rc;
}

int
_muying_store_bind_fields (MuyingSqlStmt                  *stmt,
                           int                            first,
                           const MuyingProgramDescriptor *descriptor,
                           gconstpointer                  record)
{
  int index = first;

  for (const MuyingField *f = descriptor->fields; f->key != NULL; f++)
    if (_muying_store_field_is_saved (f))
      _muying_store_bind_field (stmt, index++, f, record);
  return index;
}

gboolean
_muying_store_read_fields (MuyingSqlStmt                  *stmt,
                           int                            first,
                           const MuyingProgramDescriptor *descriptor,
                           gpointer                       record)
{
  int col = first;
  gboolean ok = TRUE;

  for (const MuyingField *f = descriptor->fields; f->key != NULL; f++)
    {
      g_autoptr(GVariant) value = NULL;

      if (!_muying_store_field_is_saved (f))
        continue;
      value = _muying_store_column_value (stmt, col++);
      if (!muying_field_set_value (f, record, value))
        ok = FALSE;
    }
  return ok;
}
