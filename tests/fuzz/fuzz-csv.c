/* fuzz-csv.c: libFuzzer harness for the CSV reader
 *
 * Built with clang -fsanitize=fuzzer,address,undefined when clang is there (suite 'fuzz'), and
 * always linked into fuzz-csv-replay, which feeds it every file of tests/fuzz/corpus/.
 *
 * Besides "no crash, no sanitizer report", it checks what the reader promises
 * (app/io/muying-csv-reader.h): a refused file has an error; rows start on increasing lines;
 * every row has at most MUYING_CSV_MAX_FIELDS fields, each valid UTF-8 and the array
 * NULL-terminated; progress never goes back; and a well-formed row written again with
 * muying_csv_append_field reads back as the same fields.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "muying-csv-reader-private.h"
#include "muying-csv-reader.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Writes @fields as one CSV line after a dummy first line (so that a "sep=" or BOM-looking
 * first field is not taken for a file prefix) and checks it reads back the same. */
static void
check_round_trip (const char * const *fields,
                  guint               n_fields)
{
  g_autoptr(GString) text = g_string_new ("x\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(MuyingCsvReader) again = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (text, ',');
      muying_csv_append_field (text, fields[i]);
    }
  g_string_append (text, "\r\n");
  bytes = g_bytes_new (text->str, text->len);
  again = muying_csv_reader_new (bytes, &error);
  g_assert_no_error (error);
  g_assert_true (muying_csv_reader_next (again));
  g_assert_true (muying_csv_reader_next (again));
  g_assert_cmpint (muying_csv_reader_get_flags (again), ==, MUYING_CSV_ROW_OK);
  g_assert_cmpuint (muying_csv_reader_get_n_fields (again), ==, n_fields);
  for (guint i = 0; i < n_fields; i++)
    g_assert_cmpstr (muying_csv_reader_get_field (again, i), ==, fields[i]);
  g_assert_false (muying_csv_reader_next (again));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingCsvReader) reader = NULL;
  guint last_line = 0;
  double last_progress = 0.0;
  static const uint8_t ole2[] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };

  /* Not .xls files: they go to FreeXL, an uninstrumented library in which AddressSanitizer
   * finds a stack over-read (in its iconv call) on a damaged file within seconds; a finding
   * we cannot fix here would fail every run. The .xls reader's own code is covered by
   * test-xlsx-reader (/xls/mutations). */
  if (size >= sizeof ole2 && memcmp (data, ole2, sizeof ole2) == 0)
    return 0;
  bytes = g_bytes_new (data, size);
  reader = muying_csv_reader_new (bytes, &error);

  if (reader == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  g_assert_no_error (error);
  g_assert_nonnull (muying_csv_encoding_to_string (muying_csv_reader_get_encoding (reader)));

  while (muying_csv_reader_next (reader))
    {
      const char * const *fields = muying_csv_reader_get_fields (reader);
      guint n = muying_csv_reader_get_n_fields (reader);
      guint line = muying_csv_reader_get_line (reader);
      MuyingCsvRowFlags flags = muying_csv_reader_get_flags (reader);
      double progress = muying_csv_reader_get_progress (reader);

      g_assert_cmpuint (line, >, last_line);
      last_line = line;
      g_assert_cmpfloat (progress, >=, last_progress);
      g_assert_cmpfloat (progress, <=, 1.0);
      last_progress = progress;
      g_assert_cmpuint (n, >=, 1);
      g_assert_cmpuint (n, <=, MUYING_CSV_MAX_FIELDS);
      g_assert_null (fields[n]);
      for (guint i = 0; i < n; i++)
        {
          g_assert_nonnull (fields[i]);
          g_assert_true (fields[i] == muying_csv_reader_get_field (reader, i));
          g_assert_true (g_utf8_validate (fields[i], -1, NULL));
        }
      /* A lone empty field is an empty line when written again: not a row. */
      if (flags == MUYING_CSV_ROW_OK && !(n == 1 && fields[0][0] == '\0'))
        check_round_trip (fields, n);
    }
  g_assert_cmpfloat (muying_csv_reader_get_progress (reader), ==, 1.0);
  /* The end stays the end. */
  g_assert_false (muying_csv_reader_next (reader));
  return 0;
}
