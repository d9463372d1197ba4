/* muying-worklist-page.c: high-risk cases waiting for review or follow-up, most urgent first
 *
 * Every flagged case stays here until a doctor has reviewed it and its follow-up is closed:
 * high-risk cases first, then the most overdue (in red, with the days overdue), then by due
 * date. A click on a column header sorts by that column, and the search box finds a woman by ID
 * number, name or sample number; both are answered in SQL. Opening a row opens
 * the case: review, follow-up steps, later results, documents and history.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-app-context.h"
#include "muying-column-sort.h"
#include "muying-empty-state.h"
#include "muying-followup.h"
#include "muying-store-follow-on.h"
#include "muying-print-document.h"
#include "muying-worklist-item.h"
#include "muying-ui-text.h"
#include "muying-worklist-page-private.h"

struct _MuyingWorklistPage
{
  GtkWidget            parent_instance;

  MuyingAppContext *context;

  MuyingStore         *store;
  MuyingRuleSet       *rules;
  MuyingWorklistModel *model;
  MuyingWorklistCounts counts;      /* of the whole worklist, from the last reload */
  char                *user;
  GtkMultiSelection   *selection;

  MuyingWorklistSort   sort;
  gboolean             descending;

  GtkStack            *content_stack;
  MuyingEmptyState    *empty_state;
  GtkSearchEntry      *search_entry;
  GtkDropDown         *program_dropdown;
  GtkDropDown         *level_dropdown;
  GtkCheckButton      *overdue_check;
  GtkCheckButton      *review_check;
  GtkLabel            *counts_label;
  GtkButton           *unlinked_button;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *due_column;
  GtkColumnViewColumn *program_column;
  GtkColumnViewColumn *key_column;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *id_column;
  GtkColumnViewColumn *level_column;
  GtkColumnViewColumn *reasons_column;
  GtkColumnViewColumn *review_column;
  GtkColumnViewColumn *state_column;
};

G_DEFINE_FINAL_TYPE (MuyingWorklistPage, muying_worklist_page, GTK_TYPE_WIDGET)

typedef enum
{
  COL_DUE,
  COL_PROGRAM,
  COL_KEY,
  COL_NAME,
  COL_ID,
  COL_LEVEL,
  COL_REASONS,
  COL_REVIEW,
  COL_STATE,
} Column;

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              MuyingWorklistPage       *self)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  MuyingWorklistItem *entry = gtk_list_item_get_item (item);
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  const MuyingWorklistRow *row;
  g_autofree char *owned = NULL;
  const char *text = "";
  const char *css = NULL;

  gtk_widget_remove_css_class (label, "level-high");
  gtk_widget_remove_css_class (label, "level-intermediate");
  if (entry == NULL)
    {
      gtk_label_set_label (GTK_LABEL (label), "");
      return;
    }
  row = muying_worklist_item_get_row (entry);
  switch (column)
    {
    case COL_DUE:
      if (row->due_date == NULL)
        text = _("Review only");
      else if (row->overdue)
        {
          text = owned = g_strdup_printf (_("%s — %d days overdue"), row->due_date, row->days_overdue);
          css = "level-high";
        }
      else
        text = row->due_date;
      break;
    case COL_PROGRAM:
      text = muying_program_get_label (row->program);
      break;
    case COL_KEY:
      text = row->key;
      break;
    case COL_NAME:
      text = row->name;
      break;
    case COL_ID:
      text = row->id_number;
      break;
    case COL_LEVEL:
      text = muying_level_get_label (row->level);
      css = row->level == MUYING_LEVEL_HIGH ? "level-high" : row->level == MUYING_LEVEL_INTERMEDIATE
                                                            ? "level-intermediate" : NULL;
      break;
    case COL_REASONS:
      text = owned = muying_ui_reason_labels (self->rules, row->reasons);
      break;
    case COL_REVIEW:
      text = muying_review_state_get_label (row->review_state);
      break;
    case COL_STATE:
    default:
      if (row->followup_id == 0)
        text = "";
      else if (row->next_step != NULL && row->followup_state == MUYING_FOLLOWUP_NEXT_STEP)
        {
          const char *step = muying_followup_step_get_label (row->next_step);

          text = owned = g_strdup_printf ("%s：%s", muying_followup_state_get_label (row->followup_state),
                                          step ? step : row->next_step);
        }
      else
        text = muying_followup_state_get_label (row->followup_state);
      break;
    }
  gtk_label_set_label (GTK_LABEL (label), text ? text : "");
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
}

