/* muying-field-widget.c: the widget a form shows for one field of a descriptor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-field-options.h"
#include "muying-field-widget.h"

/* A drop-down's MuyingFieldOption array, in the order of its items. */
#define OPTIONS_KEY "muying-field-options"

static GPtrArray *
widget_options (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), OPTIONS_KEY);
}

GtkWidget *
muying_field_widget_new (const MuyingField *field,
                         MuyingRuleSet     *rules)
{
  g_autoptr(GPtrArray) options = muying_field_list_options (field, rules);
  GtkWidget *widget;

  /* Choices, sexes and panels are drop-downs; everything else is typed as an import file has it. */
  if (options != NULL)
    {
      g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

      for (guint i = 0; i < options->len; i++)
        gtk_string_list_append (list, ((MuyingFieldOption *) g_ptr_array_index (options, i))->label);
      widget = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&list)), NULL);
      g_object_set_data_full (G_OBJECT (widget), OPTIONS_KEY, g_steal_pointer (&options),
                              (GDestroyNotify) g_ptr_array_unref);
    }
  else
    {
      gboolean number = field->kind == MUYING_FIELD_NUMBER || field->kind == MUYING_FIELD_GA_WEEKS ||
                        field->kind == MUYING_FIELD_GA_DAYS || field->kind == MUYING_FIELD_INTEGER ||
                        field->kind == MUYING_FIELD_AREA_CODE;

      widget = gtk_entry_new ();
      if (field->placeholder != NULL)
        gtk_entry_set_placeholder_text (GTK_ENTRY (widget), _(field->placeholder));
      gtk_editable_set_width_chars (GTK_EDITABLE (widget), number ? 8 : 22);
      if (number)
        gtk_entry_set_input_purpose (GTK_ENTRY (widget), GTK_INPUT_PURPOSE_NUMBER);
    }
  gtk_widget_set_halign (widget, GTK_ALIGN_START);
  return widget;
}

char *
muying_field_widget_label_text (const MuyingField *field)
{
  return MUYING_FIELD_IS (field, MUYING_FIELD_REQUIRED) ? g_strdup_printf ("%s *", _(field->label))
                                                       : g_strdup (_(field->label));
}

GtkWidget *
muying_field_widget_error_new (void)
{
  GtkWidget *error = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (error), 0);
  gtk_label_set_wrap (GTK_LABEL (error), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (error), 40);
  gtk_widget_add_css_class (error, "level-high");
  gtk_widget_set_visible (error, FALSE);
  return error;
}

char *
muying_field_widget_get_text (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  if (GTK_IS_DROP_DOWN (widget))
    {
      GPtrArray *options = widget_options (widget);
      guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (widget));
      const MuyingFieldOption *option = i < options->len ? g_ptr_array_index (options, i) : NULL;

      return g_strdup (option != NULL ? option->key : "");
    }
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget))));
}

static gboolean
select_option (GtkWidget  *widget,
               const char *key)
{
  GPtrArray *options = widget_options (widget);

  for (guint i = 0; key != NULL && i < options->len; i++)
    {
      const MuyingFieldOption *option = g_ptr_array_index (options, i);

      if (g_ascii_strcasecmp (option->key, key) == 0)
        {
          gtk_drop_down_set_selected (GTK_DROP_DOWN (widget), i);
          return TRUE;
        }
    }
  return FALSE;
}

void
muying_field_widget_set_text (GtkWidget         *widget,
                              const MuyingField *field,
                              MuyingRuleSet     *rules,
                              const char        *value)
{
  g_return_if_fail (GTK_IS_WIDGET (widget) && field != NULL);

  if (GTK_IS_DROP_DOWN (widget))
    {
      const char *canonical = value;
      int choice;

      /* Stored values are canonical keys; accept aliases ("高风险") too. */
      if (value && *value && rules)
        canonical = muying_rule_set_lookup_alias (rules, field->key, value);
      if (select_option (widget, canonical ? canonical : (value ? value : "")))
        return;
      /* Another spelling of a choice ("4" for BI-RADS 4A, "BI-RADS 4a类"). */
      if (field->kind == MUYING_FIELD_CHOICE && muying_field_choice_from_key (field, value, &choice))
        select_option (widget, muying_field_choice_key (field, choice));
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (widget), value ? value : "");
}

void
muying_field_widget_clear (GtkWidget *widget)
{
  if (GTK_IS_DROP_DOWN (widget))
    gtk_drop_down_set_selected (GTK_DROP_DOWN (widget), 0);
  else
    gtk_editable_set_text (GTK_EDITABLE (widget), "");
}
