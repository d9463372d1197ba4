/* muying-store-key.c: the installation's audit key and the last audit head seen
 *
 * The audit chain and the seals of signed records and accounts are HMAC-SHA-256 with a random
 * 256-bit key kept OUTSIDE the database file, so that someone who can edit the file cannot
 * re-compute them (see docs/security.md). The key folder (owner-only, 0700) is
 * $MUYING_KEY_DIR, or "<user config dir>/io.github.muying.Muying/audit-key":
 *
 *   <id>.key     one file per key ever made here (0600): 64 hex digits. The id is the first 16
 *                hex digits of SHA-256 of the key, so a key is found by the id the database
 *                names, and a restored old key simply sits beside the new one.
 *   current      the id of the key new entries are written with (created once, atomically).
 *   head-<hash>  per database file (hash of its absolute path): the newest audit entry this
 *                installation saw committed (id, hash, the hash of entry 1 that names the
 *                database, time). A check finds a log cut short or an older copy put in place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "muying-error.h"
#include "muying-store-private.h"

#define KEY_BYTES 32
#define KEY_ID_CHARS 16

struct _MuyingKeyring
{
  char       *dir;
  GHashTable *keys;        /* id → GBytes */
  char       *current_id;  /* NULL until read or made */
};

MuyingKeyring *
_muying_keyring_new (void)
{
  MuyingKeyring *self = g_new0 (MuyingKeyring, 1);

  self->dir = _muying_store_key_dir ();
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  return self;
}

void
_muying_keyring_free (MuyingKeyring *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->keys);
  g_free (self->current_id);
  g_free (self->dir);
  g_free (self);
}

char *
_muying_store_key_dir (void)
{
  const char *dir = g_getenv ("MUYING_KEY_DIR");

  if (dir != NULL && *dir != '\0')
    return g_strdup (dir);
  return g_build_filename (g_get_user_config_dir (), APP_ID, "audit-key", NULL);
}

const char *
_muying_keyring_get_dir (MuyingKeyring *self)
{
  return self->dir;
}

static char *
key_id_for (const guchar *key,
            gsize         len)
{
  g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, key, len);

  return g_strndup (sum, KEY_ID_CHARS);
}

static gboolean
is_key_id (const char *text)
{
  if (text == NULL || strlen (text) != KEY_ID_CHARS)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

/* The key named @id from the key folder, or NULL when it is not on this computer (or its file
 * does not hold the key of that id). */
GBytes *
_muying_keyring_find (MuyingKeyring *self,
                      const char    *id)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *found_id = NULL;
  guchar key[KEY_BYTES];
  GBytes *bytes;

  if (!is_key_id (id))
    return NULL;
  bytes = g_hash_table_lookup (self->keys, id);
  if (bytes != NULL)
    return bytes;
  name = g_strconcat (id, ".key", NULL);
  path = g_build_filename (self->dir, name, NULL);
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  g_strstrip (text);
  if (strlen (text) != 2 * KEY_BYTES)
    return NULL;
  for (guint i = 0; i < KEY_BYTES; i++)
    {
      int hi = g_ascii_xdigit_value (text[2 * i]), lo = g_ascii_xdigit_value (text[2 * i + 1]);

      if (hi < 0 || lo < 0)
        return NULL;
      key[i] = (guchar) (hi * 16 + lo);
    }
  found_id = key_id_for (key, sizeof key);
  if (g_strcmp0 (found_id, id) != 0)
    return NULL;
  bytes = g_bytes_new (key, sizeof key);
  g_hash_table_insert (self->keys, g_strdup (id), bytes);
  return bytes;
}