static void
set_factory (MuyingWorklistPage  *self,
             GtkColumnViewColumn *column,
             Column               which)
{
  muying_ui_set_label_column (column, which, which == COL_REASONS, G_CALLBACK (bind_cell_cb), self);
}

/* ---- sorting in SQL (muying-column-sort.c tells which column the view sorts by) ------------ */

static void rebuild_model (MuyingWorklistPage *self);

static void
on_sorter_changed_cb (GtkSorter          *sorter,
                      GtkSorterChange     change,
                      MuyingWorklistPage *self)
{
  MuyingWorklistSort sort = MUYING_WORKLIST_SORT_URGENCY;
  gboolean descending = FALSE;
  int key;

  if (muying_column_sort_read (sorter, &key, &descending))
    sort = (MuyingWorklistSort) key;
  if (sort == self->sort && descending == self->descending)
    return;
  self->sort = sort;
  self->descending = descending;
  if (self->counts.total > 0)
    rebuild_model (self);
}

static void
read_filter (MuyingWorklistPage   *self,
             MuyingWorklistFilter *filter)
{
  guint program = gtk_drop_down_get_selected (self->program_dropdown);
  guint level = gtk_drop_down_get_selected (self->level_dropdown);

  muying_worklist_filter_init (filter);
  /* Dropdowns: "all" first, then the programmes / high, intermediate. */
  filter->program = program == 0 ? -1 : (int) program - 1;
  filter->level = level == 0 ? -1 : level == 1 ? MUYING_LEVEL_HIGH : MUYING_LEVEL_INTERMEDIATE;
  filter->overdue_only = gtk_check_button_get_active (self->overdue_check);
  filter->review_pending = gtk_check_button_get_active (self->review_check);
  filter->search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  filter->sort = self->sort;
  filter->descending = self->descending;
}

/* The model for the filters as set; the counts of the whole worklist do not depend on them. */
static void
rebuild_model (MuyingWorklistPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  MuyingWorklistFilter filter;

  read_filter (self, &filter);
  /* The same filter (others changed the worklist, F5): read again in place, so that the list
   * keeps its place. The selection is let go first (it would look for its rows among every new
   * one, reading every page). */
  if (self->model != NULL && self->selection != NULL && muying_worklist_model_has_filter (self->model, &filter))
    {
      gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
      if (!muying_worklist_model_reload (self->model, &error))
        g_clear_object (&self->model);
    }
  else
    {
      g_clear_object (&self->model);
      self->model = muying_worklist_model_new (self->store, &filter, &error);
    }
  if (self->model == NULL)
    {
      /* The rows of an earlier query must not stand in for the failed one. */
      gtk_column_view_set_model (self->column_view, NULL);
      g_clear_object (&self->selection);
      gtk_label_set_label (self->counts_label, error->message);
      return;
    }
  /* Several rows can be selected for printing their documents in one go. */
  if (self->selection == NULL || gtk_multi_selection_get_model (self->selection) != G_LIST_MODEL (self->model))
    {
      g_clear_object (&self->selection);
      self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
    }

  text = g_strdup_printf (_("%lld cases: %lld overdue, %lld awaiting review. Showing %u."),
                          (long long) self->counts.total, (long long) self->counts.overdue,
                          (long long) self->counts.review_pending,
                          g_list_model_get_n_items (G_LIST_MODEL (self->model)));
  gtk_label_set_label (self->counts_label, text);
  if (self->counts.overdue > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->counts_label), "level-high");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->counts_label), "level-high");
}

/* The button names how many diagnoses, outcomes and audiology results wait to be linked, so a
 * nurse sees them without opening the list. */
