/* muying-field.c: reading and writing one described field of a record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "muying-date.h"
#include "muying-field.h"
#include "muying-screening.h"
#include "muying-types.h"

#define MEMBER(type, record, field) G_STRUCT_MEMBER (type, record, (field)->offset)
#define MEMBER_P(record, field) G_STRUCT_MEMBER_P (record, (field)->offset)

/* ---- choices ----------------------------------------------------------------------------------- */

const MuyingFieldChoice *
muying_field_choice_lookup (const MuyingField *field,
                            int                value)
{
  const MuyingFieldChoice *blank = NULL;

  g_return_val_if_fail (field != NULL && field->choices != NULL, NULL);

  /* A value may have a "not recorded" entry and a key of its own (NIPT status: empty = "ok"):
   * the key wins. */
  for (const MuyingFieldChoice *c = field->choices; c->key != NULL; c++)
    if (c->value == value)
      {
        if (*c->key != '\0')
          return c;
        blank = c;
      }
  return blank;
}

const MuyingFieldChoice *
muying_field_choice_find (const MuyingField *field,
                          const char        *key)
{
  g_return_val_if_fail (field != NULL && field->choices != NULL, NULL);

  for (const MuyingFieldChoice *c = field->choices; c->key != NULL; c++)
    if (g_strcmp0 (c->key, key) == 0)
      return c;
  return NULL;
}

const char *
muying_field_choice_key (const MuyingField *field,
                         int                value)
{
  const MuyingFieldChoice *c = muying_field_choice_lookup (field, value);

  return c != NULL && *c->key != '\0' ? c->key : NULL;
}

static gboolean
match_key (const MuyingField *field,
           const char        *text,
           int               *value)
{
  for (const MuyingFieldChoice *c = field->choices; c->key != NULL; c++)
    if (*c->key != '\0' &&
        (g_ascii_strcasecmp (text, c->key) == 0 || (c->also != NULL && g_ascii_strcasecmp (text, c->also) == 0)))
      {
        *value = c->value;
        return TRUE;
      }
  return FALSE;
}

static void
drop_suffix (char       *s,
             const char *suffix)
{
  if (g_str_has_suffix (s, suffix))
    s[strlen (s) - strlen (suffix)] = '\0';
}

/* "BI-RADS 4a类" → "4A" */
static char *
normalize_birads (const char *text)
{
  const char *s = text;
  char *out;

  if (g_ascii_strncasecmp (s, "BI-RADS", 7) == 0)
    s += 7;
  else if (g_ascii_strncasecmp (s, "BIRADS", 6) == 0)
    s += 6;
  out = g_ascii_strup (s, -1);
  drop_suffix (out, "类");
  return g_strstrip (out);
}

/* Stages 0, I–IV; also Arabic digits, Unicode Roman numerals and sub-stages (IIA, IB2 → the stage, or
 * IB when @keep_sub_stage). */
static char *
normalize_stage (const char *text,
                 gboolean    keep_sub_stage)   /* "IA1" → "IA" rather than "I" */
{
  static const char *roman[] = { "Ⅰ", "I", "Ⅱ", "II", "Ⅲ", "III", "Ⅳ", "IV", "1", "I", "2", "II",
                                 "3", "III", "4", "IV" };
  g_autofree char *s = g_strdup (text);
  char *out;
  size_t len;

  drop_suffix (s, "期");
  for (guint i = 0; i < G_N_ELEMENTS (roman); i += 2)
    if (g_str_has_prefix (s, roman[i]))
      {
        char *rest = g_strconcat (roman[i + 1], s + strlen (roman[i]), NULL);

        g_free (s);
        s = rest;
        break;
      }
  out = g_ascii_strup (s, -1);
  len = strspn (out, "IV");
  if (len > 0 && out[len] != '\0' && strchr ("ABC", out[len]) != NULL &&
      (out[len + 1] == '\0' || (g_ascii_isdigit (out[len + 1]) && out[len + 2] == '\0')))
    out[keep_sub_stage ? len + 1 : len] = '\0';
  return out;
}

