/* muying-recall-page.c: the recall list (复查提醒) of the screening cycle
 *
 * The period is two dates (by default the next three calendar months); the page shows how many
 * women are due in each of its months and the list, earliest due date first, and prints one
 * recall letter per woman in a batch (muying-print-document.h). The query costs what the period
 * holds (muying-store-recall.h), so it runs on the window's connection.
 *
 * The list model holds the row's position in the MuyingRecallList as a GtkStringObject: the rows
 * are plain structs owned by the list, and the page keeps the list as long as the model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-ui"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "muying-date.h"
#include "muying-empty-state.h"
#include "muying-id-number.h"
#include "muying-print-document.h"
#include "muying-recall-page-private.h"
#include "muying-ui-text.h"

struct _MuyingRecallPage
{
  GtkWidget            parent_instance;

  MuyingAppContext    *context;
  MuyingStore         *store;
  char                *user;
  MuyingRecallList    *list;
  char                *months_text;

  GtkBox              *page_box;
  GtkButton           *print_button;
  GtkEntry            *from_entry;
  GtkEntry            *to_entry;
  GtkLabel            *months_label;
  GtkStack            *content_stack;
  MuyingEmptyState    *empty_state;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *due_column;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *phone_column;
  GtkColumnViewColumn *tracks_column;
  GtkColumnViewColumn *last_column;
  GtkColumnViewColumn *id_column;
};

G_DEFINE_FINAL_TYPE (MuyingRecallPage, muying_recall_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum
{
  COL_DUE,
  COL_NAME,
  COL_PHONE,
  COL_TRACKS,
  COL_LAST,
  COL_ID,
} Column;

static char *
format_date (const GDate *date)
{
  return g_date_valid (date) ? muying_date_format (date) : g_strdup ("");
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              MuyingRecallPage         *self)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  GtkStringObject *entry = gtk_list_item_get_item (item);
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  const MuyingRecallRow *row;
  g_autofree char *owned = NULL;
  const char *text = "";
  guint index;

  gtk_label_set_label (GTK_LABEL (label), "");
  if (entry == NULL || self->list == NULL)
    return;
  index = (guint) strtoul (gtk_string_object_get_string (entry), NULL, 10);
  if (index >= self->list->rows->len)
    return;
  row = g_ptr_array_index (self->list->rows, index);
  switch (column)
    {
    case COL_DUE:
      text = owned = format_date (&row->due_date);
      break;
    case COL_NAME:
      text = row->name;
      break;
    case COL_PHONE:
      text = row->phone ? row->phone : "—";
      break;
    case COL_TRACKS:
      {
        GString *s = g_string_new (NULL);
        guint n = 0;

        for (guint t = 0; t < MUYING_N_RECALL_TRACKS; t++)
          n += row->tracks[t].due ? 1 : 0;
        /* Both tracks: each with its own date (the row's is the earlier). */
        for (guint t = 0; t < MUYING_N_RECALL_TRACKS; t++)
          {
            g_autofree char *due = NULL;

            if (!row->tracks[t].due)
              continue;
            if (s->len > 0)
              g_string_append (s, _(", "));
            due = format_date (&row->tracks[t].due_date);
            if (n > 1)
              /* TRANSLATORS: a screening and the date it is due by */
              g_string_append_printf (s, _("%s (by %s)"), muying_recall_track_get_label (t), due);
            else
              g_string_append (s, muying_recall_track_get_label (t));
          }
        text = owned = g_string_free (s, FALSE);
      }
      break;
    case COL_LAST:
      text = owned = format_date (&row->last_exam);
      break;
    case COL_ID:
    default:
      /* As on the printed letter and the phone list. */
      text = owned = muying_id_number_mask (row->id_number);
      break;
    }
  gtk_label_set_label (GTK_LABEL (label), text ? text : "");
}

static void
set_factory (MuyingRecallPage    *self,
             GtkColumnViewColumn *column,
             Column               which)
{
  muying_ui_set_label_column (column, which, which == COL_TRACKS, G_CALLBACK (bind_cell_cb), self);
}

static void
show_message (MuyingRecallPage *self,
              const char       *text)
{
  g_free (self->months_text);
  self->months_text = g_strdup (text);
  gtk_label_set_label (self->months_label, text);
}

static char *
months_summary (const MuyingRecallList *list)
{
  GString *s = g_string_new (NULL);
  g_autofree char *total = muying_ui_format_count (list->rows->len);

  /* TRANSLATORS: the number of women due in the whole period */
  g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%s woman due", "%s women due", list->rows->len), total);
  g_string_append (s, _(": "));
  for (guint m = 0; m < list->months->len; m++)
    {
      const MuyingRecallMonth *month = &g_array_index (list->months, MuyingRecallMonth, m);

      if (m > 0)
        g_string_append (s, " · ");
      /* TRANSLATORS: year, month, number of women due in it: “2027年3月 12 人” */
      g_string_append_printf (s, _("%d-%02d: %u"), month->year, month->month, month->count);
    }
  return g_string_free (s, FALSE);
}

