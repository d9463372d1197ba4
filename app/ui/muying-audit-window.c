/* muying-audit-window.c: the audit trail, filtered, with its hash chain verified
 *
 * Shows the newest MAX_ROWS entries that match; the filters narrow it down (a user, an action
 * such as login_failed or import, a date range).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-app-context.h"
#include "muying-error.h"
#include "muying-audit-window-private.h"
#include "muying-audit-window.h"
#include "muying-history-text.h"
#include "muying-ui-text.h"
#include "muying-store-users.h"

#define MAX_ROWS 500

struct _MuyingAuditWindow
{
  GtkWindow    parent_instance;

  MuyingAppContext *context;

  MuyingStore *store;
  guint        n_rows;

  GtkEntry    *text_entry;
  GtkEntry    *from_entry;
  GtkEntry    *to_entry;
  GtkLabel    *chain_label;
  GtkLabel    *count_label;
  GtkListBox  *rows_list;
  char        *names_error;   /* the first failed look-up of a display name in the last reload */
};

G_DEFINE_FINAL_TYPE (MuyingAuditWindow, muying_audit_window, GTK_TYPE_WINDOW)

static void
verify_chain (MuyingAuditWindow *self)
{
  g_autoptr(GError) error = NULL;
  gint64 bad = 0;

  if (muying_store_verify_audit (self->store, &bad, &error))
    {
      gtk_label_set_label (self->chain_label, _("The audit trail is intact: no entry was changed or removed."));
      gtk_widget_remove_css_class (GTK_WIDGET (self->chain_label), "error-banner");
      gtk_widget_remove_css_class (GTK_WIDGET (self->chain_label), "warning-banner");
      gtk_widget_add_css_class (GTK_WIDGET (self->chain_label), "success-banner");
    }
  else
    {
      gtk_label_set_label (self->chain_label, error->message);
      gtk_widget_remove_css_class (GTK_WIDGET (self->chain_label), "warning-banner");
      gtk_widget_remove_css_class (GTK_WIDGET (self->chain_label), "success-banner");
      gtk_widget_add_css_class (GTK_WIDGET (self->chain_label), "error-banner");
    }
}

/* "王主任（wang）": the display name people know, with the login that the audit records. */
static const char *
user_text (MuyingAuditWindow *self,
           GHashTable        *names,
           const char        *login)
{
  const char *text;

  if (login == NULL)
    return "—";
  text = g_hash_table_lookup (names, login);
  if (text == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MuyingUser) user = muying_store_lookup_user (self->store, login, &error);
      const char *display = user ? muying_user_get_display_name (user) : NULL;

      /* A login no longer known is shown as it is; a query that failed is said so. */
      if (user == NULL && !g_error_matches (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND) &&
          self->names_error == NULL)
        self->names_error = g_strdup (error->message);

      text = display && *display && g_strcmp0 (display, login) != 0 ? g_strdup_printf (_("%s (%s)"), display, login)
                                                                     : g_strdup (login);
      g_hash_table_insert (names, g_strdup (login), (gpointer) text);
    }
  return text;
}

