/* muying-stats-page.c: indicators for a period and the annual workbook
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-empty-state.h"
#include "muying-stats-page.h"

struct _MuyingStatsPage
{
  GtkWidget         parent_instance;

  MuyingStore      *store;

  GtkStack         *content_stack;
  MuyingEmptyState *empty_state;
  GtkLabel         *summary_label;
};

G_DEFINE_FINAL_TYPE (MuyingStatsPage, muying_stats_page, GTK_TYPE_WIDGET)

static gint64
count_records (MuyingStore *store)
{
  g_autoptr(sqlite3_stmt) stmt = muying_store_prepare (store, "SELECT count(*) FROM record", NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

void
muying_stats_page_reload (MuyingStatsPage *self)
{
  gint64 n;

  g_return_if_fail (MUYING_IS_STATS_PAGE (self));

  n = self->store ? count_records (self->store) : 0;
  if (n == 0)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      return;
    }
  {
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld record in the database",
                                                          "%lld records in the database", (gulong) n), (long long) n);
    gtk_label_set_label (self->summary_label, text);
  }
  gtk_stack_set_visible_child_name (self->content_stack, "cases");
}

static void
muying_stats_page_dispose (GObject *object)
{
  GtkWidget *child;
  MuyingStatsPage *self = MUYING_STATS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MUYING_TYPE_STATS_PAGE);
  /* The template's top-level box has no id, so dispose_template does not unparent it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (muying_stats_page_parent_class)->dispose (object);
}

static void
muying_stats_page_class_init (MuyingStatsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = muying_stats_page_dispose;

  g_type_ensure (MUYING_TYPE_EMPTY_STATE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muying/Muying/ui/muying-stats-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MuyingStatsPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, MuyingStatsPage, empty_state);
  gtk_widget_class_bind_template_child (widget_class, MuyingStatsPage, summary_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
muying_stats_page_init (MuyingStatsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
muying_stats_page_set_store (MuyingStatsPage *self,
                                MuyingStore        *store)
{
  g_return_if_fail (MUYING_IS_STATS_PAGE (self));

  g_set_object (&self->store, store);
  muying_stats_page_reload (self);
}
