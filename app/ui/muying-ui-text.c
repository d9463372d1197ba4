/* muying-ui-text.c: small text helpers shared by the widgets (reason labels, level styles)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "muying-ui-text.h"

char *
muying_ui_reason_labels (MuyingRuleSet *rules,
                         const char    *codes)
{
  g_auto(GStrv) parts = g_strsplit (codes ? codes : "", ";", -1);
  GString *s = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *label;

      if (*parts[i] == '\0')
        continue;
      label = rules ? muying_rule_set_get_reason_label (rules, parts[i]) : NULL;
      g_string_append_printf (s, "%s%s", s->len ? "；" : "", label ? label : parts[i]);
    }
  return g_string_free (s, FALSE);
}

const char *
muying_ui_level_css_class (MuyingLevel level)
{
  switch (level)
    {
    case MUYING_LEVEL_HIGH:
      return "level-high";
    case MUYING_LEVEL_INTERMEDIATE:
      return "level-intermediate";
    case MUYING_LEVEL_LOW:
    default:
      return "level-low";
    }
}

/* Long cells show their whole text as a tooltip. Set up once per cell widget: setting the
 * tooltip text in every bind asks the X server for the pointer each time, which cost a
 * seventh of the window's start at a million records. */
gboolean
muying_ui_label_query_tooltip (GtkWidget  *widget,
                               int         x,
                               int         y,
                               gboolean    keyboard,
                               GtkTooltip *tooltip,
                               gpointer    user_data)
{
  const char *text = gtk_label_get_text (GTK_LABEL (widget));

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}
