/* muying-record-list.c: search, filters and the paged table of one programme's records
 *
 * Sorting is answered in SQL: muying-column-sort.c tells which column the view sorts by.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-ui"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "muying-column-sort.h"
#include "muying-date.h"
#include "muying-field-options.h"
#include "muying-program-descriptor.h"
#include "muying-reader-pool.h"
#include "muying-record-item.h"
#include "muying-record-list-private.h"
#include "muying-record-list.h"
#include "muying-store-worklist.h"
#include "muying-ui-text.h"

struct _MuyingRecordList
{
  GtkWidget             parent_instance;

  MuyingStore          *store;
  MuyingRuleSet        *rules;
  MuyingProgram         program;
  MuyingRecordModel    *model;
  MuyingRecordSort      sort;
  gboolean              descending;
  MuyingRecordFilter   *filter;          /* the one asked for last (its rows may still be coming) */
  gboolean              dates_ok;
  GCancellable         *cancellable;     /* the search or count running in a thread, if any */
  gboolean              activate_pending; /* Enter was pressed before the search's rows came */
  gboolean              job_is_search;    /* the running job reads a search's rows (not a count) */
  gint64                n_matches;        /* a capped search's matches, once counted; else -1 */
  gint64                n_estimate;       /* a browse query's estimated count, until it is counted */
  guint                 count_tick_id;    /* waits for a frame to be drawn before the count starts */
  guint                 count_ticks;
  guint                 job_delay_ms;     /* tests only */
  guint                 searches_in_thread; /* tests only: searches whose query ran in a worker */
  guint                 searches_on_owner;  /* tests only: … on the window's thread (never, by design) */

  GtkSearchEntry       *search_entry;
  GtkDropDown          *level_dropdown;
  GtkEntry             *from_entry;
  GtkEntry             *to_entry;
  GtkLabel             *status_label;
  GtkColumnView        *column_view;
  GtkColumnViewColumn  *key_column;
  GtkColumnViewColumn  *name_column;
  GtkColumnViewColumn  *id_column;
  GtkColumnViewColumn  *date_column;
  GtkColumnViewColumn  *level_column;
  GtkColumnViewColumn  *reasons_column;
  GtkColumnViewColumn  *review_column;
  GtkColumnViewColumn  *summary_column;
};

G_DEFINE_FINAL_TYPE (MuyingRecordList, muying_record_list, GTK_TYPE_WIDGET)

enum {
  RECORD_ACTIVATED,
  MODEL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum
{
  COL_KEY,
  COL_NAME,
  COL_ID,
  COL_DATE,
  COL_LEVEL,
  COL_REASONS,
  COL_REVIEW,
  COL_SUMMARY,
  N_COLUMNS
} Column;

/* The programme-specific column, in words: "中孕二联筛查 · 16+2", "HPV 阳性 · ASC-US · 超声 3". The
 * store lists the values of the programme's SUMMARY fields in their order, separated by '|'; a
 * programme without such fields gets the store's text as it is (newborn: the variants). */
static char *
summary_text (MuyingRecordList      *self,
              const MuyingRecordRow *row)
{
  const MuyingProgramDescriptor *d = muying_program_descriptor_get (self->program);
  g_auto(GStrv) parts = g_strsplit (row->summary ? row->summary : "", "|", -1);
  GString *s = g_string_new (NULL);
  guint n = 0;

  for (const MuyingField *f = d->fields; f->key != NULL; f++)
    if (MUYING_FIELD_IS (f, MUYING_FIELD_SUMMARY))
      n++;
  if (n == 0 || g_strv_length (parts) != n)
    {
      g_string_append (s, row->summary ? row->summary : "");
      return g_string_free (s, FALSE);
    }
  n = 0;
  for (const MuyingField *f = d->fields; f->key != NULL; f++)
    {
      g_autofree char *value = NULL;
      const char *note;

      if (!MUYING_FIELD_IS (f, MUYING_FIELD_SUMMARY))
        continue;
      value = muying_field_text_for_display (f, self->rules, parts[n++]);
      if (value == NULL)
        continue;
      /* A label without its bracketed note: "中孕二联筛查（15+0～20+6 周）" → "中孕二联筛查". */
      if ((note = strstr (value, "（")) != NULL && note > value)
        value[note - value] = '\0';
      g_string_append (s, s->len ? " · " : "");
      if (f->short_label != NULL)
        g_string_append_printf (s, "%s ", g_dpgettext2 (GETTEXT_PACKAGE, "results column", f->short_label));
      g_string_append (s, value);
    }
  return g_string_free (s, FALSE);
}

/* The same words as the worklist and the case window; nothing for a record that needs no review. */
static const char *
review_text (const char *state)
{
  if (state == NULL || g_strcmp0 (state, "none") == 0)
    return "";
  return muying_review_state_get_label (state);
}

/* The cell @item shows its column (set up by setup_cell_cb) of its record. */
static void
show_cell (MuyingRecordList *self,
           GtkListItem      *item)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (item), "muying-column"));
  GtkWidget *cell = gtk_list_item_get_child (item);
  MuyingRecordItem *record = gtk_list_item_get_item (item);
  const MuyingRecordRow *row;
  g_autofree char *owned = NULL;
  const char *text = "";

  gtk_widget_remove_css_class (cell, "level-high");
  gtk_widget_remove_css_class (cell, "level-intermediate");
  gtk_widget_remove_css_class (cell, "level-low");
  if (record == NULL)
    {
      muying_ui_cell_set_text (cell, "");
      return;
    }
  row = muying_record_item_get_row (record);
  switch (column)
    {
    case COL_KEY:
      text = row->key;
      break;
    case COL_NAME:
      text = row->name;
      break;
    case COL_ID:
      text = row->id_number;
      break;
    case COL_DATE:
      text = row->date;
      break;
    case COL_LEVEL:
      /* Colour and text: the level never depends on colour alone. */
      text = muying_level_get_label (row->level);
      gtk_widget_add_css_class (cell, muying_ui_level_css_class (row->level));
      break;
    case COL_REASONS:
      text = owned = muying_ui_reason_labels (self->rules, row->reasons);
      break;
    case COL_REVIEW:
      text = review_text (row->review_state);
      break;
    case COL_SUMMARY:
    default:
      text = owned = summary_text (self, row);
      break;
    }
  muying_ui_cell_set_text (cell, text ? text : "");
}