static void
load (MuyingRecallPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);
  g_autoptr(GtkNoSelection) selection = NULL;
  g_autofree char *summary = NULL;
  GDate from, to;

  gtk_column_view_set_model (self->column_view, NULL);
  g_clear_pointer (&self->list, muying_recall_list_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recall.print", FALSE);
  if (!muying_date_parse (gtk_editable_get_text (GTK_EDITABLE (self->from_entry)), &from, &error) ||
      !muying_date_parse (gtk_editable_get_text (GTK_EDITABLE (self->to_entry)), &to, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The period is not a date: %s"), error->message);

      show_message (self, text);
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      return;
    }
  self->list = muying_store_recall_list (self->store, &from, &to, &error);
  if (self->list == NULL)
    {
      show_message (self, error->message);
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      return;
    }
  summary = months_summary (self->list);
  show_message (self, summary);
  for (guint i = 0; i < self->list->rows->len; i++)
    {
      char index[16];

      g_snprintf (index, sizeof index, "%u", i);
      gtk_string_list_append (strings, index);
    }
  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&strings)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  gtk_stack_set_visible_child_name (self->content_stack, self->list->rows->len > 0 ? "list" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recall.print", self->list->rows->len > 0);
}

static void
on_period_activate_cb (MuyingRecallPage *self)
{
  load (self);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  MuyingRecallPage *self = MUYING_RECALL_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->list == NULL || self->list->rows->len == 0)
    return;
  if (!muying_print_recall_letters (self->store, self->user, self->list->rows, GTK_WINDOW (gtk_widget_get_root (widget)),
                                    NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_message (self, error->message);
}

/* The next three calendar months. */
static void
set_default_period (MuyingRecallPage *self)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  GDate from, to;

  muying_date_today (&from);
  g_date_set_day (&from, 1);
  g_date_add_months (&from, 1);
  to = from;
  g_date_add_months (&to, 3);
  g_date_subtract_days (&to, 1);
  from_text = muying_date_format (&from);
  to_text = muying_date_format (&to);
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from_text);
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to_text);
}

void
muying_recall_page_reload (MuyingRecallPage *self)
{
  g_return_if_fail (MUYING_IS_RECALL_PAGE (self));

  load (self);
}

void
muying_recall_page_set_period (MuyingRecallPage *self,
                               const char       *from,
                               const char       *to)
{
  g_return_if_fail (MUYING_IS_RECALL_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from);
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to);
  load (self);
}

MuyingRecallList *
muying_recall_page_get_list (MuyingRecallPage *self)
{
  return self->list;
}

const char *
muying_recall_page_get_months (MuyingRecallPage *self)
{
  return self->months_text;
}

gboolean
muying_recall_page_print_to_pdf (MuyingRecallPage *self,
                                 const char       *pdf_path,
                                 GError          **error)
{
  g_return_val_if_fail (self->list != NULL, FALSE);

  return muying_print_recall_letters (self->store, self->user, self->list->rows, NULL, pdf_path, error);
}

static void
muying_recall_page_dispose (GObject *object)
{
  MuyingRecallPage *self = MUYING_RECALL_PAGE (object);

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MUYING_TYPE_RECALL_PAGE);
  g_clear_pointer (&self->list, muying_recall_list_free);
  g_clear_pointer (&self->months_text, g_free);
  g_clear_pointer (&self->user, g_free);
  g_clear_object (&self->store);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (muying_recall_page_parent_class)->dispose (object);
}

static void
muying_recall_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MuyingRecallPage *self = MUYING_RECALL_PAGE (object);

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
muying_recall_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MuyingRecallPage *self = MUYING_RECALL_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      g_set_object (&self->store, muying_app_context_get_store (self->context));
      self->user = g_strdup (muying_app_context_get_login (self->context));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
muying_recall_page_class_init (MuyingRecallPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = muying_recall_page_dispose;
  object_class->get_property = muying_recall_page_get_property;
  object_class->set_property = muying_recall_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MUYING_TYPE_APP_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MUYING_TYPE_EMPTY_STATE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muying/Muying/ui/muying-recall-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MuyingRecallPage, page_box);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecallPage, print_button);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecallPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecallPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecallPage, months_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecallPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecallPage, empty_state);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecallPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecallPage, due_column);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecallPage, name_column);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecallPage, phone_column);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecallPage, tracks_column);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecallPage, last_column);
  gtk_widget_class_bind_template_child (widget_class, MuyingRecallPage, id_column);
  gtk_widget_class_bind_template_callback (widget_class, on_period_activate_cb);
  gtk_widget_class_install_action (widget_class, "recall.print", NULL, print_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
muying_recall_page_init (MuyingRecallPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  set_factory (self, self->due_column, COL_DUE);
  set_factory (self, self->name_column, COL_NAME);
  set_factory (self, self->phone_column, COL_PHONE);
  set_factory (self, self->tracks_column, COL_TRACKS);
  set_factory (self, self->last_column, COL_LAST);
  set_factory (self, self->id_column, COL_ID);
  muying_ui_column_show_whole (self->due_column);
  muying_ui_column_show_whole (self->phone_column);
  muying_ui_column_show_whole (self->id_column);
  set_default_period (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recall.print", FALSE);
}

MuyingRecallPage *
muying_recall_page_new (MuyingAppContext *context)
{
  return g_object_new (MUYING_TYPE_RECALL_PAGE, "context", context, NULL);
}
