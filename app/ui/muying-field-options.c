/* muying-field-options.c: what a field of a programme offers in a drop-down, and a listed value in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-ui"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "muying-field-options.h"
#include "muying-types.h"

static void
option_free (MuyingFieldOption *option)
{
  g_free (option->key);
  g_free (option->label);
  g_free (option);
}

static void
add_option (GPtrArray  *options,
            const char *key,
            const char *label)
{
  MuyingFieldOption *option = g_new0 (MuyingFieldOption, 1);

  option->key = g_strdup (key);
  option->label = g_strdup (label);
  g_ptr_array_add (options, option);
}

/* Panel ids are numbers of loci: "4" before "15". */
static int
compare_panel_ids (gconstpointer a,
                   gconstpointer b)
{
  const char *x = *(const char * const *) a;
  const char *y = *(const char * const *) b;
  g_autofree char *kx = g_utf8_collate_key_for_filename (x, -1);
  g_autofree char *ky = g_utf8_collate_key_for_filename (y, -1);

  return strcmp (kx, ky);
}

GPtrArray *
muying_field_list_options (const MuyingField *field,
                           MuyingRuleSet     *rules)
{
  GPtrArray *options;

  g_return_val_if_fail (field != NULL, NULL);

  options = g_ptr_array_new_with_free_func ((GDestroyNotify) option_free);
  switch (field->kind)
    {
    case MUYING_FIELD_CHOICE:
      for (const MuyingFieldChoice *c = field->choices; c->key != NULL; c++)
        add_option (options, c->key, *c->label != '\0' ? _(c->label) : c->key);
      return options;
    case MUYING_FIELD_SEX:
      {
        g_autofree char *male = g_strdup_printf ("%d", MUYING_SEX_MALE);
        g_autofree char *female = g_strdup_printf ("%d", MUYING_SEX_FEMALE);

        add_option (options, male, _("Male"));
        add_option (options, female, _("Female"));
        return options;
      }
    case MUYING_FIELD_PANEL:
      {
        const char * const *ids = rules != NULL ? muying_rule_set_list_panels (rules) : NULL;
        g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

        /* An optional panel: its first choice is no gene test at all. */
        if (!MUYING_FIELD_IS (field, MUYING_FIELD_REQUIRED))
          add_option (options, "", _("No gene test"));
        for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
          g_ptr_array_add (sorted, (gpointer) ids[i]);
        g_ptr_array_sort (sorted, compare_panel_ids);
        for (guint i = 0; i < sorted->len; i++)
          {
            const char *id = g_ptr_array_index (sorted, i);
            const char *name = muying_rule_set_get_panel_name (rules, id);

            add_option (options, id, name != NULL ? name : id);
          }
        return options;
      }
    default:
      g_ptr_array_unref (options);
      return NULL;
    }
}

/* The text as the value muying_field_display_value reads: numbers for the counted kinds. */
static GVariant *
text_value (const MuyingField *field,
            const char        *text)
{
  char *end = NULL;

  switch (field->kind)
    {
    case MUYING_FIELD_RISK:
    case MUYING_FIELD_INTEGER:
    case MUYING_FIELD_GA_WEEKS:
    case MUYING_FIELD_GA_DAYS:
    case MUYING_FIELD_SEX:
      {
        gint64 n = g_ascii_strtoll (text, &end, 10);

        return end != text && *end == '\0' ? g_variant_ref_sink (g_variant_new_int64 (n)) : NULL;
      }
    case MUYING_FIELD_NUMBER:
      {
        double x = g_ascii_strtod (text, &end);

        return end != text && *end == '\0' ? g_variant_ref_sink (g_variant_new_double (x)) : NULL;
      }
    default:
      return g_variant_ref_sink (g_variant_new_string (text));
    }
}

char *
muying_field_text_for_display (const MuyingField *field,
                               MuyingRuleSet     *rules,
                               const char        *text)
{
  g_autoptr(GVariant) value = NULL;
  char *display;

  g_return_val_if_fail (field != NULL, NULL);

  if (field->kind == MUYING_FIELD_PANEL && text != NULL && *text == '\0' &&
      !MUYING_FIELD_IS (field, MUYING_FIELD_REQUIRED))
    return g_strdup (_("No gene test"));
  if (text == NULL || *text == '\0')
    return NULL;
  if (field->kind == MUYING_FIELD_PANEL)
    {
      const char *name = rules != NULL ? muying_rule_set_get_panel_name (rules, text) : NULL;

      return g_strdup (name != NULL ? name : text);
    }
  value = text_value (field, text);
  /* A text that is not what its kind stores (a damaged row) is shown as it is. */
  if (value == NULL)
    return g_strdup (text);
  display = muying_field_display_value (field, value);
  if (display != NULL && *display == '\0')
    g_clear_pointer (&display, g_free);
  return display != NULL ? display : g_strdup (text);
}