/* The cell's item now stands for another record: a search's rows replaced the list's in place
 * (muying_record_model_replace_rows). */
static void
on_record_changed_cb (MuyingRecordItem *record,
                      GtkListItem      *item)
{
  MuyingRecordList *self = g_object_get_data (G_OBJECT (item), "muying-record-list");

  show_cell (self, item);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              MuyingRecordList         *self)
{
  MuyingRecordItem *record = gtk_list_item_get_item (item);

  show_cell (self, item);
  /* Until unbind: the item may take another record while the cell shows it. */
  if (record != NULL)
    g_signal_connect (record, "changed", G_CALLBACK (on_record_changed_cb), item);
}

/* What show_cell and on_record_changed_cb need of the cell, set once per cell rather than at
 * every bind (binding runs for every cell scrolled into view). */
static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               MuyingRecordList         *self)
{
  g_object_set_data (G_OBJECT (item), "muying-column", g_object_get_data (G_OBJECT (factory), "column"));
  g_object_set_data (G_OBJECT (item), "muying-record-list", self);
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                MuyingRecordList         *self)
{
  MuyingRecordItem *record = gtk_list_item_get_item (item);

  if (record != NULL)
    g_signal_handlers_disconnect_by_func (record, on_record_changed_cb, item);
}

/* The sample number, the ID number and the level are labels, never cut short: their column is as
 * wide as the widest. The other cells are inscriptions of a set width, so that when a search's
 * rows take the list's places their new texts are drawn without the rows being measured again
 * (README, Performance). Widths in average characters (a Chinese character counts about two):
 * the date and the review always whole, the name at least three Chinese characters; the reasons
 * and the details take the room left and are cut short with "…" in a narrow window (the name,
 * reasons and details show their whole text on hover). */
static const struct
{
  guint    min_chars, nat_chars;
  gboolean tooltip;
} inscription_widths[N_COLUMNS] = {
  [COL_NAME]    = { 6, 10, TRUE },   /* a newborn's "赵海霞之婴" whole */
  [COL_DATE]    = { 11, 11, FALSE },
  [COL_REVIEW]  = { 6, 6, FALSE },
  [COL_REASONS] = { 2, 40, TRUE },
  [COL_SUMMARY] = { 2, 19, TRUE },
};

