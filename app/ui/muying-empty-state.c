/* muying-empty-state.c: an icon, a title and a line of guidance for a page with nothing to show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "muying-empty-state.h"

struct _MuyingEmptyState
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  GtkImage  *icon;
  GtkLabel  *title_label;
  GtkLabel  *description_label;
  GtkBox    *actions;
};

static void muying_empty_state_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MuyingEmptyState, muying_empty_state, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, muying_empty_state_buildable_init))

enum {
  PROP_0,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_ICON_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static GtkBuildableIface *parent_buildable_iface;

/* Children added in XML (<child>) go under the text: buttons that lead out of the empty state. */
static void
muying_empty_state_add_buildable_child (GtkBuildable *buildable,
                                        GtkBuilder   *builder,
                                        GObject      *child,
                                        const char   *type)
{
  MuyingEmptyState *self = MUYING_EMPTY_STATE (buildable);

  if (self->actions != NULL && GTK_IS_WIDGET (child))
    muying_empty_state_add_child (self, GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
muying_empty_state_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = muying_empty_state_add_buildable_child;
}

static void
muying_empty_state_dispose (GObject *object)
{
  GtkWidget *child;
  gtk_widget_dispose_template (GTK_WIDGET (object), MUYING_TYPE_EMPTY_STATE);
  /* The template's top-level box has no id, so dispose_template does not unparent it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (muying_empty_state_parent_class)->dispose (object);
}

static void
muying_empty_state_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MuyingEmptyState *self = MUYING_EMPTY_STATE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, muying_empty_state_get_title (self));
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, muying_empty_state_get_description (self));
      break;
    case PROP_ICON_NAME:
      g_value_set_string (value, gtk_image_get_icon_name (self->icon));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
muying_empty_state_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MuyingEmptyState *self = MUYING_EMPTY_STATE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      muying_empty_state_set_title (self, g_value_get_string (value));
      break;
    case PROP_DESCRIPTION:
      muying_empty_state_set_description (self, g_value_get_string (value));
      break;
    case PROP_ICON_NAME:
      muying_empty_state_set_icon_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
muying_empty_state_class_init (MuyingEmptyStateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = muying_empty_state_dispose;
  object_class->get_property = muying_empty_state_get_property;
  object_class->set_property = muying_empty_state_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/muying/Muying/ui/muying-empty-state.ui");
  gtk_widget_class_bind_template_child (widget_class, MuyingEmptyState, box);
  gtk_widget_class_bind_template_child (widget_class, MuyingEmptyState, icon);
  gtk_widget_class_bind_template_child (widget_class, MuyingEmptyState, title_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingEmptyState, description_label);
  gtk_widget_class_bind_template_child (widget_class, MuyingEmptyState, actions);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "emptystate");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
muying_empty_state_init (MuyingEmptyState *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

const char *
muying_empty_state_get_title (MuyingEmptyState *self)
{
  g_return_val_if_fail (MUYING_IS_EMPTY_STATE (self), NULL);
  return gtk_label_get_label (self->title_label);
}

void
muying_empty_state_set_title (MuyingEmptyState *self,
                              const char       *title)
{
  g_return_if_fail (MUYING_IS_EMPTY_STATE (self));

  if (g_strcmp0 (title, gtk_label_get_label (self->title_label)) == 0)
    return;
  gtk_label_set_label (self->title_label, title ? title : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
muying_empty_state_get_description (MuyingEmptyState *self)
{
  g_return_val_if_fail (MUYING_IS_EMPTY_STATE (self), NULL);
  return gtk_label_get_label (self->description_label);
}

void
muying_empty_state_set_description (MuyingEmptyState *self,
                                    const char       *description)
{
  g_return_if_fail (MUYING_IS_EMPTY_STATE (self));

  if (g_strcmp0 (description, gtk_label_get_label (self->description_label)) == 0)
    return;
  gtk_label_set_label (self->description_label, description ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), description && *description);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

void
muying_empty_state_set_icon_name (MuyingEmptyState *self,
                                  const char       *icon_name)
{
  g_return_if_fail (MUYING_IS_EMPTY_STATE (self));

  gtk_image_set_from_icon_name (self->icon, icon_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON_NAME]);
}

void
muying_empty_state_add_child (MuyingEmptyState *self,
                              GtkWidget        *child)
{
  g_return_if_fail (MUYING_IS_EMPTY_STATE (self));

  gtk_box_append (self->actions, child);
  gtk_widget_set_visible (GTK_WIDGET (self->actions), TRUE);
}
