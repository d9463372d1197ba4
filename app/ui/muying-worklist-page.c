/* muying-worklist-page.c: high-risk cases waiting for review or follow-up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-empty-state.h"
#include "muying-worklist-page.h"

struct _MuyingWorklistPage
{
  GtkWidget         parent_instance;

  MuyingStore      *store;

  GtkStack         *content_stack;
  MuyingEmptyState *empty_state;
  GtkLabel         *summary_label;
};

G_DEFINE_FINAL_TYPE (MuyingWorklistPage, muying_worklist_page, GTK_TYPE_WIDGET)

static gint64
count_open_cases (MuyingStore *store)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = muying_store_prepare (store,
                               "SELECT (SELECT count(*) FROM followup WHERE state NOT IN ('done','declined','lost'))"
                               " + (SELECT count(*) FROM record WHERE review_state = 'pending' AND NOT EXISTS"
                               "    (SELECT 1 FROM followup f WHERE f.record_id = record.id"
                               "     AND f.state NOT IN ('done','declined','lost')))", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

void
muying_worklist_page_reload (MuyingWorklistPage *self)
{
  gint64 n;

  g_return_if_fail (MUYING_IS_WORKLIST_PAGE (self));

  n = self->store ? count_open_cases (self->store) : 0;
  if (n == 0)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      return;
    }
  {
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld open case",
                                                          "%lld open cases", (gulong) n), (long long) n);
    gtk_label_set_label (self->summary_label, text);
  }
  gtk_stack_set_visible_child_name (self->content_stack, "cases");
}

static void
muying_worklist_page_dispose (GObject *object)
{
  GtkWidget *child;
  MuyingWorklistPage *self = MUYING_WORKLIST_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MUYING_TYPE_WORKLIST_PAGE);
  /* The template's top-level box has no id, so dispose_template does not unparent it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (muying_worklist_page_parent_class)->dispose (object);
}

static void
muying_worklist_page_class_init (MuyingWorklistPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = muying_worklist_page_dispose;

  g_type_ensure (MUYING_TYPE_EMPTY_STATE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muying/Muying/ui/muying-worklist-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MuyingWorklistPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, MuyingWorklistPage, empty_state);
  gtk_widget_class_bind_template_child (widget_class, MuyingWorklistPage, summary_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
muying_worklist_page_init (MuyingWorklistPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
muying_worklist_page_set_store (MuyingWorklistPage *self,
                                MuyingStore        *store)
{
  g_return_if_fail (MUYING_IS_WORKLIST_PAGE (self));

  g_set_object (&self->store, store);
  muying_worklist_page_reload (self);
}
