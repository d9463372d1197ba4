/* fuzz-csv-replay.c: every file of tests/fuzz/corpus/ through the fuzz harness, as an ordinary
 * test (no fuzzer needed): the corpus and every crash input found keep being checked.
 * Built with -DFUZZ_CORPUS="corpus-xlsx" -DFUZZ_NAME="fuzz-xlsx" for the xlsx harness.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>

#include <glib.h>

#ifndef FUZZ_CORPUS
#define FUZZ_CORPUS "corpus"
#define FUZZ_NAME "fuzz-csv"
#endif

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
replay_file (gconstpointer data)
{
  const char *path = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpint (LLVMFuzzerTestOneInput ((const uint8_t *) contents, length), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir_path = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *name;

  g_test_init (&argc, &argv, NULL);
  dir_path = g_test_build_filename (G_TEST_DIST, "fuzz", FUZZ_CORPUS, NULL);
  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')   /* .gitattributes */
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, >, 0);
  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *test_path = g_strdup_printf ("/%s/replay/%s", FUZZ_NAME, file);
      char *path = g_build_filename (dir_path, file, NULL);

      g_ptr_array_add (paths, path);
      g_test_add_data_func (test_path, path, replay_file);
    }
  return g_test_run ();
}