gboolean
muying_field_choice_from_key (const MuyingField *field,
                              const char        *text,
                              int               *value)
{
  g_autofree char *s = NULL;
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (field != NULL && field->choices != NULL && value != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  s = g_strstrip (g_strdup (text));
  if (*s == '\0')
    return FALSE;
  if (match_key (field, s, value))
    return TRUE;
  switch (field->normalizer)
    {
    case MUYING_CHOICE_BIRADS:
      normalized = normalize_birads (s);
      break;
    case MUYING_CHOICE_STAGE:
      /* A list with sub-stages (IA, IB) keeps them; the others read the stage. */
      normalized = normalize_stage (s, TRUE);
      if (*normalized != '\0' && match_key (field, normalized, value))
        return TRUE;
      g_free (normalized);
      normalized = normalize_stage (s, FALSE);
      break;
    case MUYING_CHOICE_PLAIN:
    default:
      return FALSE;
    }
  return *normalized != '\0' && match_key (field, normalized, value);
}

/* ---- variants as one text: "GJB2:c.235delC:het;…" ------------------------------------------------ */

static char *
variants_to_text (const GPtrArray *variants)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; variants != NULL && i < variants->len; i++)
    {
      const MuyingVariant *v = g_ptr_array_index (variants, i);

      g_string_append_printf (s, "%s%s:%s:%s", i ? ";" : "", v->gene, v->variant,
                              muying_zygosity_to_string (v->zygosity));
    }
  return g_string_free (s, FALSE);
}

static gboolean
variants_from_text (const char *text,
                    GPtrArray  *variants)
{
  g_auto(GStrv) items = g_strsplit (text, ";", -1);

  g_ptr_array_set_size (variants, 0);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) parts = NULL;
      MuyingZygosity z;

      if (*items[i] == '\0')
        continue;
      parts = g_strsplit (items[i], ":", 3);
      if (g_strv_length (parts) != 3 || !muying_zygosity_from_string (parts[2], &z))
        {
          g_ptr_array_set_size (variants, 0);
          return FALSE;
        }
      g_ptr_array_add (variants, muying_variant_new (parts[0], parts[1], z));
    }
  return TRUE;
}

/* ---- values ------------------------------------------------------------------------------------ */

/* "YYYY-MM-DD" as muying_date_format writes it, without printf: a save formats several dates per
 * record (tests/test-program-descriptor.c compares the two). */
static void
format_date (const GDate *date,
             char         out[16])
{
  guint y = g_date_get_year (date), m = g_date_get_month (date), d = g_date_get_day (date);

  if (y > 9999)
    {
      g_snprintf (out, 16, "%04u-%02u-%02u", y, m, d);
      return;
    }
  out[0] = (char) ('0' + y / 1000);
  out[1] = (char) ('0' + y / 100 % 10);
  out[2] = (char) ('0' + y / 10 % 10);
  out[3] = (char) ('0' + y % 10);
  out[4] = '-';
  out[5] = (char) ('0' + m / 10);
  out[6] = (char) ('0' + m % 10);
  out[7] = '-';
  out[8] = (char) ('0' + d / 10);
  out[9] = (char) ('0' + d % 10);
  out[10] = '\0';
}

static void
peek_text (MuyingFieldValue *value,
           const char       *text)
{
  if (text == NULL)
    return;
  value->type = MUYING_FIELD_VALUE_TEXT;
  value->text = text;
}

static void
take_text (MuyingFieldValue *value,
           char             *text)
{
  value->type = MUYING_FIELD_VALUE_TEXT;
  value->text = value->owned = text;
}

static void
peek_int (MuyingFieldValue *value,
          gint64            v)
{
  value->type = MUYING_FIELD_VALUE_INT;
  value->integer = v;
}

