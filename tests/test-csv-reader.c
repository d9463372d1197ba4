/* test-csv-reader.c: RFC 4180 reading, encodings and line numbers (docs/import-formats.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "muying-csv-reader-private.h"
#include "muying-csv-reader.h"
#include "muying-error.h"
#include "muying-test-utils.h"

static MuyingCsvReader *
reader_for_text (const char *text,
                 gssize      len)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, len < 0 ? strlen (text) : (gsize) len);
  g_autoptr(GError) error = NULL;
  MuyingCsvReader *reader = muying_csv_reader_new (bytes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reader);
  return reader;
}

static MuyingCsvReader *
reader_for_fixture (const char *name)
{
  g_autofree char *path = muying_test_data_path (name);
  g_autoptr(GError) error = NULL;
  MuyingCsvReader *reader = muying_csv_reader_new_for_path (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reader);
  return reader;
}

/* Checks the next row: its line and its fields joined with '|'. */
static void
assert_row (MuyingCsvReader *reader,
            guint            line,
            const char      *joined)
{
  g_autofree char *got = NULL;

  g_assert_true (muying_csv_reader_next (reader));
  g_assert_cmpuint (muying_csv_reader_get_line (reader), ==, line);
  got = g_strjoinv ("|", (char **) muying_csv_reader_get_fields (reader));
  g_assert_cmpstr (got, ==, joined);
}

static void
test_basic (void)
{
  g_autoptr(MuyingCsvReader) r = reader_for_text ("a,b,c\n1,2,3\n,,\nx,,z", -1);

  g_assert_cmpint (muying_csv_reader_get_encoding (r), ==, MUYING_CSV_ENCODING_UTF8);
  assert_row (r, 1, "a|b|c");
  g_assert_cmpuint (muying_csv_reader_get_n_fields (r), ==, 3);
  g_assert_cmpstr (muying_csv_reader_get_field (r, 1), ==, "b");
  assert_row (r, 2, "1|2|3");
  assert_row (r, 3, "||");
  g_assert_cmpuint (muying_csv_reader_get_n_fields (r), ==, 3);
  assert_row (r, 4, "x||z");    /* no final newline */
  g_assert_false (muying_csv_reader_next (r));
  g_assert_false (muying_csv_reader_next (r));
  g_assert_cmpfloat (muying_csv_reader_get_progress (r), ==, 1.0);
}

static void
test_line_endings (void)
{
  g_autoptr(MuyingCsvReader) crlf = reader_for_text ("a,b\r\n1,2\r\n3,4\r\n", -1);
  g_autoptr(MuyingCsvReader) cr = reader_for_text ("a,b\r1,2\r3,4\r", -1);
  g_autoptr(MuyingCsvReader) mixed = reader_for_text ("a,b\r\n1,2\n3,4\r5,6", -1);

  assert_row (crlf, 1, "a|b");
  assert_row (crlf, 2, "1|2");
  assert_row (crlf, 3, "3|4");
  g_assert_false (muying_csv_reader_next (crlf));

  assert_row (cr, 1, "a|b");
  assert_row (cr, 2, "1|2");
  assert_row (cr, 3, "3|4");
  g_assert_false (muying_csv_reader_next (cr));

  assert_row (mixed, 1, "a|b");
  assert_row (mixed, 2, "1|2");
  assert_row (mixed, 3, "3|4");
  assert_row (mixed, 4, "5|6");
  g_assert_false (muying_csv_reader_next (mixed));
}

static void
test_quoting (void)
{
  g_autoptr(MuyingCsvReader) r =
    reader_for_text ("h1,h2\n"
                     "\"a,b\",\"say \"\"hi\"\"\"\n"
                     "\"two\nlines\",x\n"
                     "\"three\r\nlines\r\nCRLF\",y\n"
                     "\"\",\"\"\"\"\n"
                     "last,\"\"\n", -1);

  assert_row (r, 1, "h1|h2");
  assert_row (r, 2, "a,b|say \"hi\"");
  assert_row (r, 3, "two\nlines|x");
  g_assert_cmpint (muying_csv_reader_get_flags (r), ==, MUYING_CSV_ROW_OK);
  assert_row (r, 5, "three\r\nlines\r\nCRLF|y");
  assert_row (r, 8, "|\"");
  assert_row (r, 9, "last|");
  g_assert_false (muying_csv_reader_next (r));
}

