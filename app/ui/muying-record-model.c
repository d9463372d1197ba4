/* muying-record-model.c: a GListModel over a filtered, sorted record query, loaded by pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-ui"

#include "config.h"

#include "muying-record-item.h"
#include "muying-record-model-private.h"
#include "muying-record-model.h"

typedef struct
{
  guint      index;
  GPtrArray *items;   /* MuyingRecordItem */
  guint64    last_used;
} Page;

struct _MuyingRecordModel
{
  GObject             parent_instance;

  MuyingStore        *store;
  MuyingRecordFilter *filter;
  guint               n_items;
  GHashTable         *pages;     /* page index → Page */
  guint64             clock;
  guint               fetches;
  guint               failed_source;  /* "load-failed" to be emitted from the main loop */
  GError             *failure;
};

enum
{
  LOAD_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void muying_record_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MuyingRecordModel, muying_record_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, muying_record_model_list_model_init))

static void
page_free (gpointer data)
{
  Page *page = data;

  g_ptr_array_unref (page->items);
  g_free (page);
}

/* The pages a search's rows fill (MUYING_RECORD_SEARCH_LIMIT at most) are never evicted: the
 * view then holds no item of theirs that the model forgot, and muying_record_model_replace_rows
 * can give each of those items its new row. */
#define PINNED_PAGES ((MUYING_RECORD_SEARCH_LIMIT + MUYING_RECORD_MODEL_PAGE_SIZE - 1) / MUYING_RECORD_MODEL_PAGE_SIZE)

static void
evict_if_full (MuyingRecordModel *self)
{
  GHashTableIter iter;
  gpointer key, value;
  gpointer oldest_key = NULL;
  guint64 oldest = G_MAXUINT64;

  if (g_hash_table_size (self->pages) < MUYING_RECORD_MODEL_MAX_PAGES)
    return;
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Page *page = value;
      if (page->index >= PINNED_PAGES && page->last_used < oldest)
        {
          oldest = page->last_used;
          oldest_key = key;
        }
    }
  g_hash_table_remove (self->pages, oldest_key);
}

static gboolean
emit_load_failed_cb (gpointer user_data)
{
  MuyingRecordModel *self = user_data;
  g_autoptr(GError) failure = g_steal_pointer (&self->failure);

  self->failed_source = 0;
  g_signal_emit (self, signals[LOAD_FAILED], 0, failure);
  return G_SOURCE_REMOVE;
}

/* A page the store could not read is shown empty; the view is told once, from the main loop
 * (the page was asked for while the view measured its rows). */
static void
report_failure (MuyingRecordModel *self,
                const GError      *error)
{
  if (self->failed_source != 0)
    return;
  g_clear_error (&self->failure);
  self->failure = g_error_copy (error);
  self->failed_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, emit_load_failed_cb, g_object_ref (self),
                                         g_object_unref);
}

static Page *
load_page (MuyingRecordModel *self,
           guint              index)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  Page *previous = index > 0 ? g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index - 1)) : NULL;
  Page *next = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index + 1));
  const MuyingRecordRow *after = NULL;
  const MuyingRecordRow *before = NULL;
  Page *page;

  /* Keyset from a neighbouring page when we have it (scrolling down or up); otherwise the
   * query finds the page from its offset. */
  if (previous != NULL && previous->items->len == MUYING_RECORD_MODEL_PAGE_SIZE)
    after = muying_record_item_get_row (g_ptr_array_index (previous->items, previous->items->len - 1));
  else if (next != NULL && next->items->len > 0)
    before = muying_record_item_get_row (g_ptr_array_index (next->items, 0));

  rows = muying_record_query_page (self->store, self->filter, after, before,
                                   (gint64) index * MUYING_RECORD_MODEL_PAGE_SIZE,
                                   MUYING_RECORD_MODEL_PAGE_SIZE, &error);
  self->fetches++;
  if (rows == NULL)
    {
      g_warning ("Loading records failed: %s", error->message);
      report_failure (self, error);
      rows = g_ptr_array_new ();
    }

  evict_if_full (self);
  page = g_new0 (Page, 1);
  page->index = index;
  page->items = g_ptr_array_new_full (rows->len, g_object_unref);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (page->items, muying_record_item_new (g_ptr_array_index (rows, i)));
  /* The items own the rows now. */
  g_ptr_array_set_free_func (rows, NULL);
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
  return page;
}

static GType
muying_record_model_get_item_type (GListModel *model)
{
  return MUYING_TYPE_RECORD_ITEM;
}

static guint
muying_record_model_get_n_items (GListModel *model)
{
  return MUYING_RECORD_MODEL (model)->n_items;
}