void
muying_field_peek_value (const MuyingField *field,
                         gconstpointer      record,
                         MuyingFieldValue  *value)
{
  g_return_if_fail (value != NULL);
  value->type = MUYING_FIELD_VALUE_NULL;
  value->text = NULL;
  value->static_text = FALSE;
  value->integer = 0;
  value->real = 0;
  value->owned = NULL;
  g_return_if_fail (field != NULL && record != NULL);

  switch (field->kind)
    {
    case MUYING_FIELD_RECORD_KEY:
    case MUYING_FIELD_ID_NUMBER:
    case MUYING_FIELD_LINE:
    case MUYING_FIELD_TEXT:
    case MUYING_FIELD_AREA_CODE:
      peek_text (value, MEMBER (char *, record, field));
      break;
    case MUYING_FIELD_PANEL:
      /* No gene test: the column is NOT NULL, it keeps ''. */
      peek_text (value, MEMBER (char *, record, field) != NULL ? MEMBER (char *, record, field) : "");
      break;
    case MUYING_FIELD_DATE:
      {
        const GDate *date = MEMBER_P (record, field);

        if (!g_date_valid (date))
          break;
        format_date (date, value->date);
        peek_text (value, value->date);
        break;
      }
    case MUYING_FIELD_NUMBER:
      {
        double v = MEMBER (double, record, field);

        if (!isnan (v))
          {
            value->type = MUYING_FIELD_VALUE_REAL;
            value->real = v;
          }
        break;
      }
    case MUYING_FIELD_RISK:
    case MUYING_FIELD_INTEGER:
      {
        int v = MEMBER (int, record, field);

        if (v > 0)
          peek_int (value, v);
        break;
      }
    case MUYING_FIELD_GA_WEEKS:
    case MUYING_FIELD_GA_DAYS:
    case MUYING_FIELD_SEX:
      peek_int (value, MEMBER (int, record, field));
      break;
    case MUYING_FIELD_CHOICE:
      /* Choice keys are static strings of the descriptor's tables. */
      peek_text (value, muying_field_choice_key (field, MEMBER (int, record, field)));
      value->static_text = value->text != NULL;
      break;
    case MUYING_FIELD_VARIANTS:
      take_text (value, variants_to_text (MEMBER (GPtrArray *, record, field)));
      break;
    case MUYING_FIELD_HPV_TYPES:
      take_text (value, muying_hpv_types_to_string (MEMBER (guint16, record, field)));
      break;
    default:
      g_return_if_reached ();
    }
}

void
muying_field_value_clear (MuyingFieldValue *value)
{
  g_return_if_fail (value != NULL);

  g_clear_pointer (&value->owned, g_free);
  value->type = MUYING_FIELD_VALUE_NULL;
  value->text = NULL;
  value->static_text = FALSE;
}

GVariant *
muying_field_get_value (const MuyingField *field,
                        gconstpointer      record)
{
  MuyingFieldValue value;
  GVariant *v = NULL;

  g_return_val_if_fail (field != NULL && record != NULL, NULL);

  muying_field_peek_value (field, record, &value);
  switch (value.type)
    {
    case MUYING_FIELD_VALUE_TEXT:
      v = g_variant_ref_sink (g_variant_new_string (value.text));
      break;
    case MUYING_FIELD_VALUE_INT:
      v = g_variant_ref_sink (g_variant_new_int64 (value.integer));
      break;
    case MUYING_FIELD_VALUE_REAL:
      v = g_variant_ref_sink (g_variant_new_double (value.real));
      break;
    case MUYING_FIELD_VALUE_NULL:
    default:
      break;
    }
  muying_field_value_clear (&value);
  return v;
}

static const char *
value_text (GVariant *value)
{
  return value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING) ? g_variant_get_string (value, NULL)
                                                                               : NULL;
}