static void
set_factory (MuyingRecordList    *self,
             GtkColumnViewColumn *column,
             Column               which)
{
  switch (which)
    {
    case COL_KEY:
    case COL_ID:
    case COL_LEVEL:
      muying_ui_set_label_column (column, which, FALSE, G_CALLBACK (bind_cell_cb), self);
      muying_ui_column_show_whole (column);
      break;
    default:
      muying_ui_set_inscription_column (column, which, inscription_widths[which].min_chars,
                                        inscription_widths[which].nat_chars, inscription_widths[which].tooltip,
                                        G_CALLBACK (bind_cell_cb), self);
      break;
    }
  g_signal_connect (gtk_column_view_column_get_factory (column), "setup", G_CALLBACK (setup_cell_cb), self);
  g_signal_connect (gtk_column_view_column_get_factory (column), "unbind", G_CALLBACK (unbind_cell_cb), self);
}

/* ---- sorting ----------------------------------------------------------------------------- */

static void reload_model (MuyingRecordList *self);
static void reload_model_if_changed (MuyingRecordList *self);

static void
on_sorter_changed_cb (GtkSorter        *sorter,
                      GtkSorterChange   change,
                      MuyingRecordList *self)
{
  int key;

  if (muying_column_sort_read (sorter, &key, &self->descending))
    self->sort = (MuyingRecordSort) key;
  else
    {
      self->sort = MUYING_RECORD_SORT_DATE;
      self->descending = TRUE;
    }
  reload_model_if_changed (self);
}

/* ---- filtering --------------------------------------------------------------------------- */

static gboolean
read_date_entry (GtkEntry  *entry,
                 char     **out)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  GDate date;

  *out = NULL;
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  if (text == NULL || *text == '\0')
    return TRUE;
  if (!muying_date_parse (text, &date, NULL))
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      return FALSE;
    }
  *out = muying_date_format (&date);
  return TRUE;
}

static gboolean
filters_equal (const MuyingRecordFilter *a,
               const MuyingRecordFilter *b)
{
  return a->program == b->program && g_strcmp0 (a->search, b->search) == 0 && a->min_level == b->min_level &&
         g_strcmp0 (a->date_from, b->date_from) == 0 && g_strcmp0 (a->date_to, b->date_to) == 0 &&
         a->sort == b->sort && a->descending == b->descending;
}

static MuyingRecordFilter *
read_filter (MuyingRecordList *self,
             gboolean         *dates_ok)
{
  MuyingRecordFilter *filter = muying_record_filter_new (self->program);
  g_autofree char *search = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  guint selected_level = gtk_drop_down_get_selected (self->level_dropdown);

  filter->search = *search ? g_steal_pointer (&search) : NULL;
  /* Items: all, high, intermediate, low. */
  filter->min_level = selected_level == 1 ? MUYING_LEVEL_HIGH
                      : selected_level == 2 ? MUYING_LEVEL_INTERMEDIATE
                      : selected_level == 3 ? MUYING_LEVEL_LOW : -1;
  *dates_ok = read_date_entry (self->from_entry, &filter->date_from);
  *dates_ok = read_date_entry (self->to_entry, &filter->date_to) && *dates_ok;
  filter->sort = self->sort;
  filter->descending = self->descending;
  return filter;
}

/* Widgets announce changes that change nothing (the column view's sorter when it is first
 * shown, a dropdown set to its own value): at a million records a needless reload costs a
 * count of the programme's records. */
static void
reload_model_if_changed (MuyingRecordList *self)
{
  g_autoptr(MuyingRecordFilter) filter = NULL;
  gboolean dates_ok;

  if (self->store == NULL)
    return;
  filter = read_filter (self, &dates_ok);
  if (self->filter != NULL && filters_equal (filter, self->filter))
    return;
  reload_model (self);
}

/* The store could not read the list (a lost server, a damaged file): the status line says why
 * instead of the count. */
static void
show_failure (MuyingRecordList *self,
              const GError     *error)
{
  g_autofree char *status = g_strdup_printf (_("The records could not be read: %s"), error->message);

  gtk_label_set_label (self->status_label, status);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
}

/* Rows of a page the store could not read are shown empty. */
static void
on_load_failed_cb (MuyingRecordModel *model,
                   const GError      *error,
                   gpointer           user_data)
{
  MuyingRecordList *self = MUYING_RECORD_LIST (user_data);

  if (model == self->model)
    show_failure (self, error);
}

static void
set_model (MuyingRecordList  *self,
           MuyingRecordModel *model)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  g_clear_object (&self->model);
  self->model = model;
  g_signal_connect_object (model, "load-failed", G_CALLBACK (on_load_failed_cb), self, 0);
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
}

