/* muying-worklist-model.c: a GListModel over the filtered worklist, loaded by pages
 *
 * The worklist query reads one covering index, so a page at any offset costs a few
 * milliseconds; pages are kept in a small cache. A new filter makes a new model; the same filter
 * is read again in place (muying_worklist_model_reload).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-ui"

#include "config.h"

#include "muying-worklist-item.h"
#include "muying-worklist-model.h"

#define PAGE_SIZE 200
#define MAX_PAGES 16

/* ---- model ------------------------------------------------------------------------------- */

struct _MuyingWorklistModel
{
  GObject               parent_instance;

  MuyingStore          *store;
  MuyingWorklistFilter  filter;
  char                 *search;   /* owned; filter.search points to it */
  guint                 n_items;
  GHashTable           *pages;    /* page index → GPtrArray of MuyingWorklistItem */
  GQueue                order;    /* page indexes, most recently loaded last */
};

static void muying_worklist_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MuyingWorklistModel, muying_worklist_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, muying_worklist_model_list_model_init))

static GType
get_item_type (GListModel *model)
{
  return MUYING_TYPE_WORKLIST_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  return MUYING_WORKLIST_MODEL (model)->n_items;
}

static GPtrArray *
load_page (MuyingWorklistModel *self,
           guint                index)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = muying_store_worklist_page (self->store, &self->filter, NULL,
                                                          (gint64) index * PAGE_SIZE, PAGE_SIZE, &error);
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  if (rows == NULL)
    g_warning ("Loading the worklist failed: %s", error->message);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      g_ptr_array_add (items, muying_worklist_item_new (g_ptr_array_index (rows, i)));
    }
  if (rows != NULL)
    g_ptr_array_set_free_func (rows, NULL);   /* the items own the rows */

  if (g_queue_get_length (&self->order) >= MAX_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_head (&self->order));
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), items);
  g_queue_push_tail (&self->order, GUINT_TO_POINTER (index));
  return items;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  MuyingWorklistModel *self = MUYING_WORKLIST_MODEL (model);
  guint index = position / PAGE_SIZE;
  GPtrArray *items;

  if (position >= self->n_items)
    return NULL;
  items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  if (items == NULL)
    items = load_page (self, index);
  if (position % PAGE_SIZE >= items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (items, position % PAGE_SIZE));
}

static void
muying_worklist_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
muying_worklist_model_finalize (GObject *object)
{
  MuyingWorklistModel *self = MUYING_WORKLIST_MODEL (object);

  g_hash_table_unref (self->pages);
  g_queue_clear (&self->order);
  g_clear_object (&self->store);
  g_free (self->search);
  G_OBJECT_CLASS (muying_worklist_model_parent_class)->finalize (object);
}

static void
muying_worklist_model_class_init (MuyingWorklistModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = muying_worklist_model_finalize;
}

static void
muying_worklist_model_init (MuyingWorklistModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->order);
}

MuyingWorklistModel *
muying_worklist_model_new (MuyingStore                *store,
                           const MuyingWorklistFilter *filter,
                           GError                    **error)
{
  g_autoptr(MuyingWorklistModel) self = g_object_new (MUYING_TYPE_WORKLIST_MODEL, NULL);
  gint64 n;

  self->store = g_object_ref (store);
  self->filter = *filter;
  self->search = g_strdup (filter->search);
  self->filter.search = self->search;
  n = muying_store_worklist_count (store, filter, NULL, error);
  if (n < 0)
    return NULL;
  self->n_items = (guint) n;
  return g_steal_pointer (&self);
}

gboolean
muying_worklist_model_has_filter (MuyingWorklistModel        *self,
                                  const MuyingWorklistFilter *filter)
{
  const MuyingWorklistFilter *mine = &self->filter;

  g_return_val_if_fail (MUYING_IS_WORKLIST_MODEL (self), FALSE);
  return mine->program == filter->program && mine->level == filter->level &&
         mine->followup_state == filter->followup_state && mine->review_pending == filter->review_pending &&
         mine->overdue_only == filter->overdue_only && g_strcmp0 (mine->search, filter->search) == 0 &&
         mine->sort == filter->sort && mine->descending == filter->descending;
}

gboolean
muying_worklist_model_reload (MuyingWorklistModel  *self,
                              GError              **error)
{
  gint64 n;
  guint old;

  g_return_val_if_fail (MUYING_IS_WORKLIST_MODEL (self), FALSE);

  n = muying_store_worklist_count (self->store, &self->filter, NULL, error);
  if (n < 0)
    return FALSE;
  old = self->n_items;
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->order);
  self->n_items = (guint) n;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
  return TRUE;
}