static void
test_blank_lines (void)
{
  /* Blank lines are not rows, but they count as lines; a trailing empty line is ignored. */
  g_autoptr(MuyingCsvReader) r = reader_for_text ("\n\na,b\n\n1,2\r\n\r\n\n", -1);

  assert_row (r, 3, "a|b");
  assert_row (r, 5, "1|2");
  g_assert_false (muying_csv_reader_next (r));
}

static void
test_malformed_rows (void)
{
  g_autoptr(MuyingCsvReader) bad_quote = reader_for_text ("a,b\n\"x\"y,2\n3,4\n", -1);
  g_autoptr(MuyingCsvReader) open_quote = reader_for_text ("a,b\n1,2\n\"never closed,3\n4,5\n", -1);
  g_autoptr(MuyingCsvReader) mid_quote = reader_for_text ("a,b\nab\"c,2\n", -1);
  g_autoptr(GString) wide = g_string_new (NULL);
  g_autoptr(MuyingCsvReader) too_many = NULL;

  assert_row (bad_quote, 1, "a|b");
  assert_row (bad_quote, 2, "xy|2");
  g_assert_cmpint (muying_csv_reader_get_flags (bad_quote), ==, MUYING_CSV_ROW_BAD_QUOTE);
  assert_row (bad_quote, 3, "3|4");
  g_assert_cmpint (muying_csv_reader_get_flags (bad_quote), ==, MUYING_CSV_ROW_OK);

  assert_row (open_quote, 1, "a|b");
  assert_row (open_quote, 2, "1|2");
  assert_row (open_quote, 3, "never closed,3\n4,5\n");
  g_assert_cmpint (muying_csv_reader_get_flags (open_quote), ==, MUYING_CSV_ROW_UNTERMINATED_QUOTE);
  g_assert_false (muying_csv_reader_next (open_quote));

  /* a quote inside an unquoted field is an ordinary character */
  assert_row (mid_quote, 1, "a|b");
  assert_row (mid_quote, 2, "ab\"c|2");
  g_assert_cmpint (muying_csv_reader_get_flags (mid_quote), ==, MUYING_CSV_ROW_OK);

  for (guint i = 0; i < MUYING_CSV_MAX_FIELDS + 10; i++)
    g_string_append (wide, i ? ",x" : "x");
  g_string_append (wide, "\nnext\n");
  too_many = reader_for_text (wide->str, (gssize) wide->len);
  g_assert_true (muying_csv_reader_next (too_many));
  g_assert_cmpuint (muying_csv_reader_get_n_fields (too_many), ==, MUYING_CSV_MAX_FIELDS);
  g_assert_cmpint (muying_csv_reader_get_flags (too_many), ==, MUYING_CSV_ROW_TOO_MANY_FIELDS);
  assert_row (too_many, 2, "next");
}

static void
test_separator_line (void)
{
  g_autoptr(MuyingCsvReader) r = reader_for_text ("sep=,\r\na,b\r\n1,2\r\n", -1);
  g_autoptr(GBytes) semicolon = g_bytes_new_static ("sep=;\na;b\n", 10);
  g_autoptr(GError) error = NULL;
  MuyingCsvReader *none;

  assert_row (r, 2, "a|b");
  assert_row (r, 3, "1|2");

  none = muying_csv_reader_new (semicolon, &error);
  g_assert_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_HEADER);
  g_assert_null (none);
}

static void
test_empty (void)
{
  g_autoptr(MuyingCsvReader) r = reader_for_text ("", 0);
  g_autoptr(MuyingCsvReader) f = reader_for_fixture ("empty.csv");

  g_assert_false (muying_csv_reader_next (r));
  g_assert_false (muying_csv_reader_next (f));
}

