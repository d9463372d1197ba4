/* muying-output-path.c: where the program may write a file the user named
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "muying-error.h"
#include "muying-output-path.h"
#include "muying-store-backup.h"
#include "muying-store-file-private.h"


static GMutex protected_lock;
static GPtrArray *protected_folders;

void
muying_output_path_protect_folder (const char *folder)
{
  if (folder == NULL || *folder == '\0')
    return;
  g_mutex_lock (&protected_lock);
  if (protected_folders == NULL)
    protected_folders = g_ptr_array_new_with_free_func (g_free);
  if (!g_ptr_array_find_with_equal_func (protected_folders, folder, g_str_equal, NULL))
    g_ptr_array_add (protected_folders, g_strdup (folder));
  g_mutex_unlock (&protected_lock);
}

/* The absolute name of @path with every symlink of its folders (and of itself, when it
 * exists) resolved; a folder that does not exist yet is only made absolute. */
static char *
resolve (const char *path)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *real_dir = NULL;
  char *real = realpath (path, NULL);

  if (real != NULL)
    {
      char *copy = g_strdup (real);
      free (real);
      return copy;
    }
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  real = realpath (dir, NULL);
  if (real == NULL)
    return g_canonicalize_filename (path, NULL);
  real_dir = g_strdup (real);
  free (real);
  return g_build_filename (real_dir, base, NULL);
}

static gboolean
is_inside (const char *path,
           const char *folder)
{
  g_autofree char *real_folder = resolve (folder);
  size_t n = strlen (real_folder);

  if (n > 1 && real_folder[n - 1] == '/')
    n--;
  return strncmp (path, real_folder, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

static gboolean
refuse (GError    **error,
        const char *message)
{
  g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT, message);
  return FALSE;
}

static gboolean
check (MuyingStore *store,
       const char  *path,
       gboolean     allow_backup_folder,
       GError     **error)
{
  static const char * const companions[] = { "-wal", "-shm", "-journal" };
  g_autofree char *real = NULL;
  char header[MUYING_SQLITE_HEADER_LEN];
  GStatBuf st;
  gboolean exists;

  g_return_val_if_fail (store == NULL || MUYING_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (*path == '\0')
    return refuse (error, _("No file name was given"));
  real = resolve (path);
  exists = g_stat (path, &st) == 0;

  if (store != NULL)
    {
      const char *db = muying_store_get_path (store);
      g_autofree char *real_db = resolve (db);

      if ((exists && _muying_file_same (path, db)) || g_strcmp0 (real, real_db) == 0)
        {
          g_autofree char *message =
            g_strdup_printf (_("“%s” is the database itself: choose another file"), path);
          return refuse (error, message);
        }
      for (guint i = 0; i < G_N_ELEMENTS (companions); i++)
        {
          g_autofree char *companion = g_strconcat (db, companions[i], NULL);
          g_autofree char *real_companion = g_strconcat (real_db, companions[i], NULL);

          if ((exists && _muying_file_same (path, companion)) || g_strcmp0 (real, real_companion) == 0)
            {
              g_autofree char *message =
                g_strdup_printf (_("“%s” is a working file of the database: choose another file"), path);
              return refuse (error, message);
            }
        }
      if (!allow_backup_folder)
        {
          g_autoptr(GPtrArray) folders = g_ptr_array_new_with_free_func (g_free);

          g_ptr_array_add (folders, muying_store_backup_default_folder (store));
          g_mutex_lock (&protected_lock);
          for (guint i = 0; protected_folders != NULL && i < protected_folders->len; i++)
            g_ptr_array_add (folders, g_strdup (g_ptr_array_index (protected_folders, i)));
          g_mutex_unlock (&protected_lock);

          for (guint i = 0; i < folders->len; i++)
            if (is_inside (real, g_ptr_array_index (folders, i)))
              {
                g_autofree char *message =
                  g_strdup_printf (_("“%s” is in the backup folder “%s”: choose another folder"), path,
                                   (const char *) g_ptr_array_index (folders, i));
                return refuse (error, message);
              }
        }
    }

  if (exists && S_ISDIR (st.st_mode))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is a folder: give a file name"), path);
      return refuse (error, message);
    }
  if (exists && !S_ISREG (st.st_mode))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not an ordinary file: choose another file"), path);
      return refuse (error, message);
    }
  if (exists && _muying_file_is_sqlite (header, _muying_file_read_header (path, header)))
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” is a database file and is not overwritten: choose another file"), path);
      return refuse (error, message);
    }
  return TRUE;
}

