/* test-id-number.c: GB 11643 identity numbers (docs/background.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "muying-error.h"
#include "muying-id-number.h"

typedef struct
{
  const char *number;
  const char *birth;   /* YYYY-MM-DD */
  MuyingSex   sex;
} ValidCase;

/* The published examples of docs/background.md, and a few more computed the same way. */
static const ValidCase valid_cases[] = {
  { "11010519491231002X", "1949-12-31", MUYING_SEX_FEMALE },
  { "440524188001010014", "1880-01-01", MUYING_SEX_MALE },
  { "370101190102039973", "1901-02-03", MUYING_SEX_MALE },
  { "34052419800101001X", "1980-01-01", MUYING_SEX_MALE },
  { "110101200002290026", "2000-02-29", MUYING_SEX_FEMALE },
};

static void
test_valid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      GDate birth;
      MuyingSex sex = MUYING_SEX_UNKNOWN;
      char text[16];

      g_assert_true (muying_id_number_validate (valid_cases[i].number, NULL, &birth, &sex, &error));
      g_assert_no_error (error);
      g_snprintf (text, sizeof text, "%04u-%02u-%02u", g_date_get_year (&birth), g_date_get_month (&birth),
                  g_date_get_day (&birth));
      g_assert_cmpstr (text, ==, valid_cases[i].birth);
      g_assert_cmpint (sex, ==, valid_cases[i].sex);
    }
}

static void
test_check_char (void)
{
  g_assert_cmpint (muying_id_number_check_char ("11010519491231002"), ==, 'X');
  g_assert_cmpint (muying_id_number_check_char ("44052418800101001"), ==, '4');
  g_assert_cmpint (muying_id_number_check_char ("37010119010203997"), ==, '3');
  g_assert_cmpint (muying_id_number_check_char ("1101051949123100A"), ==, 0);
}

typedef struct
{
  const char *number;
  int         code;
} InvalidCase;

static const InvalidCase invalid_cases[] = {
  { "", MUYING_ID_NUMBER_ERROR_EMPTY },
  { "110105194912310021", MUYING_ID_NUMBER_ERROR_CHECK_DIGIT },   /* X expected */
  { "440524188001010015", MUYING_ID_NUMBER_ERROR_CHECK_DIGIT },
  { "11010519491231002", MUYING_ID_NUMBER_ERROR_LENGTH },
  { "11010519491231002X1", MUYING_ID_NUMBER_ERROR_LENGTH },
  { "110105491231002", MUYING_ID_NUMBER_ERROR_LENGTH },          /* legacy 15-digit */
  { "1101051949123A002X", MUYING_ID_NUMBER_ERROR_CHARACTERS },
  { "11010519491231002Y", MUYING_ID_NUMBER_ERROR_CHARACTERS },
  { "1.10105E+17", MUYING_ID_NUMBER_ERROR_SCIENTIFIC },
  { "110105194902300023", MUYING_ID_NUMBER_ERROR_BIRTH_DATE },   /* 30 February */
  { "110101200102290029", MUYING_ID_NUMBER_ERROR_BIRTH_DATE },   /* 29 Feb in a common year */
  { "110105179912310024", MUYING_ID_NUMBER_ERROR_BIRTH_DATE },   /* before 1800 is refused */
  { "110105209901010021", MUYING_ID_NUMBER_ERROR_FUTURE },
};

static void
test_invalid (void)
{
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 23, 11, 2026);
  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("case %s", invalid_cases[i].number);
      g_assert_false (muying_id_number_validate (invalid_cases[i].number, &today, NULL, NULL, &error));
      g_assert_error (error, MUYING_ID_NUMBER_ERROR, invalid_cases[i].code);
      g_assert_nonnull (error->message);
    }
}

/* A valid number with @prefix as its first six digits: a birth date of 1990-05-17 and the
 * check character computed. */
static char *
make_number (const char *prefix)
{
  g_autofree char *first17 = g_strconcat (prefix, "19900517003", NULL);

  return g_strdup_printf ("%s%c", first17, muying_id_number_check_char (first17));
}

/* Every province-level code of GB/T 2260 and 83 (residence permits of Taiwan residents). */
static const char *province_codes[] = {
  "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
  "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
  "71", "81", "82", "83",
};

