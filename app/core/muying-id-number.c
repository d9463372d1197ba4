/* muying-id-number.c: citizen identity numbers (GB 11643-1999, docs/background.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "muying-date.h"
#include "muying-error.h"
#include "muying-id-number.h"

/* ISO 7064 MOD 11-2: weights 2^(18-i) mod 11. */
static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
static const char check_chars[11] = { '1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2' };

/* The province-level codes of GB/T 2260, the first two digits of the address code. 71 is Taiwan,
 * 81 Hong Kong and 82 Macao; 83 is not a GB/T 2260 code but the residence permits of Taiwan
 * residents carry it (those of Hong Kong and Macao residents carry 81 and 82). */
static const char province_codes[][3] = {
  "11", "12", "13", "14", "15",
  "21", "22", "23",
  "31", "32", "33", "34", "35", "36", "37",
  "41", "42", "43", "44", "45", "46",
  "50", "51", "52", "53", "54",
  "61", "62", "63", "64", "65",
  "71", "81", "82", "83",
};

static gboolean
is_province_code (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (province_codes); i++)
    if (text[0] == province_codes[i][0] && text[1] == province_codes[i][1])
      return TRUE;
  return FALSE;
}

/* The residence permits of Hong Kong, Macao and Taiwan residents carry 810000, 820000 and
 * 830000; a citizen's number names a county, never a whole province. */
static gboolean
is_residence_permit_code (const char *text)
{
  return text[0] == '8' && (text[1] == '1' || text[1] == '2' || text[1] == '3');
}

gboolean
muying_area_code_check (const char  *text,
                        GError     **error)
{
  g_return_val_if_fail (text != NULL, FALSE);

  if (strlen (text) != 6 || strspn (text, "0123456789") != 6)
    {
      g_set_error (error, MUYING_ID_NUMBER_ERROR, MUYING_ID_NUMBER_ERROR_REGION,
                   _("“%s” is not an area code: write the 6 digits of the county's GB/T 2260 code, for example 500101"),
                   text);
      return FALSE;
    }
  if (!is_province_code (text))
    {
      g_set_error (error, MUYING_ID_NUMBER_ERROR, MUYING_ID_NUMBER_ERROR_REGION,
                   _("The first two digits “%.2s” of the area code are not a valid province-level division code"),
                   text);
      return FALSE;
    }
  if (strcmp (text + 2, "0000") == 0 && !is_residence_permit_code (text))
    {
      g_set_error (error, MUYING_ID_NUMBER_ERROR, MUYING_ID_NUMBER_ERROR_REGION,
                   _("The area code “%s” names a whole province, not a county: digits 3 to 6 cannot be 0000"), text);
      return FALSE;
    }
  return TRUE;
}

/**
 * muying_id_number_check_char:
 * @first17: at least 17 ASCII digits
 * Returns: the check character, or 0 when @first17 is not 17 digits.
 */
char
muying_id_number_check_char (const char *first17)
{
  int sum = 0;

  g_return_val_if_fail (first17 != NULL, 0);

  for (int i = 0; i < 17; i++)
    {
      if (!g_ascii_isdigit (first17[i]))
        return 0;
      sum += (first17[i] - '0') * weights[i];
    }
  return check_chars[sum % 11];
}

/**
 * muying_id_number_normalize:
 * Strips white space (including full-width spaces), upper-cases a trailing x, maps full-width
 * digits to ASCII. The result is not validated.
 */
char *
muying_id_number_normalize (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text ? text : ""; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x3000)
        continue;
      if (c >= 0xFF10 && c <= 0xFF19)   /* full-width digits, typed with a Chinese IME */
        c = '0' + (c - 0xFF10);
      else if (c == 0xFF38 || c == 0xFF58)
        c = 'X';
      else if (c == 'x')
        c = 'X';
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
looks_scientific (const char *s)
{
  /* Excel turns 18 digits into "1.10101E+17": the number is lost, say so. */
  return strchr (s, 'E') != NULL && (strchr (s, '+') != NULL || strchr (s, '.') != NULL);
}

/**
 * muying_id_number_validate:
 * @text: an 18-character number, already normalized
 * @today: (nullable): birth dates after this are refused; %NULL for the real date
 * @birth_date: (out) (optional)
 * @sex: (out) (optional)
 *
 * Checks length, characters, address code (a GB/T 2260 province and not a whole province),
 * birth date and check character, in that order, and reports the first problem in words a
 * nurse can act on.
 */
