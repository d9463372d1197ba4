/* muying-worklist-item.c: one row of the worklist, as a GObject for list models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "muying-worklist-item.h"

struct _MuyingWorklistItem
{
  GObject            parent_instance;
  MuyingWorklistRow *row;
};

G_DEFINE_FINAL_TYPE (MuyingWorklistItem, muying_worklist_item, G_TYPE_OBJECT)

static void
muying_worklist_item_finalize (GObject *object)
{
  muying_worklist_row_free (MUYING_WORKLIST_ITEM (object)->row);
  G_OBJECT_CLASS (muying_worklist_item_parent_class)->finalize (object);
}

static void
muying_worklist_item_class_init (MuyingWorklistItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = muying_worklist_item_finalize;
}

static void
muying_worklist_item_init (MuyingWorklistItem *self)
{
}

const MuyingWorklistRow *
muying_worklist_item_get_row (MuyingWorklistItem *self)
{
  g_return_val_if_fail (MUYING_IS_WORKLIST_ITEM (self), NULL);
  return self->row;
}

MuyingWorklistItem *
muying_worklist_item_new (MuyingWorklistRow *row)
{
  MuyingWorklistItem *self = g_object_new (MUYING_TYPE_WORKLIST_ITEM, NULL);

  self->row = row;
  return self;
}