/* Before the model's rows are replaced in place: the first row at the top, as with a new model.
 * Scrolled while the rows are still the old ones, whose places the view has measured (after the
 * replacement it would put its anchor back where it was). */
static void
scroll_to_top (MuyingRecordList *self)
{
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));

  if (vadjustment != NULL)
    gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_lower (vadjustment));
}

/* The list on screen answers @filter already: F5, or others changed the database. */
static gboolean
shows_filter (MuyingRecordList         *self,
              const MuyingRecordFilter *filter)
{
  return self->model != NULL && filters_equal (muying_record_model_get_filter (self->model), filter);
}

/* How far from its old place a refresh looks for the selected record (rows of the same page or the
 * next: no query of its own). */
#define RESELECT_DISTANCE 20

/* The id of the record at @position of the list, 0 when there is none. */
static gint64
record_id_at (MuyingRecordList *self,
              guint             position)
{
  g_autoptr(MuyingRecordItem) item = NULL;

  if (self->model == NULL || position >= g_list_model_get_n_items (G_LIST_MODEL (self->model)))
    return 0;
  item = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  return item != NULL && muying_record_item_get_row (item) != NULL ? muying_record_item_get_row (item)->id : 0;
}

/* Selects the record @id when it is within RESELECT_DISTANCE rows of @position (rows already
 * read: no query of its own); FALSE when it is not there. */
static gboolean
reselect_near (MuyingRecordList   *self,
               GtkSingleSelection *selection,
               guint               position,
               gint64              id)
{
  for (guint d = 0; id != 0 && d <= RESELECT_DISTANCE; d++)
    {
      if (record_id_at (self, position + d) == id)
        {
          gtk_single_selection_set_selected (selection, position + d);
          return TRUE;
        }
      if (d > 0 && d <= position && record_id_at (self, position - d) == id)
        {
          gtk_single_selection_set_selected (selection, position - d);
          return TRUE;
        }
    }
  return FALSE;
}

/* The id of the selected record, 0 when none; the selection is let go (when the model's items
 * change, the selection would look for its item among all the new rows, reading every page, and
 * unreference a place past the query's end that has no item). */
static gint64
unselect (MuyingRecordList *self,
          guint            *position)
{
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (self->column_view));
  guint selected = selection != NULL ? gtk_single_selection_get_selected (selection) : GTK_INVALID_LIST_POSITION;
  gint64 id = selected != GTK_INVALID_LIST_POSITION ? record_id_at (self, selected) : 0;

  if (selection != NULL)
    gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  *position = selected;
  return id;
}

/* The same query read again: in place, so that the list keeps its place. The selected row is
 * let go first and selected again when the same record is still near its place (someone working
 * down the list is not thrown off by an import elsewhere). */
static void
refresh_model (MuyingRecordList         *self,
               guint                     n_items,
               const MuyingRecordFilter *filter,
               GPtrArray                *rows)
{
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (self->column_view));
  guint selected;
  gint64 selected_id = unselect (self, &selected);

  /* a search's rows (at most MUYING_RECORD_SEARCH_LIMIT) always fit in place */
  if (rows != NULL)
    muying_record_model_replace_rows (self->model, filter, rows);
  else
    muying_record_model_reload (self->model, n_items);
  /* near its old place: records added or removed above it move it by a few rows */
  reselect_near (self, selection, selected, selected_id);
}

/* Another browse query (a search cleared, a filter or the order changed) in the model on screen:
 * the view keeps its row widgets and rebinds them, as for a search's rows; a new model would
 * destroy and build them all (about 100 ms on the window's thread). The list starts at the top
 * as a new one would, the selected record still selected when it is among the first rows (the
 * rule of a refresh, from the top), else the first row. */
static gboolean
show_query_in_place (MuyingRecordList *self,
                     gint64            count,
                     gboolean         *counted,
                     GError          **error)
{
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (self->column_view));
  guint selected;
  gint64 selected_id = unselect (self, &selected);

  scroll_to_top (self);
  if (!muying_record_model_replace_query (self->model, self->filter, count, counted, error))
    return FALSE;
  if (!reselect_near (self, selection, 0, selected_id))
    gtk_single_selection_set_selected (selection, 0);
  return TRUE;
}

/* Whether another browse query can go to the model on screen. Not with the keyboard on a row of
 * a browsed list (its order changed by a click on a column's title): GTK 4.8 keeps that row's
 * place, and when the place changes it puts the keyboard on a row at a guessed place and scrolls
 * there, so the list would not start at the top. A search's places are all taken in place, none
 * of them changes. */