static void
test_bom (void)
{
  g_autoptr(MuyingCsvReader) r = reader_for_fixture ("two-cancer-bom.csv");

  g_assert_cmpint (muying_csv_reader_get_encoding (r), ==, MUYING_CSV_ENCODING_UTF8_BOM);
  g_assert_true (muying_csv_reader_next (r));
  g_assert_cmpuint (muying_csv_reader_get_line (r), ==, 1);
  g_assert_cmpstr (muying_csv_reader_get_field (r, 0), ==, "exam_no");   /* BOM removed */
  g_assert_true (muying_csv_reader_next (r));
  g_assert_true (muying_csv_reader_next (r));
  g_assert_cmpuint (muying_csv_reader_get_line (r), ==, 3);
  g_assert_false (muying_csv_reader_next (r));
}

static void
test_gb18030 (void)
{
  g_autoptr(MuyingCsvReader) r = reader_for_fixture ("prenatal-gb18030.csv");

  g_assert_cmpint (muying_csv_reader_get_encoding (r), ==, MUYING_CSV_ENCODING_GB18030);
  g_assert_true (muying_csv_reader_next (r));
  g_assert_cmpstr (muying_csv_reader_get_field (r, 0), ==, "样本编号");
  g_assert_cmpstr (muying_csv_reader_get_field (r, 19), ==, "检测状态");
  g_assert_true (muying_csv_reader_next (r));
  g_assert_cmpstr (muying_csv_reader_get_field (r, 2), ==, "𠮷娜");   /* a four-byte GB18030 character */
  g_assert_cmpstr (muying_csv_reader_get_field (r, 6), ==, "早孕联合");
  g_assert_true (muying_csv_reader_next (r));
  g_assert_true (muying_csv_reader_next (r));
  g_assert_cmpuint (muying_csv_reader_get_line (r), ==, 4);
  g_assert_false (muying_csv_reader_next (r));
}

