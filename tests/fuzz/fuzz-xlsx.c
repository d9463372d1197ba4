/* fuzz-xlsx.c: libFuzzer harness for the xlsx reader
 *
 * Built with clang -fsanitize=fuzzer,address,undefined when clang is there (suite 'fuzz'), and
 * always linked into fuzz-xlsx-replay, which feeds it every file of tests/fuzz/corpus-xlsx/.
 *
 * Besides "no crash, no sanitizer report", it checks what the reader promises
 * (app/io/muying-xlsx-reader.h): a refused file has an error in valid UTF-8; every row has at
 * most MUYING_CSV_MAX_FIELDS fields, each valid UTF-8 and the array NULL-terminated; progress
 * never goes back; and the CSV reader hands out the same rows for the same bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "muying-csv-reader-private.h"
#include "muying-csv-reader.h"
#include "muying-xlsx-reader-private.h"
#include "muying-xlsx-reader.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingXlsxReader) reader = muying_xlsx_reader_new (bytes, &error);
  g_autoptr(MuyingCsvReader) csv = NULL;
  double last_progress = 0.0;

  if (reader == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  g_assert_no_error (error);
  if (muying_xlsx_bytes_look_like_zip (bytes))
    {
      csv = muying_csv_reader_new (bytes, &error);
      g_assert_no_error (error);
      g_assert_cmpint (muying_csv_reader_get_encoding (csv), ==, MUYING_CSV_ENCODING_XLSX);
    }

  while (muying_xlsx_reader_next (reader))
    {
      const char * const *fields = muying_xlsx_reader_get_fields (reader);
      guint n = muying_xlsx_reader_get_n_fields (reader);
      double progress = muying_xlsx_reader_get_progress (reader);

      g_assert_cmpuint (n, <=, MUYING_CSV_MAX_FIELDS);
      g_assert_cmpfloat (progress, >=, last_progress);
      g_assert_cmpfloat (progress, <=, 1.0);
      last_progress = progress;
      for (guint i = 0; i < n; i++)
        {
          g_assert_nonnull (fields[i]);
          g_assert_true (g_utf8_validate (fields[i], -1, NULL));
        }
      g_assert_null (fields[n]);
      if (csv != NULL)
        {
          g_assert_true (muying_csv_reader_next (csv));
          g_assert_cmpuint (muying_csv_reader_get_line (csv), ==, muying_xlsx_reader_get_line (reader));
          g_assert_cmpuint (muying_csv_reader_get_n_fields (csv), ==, n);
          for (guint i = 0; i < n; i++)
            g_assert_cmpstr (muying_csv_reader_get_field (csv, i), ==, fields[i]);
        }
    }
  if (csv != NULL)
    g_assert_false (muying_csv_reader_next (csv));
  return 0;
}