gboolean
muying_output_path_check (MuyingStore  *store,
                          const char   *path,
                          GError      **error)
{
  return check (store, path, FALSE, error);
}

gboolean
muying_output_path_check_backup (MuyingStore  *store,
                                 const char   *path,
                                 GError      **error)
{
  return check (store, path, TRUE, error);
}

/* ".BASE." and the six letters or digits g_mkstemp puts in place of "XXXXXX". */
static gboolean
is_temp_name_of (const char *name,
                 const char *base)
{
  size_t n = strlen (base);

  if (name[0] != '.' || strncmp (name + 1, base, n) != 0 || name[n + 1] != '.' || strlen (name + n + 2) != 6)
    return FALSE;
  for (const char *c = name + n + 2; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c))
      return FALSE;
  return TRUE;
}

/* A process killed while writing @base leaves its temporary file, with the records in it.
 * The next write of the same name removes such files of this user that nothing has written
 * for MUYING_OUTPUT_PATH_STALE_SECONDS: a write in progress touches its file far more often. */
static void
remove_stale_temps (const char *dir,
                    const char *base)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *tmp = NULL;
      struct stat st;

      if (!is_temp_name_of (name, base))
        continue;
      tmp = g_build_filename (dir, name, NULL);
      if (lstat (tmp, &st) != 0 || !S_ISREG (st.st_mode) || st.st_uid != getuid () ||
          now - (gint64) st.st_mtime < MUYING_OUTPUT_PATH_STALE_SECONDS)
        continue;
      g_debug ("removing %s, left by an interrupted write", tmp);
      g_unlink (tmp);
    }
}

char *
muying_output_path_create_temp (const char  *path,
                                GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX", base);
  g_autofree char *tmp = g_build_filename (dir, name, NULL);
  int fd;

  remove_stale_temps (dir, base);
  /* Owner-only whatever the umask: every output holds health records. */
  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      /* TRANSLATORS: %s: a folder, then the system's reason */
      g_set_error (error, MUYING_STORE_ERROR,
                   saved == EACCES || saved == EPERM || saved == EROFS ? MUYING_STORE_ERROR_PERMISSION
                                                                       : MUYING_STORE_ERROR_FAILED,
                   _("Cannot create a file in “%s”: %s"), dir, g_strerror (saved));
      return NULL;
    }
  close (fd);
  return g_steal_pointer (&tmp);
}

gboolean
muying_output_path_commit (MuyingStore  *store,
                           const char   *tmp_path,
                           const char   *path,
                           GError      **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd, saved;

  /* Another program may have put something at @path meanwhile. */
  if (!muying_output_path_check (store, path, error))
    goto fail;
  fd = g_open (tmp_path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fsync (fd) != 0)
    {
      saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                   _("“%s” could not be written to the disk: %s"), path, g_strerror (saved));
      goto fail;
    }
  close (fd);
  if (g_rename (tmp_path, path) != 0)
    {
      saved = errno;
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                   _("Cannot save “%s”: %s"), path, g_strerror (saved));
      goto fail;
    }
  /* The rename itself on the disk; a failure here loses nothing that is not already there. */
  fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
  return TRUE;

fail:
  g_unlink (tmp_path);
  return FALSE;
}