static void
reload (MuyingAuditWindow *self)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *count = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rows_list))) != NULL)
    gtk_list_box_remove (self->rows_list, child);
  g_clear_pointer (&self->names_error, g_free);

  rows = muying_store_list_audit (self->store, gtk_editable_get_text (GTK_EDITABLE (self->text_entry)),
                                  gtk_editable_get_text (GTK_EDITABLE (self->from_entry)),
                                  gtk_editable_get_text (GTK_EDITABLE (self->to_entry)), MAX_ROWS, &error);
  if (rows == NULL)
    {
      gtk_label_set_label (self->count_label, error->message);
      self->n_rows = 0;
      return;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      MuyingAuditRow *row = g_ptr_array_index (rows, i);
      g_autofree char *when = muying_ui_local_minute (row->at);
      g_autofree char *head = g_strdup_printf ("%s  %s  %s", when, user_text (self, names, row->user),
                                               muying_history_text_action_label (row->action));
      g_autofree char *text = muying_history_text_audit (row->action, row->entity, row->detail, NULL);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *title = gtk_label_new (head);

      gtk_widget_set_margin_top (box, 4);
      gtk_widget_set_margin_bottom (box, 4);
      gtk_widget_set_margin_start (box, 8);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_add_css_class (title, "heading");
      gtk_box_append (GTK_BOX (box), title);
      if (text != NULL && *text != '\0')
        {
          GtkWidget *detail = gtk_label_new (text);

          gtk_label_set_xalign (GTK_LABEL (detail), 0);
          gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (detail), PANGO_WRAP_WORD_CHAR);
          gtk_label_set_selectable (GTK_LABEL (detail), TRUE);
          gtk_widget_add_css_class (detail, "dim-label");
          gtk_box_append (GTK_BOX (box), detail);
        }
      gtk_list_box_append (self->rows_list, box);
    }
  self->n_rows = rows->len;
  count = rows->len >= MAX_ROWS ? g_strdup_printf (_("The newest %u entries; narrow the filter to see older ones"), rows->len)
                                : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries", rows->len),
                                                   rows->len);
  if (self->names_error != NULL)
    {
      g_autofree char *with_error = g_strdup_printf (_("%s. The names of the users cannot be read: %s"), count,
                                                     self->names_error);

      gtk_label_set_label (self->count_label, with_error);
    }
  else
    gtk_label_set_label (self->count_label, count);
}

static void
on_filter_cb (MuyingAuditWindow *self)
{
  reload (self);
}

static void
muying_audit_window_dispose (GObject *object)
{
  MuyingAuditWindow *self = MUYING_AUDIT_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MUYING_TYPE_AUDIT_WINDOW);
  g_clear_object (&self->store);
  g_clear_object (&self->context);
  g_clear_pointer (&self->names_error, g_free);
  G_OBJECT_CLASS (muying_audit_window_parent_class)->dispose (object);
}

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
muying_audit_window_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MuyingAuditWindow *self = MUYING_AUDIT_WINDOW (object);

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
muying_audit_window_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MuyingAuditWindow *self = MUYING_AUDIT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      g_set_object (&self->store, muying_app_context_get_store (self->context));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
muying_audit_window_class_init (MuyingAuditWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = muying_audit_window_dispose;
  object_class->get_property = muying_audit_window_get_property;
  object_class->set_property = muying_audit_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MUYING_TYPE_APP_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muying/Muying/ui/muying-audit-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MuyingAuditWindow, text_entry);
  gtk_widget_class_bind_template_child (widget_class, MuyingAuditWindow, from_entry);
  gtk_widget_class_bind_template_child (widget_class, MuyingAuditWindow, to_entry);
  gtk_widget_class_bind_template_child (widget_class, MuyingAuditWindow, chain_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingAuditWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingAuditWindow, rows_list);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_cb);
}

static void
muying_audit_window_init (MuyingAuditWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

MuyingAuditWindow *
muying_audit_window_new (GtkWindow        *parent,
                         MuyingAppContext *context)
{
  MuyingAuditWindow *self = g_object_new (MUYING_TYPE_AUDIT_WINDOW, "transient-for", parent, "context", context, NULL);

  verify_chain (self);
  reload (self);
  return self;
}

void
muying_audit_window_set_filter (MuyingAuditWindow *self,
                                const char        *text,
                                const char        *from,
                                const char        *to)
{
  gtk_editable_set_text (GTK_EDITABLE (self->text_entry), text ? text : "");
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from ? from : "");
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to ? to : "");
  reload (self);
}

guint
muying_audit_window_get_n_rows (MuyingAuditWindow *self)
{
  return self->n_rows;
}

const char *
muying_audit_window_get_chain_status (MuyingAuditWindow *self)
{
  return gtk_label_get_label (self->chain_label);
}