static gboolean
make_dir (const char  *dir,
          GError     **error)
{
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_PERMISSION,
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* Writes @contents to @path, owner-only; with @exclusive fails (returning FALSE, no error)
 * when @path exists, so two programs making the first key at once agree on one. @sync: flush
 * to the disk first (keys; a head record that is lost at a power cut is only an older one). */
static gboolean
write_private_file (const char  *path,
                    const char  *contents,
                    gboolean     exclusive,
                    gboolean     sync,
                    GError     **error)
{
  g_autofree char *tmp = g_strconcat (path, ".tmp-XXXXXX", NULL);
  gsize len = strlen (contents);
  int fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  gboolean ok;

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_PERMISSION,
                   _("Cannot write “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  ok = write (fd, contents, len) == (ssize_t) len && (!sync || fsync (fd) == 0);
  close (fd);
  if (!ok)
    {
      int saved = errno;
      g_remove (tmp);
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                   _("Cannot write “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  if (exclusive)
    {
      /* link() fails when the name exists: the first writer wins. A file system without hard
       * links falls back to a plain rename. */
      if (link (tmp, path) == 0)
        {
          g_remove (tmp);
          return TRUE;
        }
      if (errno == EEXIST || g_rename (tmp, path) != 0)
        {
          g_remove (tmp);
          return FALSE;
        }
      return TRUE;
    }
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;
      g_remove (tmp);
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                   _("Cannot write “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static char *
read_current_id (MuyingKeyring *self)
{
  g_autofree char *path = g_build_filename (self->dir, "current", NULL);
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  g_strstrip (text);
  if (!is_key_id (text) || _muying_keyring_find (self, text) == NULL)
    return NULL;
  return g_steal_pointer (&text);
}

/* The id of the key new entries are written with; made (with its file) when this installation
 * has none. @made: (out) (optional): TRUE when it was made now. */
const char *
_muying_keyring_current (MuyingKeyring *self,
                         gboolean      *made,
                         GError       **error)
{
  g_autofree char *current_path = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;
  g_autofree char *id_line = NULL;
  guchar key[KEY_BYTES];
  GString *text;

  if (made != NULL)
    *made = FALSE;
  if (self->current_id != NULL)
    return self->current_id;
  self->current_id = read_current_id (self);
  if (self->current_id != NULL)
    return self->current_id;

  if (!make_dir (self->dir, error))
    return NULL;
  for (guint i = 0; i < KEY_BYTES; i += 4)
    {
      guint32 r = g_random_int ();
      memcpy (key + i, &r, 4);
    }
  {
    /* g_random_int is seeded from /dev/urandom, but draw the key from the kernel directly when
     * we can. */
    int fd = g_open ("/dev/urandom", O_RDONLY | O_CLOEXEC, 0);

    if (fd >= 0)
      {
        if (read (fd, key, sizeof key) != (ssize_t) sizeof key)
          g_debug ("short read from /dev/urandom; keeping the GLib random key");
        close (fd);
      }
  }
  text = g_string_new (NULL);
  for (guint i = 0; i < KEY_BYTES; i++)
    g_string_append_printf (text, "%02x", key[i]);
  g_string_append_c (text, '\n');
  hex = g_string_free (text, FALSE);
  id = key_id_for (key, sizeof key);
  name = g_strconcat (id, ".key", NULL);
  key_path = g_build_filename (self->dir, name, NULL);
  current_path = g_build_filename (self->dir, "current", NULL);
  id_line = g_strconcat (id, "\n", NULL);
  if (!write_private_file (key_path, hex, FALSE, TRUE, error))
    return NULL;
  if (!write_private_file (current_path, id_line, TRUE, TRUE, error))
    {
      if (error != NULL && *error != NULL)
        return NULL;
      /* Another program made the current key first: use that one. */
      self->current_id = read_current_id (self);
      if (self->current_id == NULL)
        {
          g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                       _("The audit key in “%s” cannot be read"), self->dir);
          return NULL;
        }
      return self->current_id;
    }
  _muying_keyring_find (self, id);
  self->current_id = g_steal_pointer (&id);
  if (made != NULL)
    *made = TRUE;
  return self->current_id;
}

/* HMAC-SHA-256 under @key of @domain and @parts, each separated by U+001F (which none of them
 * contains); a NULL part is written as empty. Returns lowercase hex. */
char *
_muying_mac (GBytes            *key,
             const char        *domain,
             const char * const *parts,
             guint              n_parts)
{
  g_autoptr(GHmac) hmac = NULL;
  gsize len = 0;
  const guchar *data = g_bytes_get_data (key, &len);

  hmac = g_hmac_new (G_CHECKSUM_SHA256, data, len);
  g_hmac_update (hmac, (const guchar *) domain, -1);
  for (guint i = 0; i < n_parts; i++)
    {
      g_hmac_update (hmac, (const guchar *) "\x1f", 1);
      if (parts[i] != NULL)
        g_hmac_update (hmac, (const guchar *) parts[i], -1);
    }
  return g_strdup (g_hmac_get_string (hmac));
}

/* ---- last head seen ------------------------------------------------------------------------ */

void
_muying_audit_head_clear (MuyingAuditHead *head)
{
  g_clear_pointer (&head->hash, g_free);
  g_clear_pointer (&head->origin, g_free);
  g_clear_pointer (&head->seen_at, g_free);
  head->id = 0;
}

/* The file in the key folder that records the newest entry seen of the database @db_path. */
char *
_muying_keyring_head_path (MuyingKeyring *self,
                           const char    *db_path)
{
  g_autofree char *absolute = g_canonicalize_filename (db_path, NULL);
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, absolute, -1);
  g_autofree char *name = g_strdup_printf ("head-%.32s", sum);

  return g_build_filename (self->dir, name, NULL);
}

gboolean
_muying_keyring_read_head_file (const char      *head_file,
                                MuyingAuditHead *head)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();

  memset (head, 0, sizeof *head);
  if (!g_key_file_load_from_file (file, head_file, G_KEY_FILE_NONE, NULL))
    return FALSE;
  head->id = g_key_file_get_int64 (file, "head", "id", NULL);
  head->hash = g_key_file_get_string (file, "head", "hash", NULL);
  head->origin = g_key_file_get_string (file, "head", "origin", NULL);
  head->seen_at = g_key_file_get_string (file, "head", "seen_at", NULL);
  if (head->id <= 0 || head->hash == NULL || head->origin == NULL)
    {
      _muying_audit_head_clear (head);
      return FALSE;
    }
  return TRUE;
}

gboolean
_muying_keyring_read_head (MuyingKeyring   *self,
                           const char      *db_path,
                           MuyingAuditHead *head)
{
  g_autofree char *path = _muying_keyring_head_path (self, db_path);

  return _muying_keyring_read_head_file (path, head);
}

/* Records @head of the database @database (its canonical path) in @head_file. The caller decided
 * that it is newer than what the file holds (_muying_store_record_head). */
void
_muying_keyring_write_head_file (MuyingKeyring         *self,
                                 const char            *head_file,
                                 const char            *database,
                                 const MuyingAuditHead *head)
{
  g_autofree char *data = NULL;
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  g_key_file_set_string (file, "head", "database", database);
  g_key_file_set_int64 (file, "head", "id", head->id);
  g_key_file_set_string (file, "head", "hash", head->hash);
  g_key_file_set_string (file, "head", "origin", head->origin);
  g_key_file_set_string (file, "head", "seen_at", head->seen_at);
  data = g_key_file_to_data (file, NULL, NULL);
  if (!make_dir (self->dir, &error) || !write_private_file (head_file, data, FALSE, FALSE, &error))
    g_warning ("The last audit entry could not be recorded: %s", error->message);
}

/* After a restore the database legitimately goes back to an older head. */
void
_muying_keyring_forget_head (MuyingKeyring *self,
                             const char    *db_path)
{
  g_autofree char *path = _muying_keyring_head_path (self, db_path);

  g_remove (path);
}