static void
update_unlinked_button (MuyingWorklistPage *self)
{
  g_autoptr(GError) error = NULL;
  gint64 n = muying_store_count_unlinked_follow_on (self->store, &error);
  g_autofree char *label = NULL;

  if (n > 0)
    label = g_strdup_printf (_("_Not linked (%lld)…"), (long long) n);
  gtk_button_set_label (self->unlinked_button, label != NULL ? label : _("_Not linked…"));
  if (n > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->unlinked_button), "level-intermediate");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->unlinked_button), "level-intermediate");
}

void
muying_worklist_page_reload (MuyingWorklistPage *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (MUYING_IS_WORKLIST_PAGE (self));

  update_unlinked_button (self);

  if (!muying_store_worklist_counts (self->store, NULL, &self->counts, &error))
    {
      /* An error, never the "nothing to do" page. */
      gtk_column_view_set_model (self->column_view, NULL);
      g_clear_object (&self->selection);
      g_clear_object (&self->model);
      gtk_label_set_label (self->counts_label, error->message);
      gtk_stack_set_visible_child_name (self->content_stack, "cases");
      return;
    }
  if (self->counts.total == 0)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      return;
    }
  rebuild_model (self);
  gtk_stack_set_visible_child_name (self->content_stack, "cases");
}

static void
on_filter_changed_cb (MuyingWorklistPage *self)
{
  if (self->counts.total > 0)
    rebuild_model (self);
}

