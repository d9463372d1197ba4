/* muying-admin-page.c: system administration — the database, users, backups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "muying-admin-page.h"

struct _MuyingAdminPage
{
  GtkWidget    parent_instance;

  MuyingStore *store;

  GtkLabel    *path_label;
  GtkLabel    *size_label;
  GtkLabel    *schema_label;
  GtkLabel    *rules_label;
  GtkLabel    *records_label;
  GtkLabel    *audit_label;
  GtkWidget   *network_banner;
};

G_DEFINE_FINAL_TYPE (MuyingAdminPage, muying_admin_page, GTK_TYPE_WIDGET)

static gint64
count (MuyingStore *store,
       const char  *sql)
{
  g_autoptr(sqlite3_stmt) stmt = muying_store_prepare (store, sql, NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

void
muying_admin_page_reload (MuyingAdminPage *self)
{
  g_autofree char *size = NULL;
  g_autofree char *schema = NULL;
  g_autofree char *records = NULL;
  g_autofree char *audit = NULL;
  GStatBuf st;

  g_return_if_fail (MUYING_IS_ADMIN_PAGE (self));

  if (self->store == NULL)
    return;

  gtk_label_set_label (self->path_label, muying_store_get_path (self->store));
  if (g_stat (muying_store_get_path (self->store), &st) == 0)
    size = g_format_size ((guint64) st.st_size);
  gtk_label_set_label (self->size_label, size ? size : "");
  schema = g_strdup_printf ("%d", muying_store_get_schema_version (self->store));
  gtk_label_set_label (self->schema_label, schema);
  /* TRANSLATORS: counts of records: prenatal, newborn, two-cancer */
  records = g_strdup_printf (_("Prenatal %lld, newborn %lld"
                               ", two-cancer %lld"),
                             (long long) muying_store_count_records (self->store, MUYING_PROGRAM_PRENATAL),
                             (long long) muying_store_count_records (self->store, MUYING_PROGRAM_NEWBORN),
                             (long long) muying_store_count_records (self->store, MUYING_PROGRAM_TWO_CANCER));
  gtk_label_set_label (self->records_label, records);
  audit = g_strdup_printf ("%" G_GINT64_FORMAT, count (self->store, "SELECT count(*) FROM audit"));
  gtk_label_set_label (self->audit_label, audit);
  gtk_widget_set_visible (self->network_banner, muying_store_is_network_fs (self->store));
}

static void
muying_admin_page_dispose (GObject *object)
{
  GtkWidget *child;
  MuyingAdminPage *self = MUYING_ADMIN_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MUYING_TYPE_ADMIN_PAGE);
  /* The template's top-level box has no id, so dispose_template does not unparent it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (muying_admin_page_parent_class)->dispose (object);
}

static void
muying_admin_page_class_init (MuyingAdminPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = muying_admin_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muying/Muying/ui/muying-admin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MuyingAdminPage, path_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingAdminPage, size_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingAdminPage, schema_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingAdminPage, rules_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingAdminPage, records_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingAdminPage, audit_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingAdminPage, network_banner);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
muying_admin_page_init (MuyingAdminPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
muying_admin_page_set_store (MuyingAdminPage *self,
                             MuyingStore     *store)
{
  g_return_if_fail (MUYING_IS_ADMIN_PAGE (self));

  g_set_object (&self->store, store);
  muying_admin_page_reload (self);
}

void
muying_admin_page_set_rules_version (MuyingAdminPage *self,
                                     const char      *version)
{
  g_return_if_fail (MUYING_IS_ADMIN_PAGE (self));

  gtk_label_set_label (self->rules_label, version ? version : _("not loaded"));
}