static void
test_region_valid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (province_codes); i++)
    {
      g_autofree char *prefix = g_strconcat (province_codes[i], "0102", NULL);
      g_autofree char *number = make_number (prefix);
      g_autoptr(GError) error = NULL;

      g_test_message ("case %s", number);
      g_assert_true (muying_id_number_validate (number, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  /* Residence permits of Hong Kong, Macao and Taiwan residents: 810000, 820000, 830000. */
  for (guint i = 0; i < 3; i++)
    {
      const char *prefixes[] = { "810000", "820000", "830000" };
      g_autofree char *number = make_number (prefixes[i]);
      g_autoptr(GError) error = NULL;

      g_assert_true (muying_id_number_validate (number, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }
}

static void
test_region_invalid (void)
{
  /* Not a province: the address codes of no province, and whole provinces (xx0000). */
  const char *prefixes[] = {
    "000000", "001234", "100101", "160101", "200101", "240101", "300101", "380101", "400101",
    "470101", "550101", "600101", "660101", "700101", "720101", "800101", "840101", "900101",
    "910101", "990101", "110000", "440000", "650000", "710000",
  };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autofree char *number = make_number (prefixes[i]);
      g_autoptr(GError) error = NULL;

      g_test_message ("case %s", number);
      g_assert_false (muying_id_number_validate (number, NULL, NULL, NULL, &error));
      g_assert_error (error, MUYING_ID_NUMBER_ERROR, MUYING_ID_NUMBER_ERROR_REGION);
      if (prefixes[i][2] != '0' || prefixes[i][3] != '0' || prefixes[i][4] != '0' || prefixes[i][5] != '0' ||
          strncmp (prefixes[i], "00", 2) == 0)
        {
          g_autofree char *quoted = g_strdup_printf ("“%.2s”", prefixes[i]);

          g_assert_nonnull (strstr (error->message, quoted));
        }
    }
}

static void
test_normalize (void)
{
  g_autofree char *a = muying_id_number_normalize (" 11010519491231002x ");
  g_autofree char *b = muying_id_number_normalize ("１１０１０５１９４９１２３１００２Ｘ");
  g_autofree char *c = muying_id_number_normalize ("110105 1949 1231 002X");

  g_assert_cmpstr (a, ==, "11010519491231002X");
  g_assert_cmpstr (b, ==, "11010519491231002X");
  g_assert_cmpstr (c, ==, "11010519491231002X");
}

static void
test_mask (void)
{
  g_autofree char *m = muying_id_number_mask ("11010519491231002X");

  g_assert_cmpstr (m, ==, "110105********002X");
}

/* A stored number keeps its birth date and sex even if today's rules would refuse it (a region
 * code checked only since rule set 2; a check digit typed wrong years ago). */
static void
test_read_stored (void)
{
  GDate birth;
  MuyingSex sex = MUYING_SEX_UNKNOWN;

  g_assert_false (muying_id_number_validate ("000000198803150026", NULL, NULL, NULL, NULL));
  g_assert_true (muying_id_number_read_stored ("000000198803150026", &birth, &sex));
  g_assert_cmpint (g_date_get_year (&birth), ==, 1988);
  g_assert_cmpint (g_date_get_month (&birth), ==, 3);
  g_assert_cmpint (g_date_get_day (&birth), ==, 15);
  g_assert_cmpint (sex, ==, MUYING_SEX_FEMALE);
  g_assert_false (muying_id_number_read_stored ("110105198813450026", &birth, NULL));
  g_assert_false (g_date_valid (&birth));
  g_assert_false (muying_id_number_read_stored ("1101051988", &birth, NULL));
  g_assert_false (muying_id_number_read_stored (NULL, &birth, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/id-number/valid", test_valid);
  g_test_add_func ("/id-number/check-char", test_check_char);
  g_test_add_func ("/id-number/invalid", test_invalid);
  g_test_add_func ("/id-number/region-valid", test_region_valid);
  g_test_add_func ("/id-number/region-invalid", test_region_invalid);
  g_test_add_func ("/id-number/normalize", test_normalize);
  g_test_add_func ("/id-number/mask", test_mask);
  g_test_add_func ("/id-number/read-stored", test_read_stored);
  return g_test_run ();
}