static gpointer
muying_record_model_get_item (GListModel *model,
                              guint       position)
{
  MuyingRecordModel *self = MUYING_RECORD_MODEL (model);
  guint index = position / MUYING_RECORD_MODEL_PAGE_SIZE;
  guint offset = position % MUYING_RECORD_MODEL_PAGE_SIZE;
  Page *page;

  if (position >= self->n_items)
    return NULL;
  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  if (page == NULL)
    page = load_page (self, index);
  page->last_used = ++self->clock;
  if (offset >= page->items->len)
    return NULL;   /* rows deleted since the count: the view asks again after reload */
  return g_object_ref (g_ptr_array_index (page->items, offset));
}

static void
muying_record_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = muying_record_model_get_item_type;
  iface->get_n_items = muying_record_model_get_n_items;
  iface->get_item = muying_record_model_get_item;
}

static void
muying_record_model_finalize (GObject *object)
{
  MuyingRecordModel *self = MUYING_RECORD_MODEL (object);

  g_hash_table_unref (self->pages);
  muying_record_filter_free (self->filter);
  g_clear_object (&self->store);
  g_clear_error (&self->failure);
  G_OBJECT_CLASS (muying_record_model_parent_class)->finalize (object);
}

static void
muying_record_model_class_init (MuyingRecordModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = muying_record_model_finalize;

  /**
   * MuyingRecordModel::load-failed:
   * @error: why the store could not read a page of rows (shown as empty rows)
   */
  signals[LOAD_FAILED] = g_signal_new ("load-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                       NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
muying_record_model_init (MuyingRecordModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, page_free);
}

MuyingRecordModel *
muying_record_model_new (MuyingStore              *store,
                         const MuyingRecordFilter *filter,
                         GError                  **error)
{
  g_autoptr(MuyingRecordModel) self = NULL;
  gint64 n;

  g_return_val_if_fail (MUYING_IS_STORE (store), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  n = muying_record_query_count (store, filter, error);
  if (n < 0)
    return NULL;
  self = g_object_new (MUYING_TYPE_RECORD_MODEL, NULL);
  self->store = g_object_ref (store);
  self->filter = muying_record_filter_copy (filter);
  self->n_items = (guint) MIN (n, (gint64) G_MAXUINT);
  return g_steal_pointer (&self);
}

/* A model that starts with @n_items rows (an estimate or a count made elsewhere) and asks
 * nothing of the store until a row is wanted. */
MuyingRecordModel *
muying_record_model_new_with_n_items (MuyingStore              *store,
                                      const MuyingRecordFilter *filter,
                                      guint                     n_items)
{
  MuyingRecordModel *self;

  g_return_val_if_fail (MUYING_IS_STORE (store), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  self = g_object_new (MUYING_TYPE_RECORD_MODEL, NULL);
  self->store = g_object_ref (store);
  self->filter = muying_record_filter_copy (filter);
  self->n_items = n_items;
  return self;
}

MuyingRecordModel *
muying_record_model_new_from_rows (MuyingStore              *store,
                                   const MuyingRecordFilter *filter,
                                   GPtrArray                *rows)
{
  MuyingRecordModel *self;

  g_return_val_if_fail (rows->len <= MUYING_RECORD_SEARCH_LIMIT, NULL);
  self = muying_record_model_new_with_n_items (store, filter, 0);
  muying_record_model_replace_rows (self, filter, rows);
  return self;
}

static gboolean
page_is_past (gpointer key,
              gpointer value,
              gpointer user_data)
{
  return ((Page *) value)->index * MUYING_RECORD_MODEL_PAGE_SIZE >= GPOINTER_TO_UINT (user_data);
}

/* @rows (at most the pinned pages) take the places of the model's first items under @filter, and
 * the list is @n_items long (at least @rows->len; past them, rows are read on demand). The items
 * at those places stay and take their new rows (::changed), so a view that holds them keeps its
 * row widgets; the places after them are said to have changed. */
static void
take_rows_in_place (MuyingRecordModel        *self,
                    const MuyingRecordFilter *filter,
                    GPtrArray                *rows,
                    guint                     n_items)
{
  guint old = self->n_items;
  guint n = rows->len;

  muying_record_filter_free (self->filter);
  self->filter = muying_record_filter_copy (filter);
  self->fetches = 0;   /* they were for the old filter */
  g_hash_table_foreach_remove (self->pages, page_is_past, GUINT_TO_POINTER (n));
  for (guint i = 0; i < n; i += MUYING_RECORD_MODEL_PAGE_SIZE)
    {
      guint index = i / MUYING_RECORD_MODEL_PAGE_SIZE;
      guint len = MIN (n - i, MUYING_RECORD_MODEL_PAGE_SIZE);
      Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));

      if (page == NULL)
        {
          page = g_new0 (Page, 1);
          page->index = index;
          page->items = g_ptr_array_new_full (MUYING_RECORD_MODEL_PAGE_SIZE, g_object_unref);
          g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
        }
      /* Items the view may show take their new rows in place; the rest are new. */
      for (guint j = 0; j < len; j++)
        {
          MuyingRecordRow *row = g_ptr_array_index (rows, i + j);

          if (j < page->items->len)
            muying_record_item_set_row (g_ptr_array_index (page->items, j), row);
          else
            g_ptr_array_add (page->items, muying_record_item_new (row));
        }
      if (page->items->len > len)
        g_ptr_array_set_size (page->items, len);
    }
  /* The items own the rows now. */
  g_ptr_array_set_free_func (rows, NULL);
  g_ptr_array_set_size (rows, 0);

  self->n_items = n_items;
  /* Past the rows taken in place, the old rows are gone and the query's others follow. */
  if (old > n)
    g_list_model_items_changed (G_LIST_MODEL (self), n, old - n, n_items - n);
  else if (n_items > old)
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n_items - old);
}

