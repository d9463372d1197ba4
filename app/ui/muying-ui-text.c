/* muying-ui-text.c: small text helpers shared by the widgets (reason labels, level styles)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "muying-ui-text.h"

static char *
join_labels (MuyingRuleSet *rules,
             const char    *codes,
             gboolean       with_codes)
{
  g_auto(GStrv) parts = g_strsplit (codes ? codes : "", ";", -1);
  GString *s = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *label;

      if (*parts[i] == '\0')
        continue;
      label = rules ? muying_rule_set_get_reason_label (rules, parts[i]) : NULL;
      if (s->len > 0)
        g_string_append (s, "；");
      if (label != NULL && with_codes)
        /* TRANSLATORS: a reason's label and its code */
        g_string_append_printf (s, _("%s (%s)"), label, parts[i]);
      else
        g_string_append (s, label ? label : parts[i]);
    }
  return g_string_free (s, FALSE);
}

char *
muying_ui_reason_labels (MuyingRuleSet *rules,
                         const char    *codes)
{
  return join_labels (rules, codes, FALSE);
}

char *
muying_ui_reason_labels_with_codes (MuyingRuleSet *rules,
                                    const char    *codes)
{
  return join_labels (rules, codes, TRUE);
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

/* Long cells (labels or inscriptions) show their whole text as a tooltip. Set up once per cell
 * widget: setting the tooltip text in every bind asks the X server for the pointer each time,
 * which cost a seventh of the window's start at a million records. */
static gboolean
cell_query_tooltip (GtkWidget  *widget,
                    int         x,
                    int         y,
                    gboolean    keyboard,
                    GtkTooltip *tooltip,
                    gpointer    user_data)
{
  const char *text = muying_ui_cell_get_text (widget);

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* The tooltip of a cell (labels and inscriptions alike), when its factory asks for one. */
static void
cell_setup_tooltip (GtkListItemFactory *factory,
                    GtkWidget          *cell)
{
  if (!GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "tooltip")))
    return;
  gtk_widget_set_has_tooltip (cell, TRUE);
  g_signal_connect (cell, "query-tooltip", G_CALLBACK (cell_query_tooltip), NULL);
}

/* A factory for @view_column whose cells @setup makes and @bind fills; returned for more data. */
static GtkListItemFactory *
cell_factory (GtkColumnViewColumn *view_column,
              int                  column,
              gboolean             tooltip,
              GCallback            setup,
              GCallback            bind,
              gpointer             user_data)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (column));
  g_object_set_data (G_OBJECT (factory), "tooltip", GINT_TO_POINTER (tooltip));
  g_signal_connect (factory, "setup", setup, NULL);
  g_signal_connect (factory, "bind", bind, user_data);
  gtk_column_view_column_set_factory (view_column, factory);
  g_object_unref (factory);   /* the column holds it */
  return factory;
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (!GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "whole")))
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  cell_setup_tooltip (GTK_LIST_ITEM_FACTORY (factory), label);
  gtk_list_item_set_child (item, label);
}

void
muying_ui_set_label_column (GtkColumnViewColumn *view_column,
                            int                  column,
                            gboolean             tooltip,
                            GCallback            bind,
                            gpointer             user_data)
{
  cell_factory (view_column, column, tooltip, G_CALLBACK (setup_label_cb), bind, user_data);
}

static void
setup_inscription_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  GtkInscription *cell = GTK_INSCRIPTION (gtk_inscription_new (NULL));

  gtk_inscription_set_xalign (cell, 0);
  gtk_inscription_set_text_overflow (cell, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_chars (cell, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "min-chars")));
  gtk_inscription_set_nat_chars (cell, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "nat-chars")));
  cell_setup_tooltip (GTK_LIST_ITEM_FACTORY (factory), GTK_WIDGET (cell));
  gtk_list_item_set_child (item, GTK_WIDGET (cell));
}

void
muying_ui_set_inscription_column (GtkColumnViewColumn *view_column,
                                  int                  column,
                                  guint                min_chars,
                                  guint                nat_chars,
                                  gboolean             tooltip,
                                  GCallback            bind,
                                  gpointer             user_data)
{
  GtkListItemFactory *factory = cell_factory (view_column, column, tooltip, G_CALLBACK (setup_inscription_cb), bind,
                                              user_data);

  g_object_set_data (G_OBJECT (factory), "min-chars", GUINT_TO_POINTER (min_chars));
  g_object_set_data (G_OBJECT (factory), "nat-chars", GUINT_TO_POINTER (nat_chars));
  g_object_set_data (G_OBJECT (factory), "inscriptions", GINT_TO_POINTER (TRUE));
}

void
muying_ui_cell_set_text (GtkWidget  *cell,
                         const char *text)
{
  if (GTK_IS_INSCRIPTION (cell))
    gtk_inscription_set_text (GTK_INSCRIPTION (cell), text);
  else
    gtk_label_set_label (GTK_LABEL (cell), text);
}

const char *
muying_ui_cell_get_text (GtkWidget *cell)
{
  if (GTK_IS_INSCRIPTION (cell))
    return gtk_inscription_get_text (GTK_INSCRIPTION (cell));
  return gtk_label_get_label (GTK_LABEL (cell));
}

void
muying_ui_column_show_whole (GtkColumnViewColumn *view_column)
{
  GtkListItemFactory *factory = gtk_column_view_column_get_factory (view_column);

  g_return_if_fail (factory != NULL);
  /* an inscription's width does not follow its text */
  g_return_if_fail (g_object_get_data (G_OBJECT (factory), "inscriptions") == NULL);
  g_object_set_data (G_OBJECT (factory), "whole", GINT_TO_POINTER (TRUE));
}

typedef struct
{
  GtkProgressBar *bar;
  double          fraction;
} Progress;

static gboolean
apply_progress (gpointer data)
{
  Progress *p = data;

  if (gtk_widget_get_parent (GTK_WIDGET (p->bar)) != NULL)
    gtk_progress_bar_set_fraction (p->bar, p->fraction);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *p = data;

  g_object_unref (p->bar);
  g_free (p);
}

void
muying_ui_progress_from_thread (GtkProgressBar *bar,
                                double          fraction)
{
  Progress *p = g_new0 (Progress, 1);

  p->bar = g_object_ref (bar);
  p->fraction = fraction;
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, apply_progress, p, progress_free);
}

/* "2026-12-02T07:13:00.706365Z" (how the store keeps times) → "2026-12-02 15:13" in local time. */
char *
muying_ui_local_minute (const char *at)
{
  g_autoptr(GDateTime) utc = at ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (at ? at : "");
}

char *
muying_ui_format_count (gint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) ABS (n));
  GString *s = g_string_new (n < 0 ? "-" : "");
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}
