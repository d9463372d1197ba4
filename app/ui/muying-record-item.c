/* muying-record-item.c: one row of a record list, as a GObject for list models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "muying-record-item.h"

struct _MuyingRecordItem
{
  GObject          parent_instance;

  MuyingRecordRow *row;
};

G_DEFINE_FINAL_TYPE (MuyingRecordItem, muying_record_item, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
muying_record_item_finalize (GObject *object)
{
  MuyingRecordItem *self = MUYING_RECORD_ITEM (object);

  muying_record_row_free (self->row);
  G_OBJECT_CLASS (muying_record_item_parent_class)->finalize (object);
}

static void
muying_record_item_class_init (MuyingRecordItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = muying_record_item_finalize;

  /* The item's row was replaced (muying_record_item_set_row). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
muying_record_item_init (MuyingRecordItem *self)
{
}

MuyingRecordItem *
muying_record_item_new (MuyingRecordRow *row)
{
  MuyingRecordItem *self = g_object_new (MUYING_TYPE_RECORD_ITEM, NULL);

  self->row = row;
  return self;
}

const MuyingRecordRow *
muying_record_item_get_row (MuyingRecordItem *self)
{
  g_return_val_if_fail (MUYING_IS_RECORD_ITEM (self), NULL);
  return self->row;
}

void
muying_record_item_set_row (MuyingRecordItem *self,
                            MuyingRecordRow  *row)
{
  g_return_if_fail (MUYING_IS_RECORD_ITEM (self));
  /* The same row read again (a refresh after others committed, often something this list does
   * not show: the daily backup's audit row): its cells stay as they are, and the view neither
   * rebinds nor measures them again, which for a search's 500 rows is 60–100 ms of the window's
   * thread (README, Performance). */
  if (muying_record_row_equal (self->row, row))
    {
      muying_record_row_free (row);
      return;
    }
  muying_record_row_free (self->row);
  self->row = row;
  g_signal_emit (self, signals[CHANGED], 0);
}