gboolean
muying_record_model_replace_rows (MuyingRecordModel        *self,
                                  const MuyingRecordFilter *filter,
                                  GPtrArray                *rows)
{
  g_return_val_if_fail (MUYING_IS_RECORD_MODEL (self), FALSE);
  /* Only the pinned pages are sure to hold every item the view was given. */
  if (rows->len > PINNED_PAGES * MUYING_RECORD_MODEL_PAGE_SIZE)
    return FALSE;
  take_rows_in_place (self, filter, rows, rows->len);
  return TRUE;
}

gboolean
muying_record_model_replace_query (MuyingRecordModel        *self,
                                   const MuyingRecordFilter *filter,
                                   gint64                    count,
                                   gboolean                 *counted,
                                   GError                  **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_record_row_free);
  /* The places of a search's rows all taken (pages enough), so that none of them is said to have
   * changed: a view moves a place it tracks (its focus) from a changed range to a guess in the new
   * one, proportional to its old place. A longer list, one page: its places past the page are said
   * to have changed, and the guesses land on rows that exist since the list is no longer than the
   * rows read, or counted. */
  guint pages = 1;
  gboolean all = FALSE;
  guint read = 0;

  g_return_val_if_fail (MUYING_IS_RECORD_MODEL (self), FALSE);
  g_return_val_if_fail (!muying_record_filter_is_search (filter), FALSE);

  if (self->n_items <= PINNED_PAGES * MUYING_RECORD_MODEL_PAGE_SIZE)
    pages = MAX (1, (self->n_items + MUYING_RECORD_MODEL_PAGE_SIZE - 1) / MUYING_RECORD_MODEL_PAGE_SIZE);
  for (; read < pages && !all; read++)
    {
      const MuyingRecordRow *after = rows->len > 0 ? g_ptr_array_index (rows, rows->len - 1) : NULL;
      g_autoptr(GPtrArray) page = muying_record_query_page (self->store, filter, after, NULL,
                                                           (gint64) rows->len, MUYING_RECORD_MODEL_PAGE_SIZE,
                                                           error);

      if (page == NULL)
        return FALSE;
      all = page->len < MUYING_RECORD_MODEL_PAGE_SIZE;
      g_ptr_array_extend_and_steal (rows, g_steal_pointer (&page));
    }
  *counted = all || count >= 0;
  /* Not counted: no longer than the rows read (a place past the query's end has no item to give);
   * set_n_items adds the rest. */
  take_rows_in_place (self, filter, rows,
                      all || count < 0 ? rows->len : MAX ((guint) MIN (count, (gint64) G_MAXUINT), rows->len));
  self->fetches = read;
  return TRUE;
}

/* The same browse query read again (others changed the database): one change of the whole
 * list, not a new model, so a list view keeps its scroll position (it tracks its anchor row by
 * position), where a new model would put it back at the top. */
void
muying_record_model_reload (MuyingRecordModel *self,
                            guint              n_items)
{
  guint old;

  g_return_if_fail (MUYING_IS_RECORD_MODEL (self));
  old = self->n_items;
  g_hash_table_remove_all (self->pages);
  self->fetches = 0;
  self->n_items = n_items;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old, n_items);
}

void
muying_record_model_set_n_items (MuyingRecordModel *self,
                                 guint              n_items)
{
  guint old = self->n_items;

  g_return_if_fail (MUYING_IS_RECORD_MODEL (self));
  if (n_items == old)
    return;
  self->n_items = n_items;
  /* The rows shown so far stay; only the end of the list moves. */
  if (n_items > old)
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n_items - old);
  else
    g_list_model_items_changed (G_LIST_MODEL (self), n_items, old - n_items, 0);
}

const MuyingRecordFilter *
muying_record_model_get_filter (MuyingRecordModel *self)
{
  g_return_val_if_fail (MUYING_IS_RECORD_MODEL (self), NULL);
  return self->filter;
}

guint
muying_record_model_get_page_fetches (MuyingRecordModel *self)
{
  return self->fetches;
}

guint
muying_record_model_get_cached_pages (MuyingRecordModel *self)
{
  return g_hash_table_size (self->pages);
}
