/* muying-screening.c: HPV types, zygosity keys and gene variants (each programme's fields, keys and
 * record life cycle are in its descriptor, muying-*-descriptor.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "muying-error.h"
#include "muying-screening.h"

const int muying_hpv_high_risk_types[MUYING_N_HPV_HIGH_RISK_TYPES] = {
  16, 18, 31, 33, 35, 39, 45, 51, 52, 56, 58, 59, 66, 68,
};

/* ---- canonical keys: zygosity (the other enumerations are keyed by their fields' descriptors) ---- */

static const char *zygosity_keys[] = { "het", "hom", "homoplasmic", "heteroplasmic" };

G_STATIC_ASSERT (G_N_ELEMENTS (zygosity_keys) == MUYING_ZYGOSITY_HETEROPLASMIC + 1);

const char *
muying_zygosity_to_string (MuyingZygosity value)
{
  if ((int) value < 0 || (guint) value >= G_N_ELEMENTS (zygosity_keys))
    return NULL;
  return zygosity_keys[value];
}

gboolean
muying_zygosity_from_string (const char     *text,
                             MuyingZygosity *value)
{
  g_autofree char *s = NULL;

  g_return_val_if_fail (value != NULL, FALSE);
  if (text == NULL)
    return FALSE;
  s = g_strstrip (g_strdup (text));
  for (guint i = 0; i < G_N_ELEMENTS (zygosity_keys); i++)
    if (g_ascii_strcasecmp (s, zygosity_keys[i]) == 0)
      {
        *value = (MuyingZygosity) i;
        return TRUE;
      }
  return FALSE;
}

/* ---- HPV types --------------------------------------------------------------------------- */

static int
hpv_type_index (int type)
{
  for (int i = 0; i < MUYING_N_HPV_HIGH_RISK_TYPES; i++)
    if (muying_hpv_high_risk_types[i] == type)
      return i;
  return -1;
}

/**
 * muying_hpv_types_parse:
 * "16;52" → the bit set of muying_hpv_high_risk_types. Separators `;` (docs/import-formats.md), also `,`,
 * `、`, `，`, `；` and white space; a leading "HPV" and a trailing "型" are tolerated
 * ("HPV16", "16型"). Empty text = no type (untyped). A type outside the 14 is an error.
 */
gboolean
muying_hpv_types_parse (const char  *text,
                        guint16     *types,
                        GError     **error)
{
  g_autoptr(GString) norm = NULL;
  g_auto(GStrv) parts = NULL;
  guint16 result = 0;

  g_return_val_if_fail (types != NULL, FALSE);

  norm = g_string_new (text ? text : "");
  g_string_replace (norm, "、", ";", 0);
  g_string_replace (norm, "，", ";", 0);
  g_string_replace (norm, "；", ";", 0);
  g_string_replace (norm, ",", ";", 0);
  g_string_replace (norm, " ", ";", 0);
  g_string_replace (norm, "\t", ";", 0);
  parts = g_strsplit (norm->str, ";", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *p = g_strstrip (parts[i]);
      char *end = NULL;
      gint64 n;
      int idx;

      if (*p == '\0')
        continue;
      if (g_ascii_strncasecmp (p, "HPV", 3) == 0)
        p += 3;
      if (g_str_has_suffix (p, "型"))
        p[strlen (p) - strlen ("型")] = '\0';
      n = g_ascii_strtoll (p, &end, 10);
      idx = (end != p && *end == '\0' && n > 0 && n < 1000) ? hpv_type_index ((int) n) : -1;
      if (idx < 0)
        {
          g_set_error (error, MUYING_RULES_ERROR, MUYING_RULES_ERROR_INPUT,
                       _("HPV type “%s” is not one of the 14 high-risk types "
                         "(16 18 31 33 35 39 45 51 52 56 58 59 66 68)"),
                       g_strstrip (parts[i]));
          return FALSE;
        }
      result |= (guint16) (1u << idx);
    }

  *types = result;
  return TRUE;
}

char *
muying_hpv_types_to_string (guint16 types)
{
  GString *s = g_string_new (NULL);

  for (int i = 0; i < MUYING_N_HPV_HIGH_RISK_TYPES; i++)
    if (types & (1u << i))
      {
        if (s->len > 0)
          g_string_append_c (s, ';');
        g_string_append_printf (s, "%d", muying_hpv_high_risk_types[i]);
      }
  return g_string_free (s, FALSE);
}

/* ---- life cycle -------------------------------------------------------------------------- */

MuyingVariant *
muying_variant_new (const char     *gene,
                    const char     *variant,
                    MuyingZygosity  zygosity)
{
  MuyingVariant *self = g_new0 (MuyingVariant, 1);

  self->gene = g_strdup (gene);
  self->variant = g_strdup (variant);
  self->zygosity = zygosity;
  return self;
}

void
muying_variant_free (MuyingVariant *variant)
{
  if (variant == NULL)
    return;
  g_free (variant->gene);
  g_free (variant->variant);
  g_free (variant);
}