static gboolean
can_show_query_in_place (MuyingRecordList *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (self->model == NULL)
    return FALSE;
  return muying_record_filter_is_search (muying_record_model_get_filter (self->model)) || focus == NULL ||
         !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view));
}

/* The status line under the filters; @exact is FALSE while the list's length is an estimate. */
static void
update_status (MuyingRecordList *self,
               gboolean          exact)
{
  g_autofree char *status = NULL;
  g_autofree char *count = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  count = muying_ui_format_count (n);
  if (!self->dates_ok)
    status = g_strdup (_("Dates are written YYYY-MM-DD; the date filter is not applied"));
  else if (muying_record_filter_is_search (self->filter) && n >= MUYING_RECORD_SEARCH_LIMIT && self->n_matches >= 0)
    {
      g_autofree char *matches = muying_ui_format_count (self->n_matches);

      /* TRANSLATORS: a search that found more records than the list shows, once they are counted */
      status = g_strdup_printf (_("%s matches; showing the first %u, type more of the name or number"), matches, n);
    }
  else if (muying_record_filter_is_search (self->filter) && n >= MUYING_RECORD_SEARCH_LIMIT)
    /* TRANSLATORS: a search that found more records than the list shows, while they are counted */
    status = g_strdup_printf (_("%u+ matches; showing the first %u, type more of the name or number"), n, n);
  else if (muying_record_filter_is_search (self->filter))
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match", "%u matches", n), n);
  else if (!exact)
    {
      /* the list itself may be shorter until the count comes */
      g_autofree char *estimate = muying_ui_format_count (MAX (self->n_estimate, (gint64) n));

      /* TRANSLATORS: an estimate of the records in the list, shown until they are counted */
      status = g_strdup_printf (_("About %s records"), estimate);
    }
  else
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s record", "%s records", n), count);
  gtk_label_set_label (self->status_label, status);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

/* The rows or the count of a filter, read in a worker thread on a connection of its own
 * (docs/architecture.md "Threads"). */
typedef struct
{
  char               *path;
  MuyingRecordFilter *filter;
  GPtrArray          *rows;    /* a search's matches */
  gint64              count;   /* a browse filter's exact count, or all a search's matches */
  gboolean            count_matches; /* count a search's matches instead of reading its rows */
  guint               delay_ms;
  GThread            *owner;   /* the window's thread */
  gboolean            on_owner; /* the query ran on the window's thread (checked by a test) */
} ListJob;

static void
list_job_free (ListJob *job)
{
  g_free (job->path);
  muying_record_filter_free (job->filter);
  g_clear_pointer (&job->rows, g_ptr_array_unref);
  g_free (job);
}

static void
list_job_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ListJob *job = task_data;
  g_autoptr(GError) error = NULL;
  /* on a server, a connection kept from an earlier search: no new sign-in per key typed */
  MuyingStore *reader = muying_reader_pool_take (job->path, &error);
  gboolean ok = FALSE;

  job->on_owner = g_thread_self () == job->owner;
  for (guint waited = 0; waited < job->delay_ms && !g_cancellable_is_cancelled (cancellable); waited += 5)
    g_usleep (5000);
  if (reader != NULL)
    {
      /* A search or a count reads indexes; the window's connection keeps the big cache. */
      muying_store_set_cache_size (reader, 8192);
      if (job->count_matches)
        ok = (job->count = muying_record_query_count_matches (reader, job->filter, cancellable, &error)) >= 0;
      else if (muying_record_filter_is_search (job->filter))
        ok = (job->rows = muying_record_query_search (reader, job->filter, cancellable, &error)) != NULL;
      else
        ok = (job->count = muying_record_query_count_cancellable (reader, job->filter, cancellable, &error)) >= 0;
      muying_reader_pool_give (reader, cancellable);
    }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void activate_search_result (MuyingRecordList *self);
static void start_job (MuyingRecordList *self, const MuyingRecordFilter *filter, gboolean count_matches);
static void schedule_count (MuyingRecordList *self);

static void
on_list_job_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  MuyingRecordList *self = MUYING_RECORD_LIST (source);
  ListJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  /* Typed again (or the list was closed) meanwhile: the answer is to an old question. */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable || self->store == NULL)
    return;
  g_clear_object (&self->cancellable);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The matches shown stay right; only their number is not known. */
      if (job->count_matches)
        {
          g_warning ("Counting the matches failed: %s", error->message);
          return;
        }
      /* The rows of an earlier query must not stand in for the failed one. */
      g_clear_object (&self->model);
      gtk_column_view_set_model (self->column_view, NULL);
      show_failure (self, error);
      self->activate_pending = FALSE;
      return;
    }
  if (job->rows != NULL)
    {
      if (job->on_owner)
        self->searches_on_owner++;
      else
        self->searches_in_thread++;
      if (self->model == NULL)
        set_model (self, muying_record_model_new_from_rows (self->store, job->filter, job->rows));
      /* The same search again (others changed the database): the list keeps its place. */
      else if (shows_filter (self, job->filter))
        refresh_model (self, 0, job->filter, job->rows);
      else
        {
          /* A new search: the list's rows take the search's in place, the view keeps its 200 row
           * widgets (8 cells each) and rebinds them. A new model would destroy and create them
           * all, 100 ms on the window's thread (README, Performance). */
          scroll_to_top (self);
          muying_record_model_replace_rows (self->model, job->filter, job->rows);
          /* the first row selected, as a new selection model selects it */
          gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_column_view_get_model (self->column_view)), 0);
        }
      update_status (self, TRUE);
      g_signal_emit (self, signals[MODEL_CHANGED], 0);
      if (self->activate_pending)
        activate_search_result (self);
      /* More matches than shown: how many, counted while the list is used, once it has drawn
       * them (a count started now would take a core from the window's thread just as it rebinds
       * and measures the 500 rows). */
      if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) >= MUYING_RECORD_SEARCH_LIMIT)
        schedule_count (self);
    }
  else if (job->count_matches)
    {
      self->n_matches = job->count;
      update_status (self, TRUE);
    }
  else if (self->model != NULL)
    {
      muying_record_model_set_n_items (self->model, (guint) MIN (job->count, (gint64) G_MAXUINT));
      update_status (self, TRUE);
    }
}

