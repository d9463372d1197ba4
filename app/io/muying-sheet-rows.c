/* muying-sheet-rows.c: the rows of a worksheet, read whole, handed out as a CSV reader does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "muying-sheet-rows.h"

typedef struct
{
  guint             line;    /* the worksheet's row number */
  guint             first;   /* index of the first field in cells */
  guint             n;
  MuyingCsvRowFlags flags;
} Row;

struct _MuyingSheetRows
{
  GStringChunk *chunk;         /* the text of every cell */
  GPtrArray    *cells;         /* const char *: each row's fields followed by NULL */
  GArray       *rows;          /* Row */
  guint         header_width;  /* fields of the first row */
  guint         next;          /* index of the row the next call returns */
};

MuyingSheetRows *
muying_sheet_rows_new (void)
{
  MuyingSheetRows *self = g_new0 (MuyingSheetRows, 1);

  self->chunk = g_string_chunk_new (64 * 1024);
  self->cells = g_ptr_array_new ();
  self->rows = g_array_new (FALSE, FALSE, sizeof (Row));
  return self;
}

void
muying_sheet_rows_free (MuyingSheetRows *self)
{
  if (self == NULL)
    return;
  g_string_chunk_free (self->chunk);
  g_ptr_array_unref (self->cells);
  g_array_unref (self->rows);
  g_free (self);
}

void
muying_sheet_rows_add (MuyingSheetRows   *self,
                       guint              line,
                       GPtrArray         *cells,
                       MuyingCsvRowFlags  flags)
{
  Row row = { line, self->cells->len, 0, flags };
  gint last = -1;

  for (guint i = 0; i < cells->len; i++)
    {
      const char *text = g_ptr_array_index (cells, i);

      if (text != NULL && *text != '\0')
        last = (gint) i;
    }
  if (last < 0 && flags == MUYING_CSV_ROW_OK)
    return;
  if (self->header_width == 0)
    self->header_width = (guint) last + 1;
  row.n = MIN (MAX ((guint) last + 1, self->header_width), MUYING_CSV_MAX_FIELDS);
  for (guint i = 0; i < row.n; i++)
    {
      const char *text = i < cells->len ? g_ptr_array_index (cells, i) : NULL;

      g_ptr_array_add (self->cells, g_string_chunk_insert_const (self->chunk, text ? text : ""));
    }
  g_ptr_array_add (self->cells, NULL);
  g_array_append_val (self->rows, row);
}

static const Row *
current_row (MuyingSheetRows *self)
{
  if (self->next == 0 || self->next > self->rows->len)
    return NULL;
  return &g_array_index (self->rows, Row, self->next - 1);
}

gboolean
muying_sheet_rows_next (MuyingSheetRows *self)
{
  if (self->next <= self->rows->len)
    self->next++;
  return self->next <= self->rows->len;
}

guint
muying_sheet_rows_get_line (MuyingSheetRows *self)
{
  const Row *row = current_row (self);

  return row ? row->line : 0;
}

guint
muying_sheet_rows_get_n_fields (MuyingSheetRows *self)
{
  const Row *row = current_row (self);

  return row ? row->n : 0;
}

const char * const *
muying_sheet_rows_get_fields (MuyingSheetRows *self)
{
  static const char * const none[] = { NULL };
  const Row *row = current_row (self);

  return row ? (const char * const *) &g_ptr_array_index (self->cells, row->first) : none;
}

MuyingCsvRowFlags
muying_sheet_rows_get_flags (MuyingSheetRows *self)
{
  const Row *row = current_row (self);

  return row ? row->flags : MUYING_CSV_ROW_OK;
}

double
muying_sheet_rows_get_progress (MuyingSheetRows *self)
{
  if (self->rows->len == 0)
    return 1.0;
  return (double) MIN (self->next, self->rows->len) / (double) self->rows->len;
}