static void
test_refused_encodings (void)
{
  struct { const char *data; gsize len; } cases[] = {
    { "\xff\xfe" "a\0,\0b\0", 8 },          /* UTF-16LE with BOM */
    { "\xfe\xff" "\0a\0,\0b", 8 },          /* UTF-16BE with BOM */
    { "a,b\n1,\0\n", 8 },                   /* NUL byte */
    { "\xef\xbb\xbf" "a,b\n\xc3\x28\n", 10 }, /* BOM says UTF-8, then invalid UTF-8 */
    { "a,b\n\x81\x20\n", 8 },               /* neither UTF-8 nor GB18030 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].data, cases[i].len);
      g_autoptr(GError) error = NULL;
      MuyingCsvReader *r = muying_csv_reader_new (bytes, &error);

      g_test_message ("case %u", i);
      g_assert_null (r);
      g_assert_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_ENCODING);
    }

  {
    g_autofree char *path = muying_test_data_path ("bad-utf16.csv");
    g_autoptr(GError) error = NULL;
    MuyingCsvReader *r = muying_csv_reader_new_for_path (path, &error);

    g_assert_null (r);
    g_assert_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_ENCODING);
  }
  {
    g_autoptr(GError) error = NULL;
    MuyingCsvReader *r = muying_csv_reader_new_for_path ("/nonexistent/file.csv", &error);

    g_assert_null (r);
    g_assert_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED);
  }
}

static void
test_fixture_lines (void)
{
  g_autoptr(MuyingCsvReader) multi = reader_for_fixture ("two-cancer-multiline.csv");
  g_autoptr(MuyingCsvReader) crlf = reader_for_fixture ("newborn-crlf.csv");
  g_autoptr(MuyingCsvReader) ragged = reader_for_fixture ("prenatal-ragged.csv");
  const guint multi_lines[] = { 1, 2, 4, 5, 8 };
  const guint ragged_fields[] = { 20, 20, 9, 21, 23, 20 };

  for (guint i = 0; i < G_N_ELEMENTS (multi_lines); i++)
    {
      g_assert_true (muying_csv_reader_next (multi));
      g_assert_cmpuint (muying_csv_reader_get_line (multi), ==, multi_lines[i]);
      g_assert_cmpuint (muying_csv_reader_get_n_fields (multi), ==, 16);
      if (multi_lines[i] == 2)
        g_assert_cmpstr (muying_csv_reader_get_field (multi, 4), ==, "市妇幼保健院\n宫颈科");
      if (multi_lines[i] == 4)
        {
          g_assert_cmpstr (muying_csv_reader_get_field (multi, 2), ==, "Anna \"Li\"");
          g_assert_cmpstr (muying_csv_reader_get_field (multi, 4), ==, "第一, 第二门诊");
        }
    }
  g_assert_false (muying_csv_reader_next (multi));

  assert_row (crlf, 1, "sample_no|mother_id_number|mother_name|baby_name|sex|birth_date|hospital|panel|variants|"
                       "hearing_left|hearing_right|hearing_date|rescreen_left|rescreen_right|rescreen_date");
  g_assert_true (muying_csv_reader_next (crlf));
  g_assert_cmpuint (muying_csv_reader_get_line (crlf), ==, 2);
  g_assert_true (muying_csv_reader_next (crlf));
  g_assert_cmpuint (muying_csv_reader_get_line (crlf), ==, 3);
  g_assert_cmpstr (muying_csv_reader_get_field (crlf, 6), ==, "市妇幼保健院\r\n产科");
  g_assert_true (muying_csv_reader_next (crlf));
  g_assert_cmpuint (muying_csv_reader_get_line (crlf), ==, 5);
  g_assert_cmpstr (muying_csv_reader_get_field (crlf, 14), ==, "");
  g_assert_false (muying_csv_reader_next (crlf));

  for (guint i = 0; i < G_N_ELEMENTS (ragged_fields); i++)
    {
      g_assert_true (muying_csv_reader_next (ragged));
      g_assert_cmpuint (muying_csv_reader_get_line (ragged), ==, i + 1);
      g_assert_cmpuint (muying_csv_reader_get_n_fields (ragged), ==, ragged_fields[i]);
    }
  g_assert_false (muying_csv_reader_next (ragged));
}

/* ---- a streamed file reads as the same bytes in memory ------------------------------------- */

/* Every row of @a and @b alike, and both at their end. */
static void
assert_same_rows (MuyingCsvReader *a,
                  MuyingCsvReader *b)
{
  for (;;)
    {
      gboolean more = muying_csv_reader_next (a);
      g_autofree char *fa = NULL;
      g_autofree char *fb = NULL;

      g_assert_cmpint (more, ==, muying_csv_reader_next (b));
      if (!more)
        break;
      g_assert_cmpuint (muying_csv_reader_get_line (a), ==, muying_csv_reader_get_line (b));
      g_assert_cmpuint (muying_csv_reader_get_n_fields (a), ==, muying_csv_reader_get_n_fields (b));
      g_assert_cmpint (muying_csv_reader_get_flags (a), ==, muying_csv_reader_get_flags (b));
      fa = g_strjoinv ("\x1f", (char **) muying_csv_reader_get_fields (a));
      fb = g_strjoinv ("\x1f", (char **) muying_csv_reader_get_fields (b));
      g_assert_cmpstr (fa, ==, fb);
    }
}

/* @data read from a file in chunks of @chunk bytes reads as @data in memory: the same rows,
 * lines and flags, or the same refusal; the streamed file's SHA-256 is its bytes'. */
static void
assert_stream_equals_memory (const char *dir,
                             const char *data,
                             gsize       len,
                             gsize       chunk)
{
  g_autofree char *path = g_build_filename (dir, "stream.csv", NULL);
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);
  g_autoptr(GError) memory_error = NULL;
  g_autoptr(GError) stream_error = NULL;
  g_autoptr(MuyingCsvReader) memory = NULL;
  g_autoptr(MuyingCsvReader) stream = NULL;
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  g_assert_true (g_file_set_contents (path, data, (gssize) len, NULL));
  muying_csv_set_stream_chunk_size (chunk);
  memory = muying_csv_reader_new (bytes, &memory_error);
  stream = muying_csv_reader_new_for_path (path, &stream_error);
  muying_csv_set_stream_chunk_size (0);
  if (memory == NULL)
    {
      g_assert_null (stream);
      g_assert_nonnull (stream_error);
      g_assert_cmpuint (stream_error->domain, ==, memory_error->domain);
      g_assert_cmpint (stream_error->code, ==, memory_error->code);
      g_assert_cmpstr (stream_error->message, ==, memory_error->message);
      return;
    }
  g_assert_no_error (stream_error);
  g_assert_cmpint (muying_csv_reader_get_encoding (stream), ==, muying_csv_reader_get_encoding (memory));
  if (muying_csv_reader_get_encoding (memory) >= MUYING_CSV_ENCODING_XLSX)
    return;
  muying_csv_set_stream_chunk_size (chunk);
  assert_same_rows (memory, stream);
  g_assert_true (muying_csv_reader_finish (stream, &stream_error));
  muying_csv_set_stream_chunk_size (0);
  g_assert_no_error (stream_error);
  g_assert_cmpstr (muying_csv_reader_get_sha256 (stream), ==, sha256);
  g_assert_cmpfloat (muying_csv_reader_get_progress (stream), ==, 1.0);
}

static void
test_stream_equals_memory (void)
{
  static const struct { const char *data; gssize len; } texts[] = {
    { "a,b,c\n1,2,3\n,,\nx,,z", -1 },
    { "a,b\r\n1,2\r3,4\n5,6\r\n", -1 },
    { "a,b\r\n\r\n\r\n\"x\r\ny\",2\r\n\r", -1 },
    { "a,b\n\"He said \"\"hi\"\"\",\"1,2\"\n\"unterminated,\n", -1 },
    { "a,b\n\"abc\"def,2\n\"\",\"\"\"\"\n", -1 },
    { "sep=,\r\na,b\r\n1,2\r\n", -1 },
    { "sep=;\na;b\n", -1 },
    { "\xef\xbb\xbf" "姓名,身份证号\n王芳,1\n", -1 },
    { "\xd0\xd5\xc3\xfb,\xc9\xed\xb7\xdd\n\xcd\xf5\xb7\xbc,1\r\n", -1 },   /* GB18030 */
    { "\xff\xfe" "a\0,\0b\0", 8 },
    { "a,b\n1,\0\n", 8 },
    { "\xef\xbb\xbf" "a,b\n\xc3\x28\n", 10 },
    { "a,b\n\x81\x20\n", 8 },
    { "", 0 },
    { "\n\n", -1 },
    { "\xef\xbb", 2 },
  };
  static const gsize chunks[] = { 1, 2, 3, 5, 7, 64, 0 };
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autoptr(GString) big = g_string_new ("sample_no,name,note\r\n");
  g_autofree char *corpus = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus", NULL);
  g_autofree char *data_dir = g_test_build_filename (G_TEST_DIST, "data", NULL);
  const char *dirs[] = { corpus, data_dir };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    for (guint c = 0; c < G_N_ELEMENTS (chunks); c++)
      {
        g_test_message ("text %u, chunks of %" G_GSIZE_FORMAT, i, chunks[c]);
        assert_stream_equals_memory (dir, texts[i].data, texts[i].len < 0 ? strlen (texts[i].data)
                                                                           : (gsize) texts[i].len, chunks[c]);
      }
  /* The files of the tests and the fuzzing corpus. */
  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autoptr(GDir) listing = g_dir_open (dirs[d], 0, NULL);
      const char *name;

      g_assert_nonnull (listing);
      while ((name = g_dir_read_name (listing)) != NULL)
        {
          g_autofree char *file = g_build_filename (dirs[d], name, NULL);
          g_autofree char *contents = NULL;
          gsize len;

          if (!g_file_test (file, G_FILE_TEST_IS_REGULAR) || !g_file_get_contents (file, &contents, &len, NULL))
            continue;
          for (guint c = 0; c < G_N_ELEMENTS (chunks); c++)
            {
              g_test_message ("%s, chunks of %" G_GSIZE_FORMAT, name, chunks[c]);
              assert_stream_equals_memory (dir, contents, len, chunks[c]);
            }
        }
    }
  /* Longer than a default chunk and the compacting, with rows across every boundary. */
  for (guint i = 0; big->len < 3 * 1024 * 1024; i++)
    g_string_append_printf (big, "%u,\"王%u\",\"line %u\r\nsaid \"\"%u\"\"\"%s", i, i, i, i, i % 3 ? "\r\n" : "\n\n");
  assert_stream_equals_memory (dir, big->str, big->len, 0);
  assert_stream_equals_memory (dir, big->str, big->len, 4093);
  /* An unterminated quote: the second row runs to the end of the file. */
  g_string_prepend (big, "a,b\n\"");
  assert_stream_equals_memory (dir, big->str, big->len, 4093);
  muying_test_rm_rf (dir);
}