static void
start_job (MuyingRecordList         *self,
           const MuyingRecordFilter *filter,
           gboolean                  count_matches)
{
  g_autoptr(GTask) task = NULL;
  ListJob *job = g_new0 (ListJob, 1);

  job->path = g_strdup (muying_store_get_path (self->store));
  job->filter = muying_record_filter_copy (filter);
  job->delay_ms = self->job_delay_ms;
  job->owner = g_thread_self ();   /* the window's: a job starts on the main loop */
  job->count_matches = count_matches;
  self->job_is_search = muying_record_filter_is_search (filter) && !count_matches;
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, on_list_job_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) list_job_free);
  g_task_run_in_thread (task, list_job_thread);
}

/* The exact count starts once the list has drawn a frame with its estimate: on two cores a
 * count running beside the window's start would delay the first frame it replaces. A list
 * that is not shown counts when it is. */
static gboolean
on_count_tick_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  MuyingRecordList *self = MUYING_RECORD_LIST (widget);

  if (++self->count_ticks < 2)
    return G_SOURCE_CONTINUE;
  self->count_tick_id = 0;
  /* a search's filter: its matches (the search is capped); else the browsed list's length */
  start_job (self, self->filter, muying_record_filter_is_search (self->filter));
  return G_SOURCE_REMOVE;
}

static void
schedule_count (MuyingRecordList *self)
{
  self->count_ticks = 0;
  self->count_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_count_tick_cb, NULL, NULL);
}