gboolean
muying_id_number_validate (const char  *text,
                           const GDate *today,
                           GDate       *birth_date,
                           MuyingSex   *sex,
                           GError     **error)
{
  GDate birth, now;
  guint y = 0, m = 0, d = 0;
  char expected;
  size_t len;

  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, MUYING_ID_NUMBER_ERROR, MUYING_ID_NUMBER_ERROR_EMPTY,
                           _("The ID number is empty"));
      return FALSE;
    }
  if (looks_scientific (text))
    {
      g_set_error (error, MUYING_ID_NUMBER_ERROR, MUYING_ID_NUMBER_ERROR_SCIENTIFIC,
                   _("The ID number “%s” was changed into a number by a spreadsheet and its digits are lost; "
                     "format the column as text and export again"), text);
      return FALSE;
    }
  len = strlen (text);
  if (len != 18)
    {
      g_set_error (error, MUYING_ID_NUMBER_ERROR, MUYING_ID_NUMBER_ERROR_LENGTH,
                   _("The ID number must have 18 characters, “%s” has %u"), text,
                   (guint) g_utf8_strlen (text, -1));
      return FALSE;
    }
  for (int i = 0; i < 17; i++)
    if (!g_ascii_isdigit (text[i]))
      {
        g_set_error (error, MUYING_ID_NUMBER_ERROR, MUYING_ID_NUMBER_ERROR_CHARACTERS,
                     _("The ID number “%s” may contain only digits and a final X"), text);
        return FALSE;
      }
  if (!g_ascii_isdigit (text[17]) && text[17] != 'X')
    {
      g_set_error (error, MUYING_ID_NUMBER_ERROR, MUYING_ID_NUMBER_ERROR_CHARACTERS,
                   _("The ID number “%s” may contain only digits and a final X"), text);
      return FALSE;
    }

  if (!is_province_code (text))
    {
      g_set_error (error, MUYING_ID_NUMBER_ERROR, MUYING_ID_NUMBER_ERROR_REGION,
                   _("The first two digits “%.2s” of the ID number are not a valid province-level "
                     "division code"), text);
      return FALSE;
    }
  if (strncmp (text + 2, "0000", 4) == 0 && !is_residence_permit_code (text))
    {
      g_set_error (error, MUYING_ID_NUMBER_ERROR, MUYING_ID_NUMBER_ERROR_REGION,
                   _("The address code “%.6s” of the ID number names no county: digits 3 to 6 "
                     "cannot be 0000"), text);
      return FALSE;
    }

  for (int i = 6; i < 10; i++)
    y = y * 10 + (guint) (text[i] - '0');
  m = (guint) ((text[10] - '0') * 10 + (text[11] - '0'));
  d = (guint) ((text[12] - '0') * 10 + (text[13] - '0'));
  if (y < 1800 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    {
      g_set_error (error, MUYING_ID_NUMBER_ERROR, MUYING_ID_NUMBER_ERROR_BIRTH_DATE,
                   _("The birth date in the ID number “%s” is not a real date"), text);
      return FALSE;
    }
  g_date_clear (&birth, 1);
  g_date_set_dmy (&birth, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  if (today != NULL)
    now = *today;
  else
    muying_date_today (&now);
  if (g_date_compare (&birth, &now) > 0)
    {
      g_set_error (error, MUYING_ID_NUMBER_ERROR, MUYING_ID_NUMBER_ERROR_FUTURE,
                   _("The birth date in the ID number “%s” is in the future"), text);
      return FALSE;
    }

  expected = muying_id_number_check_char (text);
  if (expected != text[17])
    {
      g_set_error (error, MUYING_ID_NUMBER_ERROR, MUYING_ID_NUMBER_ERROR_CHECK_DIGIT,
                   _("The check digit of the ID number “%s” is wrong (expected %c); check for a mistyped digit"),
                   text, expected);
      return FALSE;
    }

  if (birth_date != NULL)
    *birth_date = birth;
  if (sex != NULL)
    *sex = ((text[16] - '0') % 2 == 1) ? MUYING_SEX_MALE : MUYING_SEX_FEMALE;
  return TRUE;
}

gboolean
muying_id_number_read_stored (const char *id_number,
                              GDate      *birth_date,
                              MuyingSex  *sex)
{
  guint y = 0, m, d;

  if (birth_date != NULL)
    g_date_clear (birth_date, 1);
  if (id_number == NULL || strlen (id_number) != 18)
    return FALSE;
  for (int i = 6; i < 17; i++)
    if (!g_ascii_isdigit (id_number[i]))
      return FALSE;
  for (int i = 6; i < 10; i++)
    y = y * 10 + (guint) (id_number[i] - '0');
  m = (guint) ((id_number[10] - '0') * 10 + (id_number[11] - '0'));
  d = (guint) ((id_number[12] - '0') * 10 + (id_number[13] - '0'));
  if (y < 1800 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  if (birth_date != NULL)
    g_date_set_dmy (birth_date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  if (sex != NULL)
    *sex = ((id_number[16] - '0') % 2 == 1) ? MUYING_SEX_MALE : MUYING_SEX_FEMALE;
  return TRUE;
}

/* docs/statistics.md: keep the first 6 and the last 4 characters. */
char *
muying_id_number_mask (const char *id_number)
{
  size_t len = id_number ? strlen (id_number) : 0;
  GString *out;

  if (len <= 10)
    return g_strdup (id_number ? id_number : "");
  out = g_string_new_len (id_number, 6);
  for (size_t i = 6; i < len - 4; i++)
    g_string_append_c (out, '*');
  g_string_append (out, id_number + len - 4);
  return g_string_free (out, FALSE);
}
