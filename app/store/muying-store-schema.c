/* muying-store-schema.c: the numbered schema migrations
 *
 * Step N is the file data/schema/NNNN-<name>.sql (installed in the package data folder beside
 * the rules, muying-paths.c). Each step runs in one transaction with the user_version bump; what
 * a step needs beyond SQL (step 4 starts the keyed audit chain) is C code in muying-store.c. Never
 * edit a step that has shipped: add a file and raise MUYING_STORE_SCHEMA_VERSION. The check
 * (muying-store-check.c) compares a database's tables, indexes and triggers with what the steps
 * create, text for text, so a file is run as it stands.
 *
 * Conventions: dates are ISO text "YYYY-MM-DD", times ISO 8601 UTC text; enumerations are
 * the canonical keys of docs/import-formats.md; level is 0 low, 1 intermediate, 2 high.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "muying-error.h"
#include "muying-paths.h"
#include "muying-store.h"
#include "muying-store-schema.h"

/* The steps read from each folder, kept for the life of the process (callers keep the pointers). */
static GMutex loaded_lock;
static GHashTable *loaded;   /* folder → char ** of MUYING_STORE_SCHEMA_VERSION + 1 */

/* The number of a step file "NNNN-name.sql", or 0. */
static guint
step_number (const char *name)
{
  guint n = 0;

  for (guint i = 0; i < 4; i++)
    {
      if (!g_ascii_isdigit (name[i]))
        return 0;
      n = n * 10 + (guint) g_ascii_digit_value (name[i]);
    }
  if (name[4] != '-' || !g_str_has_suffix (name, ".sql"))
    return 0;
  return n;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The step files of @folder this program knows (numbers 1 to MUYING_STORE_SCHEMA_VERSION; a
 * step of a newer data folder is not run), sorted; NULL with @error when the folder cannot be read. */
static GPtrArray *
list_steps (const char  *folder,
            GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  dir = g_dir_open (folder, 0, &local);
  if (dir == NULL)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND,
                   _("The database structure files cannot be read (%s): %s. Reinstall Muying"), folder,
                   local->message);
      return NULL;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      guint n = step_number (name);

      if (n != 0 && n <= MUYING_STORE_SCHEMA_VERSION)
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, (GCompareFunc) compare_names);
  return g_steal_pointer (&names);
}

/* The text of the step file @name of @folder, or NULL with @error. */
static char *
read_step (const char  *folder,
           const char  *name,
           GError     **error)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autoptr(GError) local = NULL;
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, &local))
    g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND,
                 _("The database structure files cannot be read (%s): %s. Reinstall Muying"), path,
                 local->message);
  return text;
}

static char **
load_steps (const char  *folder,
            GError     **error)
{
  g_autoptr(GPtrArray) names = list_steps (folder, error);
  g_auto(GStrv) steps = NULL;

  if (names == NULL)
    return NULL;
  steps = g_new0 (char *, MUYING_STORE_SCHEMA_VERSION + 1);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      guint n = step_number (name);

      if (steps[n - 1] != NULL)
        {
          g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND,
                       _("The database structure folder %s has two files of step %u. Reinstall Muying"),
                       folder, n);
          return NULL;
        }
      steps[n - 1] = read_step (folder, name, error);
      if (steps[n - 1] == NULL)
        return NULL;
    }
  for (guint i = 0; i < MUYING_STORE_SCHEMA_VERSION; i++)
    if (steps[i] == NULL)
      {
        g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND,
                     _("The database structure file of step %u is missing from %s. Reinstall Muying"), i + 1,
                     folder);
        return NULL;
      }
  return g_steal_pointer (&steps);
}

const char * const *
muying_store_schema_get_migrations (guint   *n_migrations,
                                    GError **error)
{
  g_autofree char *folder = g_build_filename (muying_paths_data_dir (), "schema", NULL);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&loaded_lock);
  char **steps;

  g_return_val_if_fail (n_migrations != NULL, NULL);

  *n_migrations = 0;
  if (loaded == NULL)
    loaded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  steps = g_hash_table_lookup (loaded, folder);
  if (steps == NULL)
    {
      steps = load_steps (folder, error);
      if (steps == NULL)
        return NULL;
      g_hash_table_insert (loaded, g_steal_pointer (&folder), steps);
    }
  *n_migrations = MUYING_STORE_SCHEMA_VERSION;
  return (const char * const *) steps;
}

/* Appends to @steps the SQL of the server's step files @from, @from + 1, … up to this program's
 * version, once each (a baseline is for an empty database, never a step): FALSE with @error when
 * one is missing or there twice. @names: the folder's files, in order. */
static gboolean
append_server_steps (const char  *folder,
                     GPtrArray   *names,
                     guint        from,
                     GPtrArray   *steps,
                     GError     **error)
{
  guint next = from;

  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      guint n = step_number (name);
      char *text;

      if (n < from || g_str_has_suffix (name, "-baseline.sql"))
        continue;
      if (n < next)
        {
          g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND,
                       _("The database structure folder %s has two files of step %u. Reinstall Muying"),
                       folder, n);
          return FALSE;
        }
      if (n > next || n > MUYING_STORE_SCHEMA_VERSION)
        break;
      text = read_step (folder, name, error);
      if (text == NULL)
        return FALSE;
      g_ptr_array_add (steps, text);
      next++;
    }
  if (next <= MUYING_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND,
                   _("The database structure file of step %u is missing from %s. Reinstall Muying"), next, folder);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
muying_store_schema_get_server_upgrade (guint    version,
                                        GError **error)
{
  g_autofree char *folder = g_build_filename (muying_paths_data_dir (), "schema-postgresql", NULL);
  g_autoptr(GPtrArray) names = list_steps (folder, NULL);
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func (g_free);

  if (!append_server_steps (folder, names, version + 1, steps, error))
    return NULL;
  return g_steal_pointer (&steps);
}

GPtrArray *
muying_store_schema_get_server_steps (GError **error)
{
  g_autofree char *folder = g_build_filename (muying_paths_data_dir (), "schema-postgresql", NULL);
  g_autoptr(GPtrArray) names = list_steps (folder, NULL);
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func (g_free);
  const char *baseline = NULL;
  guint base = 0;
  char *text;

  /* the newest baseline (it holds the shipped step of its own number), then each step after it */
  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      guint n = step_number (name);

      if (g_str_has_suffix (name, "-baseline.sql") && n > base && n <= MUYING_STORE_SCHEMA_VERSION)
        {
          base = n;
          baseline = name;
        }
    }
  if (baseline == NULL)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND,
                   _("The database structure files for the server are missing from %s. Reinstall Muying"), folder);
      return NULL;
    }
  text = read_step (folder, baseline, error);
  if (text == NULL)
    return NULL;
  g_ptr_array_add (steps, text);
  if (!append_server_steps (folder, names, base + 1, steps, error))
    return NULL;
  return g_steal_pointer (&steps);
}