/* The previous search or count is no longer wanted: interrupt its query. */
static void
cancel_job (MuyingRecordList *self)
{
  if (self->count_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->count_tick_id);
  self->count_tick_id = 0;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

/* The browse query (@n rows, counted when *@exact, else estimated) in the list: in place when it
 * can be, else in a new model. *@exact tells afterwards whether the list's length is the count.
 * FALSE with @error when its first rows cannot be read. */
static gboolean
show_browse_query (MuyingRecordList *self,
                   gint64            n,
                   gboolean         *exact,
                   GError          **error)
{
  /* In place, an estimate may not pass the rows known: the view asks again for the rows it
   * showed, and a row past the query's end has no item to give. The count adds the rest. */
  if (shows_filter (self, self->filter))
    refresh_model (self, (guint) MIN (n, *exact ? (gint64) G_MAXUINT
                                                : (gint64) g_list_model_get_n_items (G_LIST_MODEL (self->model))),
                   self->filter, NULL);
  /* Another query: the view goes to the top, whose rows are read at once; an estimate is not
   * taken as the length, for the same reason. */
  else if (can_show_query_in_place (self))
    return show_query_in_place (self, *exact ? n : -1, exact, error);
  else
    set_model (self, muying_record_model_new_with_n_items (self->store, self->filter,
                                                           (guint) MIN (n, (gint64) G_MAXUINT)));
  return TRUE;
}

/* A search runs in a thread and its rows replace the list when they come (the list keeps the
 * earlier rows meanwhile). Browsing shows an estimated length at once — the rows themselves
 * come page by page by keyset, cheaply — and the exact count follows from a thread. */
static void
reload_model (MuyingRecordList *self)
{
  g_autoptr(GError) error = NULL;
  gboolean exact = TRUE;
  gint64 n;

  if (self->store == NULL)
    return;

  cancel_job (self);
  self->activate_pending = FALSE;
  self->n_matches = -1;
  muying_record_filter_free (self->filter);
  self->filter = read_filter (self, &self->dates_ok);

  if (muying_record_filter_is_search (self->filter))
    {
      gtk_label_set_label (self->status_label, _("Searching…"));
      start_job (self, self->filter, FALSE);
      return;
    }

  n = self->n_estimate = muying_record_query_estimate (self->store, self->filter, &exact, &error);
  if (n < 0 || !show_browse_query (self, n, &exact, &error))
    {
      /* The rows of an earlier query must not stand in for the failed one. */
      g_clear_object (&self->model);
      gtk_column_view_set_model (self->column_view, NULL);
      show_failure (self, error);
      return;
    }
  update_status (self, exact);
  g_signal_emit (self, signals[MODEL_CHANGED], 0);
  if (!exact)
    schedule_count (self);
}

static void
on_search_changed_cb (MuyingRecordList *self)
{
  reload_model_if_changed (self);
}

/* One match opens, several put the keyboard on the first of them. */
static void
activate_search_result (MuyingRecordList *self)
{
  g_autoptr(MuyingRecordItem) item = NULL;
  guint n;

  self->activate_pending = FALSE;
  if (self->model == NULL || muying_record_model_get_filter (self->model)->search == NULL)
    return;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  if (n == 1)
    {
      item = g_list_model_get_item (G_LIST_MODEL (self->model), 0);
      g_signal_emit (self, signals[RECORD_ACTIVATED], 0, (gint64) muying_record_item_get_row (item)->id);
    }
  else if (n > 1)
    gtk_widget_child_focus (GTK_WIDGET (self->column_view), GTK_DIR_TAB_FORWARD);
}

/* Enter in the search box (typed or scanned): one match opens, several put the keyboard on the
 * first of them. */
static void
on_search_activate_cb (MuyingRecordList *self)
{
  reload_model_if_changed (self);
  /* The search still runs: act on its rows when they come. */
  if (muying_record_filter_is_search (self->filter) && self->cancellable != NULL && self->job_is_search)
    self->activate_pending = TRUE;
  else
    activate_search_result (self);
}

static void
on_filter_changed_cb (MuyingRecordList *self)
{
  reload_model_if_changed (self);
}

static void
on_activate_cb (GtkColumnView    *view,
                guint             position,
                MuyingRecordList *self)
{
  g_autoptr(MuyingRecordItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (item != NULL)
    g_signal_emit (self, signals[RECORD_ACTIVATED], 0, (gint64) muying_record_item_get_row (item)->id);
}

/* ---- life cycle -------------------------------------------------------------------------- */

static void
muying_record_list_dispose (GObject *object)
{
  GtkWidget *child;
  MuyingRecordList *self = MUYING_RECORD_LIST (object);

  /* Its columns going away change a column view's sorter: no reload from a half-disposed list. */
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_func (gtk_column_view_get_sorter (self->column_view), on_sorter_changed_cb, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MUYING_TYPE_RECORD_LIST);
  /* The template's top-level box has no id, so dispose_template does not unparent it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  cancel_job (self);
  g_clear_pointer (&self->filter, muying_record_filter_free);
  g_clear_object (&self->model);
  g_clear_object (&self->store);
  g_clear_object (&self->rules);
  G_OBJECT_CLASS (muying_record_list_parent_class)->dispose (object);
}

static void
muying_record_list_class_init (MuyingRecordListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = muying_record_list_dispose;

  /* A row was activated (double click or Enter): the record's id. */
  signals[RECORD_ACTIVATED] = g_signal_new ("record-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /* The list shows other rows (a search's rows came, or a filter changed), in the same model or
   * a new one. */
  signals[MODEL_CHANGED] = g_signal_new ("model-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muying/Muying/ui/muying-record-list.ui");
  gtk_widget_class_bind_template_child (widget_class, MuyingRecordList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecordList, level_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecordList, from_entry);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecordList, to_entry);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecordList, status_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecordList, column_view);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecordList, key_column);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecordList, name_column);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecordList, id_column);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecordList, date_column);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecordList, level_column);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecordList, reasons_column);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecordList, review_column);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecordList, summary_column);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_activate_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