static void
on_activate_cb (GtkColumnView      *view,
                guint               position,
                MuyingWorklistPage *self)
{
  g_autoptr(MuyingWorklistItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (item != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-case", "x", muying_worklist_item_get_row (item)->record_id);
}

/* Batch printing: one document per selected case (records the document does not apply to,
 * e.g. a drug-warning card for a non-carrier, are skipped and counted). */
static void
print_selected_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  MuyingWorklistPage *self = MUYING_WORKLIST_PAGE (widget);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(GError) error = NULL;
  GtkBitsetIter iter;
  MuyingDocumentKind kind;
  guint position, skipped = 0;

  if (self->selection == NULL || !muying_document_kind_from_string (g_variant_get_string (parameter, NULL), &kind))
    return;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(MuyingWorklistItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);

      if (item != NULL)
        g_array_append_val (ids, muying_worklist_item_get_row (item)->record_id);
    }
  if (ids->len == 0)
    {
      gtk_label_set_label (self->counts_label, _("Select the cases to print first (Ctrl or Shift and click)"));
      return;
    }
  if (!muying_print_records (self->store, self->rules, self->user, (const gint64 *) ids->data, ids->len, kind,
                             GTK_WINDOW (gtk_widget_get_root (widget)), NULL, &skipped, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_label (self->counts_label, error->message);
      return;
    }
  if (skipped > 0)
    {
      g_autofree char *text = g_strdup_printf (_("%u of the selected cases do not take this document and were skipped"),
                                               skipped);
      gtk_label_set_label (self->counts_label, text);
    }
}

static void
muying_worklist_page_dispose (GObject *object)
{
  MuyingWorklistPage *self = MUYING_WORKLIST_PAGE (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), MUYING_TYPE_WORKLIST_PAGE);
  /* The template's top-level box has no id, so dispose_template does not unparent it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->store);
  g_clear_object (&self->rules);
  g_clear_pointer (&self->user, g_free);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (muying_worklist_page_parent_class)->dispose (object);
}

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
muying_worklist_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MuyingWorklistPage *self = MUYING_WORKLIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
muying_worklist_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  MuyingWorklistPage *self = MUYING_WORKLIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      g_set_object (&self->store, muying_app_context_get_store (self->context));
      g_set_object (&self->rules, muying_app_context_get_rules (self->context));
      self->user = g_strdup (muying_app_context_get_login (self->context));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
muying_worklist_page_class_init (MuyingWorklistPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = muying_worklist_page_dispose;
  object_class->get_property = muying_worklist_page_get_property;
  object_class->set_property = muying_worklist_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MUYING_TYPE_APP_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MUYING_TYPE_EMPTY_STATE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muying/Muying/ui/muying-worklist-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MuyingWorklistPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, MuyingWorklistPage, empty_state);
  gtk_widget_class_bind_template_child (widget_class, MuyingWorklistPage, program_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MuyingWorklistPage, level_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MuyingWorklistPage, overdue_check);
  gtk_widget_class_bind_template_child (widget_class, MuyingWorklistPage, review_check);
  gtk_widget_class_bind_template_child (widget_class, MuyingWorklistPage, counts_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingWorklistPage, unlinked_button);
  gtk_widget_class_bind_template_child (widget_class, MuyingWorklistPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, MuyingWorklistPage, due_column);
  gtk_widget_class_bind_template_child (widget_class, MuyingWorklistPage, program_column);
  gtk_widget_class_bind_template_child (widget_class, MuyingWorklistPage, key_column);
  gtk_widget_class_bind_template_child (widget_class, MuyingWorklistPage, name_column);
  gtk_widget_class_bind_template_child (widget_class, MuyingWorklistPage, id_column);
  gtk_widget_class_bind_template_child (widget_class, MuyingWorklistPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MuyingWorklistPage, level_column);
  gtk_widget_class_bind_template_child (widget_class, MuyingWorklistPage, reasons_column);
  gtk_widget_class_bind_template_child (widget_class, MuyingWorklistPage, review_column);
  gtk_widget_class_bind_template_child (widget_class, MuyingWorklistPage, state_column);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_activate_cb);
  gtk_widget_class_install_action (widget_class, "worklist.print", "s", print_selected_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
muying_worklist_page_init (MuyingWorklistPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  set_factory (self, self->due_column, COL_DUE);
  set_factory (self, self->program_column, COL_PROGRAM);
  set_factory (self, self->key_column, COL_KEY);
  set_factory (self, self->name_column, COL_NAME);
  set_factory (self, self->id_column, COL_ID);
  set_factory (self, self->level_column, COL_LEVEL);
  set_factory (self, self->reasons_column, COL_REASONS);
  set_factory (self, self->review_column, COL_REVIEW);
  set_factory (self, self->state_column, COL_STATE);
  /* The days overdue and the ID number are never cut short. */
  muying_ui_column_show_whole (self->due_column);
  muying_ui_column_show_whole (self->id_column);
  muying_ui_column_show_whole (self->key_column);
  muying_ui_column_show_whole (self->level_column);

  self->sort = MUYING_WORKLIST_SORT_URGENCY;
  muying_column_sort_set_key (self->due_column, MUYING_WORKLIST_SORT_DUE);
  muying_column_sort_set_key (self->program_column, MUYING_WORKLIST_SORT_PROGRAM);
  muying_column_sort_set_key (self->key_column, MUYING_WORKLIST_SORT_KEY);
  muying_column_sort_set_key (self->name_column, MUYING_WORKLIST_SORT_NAME);
  muying_column_sort_set_key (self->id_column, MUYING_WORKLIST_SORT_ID_NUMBER);
  muying_column_sort_set_key (self->level_column, MUYING_WORKLIST_SORT_LEVEL);
  muying_column_sort_set_key (self->review_column, MUYING_WORKLIST_SORT_REVIEW);
  muying_column_sort_set_key (self->state_column, MUYING_WORKLIST_SORT_STATE);
  g_signal_connect (gtk_column_view_get_sorter (self->column_view), "changed", G_CALLBACK (on_sorter_changed_cb), self);
}

MuyingWorklistPage *
muying_worklist_page_new (MuyingAppContext *context)
{
  return g_object_new (MUYING_TYPE_WORKLIST_PAGE, "context", context, NULL);
}

gint64
muying_worklist_page_get_total (MuyingWorklistPage *self)
{
  return self->counts.total;
}

MuyingWorklistModel *
muying_worklist_page_get_model (MuyingWorklistPage *self)
{
  return self->model;
}

const char *
muying_worklist_page_get_unlinked_label (MuyingWorklistPage *self)
{
  g_return_val_if_fail (MUYING_IS_WORKLIST_PAGE (self), NULL);

  return gtk_button_get_label (self->unlinked_button);
}