/* A file that grows while it is read is not taken for what was read of it. */
static void
test_stream_changed (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "changing.csv", NULL);
  g_autoptr(MuyingCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  FILE *out;

  g_assert_true (g_file_set_contents (path, "a,b\n1,2\n", -1, NULL));
  reader = muying_csv_reader_new_for_path (path, &error);
  g_assert_no_error (error);
  g_assert_true (muying_csv_reader_next (reader));
  out = fopen (path, "a");
  g_assert_nonnull (out);
  fputs ("3,4\n", out);
  fclose (out);
  while (muying_csv_reader_next (reader))
    ;
  g_assert_false (muying_csv_reader_finish (reader, &error));
  g_assert_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED);
  g_assert_null (muying_csv_reader_get_sha256 (reader));
  muying_test_rm_rf (dir);
}

static void
test_append_field (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *fields[] = { "plain", "a,b", "say \"hi\"", "two\nlines", "", "=1+2", NULL };
  g_autoptr(MuyingCsvReader) back = NULL;
  g_autofree char *joined = NULL;

  for (guint i = 0; fields[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      muying_csv_append_field (out, fields[i]);
    }
  g_assert_cmpstr (out->str, ==, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,=1+2");

  /* what we write we read back unchanged */
  back = reader_for_text (out->str, (gssize) out->len);
  g_assert_true (muying_csv_reader_next (back));
  joined = g_strjoinv ("|", (char **) muying_csv_reader_get_fields (back));
  g_assert_cmpstr (joined, ==, "plain|a,b|say \"hi\"|two\nlines||=1+2");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/csv-reader/basic", test_basic);
  g_test_add_func ("/csv-reader/line-endings", test_line_endings);
  g_test_add_func ("/csv-reader/quoting", test_quoting);
  g_test_add_func ("/csv-reader/blank-lines", test_blank_lines);
  g_test_add_func ("/csv-reader/malformed-rows", test_malformed_rows);
  g_test_add_func ("/csv-reader/separator-line", test_separator_line);
  g_test_add_func ("/csv-reader/empty", test_empty);
  g_test_add_func ("/csv-reader/bom", test_bom);
  g_test_add_func ("/csv-reader/gb18030", test_gb18030);
  g_test_add_func ("/csv-reader/refused-encodings", test_refused_encodings);
  g_test_add_func ("/csv-reader/fixture-lines", test_fixture_lines);
  g_test_add_func ("/csv-reader/append-field", test_append_field);
  g_test_add_func ("/csv-reader/stream-equals-memory", test_stream_equals_memory);
  g_test_add_func ("/csv-reader/stream-changed", test_stream_changed);

  return g_test_run ();
}