muying_record_list_init (MuyingRecordList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->n_matches = -1;
  self->sort = MUYING_RECORD_SORT_DATE;
  self->descending = TRUE;
  set_factory (self, self->key_column, COL_KEY);
  set_factory (self, self->name_column, COL_NAME);
  set_factory (self, self->id_column, COL_ID);
  set_factory (self, self->date_column, COL_DATE);
  set_factory (self, self->level_column, COL_LEVEL);
  set_factory (self, self->reasons_column, COL_REASONS);
  set_factory (self, self->review_column, COL_REVIEW);
  set_factory (self, self->summary_column, COL_SUMMARY);
  muying_column_sort_set_key (self->date_column, MUYING_RECORD_SORT_DATE);
  muying_column_sort_set_key (self->key_column, MUYING_RECORD_SORT_KEY);
  g_signal_connect (gtk_column_view_get_sorter (self->column_view), "changed",
                    G_CALLBACK (on_sorter_changed_cb), self);
}

void
muying_record_list_setup (MuyingRecordList *self,
                          MuyingStore      *store,
                          MuyingRuleSet    *rules,
                          MuyingProgram     program)
{
  g_return_if_fail (MUYING_IS_RECORD_LIST (self));

  /* The model reads the store it was made with. */
  if (g_set_object (&self->store, store))
    g_clear_object (&self->model);
  g_set_object (&self->rules, rules);
  self->program = program;
  switch (program)
    {
    case MUYING_PROGRAM_PRENATAL:
      gtk_column_view_column_set_title (self->key_column, _("Sample no."));
      gtk_column_view_column_set_title (self->summary_column, _("Test and gestation"));
      break;
    case MUYING_PROGRAM_NEWBORN:
      gtk_column_view_column_set_title (self->key_column, _("Sample no."));
      gtk_column_view_column_set_title (self->id_column, _("Mother's ID number"));
      gtk_column_view_column_set_title (self->date_column, _("Birth date"));
      gtk_column_view_column_set_title (self->summary_column, _("Variants found"));
      break;
    case MUYING_PROGRAM_TWO_CANCER:
    case MUYING_N_PROGRAMS:
    default:
      gtk_column_view_column_set_title (self->key_column, _("Exam no."));
      gtk_column_view_column_set_title (self->summary_column, _("Results"));
      break;
    }
  reload_model (self);
}

gboolean
muying_record_list_is_filtered (MuyingRecordList *self)
{
  const MuyingRecordFilter *filter = self->filter;

  return filter != NULL && (muying_record_filter_is_search (filter) || filter->min_level >= 0 ||
                            filter->date_from != NULL || filter->date_to != NULL);
}

gboolean
muying_record_list_is_loading (MuyingRecordList *self)
{
  g_return_val_if_fail (MUYING_IS_RECORD_LIST (self), FALSE);
  return self->cancellable != NULL || self->count_tick_id != 0;
}

MuyingRecordModel *
muying_record_list_get_model (MuyingRecordList *self)
{
  g_return_val_if_fail (MUYING_IS_RECORD_LIST (self), NULL);
  return self->model;
}

void
muying_record_list_set_level (MuyingRecordList *self,
                              int               level)
{
  /* Dropdown items: all, high, intermediate, low. */
  gtk_drop_down_set_selected (self->level_dropdown, level < 0 ? 0 : (guint) (3 - level));
}

void
muying_record_list_set_job_delay (MuyingRecordList *self,
                                  guint             ms)
{
  self->job_delay_ms = ms;
}

gboolean
muying_record_list_is_job_running (MuyingRecordList *self)
{
  return self->cancellable != NULL;
}

const char *
muying_record_list_get_status (MuyingRecordList *self)
{
  return gtk_label_get_label (self->status_label);
}

void
muying_record_list_get_search_threads (MuyingRecordList *self,
                                       guint            *in_thread,
                                       guint            *on_owner)
{
  *in_thread = self->searches_in_thread;
  *on_owner = self->searches_on_owner;
}
