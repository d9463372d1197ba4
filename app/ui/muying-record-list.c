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

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              MuyingRecordList         *self)
{
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  MuyingRecordItem *record = gtk_list_item_get_item (item);
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  const MuyingRecordRow *row;
  g_autofree char *owned = NULL;
  const char *text = "";

  gtk_widget_remove_css_class (GTK_WIDGET (label), "level-high");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "level-intermediate");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "level-low");
  if (record == NULL)
    {
      gtk_label_set_label (label, "");
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
      gtk_widget_add_css_class (GTK_WIDGET (label), muying_ui_level_css_class (row->level));
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
  gtk_label_set_label (label, text ? text : "");
}

static void
set_factory (MuyingRecordList    *self,
             GtkColumnViewColumn *column,
             Column               which)
{
  muying_ui_set_label_column (column, which, which == COL_REASONS || which == COL_SUMMARY,
                              G_CALLBACK (bind_cell_cb), self);
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
  if (self->model != NULL && filters_equal (filter, muying_record_model_get_filter (self->model)))
    return;
  reload_model (self);
}

static void
reload_model (MuyingRecordList *self)
{
  g_autoptr(MuyingRecordFilter) filter = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkSingleSelection) selection = NULL;
  g_autofree char *status = NULL;
  gboolean dates_ok;

  if (self->store == NULL)
    return;

  filter = read_filter (self, &dates_ok);

  g_clear_object (&self->model);
  self->model = muying_record_model_new (self->store, filter, &error);
  if (self->model == NULL)
    {
      /* The rows of an earlier query must not stand in for the failed one. */
      gtk_column_view_set_model (self->column_view, NULL);
      gtk_label_set_label (self->status_label, error->message);
      return;
    }
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

    if (!dates_ok)
      status = g_strdup (_("Dates are written YYYY-MM-DD; the date filter is not applied"));
    else if (muying_record_filter_is_search (filter) && n >= MUYING_RECORD_SEARCH_LIMIT)
      status = g_strdup_printf (_("Showing the first %u matches; type more of the name or number"), n);
    else if (muying_record_filter_is_search (filter))
      status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match", "%u matches", n), n);
    else
      status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record", "%u records", n), n);
  }
  gtk_label_set_label (self->status_label, status);
}

static void
on_search_changed_cb (MuyingRecordList *self)
{
  reload_model_if_changed (self);
}

/* Enter in the search box (typed or scanned): one match opens, several put the keyboard on the
 * first of them. */
static void
on_search_activate_cb (MuyingRecordList *self)
{
  g_autoptr(MuyingRecordItem) item = NULL;
  guint n;

  reload_model_if_changed (self);
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

  gtk_widget_dispose_template (GTK_WIDGET (self), MUYING_TYPE_RECORD_LIST);
  /* The template's top-level box has no id, so dispose_template does not unparent it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
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
  /* An ID number, a sample number and a level are never cut short. */
  muying_ui_column_show_whole (self->id_column);
  muying_ui_column_show_whole (self->key_column);
  muying_ui_column_show_whole (self->level_column);
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

  g_set_object (&self->store, store);
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
  const MuyingRecordFilter *filter = self->model ? muying_record_model_get_filter (self->model) : NULL;

  return filter != NULL && (muying_record_filter_is_search (filter) || filter->min_level >= 0 ||
                            filter->date_from != NULL || filter->date_to != NULL);
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
