/* muying-store-fields.c: a programme's described fields as SQL columns and parameters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <math.h>

#include "muying-store-fields-private.h"

gboolean
_muying_store_field_is_saved (const MuyingField *field)
{
  return MUYING_FIELD_IS (field, MUYING_FIELD_STORED) && !MUYING_FIELD_IS (field, MUYING_FIELD_FOLLOW_ON);
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
_muying_store_bind_value (sqlite3_stmt *stmt,
                          int           index,
                          GVariant     *value)
{
  if (value == NULL)
    return sqlite3_bind_null (stmt, index);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return sqlite3_bind_text (stmt, index, g_variant_get_string (value, NULL), -1, SQLITE_TRANSIENT);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    return sqlite3_bind_int64 (stmt, index, g_variant_get_int64 (value));
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    return sqlite3_bind_double (stmt, index, g_variant_get_double (value));
  g_return_val_if_reached (SQLITE_MISUSE);
}

GVariant *
_muying_store_column_value (sqlite3_stmt *stmt,
                            int           col)
{
  switch (sqlite3_column_type (stmt, col))
    {
    case SQLITE_INTEGER:
      return g_variant_ref_sink (g_variant_new_int64 (sqlite3_column_int64 (stmt, col)));
    case SQLITE_FLOAT:
      return g_variant_ref_sink (g_variant_new_double (sqlite3_column_double (stmt, col)));
    case SQLITE_TEXT:
      return g_variant_ref_sink (g_variant_new_string ((const char *) sqlite3_column_text (stmt, col)));
    case SQLITE_NULL:
    case SQLITE_BLOB:
    default:
      return NULL;
    }
}

/* Binds the value of the kinds that need no GVariant directly: the same values as
 * muying_field_get_value gives (a bulk load binds millions of them; tests/test-store.c compares
 * the two). FALSE for the others. */
static gboolean
bind_plain_field (sqlite3_stmt      *stmt,
                  int                index,
                  const MuyingField *f,
                  gconstpointer      record)
{
  switch (f->kind)
    {
    case MUYING_FIELD_CHOICE:
      {
        /* Choice keys are static strings of the descriptor's tables. */
        const char *key = muying_field_choice_key (f, G_STRUCT_MEMBER (int, record, f->offset));

        if (key != NULL)
          sqlite3_bind_text (stmt, index, key, -1, SQLITE_STATIC);
        else
          sqlite3_bind_null (stmt, index);
        return TRUE;
      }
    case MUYING_FIELD_NUMBER:
      {
        double v = G_STRUCT_MEMBER (double, record, f->offset);

        if (isnan (v))
          sqlite3_bind_null (stmt, index);
        else
          sqlite3_bind_double (stmt, index, v);
        return TRUE;
      }
    case MUYING_FIELD_RISK:
      {
        int v = G_STRUCT_MEMBER (int, record, f->offset);

        if (v > 0)
          sqlite3_bind_int64 (stmt, index, v);
        else
          sqlite3_bind_null (stmt, index);
        return TRUE;
      }
    case MUYING_FIELD_GA_WEEKS:
    case MUYING_FIELD_GA_DAYS:
    case MUYING_FIELD_SEX:
      sqlite3_bind_int64 (stmt, index, G_STRUCT_MEMBER (int, record, f->offset));
      return TRUE;
    case MUYING_FIELD_RECORD_KEY:
    case MUYING_FIELD_ID_NUMBER:
    case MUYING_FIELD_LINE:
    case MUYING_FIELD_TEXT:
    case MUYING_FIELD_PANEL:
      {
        const char *text = G_STRUCT_MEMBER (const char *, record, f->offset);

        if (text != NULL)
          sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
        else
          sqlite3_bind_null (stmt, index);
        return TRUE;
      }
    case MUYING_FIELD_DATE:
      {
        const GDate *date = G_STRUCT_MEMBER_P (record, f->offset);
        char text[16];

        if (!g_date_valid (date))
          {
            sqlite3_bind_null (stmt, index);
            return TRUE;
          }
        /* As muying_date_format writes it. */
        g_snprintf (text, sizeof text, "%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                    g_date_get_day (date));
        sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
        return TRUE;
      }
    case MUYING_FIELD_VARIANTS:
    case MUYING_FIELD_HPV_TYPES:
    default:
      return FALSE;
    }
}

int
_muying_store_bind_field (sqlite3_stmt      *stmt,
                          int                index,
                          const MuyingField *field,
                          gconstpointer      record)
{
  g_autoptr(GVariant) value = NULL;

  if (bind_plain_field (stmt, index, field, record))
    return SQLITE_OK;
  value = muying_field_get_value (field, record);
  return _muying_store_bind_value (stmt, index, value);
}

int
_muying_store_bind_fields (sqlite3_stmt                  *stmt,
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
_muying_store_read_fields (sqlite3_stmt                  *stmt,
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