static gboolean
value_number (GVariant *value,
              double   *out)
{
  if (value == NULL)
    return FALSE;
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    *out = g_variant_get_double (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    *out = (double) g_variant_get_int64 (value);
  else
    return FALSE;
  return TRUE;
}

gboolean
muying_field_set_value (const MuyingField *field,
                        gpointer           record,
                        GVariant          *value)
{
  const char *text = value_text (value);
  double number = 0;

  g_return_val_if_fail (field != NULL && record != NULL, FALSE);

  muying_field_free_value (field, record);
  muying_field_clear (field, record);
  if (value == NULL)
    return TRUE;

  switch (field->kind)
    {
    case MUYING_FIELD_RECORD_KEY:
    case MUYING_FIELD_ID_NUMBER:
    case MUYING_FIELD_LINE:
    case MUYING_FIELD_TEXT:
    case MUYING_FIELD_AREA_CODE:
      if (text == NULL)
        return FALSE;
      MEMBER (char *, record, field) = g_strdup (text);
      return TRUE;
    case MUYING_FIELD_PANEL:
      if (text == NULL)
        return FALSE;
      /* '' is no gene test: NULL, as a record read from a file has it */
      MEMBER (char *, record, field) = *text != '\0' ? g_strdup (text) : NULL;
      return TRUE;
    case MUYING_FIELD_DATE:
      return text != NULL && muying_date_parse (text, MEMBER_P (record, field), NULL);
    case MUYING_FIELD_NUMBER:
      if (!value_number (value, &number))
        return FALSE;
      MEMBER (double, record, field) = number;
      return TRUE;
    case MUYING_FIELD_RISK:
    case MUYING_FIELD_INTEGER:
    case MUYING_FIELD_GA_WEEKS:
    case MUYING_FIELD_GA_DAYS:
    case MUYING_FIELD_SEX:
      if (!value_number (value, &number) || number < 0 || number > G_MAXINT)
        return FALSE;
      MEMBER (int, record, field) = (int) number;
      return TRUE;
    case MUYING_FIELD_CHOICE:
      {
        int v;

        if (text == NULL || !muying_field_choice_from_key (field, text, &v))
          return FALSE;
        MEMBER (int, record, field) = v;
        return TRUE;
      }
    case MUYING_FIELD_VARIANTS:
      return text != NULL && variants_from_text (text, MEMBER (GPtrArray *, record, field));
    case MUYING_FIELD_HPV_TYPES:
      return text != NULL && muying_hpv_types_parse (text, MEMBER_P (record, field), NULL);
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* ---- text -------------------------------------------------------------------------------------- */

char *
muying_field_to_text (const MuyingField *field,
                      gconstpointer      record)
{
  g_autoptr(GVariant) value = NULL;

  g_return_val_if_fail (field != NULL && record != NULL, NULL);

  switch (field->kind)
    {
    case MUYING_FIELD_RISK:
      {
        int v = MEMBER (int, record, field);

        return v > 0 ? g_strdup_printf ("1/%d", v) : g_strdup ("");
      }
    case MUYING_FIELD_INTEGER:
      {
        int v = MEMBER (int, record, field);

        return v > 0 ? g_strdup_printf ("%d", v) : g_strdup ("");
      }
    case MUYING_FIELD_GA_WEEKS:
      return g_strdup_printf ("%d", MEMBER (int, record, field) / 7);
    case MUYING_FIELD_GA_DAYS:
      return g_strdup_printf ("%d", MEMBER (int, record, field) % 7);
    case MUYING_FIELD_SEX:
      {
        int v = MEMBER (int, record, field);

        return v == MUYING_SEX_MALE || v == MUYING_SEX_FEMALE ? g_strdup_printf ("%d", v) : g_strdup ("");
      }
    case MUYING_FIELD_NUMBER:
      {
        double v = MEMBER (double, record, field);
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        return isnan (v) ? g_strdup ("") : g_strdup (g_ascii_formatd (buf, sizeof buf, "%g", v));
      }
    default:
      value = muying_field_get_value (field, record);
      return g_strdup (value_text (value) ? value_text (value) : "");
    }
}

char *
muying_field_display_value (const MuyingField *field,
                            GVariant          *value)
{
  const char *text = value_text (value);
  double number = 0;

  g_return_val_if_fail (field != NULL, NULL);

  if (value == NULL)
    return NULL;
  switch (field->kind)
    {
    case MUYING_FIELD_CHOICE:
      {
        const MuyingFieldChoice *c = text != NULL ? muying_field_choice_find (field, text) : NULL;

        if (c == NULL)
          return text != NULL ? g_strdup (text) : NULL;
        return g_strdup (*c->label != '\0' ? _(c->label) : c->key);
      }
    case MUYING_FIELD_RISK:
      return value_number (value, &number) ? g_strdup_printf ("1/%.0f", number) : NULL;
    case MUYING_FIELD_INTEGER:
      return value_number (value, &number) ? g_strdup_printf ("%.0f", number) : NULL;
    case MUYING_FIELD_PANEL:
      if (text != NULL && *text == '\0')
        return g_strdup (_("No gene test"));
      return text != NULL ? g_strdup (text) : NULL;
    case MUYING_FIELD_GA_WEEKS:
    case MUYING_FIELD_GA_DAYS:
      return value_number (value, &number) ? muying_date_format_ga ((int) number) : NULL;
    case MUYING_FIELD_NUMBER:
      return value_number (value, &number) ? g_strdup_printf ("%g", number) : NULL;
    case MUYING_FIELD_SEX:
      if (!value_number (value, &number))
        return NULL;
      return g_strdup ((int) number == MUYING_SEX_MALE ? _("Male") : (int) number == MUYING_SEX_FEMALE ? _("Female")
                                                                                                      : "");
    default:
      return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
    }
}

char *
muying_field_to_display (const MuyingField *field,
                         gconstpointer      record)
{
  g_autoptr(GVariant) value = NULL;

  g_return_val_if_fail (field != NULL && record != NULL, NULL);

  value = muying_field_get_value (field, record);
  return muying_field_display_value (field, value);
}

/* ---- life cycle -------------------------------------------------------------------------------- */

void
muying_field_clear (const MuyingField *field,
                    gpointer           record)
{
  g_return_if_fail (field != NULL && record != NULL);

  switch (field->kind)
    {
    case MUYING_FIELD_DATE:
      g_date_clear (MEMBER_P (record, field), 1);
      break;
    case MUYING_FIELD_NUMBER:
      MEMBER (double, record, field) = NAN;
      break;
    case MUYING_FIELD_RISK:
    case MUYING_FIELD_INTEGER:
    case MUYING_FIELD_GA_WEEKS:
    case MUYING_FIELD_GA_DAYS:
    case MUYING_FIELD_SEX:
      MEMBER (int, record, field) = 0;
      break;
    case MUYING_FIELD_CHOICE:
      {
        const MuyingFieldChoice *blank = muying_field_choice_find (field, "");

        /* No "not recorded" entry (a required choice): its first value. */
        MEMBER (int, record, field) = blank != NULL ? blank->value : field->choices[0].value;
        break;
      }
    case MUYING_FIELD_HPV_TYPES:
      MEMBER (guint16, record, field) = 0;
      break;
    case MUYING_FIELD_VARIANTS:
      if (MEMBER (GPtrArray *, record, field) == NULL)
        MEMBER (GPtrArray *, record, field) = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_variant_free);
      break;
    case MUYING_FIELD_RECORD_KEY:
    case MUYING_FIELD_ID_NUMBER:
    case MUYING_FIELD_LINE:
    case MUYING_FIELD_TEXT:
    case MUYING_FIELD_PANEL:
    case MUYING_FIELD_AREA_CODE:
    default:
      break;
    }
}

void
muying_field_free_value (const MuyingField *field,
                         gpointer           record)
{
  g_return_if_fail (field != NULL && record != NULL);

  switch (field->kind)
    {
    case MUYING_FIELD_RECORD_KEY:
    case MUYING_FIELD_ID_NUMBER:
    case MUYING_FIELD_LINE:
    case MUYING_FIELD_TEXT:
    case MUYING_FIELD_PANEL:
    case MUYING_FIELD_AREA_CODE:
      g_clear_pointer (&MEMBER (char *, record, field), g_free);
      break;
    case MUYING_FIELD_VARIANTS:
      g_clear_pointer (&MEMBER (GPtrArray *, record, field), g_ptr_array_unref);
      break;
    default:
      break;
    }
}

void
muying_fields_clear_record (const MuyingField *fields,
                            guint              n,
                            gpointer           record)
{
  for (guint i = 0; i < n; i++)
    if (fields[i].key != NULL)
      muying_field_clear (&fields[i], record);
}

void
muying_fields_free_members (const MuyingField *fields,
                            guint              n,
                            gpointer           record)
{
  for (guint i = 0; i < n; i++)
    if (fields[i].key != NULL)
      muying_field_free_value (&fields[i], record);
}
