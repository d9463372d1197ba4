/* muying-rule-set.c: the flagging rules of docs/rules.md, loaded from data/rules and data/panels
 *
 * The conditions (what each reason code means) are code; every number they use — risk cut-offs,
 * MoM and NT thresholds, the age limits, the test windows — and every level, deadline, label and
 * next step are data, read from the ini files (GKeyFile) so that an institution can adjust them
 * in its own copy and every flagged record can name the version that flagged it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-rules"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "muying-date.h"
#include "muying-error.h"
#include "muying-rule-set-private.h"
#include "muying-rule-set.h"
#include "muying-paths.h"

/* The reason codes of docs/rules.md, per programme, sorted. The ini files must define exactly these. */
static const char *prenatal_codes[] = {
  "AMA", "GA_OUT_OF_WINDOW", "NIPT_HIGH_T13", "NIPT_HIGH_T18", "NIPT_HIGH_T21", "NIPT_LIMITED",
  "NIPT_REDRAW", "NIPT_SCA", "NTD_ASSESS", "NT_THICK", "ONTD_HIGH", "T18_HIGH", "T21_BORDERLINE",
  "T21_HIGH", NULL,
};
static const char *newborn_codes[] = {
  "CARRIER", "DOUBLE_HET", "GJB2_BIALLELIC", "GJB3_BIALLELIC", "HEARING_NOT_SCREENED",
  "HEARING_REFER", "MT_AMINOGLYCOSIDE", "NICU_AABR", "RESCREEN_DUE", "SLC26A4_BIALLELIC", NULL,
};
/* MAMMO_ASSESS is no longer given (rule set 2026.2): it stays defined for the labels of the
 * records rule set 2026.1 flagged with it. */
static const char *two_cancer_codes[] = {
  "BREAST_CANCER", "BREAST_PRECANCER", "BREAST_SUSPICIOUS", "CBE_ABNORMAL_NO_IMAGING",
  "CERVICAL_CANCER", "CERVICAL_PRECANCER", "CIN1", "COLPOSCOPY_ABNORMAL", "CYTO_ABNORMAL",
  "CYTO_ASCUS_HPV_NEG", "CYTO_UNSATISFACTORY", "HPV16_18", "HPV_OTHER_CYTO_ABNORMAL",
  "HPV_OTHER_REPEAT", "HPV_OTHER_TRIAGE", "MAMMO_ASSESS", "MAMMO_INCOMPLETE", "MAMMO_SHORT_INTERVAL",
  "US_RECALL", "VIA_VILI_ABNORMAL", "VISIBLE_LESION", NULL,
};
static const char **program_codes[MUYING_N_PROGRAMS] = {
  prenatal_codes, newborn_codes, two_cancer_codes,
};
static const char *program_files[MUYING_N_PROGRAMS] = {
  "prenatal.ini", "newborn.ini", "two_cancer.ini",
};

#define REASON_GROUP_PREFIX "reason:"
#define PANEL_GROUP         "panel"
#define MT_CODE             "MT_AMINOGLYCOSIDE"

typedef struct
{
  char          *code;
  MuyingProgram  program;
  MuyingLevel    level;
  int            own_deadline;   /* days, or -1: the level's default only */
  char          *label;          /* in the user's language */
  char          *next_step;
} Reason;

typedef struct
{
  char       *gene;
  char       *hgvs;
  GPtrArray  *names;             /* the other spellings of the panel file (legacy, aliases), in order */
} Locus;

typedef struct
{
  char       *id;
  char       *name;
  GPtrArray  *loci;              /* element-type Locus */
  GHashTable *genes;             /* folded gene name -> canonical gene name */
  GHashTable *index;             /* "folded gene\x1ffolded variant" -> Locus (borrowed) */
} Panel;

struct _MuyingRuleSet
{
  GObject      parent_instance;

  char        *data_dir;
  char        *version;
  const char  *label_locale;     /* NULL = the user's languages, or "zh_CN" */
  GKeyFile    *rule_files[MUYING_N_PROGRAMS];

  int          level_deadline[MUYING_LEVEL_HIGH + 1];
  GHashTable  *reasons;          /* code -> Reason */
  char       **codes[MUYING_N_PROGRAMS];

  /* prenatal */
  int          t21_high_max;
  int          t21_borderline_max;
  int          t18_high_max;
  double       afp_mom_high_min;
  double       nt_mm_high_min;
  int          ama_age_min;
  int          window_first[MUYING_N_PRENATAL_TESTS];
  int          window_last[MUYING_N_PRENATAL_TESTS];

  /* newborn */
  char       **mitochondrial_genes;
  GHashTable  *biallelic_codes;  /* folded gene -> code */

  /* two cancers */
  int          age_min;
  int          age_max;

  /* import */
  GHashTable  *field_groups;     /* field -> alias group */
  GHashTable  *aliases;          /* group -> GHashTable (folded alias -> canonical key) */
  GHashTable  *panels;           /* id -> Panel */
  char       **panel_ids;        /* sorted */
};

G_DEFINE_FINAL_TYPE (MuyingRuleSet, muying_rule_set, G_TYPE_OBJECT)

/* ---- helpers ----------------------------------------------------------------------------- */

static void
reason_free (Reason *reason)
{
  g_free (reason->code);
  g_free (reason->label);
  g_free (reason->next_step);
  g_free (reason);
}

static void
locus_free (Locus *locus)
{
  g_free (locus->gene);
  g_free (locus->hgvs);
  g_clear_pointer (&locus->names, g_ptr_array_unref);
  g_free (locus);
}

static void
panel_free (Panel *panel)
{
  g_free (panel->id);
  g_free (panel->name);
  g_ptr_array_unref (panel->loci);
  g_hash_table_unref (panel->genes);
  g_hash_table_unref (panel->index);
  g_free (panel);
}

/* Matching key for import aliases: NFKC (full-width forms, Roman numerals), case-folded, with
 * white space, '_' and '-' removed. NULL for text that is not UTF-8 or folds to nothing. */
static char *
fold_alias (const char *text)
{
  g_autofree char *nfkc = NULL;
  g_autofree char *folded = NULL;
  GString *out;

  if (text == NULL)
    return NULL;
  nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  if (nfkc == NULL)
    return NULL;
  folded = g_utf8_casefold (nfkc, -1);
  out = g_string_new (NULL);
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == '_' || c == '-')
        continue;
      g_string_append_unichar (out, c);
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* Matching key for gene and variant names: NFKC, case-folded, white space removed. Hyphens
 * and underscores stay: they are part of HGVS names (c.919-2A>G, c.176_191del16). */
static char *
fold_name (const char *text)
{
  g_autofree char *nfkc = NULL;
  g_autofree char *folded = NULL;
  GString *out;

  if (text == NULL)
    return NULL;
  nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  if (nfkc == NULL)
    return NULL;
  folded = g_utf8_casefold (nfkc, -1);
  out = g_string_new (NULL);
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        g_string_append_unichar (out, c);
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static char *
locus_key (const char *folded_gene,
           const char *folded_variant)
{
  return g_strconcat (folded_gene, "\x1f", folded_variant, NULL);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* docs/architecture.md: the interface is Chinese unless the user selects English; a language list
 * that names no translated language (C, POSIX, fr, …) runs in zh_CN. With zh or en selected,
 * the key file picks the user's language itself (locale NULL). */
static const char *
choose_label_locale (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_has_prefix (names[i], "zh") || g_str_has_prefix (names[i], "en"))
        return NULL;
    }
  return "zh_CN";
}

static GKeyFile *
load_key_file (const char  *dir,
               const char  *name,
               GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_KEEP_TRANSLATIONS, &local_error))
    {
      g_set_error (error, MUYING_RULES_ERROR, MUYING_RULES_ERROR_LOAD,
                   _("Cannot read the rule file %s: %s"), path, local_error->message);
      return NULL;
    }
  return g_steal_pointer (&kf);
}

static void
set_invalid (GError     **error,
             const char  *file,
             const char  *group,
             const char  *key,
             const char  *detail)
{
  if (key != NULL)
    g_set_error (error, MUYING_RULES_ERROR, MUYING_RULES_ERROR_INVALID,
                 _("Invalid rule data in %s [%s] %s: %s"), file, group, key, detail);
  else
    g_set_error (error, MUYING_RULES_ERROR, MUYING_RULES_ERROR_INVALID,
                 _("Invalid rule data in %s [%s]: %s"), file, group, detail);
}

static gboolean
read_int (GKeyFile    *kf,
          const char  *file,
          const char  *group,
          const char  *key,
          int          min,
          int         *out,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  int v = g_key_file_get_integer (kf, group, key, &local_error);

  if (local_error != NULL)
    {
      set_invalid (error, file, group, key, local_error->message);
      return FALSE;
    }
  if (v < min)
    {
      set_invalid (error, file, group, key, _("the value is too small"));
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static gboolean
read_double (GKeyFile    *kf,
             const char  *file,
             const char  *group,
             const char  *key,
             double      *out,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  double v = g_key_file_get_double (kf, group, key, &local_error);

  if (local_error != NULL)
    {
      set_invalid (error, file, group, key, local_error->message);
      return FALSE;
    }
  if (!isfinite (v) || v <= 0)
    {
      set_invalid (error, file, group, key, _("a positive number is required"));
      return FALSE;
    }
  *out = v;
  return TRUE;
}

/* "13+6" -> 97 */
static gboolean
parse_weeks_days (const char *text,
                  int        *days)
{
  g_autofree char *s = g_strstrip (g_strdup (text));
  char *plus = strchr (s, '+');
  char *end = NULL;
  gint64 w, d;

  if (plus == NULL || plus == s)
    return FALSE;
  *plus = '\0';
  w = g_ascii_strtoll (s, &end, 10);
  if (*end != '\0')
    return FALSE;
  d = g_ascii_strtoll (plus + 1, &end, 10);
  if (end == plus + 1 || *end != '\0')
    return FALSE;
  if (w < 0 || w > 45 || d < 0 || d > 6)
    return FALSE;
  *days = (int) (w * 7 + d);
  return TRUE;
}

/* ---- loading: reasons and thresholds ----------------------------------------------------- */

static gboolean
load_reasons (MuyingRuleSet  *self,
              MuyingProgram   program,
              GKeyFile       *kf,
              GError        **error)
{
  const char *file = program_files[program];
  const char **codes = program_codes[program];
  g_auto(GStrv) groups = g_key_file_get_groups (kf, NULL);
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; codes[i] != NULL; i++)
    {
      g_autofree char *group = g_strconcat (REASON_GROUP_PREFIX, codes[i], NULL);
      g_autofree char *level_text = NULL;
      g_autoptr(GError) local_error = NULL;
      Reason *reason;

      if (!g_key_file_has_group (kf, group))
        {
          g_set_error (error, MUYING_RULES_ERROR, MUYING_RULES_ERROR_INVALID,
                       _("The rule file %s does not define reason %s"), file, codes[i]);
          g_ptr_array_unref (list);
          return FALSE;
        }

      reason = g_new0 (Reason, 1);
      reason->code = g_strdup (codes[i]);
      reason->program = program;
      reason->own_deadline = -1;
      g_hash_table_insert (self->reasons, reason->code, reason);
      g_ptr_array_add (list, g_strdup (codes[i]));

      level_text = g_key_file_get_string (kf, group, "level", NULL);
      if (level_text == NULL || !muying_level_from_string (g_strstrip (level_text), &reason->level))
        {
          set_invalid (error, file, group, "level", _("use low, intermediate or high"));
          g_ptr_array_unref (list);
          return FALSE;
        }
      if (g_key_file_has_key (kf, group, "deadline_days", NULL) &&
          !read_int (kf, file, group, "deadline_days", 0, &reason->own_deadline, error))
        {
          g_ptr_array_unref (list);
          return FALSE;
        }
      /* The untranslated (English) texts are required; translations are optional. */
      if (!g_key_file_has_key (kf, group, "label", NULL) || !g_key_file_has_key (kf, group, "next_step", NULL))
        {
          set_invalid (error, file, group, NULL, _("every reason needs a label and a next_step"));
          g_ptr_array_unref (list);
          return FALSE;
        }
      reason->label = g_key_file_get_locale_string (kf, group, "label", self->label_locale, &local_error);
      if (reason->label == NULL)
        {
          set_invalid (error, file, group, "label", local_error->message);
          g_ptr_array_unref (list);
          return FALSE;
        }
      reason->next_step = g_key_file_get_locale_string (kf, group, "next_step", self->label_locale,
                                                        &local_error);
      if (reason->next_step == NULL)
        {
          set_invalid (error, file, group, "next_step", local_error->message);
          g_ptr_array_unref (list);
          return FALSE;
        }
    }

  /* A reason group that names no known code is a typo: refuse it rather than ignore it. */
  for (guint i = 0; groups[i] != NULL; i++)
    {
      if (g_str_has_prefix (groups[i], REASON_GROUP_PREFIX) &&
          !g_strv_contains (codes, groups[i] + strlen (REASON_GROUP_PREFIX)))
        {
          g_set_error (error, MUYING_RULES_ERROR, MUYING_RULES_ERROR_INVALID,
                       _("The rule file %s defines an unknown reason code %s"),
                       file, groups[i] + strlen (REASON_GROUP_PREFIX));
          g_ptr_array_unref (list);
          return FALSE;
        }
    }

  g_ptr_array_sort (list, compare_strings);
  g_ptr_array_add (list, NULL);
  self->codes[program] = (char **) g_ptr_array_free (list, FALSE);
  return TRUE;
}

static gboolean
load_ruleset_file (MuyingRuleSet  *self,
                   const char     *rules_dir,
                   GError        **error)
{
  g_autoptr(GKeyFile) kf = load_key_file (rules_dir, "ruleset.ini", error);
  static const char *level_keys[] = { "low", "intermediate", "high" };

  if (kf == NULL)
    return FALSE;

  self->version = g_key_file_get_string (kf, "ruleset", "version", NULL);
  if (self->version != NULL)
    g_strstrip (self->version);
  if (self->version == NULL || *self->version == '\0')
    {
      set_invalid (error, "ruleset.ini", "ruleset", "version", _("a version string is required"));
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (level_keys); i++)
    {
      if (i == MUYING_LEVEL_LOW && !g_key_file_has_key (kf, "deadlines", "low", NULL))
        {
          self->level_deadline[i] = 0;
          continue;
        }
      if (!read_int (kf, "ruleset.ini", "deadlines", level_keys[i], 0, &self->level_deadline[i], error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_prenatal (MuyingRuleSet  *self,
               GKeyFile       *kf,
               GError        **error)
{
  const char *file = "prenatal.ini";

  if (!read_int (kf, file, "prenatal", "t21_high_max", 1, &self->t21_high_max, error) ||
      !read_int (kf, file, "prenatal", "t21_borderline_max", 1, &self->t21_borderline_max, error) ||
      !read_int (kf, file, "prenatal", "t18_high_max", 1, &self->t18_high_max, error) ||
      !read_double (kf, file, "prenatal", "afp_mom_high_min", &self->afp_mom_high_min, error) ||
      !read_double (kf, file, "prenatal", "nt_mm_high_min", &self->nt_mm_high_min, error) ||
      !read_int (kf, file, "prenatal", "ama_age_min", 1, &self->ama_age_min, error))
    return FALSE;
  if (self->t21_borderline_max < self->t21_high_max)
    {
      set_invalid (error, file, "prenatal", "t21_borderline_max",
                   _("must not be smaller than t21_high_max"));
      return FALSE;
    }

  for (int t = 0; t < MUYING_N_PRENATAL_TESTS; t++)
    {
      const char *key = muying_prenatal_test_to_string ((MuyingPrenatalTest) t);
      g_auto(GStrv) ends = g_key_file_get_string_list (kf, "windows", key, NULL, NULL);

      if (ends == NULL || g_strv_length (ends) != 2 ||
          !parse_weeks_days (ends[0], &self->window_first[t]) ||
          !parse_weeks_days (ends[1], &self->window_last[t]) ||
          self->window_first[t] > self->window_last[t])
        {
          set_invalid (error, file, "windows", key,
                       _("give the first and last week+day, e.g. 9+0;13+6"));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
load_newborn (MuyingRuleSet  *self,
              GKeyFile       *kf,
              GError        **error)
{
  const char *file = "newborn.ini";
  g_auto(GStrv) genes = NULL;

  self->mitochondrial_genes = g_key_file_get_string_list (kf, "newborn", "mitochondrial_genes", NULL, NULL);
  if (self->mitochondrial_genes == NULL)
    self->mitochondrial_genes = g_new0 (char *, 1);
  for (guint i = 0; self->mitochondrial_genes[i] != NULL; i++)
    g_strstrip (self->mitochondrial_genes[i]);

  genes = g_key_file_get_keys (kf, "biallelic_codes", NULL, NULL);
  for (guint i = 0; genes != NULL && genes[i] != NULL; i++)
    {
      g_autofree char *code = g_key_file_get_string (kf, "biallelic_codes", genes[i], NULL);
      Reason *reason;

      if (code != NULL)
        g_strstrip (code);
      reason = code ? g_hash_table_lookup (self->reasons, code) : NULL;
      if (reason == NULL || reason->program != MUYING_PROGRAM_NEWBORN || strcmp (code, MT_CODE) == 0)
        {
          set_invalid (error, file, "biallelic_codes", genes[i], _("not a newborn biallelic reason code"));
          return FALSE;
        }
      g_hash_table_insert (self->biallelic_codes, fold_name (genes[i]), g_strdup (reason->code));
    }
  return TRUE;
}

static gboolean
load_two_cancer (MuyingRuleSet  *self,
                 GKeyFile       *kf,
                 GError        **error)
{
  const char *file = "two_cancer.ini";

  if (!read_int (kf, file, "two_cancer", "age_min", 0, &self->age_min, error) ||
      !read_int (kf, file, "two_cancer", "age_max", 0, &self->age_max, error))
    return FALSE;
  if (self->age_max < self->age_min)
    {
      set_invalid (error, file, "two_cancer", "age_max", _("must not be smaller than age_min"));
      return FALSE;
    }
  return TRUE;
}

/* ---- loading: aliases and panels --------------------------------------------------------- */

static GHashTable *
ensure_alias_group (MuyingRuleSet *self,
                    const char    *group)
{
  GHashTable *table = g_hash_table_lookup (self->aliases, group);

  if (table == NULL)
    {
      table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_insert (self->aliases, g_strdup (group), table);
    }
  return table;
}

static gboolean
add_alias (GHashTable  *table,
           const char  *file,
           const char  *group,
           const char  *canonical,
           const char  *alias,
           GError     **error)
{
  g_autofree char *key = fold_alias (alias);
  const char *existing;

  if (key == NULL)
    return TRUE;          /* empty or punctuation only: nothing to match */
  existing = g_hash_table_lookup (table, key);
  if (existing != NULL && strcmp (existing, canonical) != 0)
    {
      g_autofree char *detail = g_strdup_printf (_("“%s” would mean both %s and %s"),
                                                 alias, existing, canonical);
      set_invalid (error, file, group, canonical, detail);
      return FALSE;
    }
  g_hash_table_insert (table, g_steal_pointer (&key), g_strdup (canonical));
  return TRUE;
}

static gboolean
load_aliases (MuyingRuleSet  *self,
              const char     *rules_dir,
              GError        **error)
{
  const char *file = "aliases.ini";
  g_autoptr(GKeyFile) kf = load_key_file (rules_dir, file, error);
  g_auto(GStrv) groups = NULL;

  if (kf == NULL)
    return FALSE;

  groups = g_key_file_get_groups (kf, NULL);
  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (kf, groups[g], NULL, NULL);

      if (strcmp (groups[g], "field_groups") == 0)
        {
          for (guint k = 0; keys != NULL && keys[k] != NULL; k++)
            {
              g_autofree char *target = g_key_file_get_string (kf, groups[g], keys[k], NULL);

              if (target != NULL)
                g_hash_table_insert (self->field_groups, g_strdup (keys[k]),
                                     g_strdup (g_strstrip (target)));
            }
          continue;
        }

      for (guint k = 0; keys != NULL && keys[k] != NULL; k++)
        {
          GHashTable *table = ensure_alias_group (self, groups[g]);
          g_auto(GStrv) values = g_key_file_get_string_list (kf, groups[g], keys[k], NULL, NULL);

          if (!add_alias (table, file, groups[g], keys[k], keys[k], error))
            return FALSE;
          for (guint v = 0; values != NULL && values[v] != NULL; v++)
            if (!add_alias (table, file, groups[g], keys[k], values[v], error))
              return FALSE;
        }
    }
  return TRUE;
}

static gboolean
add_locus_name (Panel       *panel,
                const char  *file,
                const char  *group,
                const char  *file_key,
                Locus       *locus,
                const char  *folded_gene,
                const char  *name,
                GError     **error)
{
  g_autofree char *folded = fold_name (name);
  g_autofree char *key = NULL;
  Locus *existing;

  if (folded == NULL)
    return TRUE;
  key = locus_key (folded_gene, folded);
  existing = g_hash_table_lookup (panel->index, key);
  if (existing != NULL && existing != locus)
    {
      g_autofree char *detail = g_strdup_printf (_("“%s” would mean both %s and %s"),
                                                 name, existing->hgvs, locus->hgvs);
      set_invalid (error, file, group, file_key, detail);
      return FALSE;
    }
  g_hash_table_insert (panel->index, g_steal_pointer (&key), locus);
  return TRUE;
}

/* A name and, when it has a reference prefix ("c.", "m.", "p."), the name without it: reports
 * print "235delC" and "R180X" as often as "c.235delC" and "p.R180X". */
static gboolean
add_locus_name_and_bare (Panel       *panel,
                         const char  *file,
                         const char  *group,
                         const char  *file_key,
                         Locus       *locus,
                         const char  *folded_gene,
                         const char  *name,
                         GError     **error)
{
  if (!add_locus_name (panel, file, group, file_key, locus, folded_gene, name, error))
    return FALSE;
  if (strlen (name) > 2 && name[1] == '.' && g_ascii_isalpha (name[0]) &&
      !add_locus_name (panel, file, group, file_key, locus, folded_gene, name + 2, error))
    return FALSE;
  return TRUE;
}

static gboolean
gene_is_mitochondrial (MuyingRuleSet *self,
                       const char    *gene)
{
  for (guint i = 0; self->mitochondrial_genes[i] != NULL; i++)
    if (g_ascii_strcasecmp (self->mitochondrial_genes[i], gene) == 0)
      return TRUE;
  return FALSE;
}

static Panel *
load_panel (MuyingRuleSet  *self,
            const char     *dir,
            const char     *file,
            GError        **error)
{
  g_autoptr(GKeyFile) kf = load_key_file (dir, file, error);
  g_auto(GStrv) groups = NULL;
  g_auto(GStrv) aliases = NULL;
  GHashTable *panel_aliases;
  Panel *panel;

  if (kf == NULL)
    return NULL;
  if (!g_key_file_has_group (kf, PANEL_GROUP))
    {
      set_invalid (error, file, PANEL_GROUP, NULL, _("the [panel] group is missing"));
      return NULL;
    }

  panel = g_new0 (Panel, 1);
  panel->id = g_strndup (file, strlen (file) - strlen (".ini"));
  panel->name = g_key_file_get_locale_string (kf, PANEL_GROUP, "name", self->label_locale, NULL);
  if (panel->name == NULL)
    panel->name = g_strdup (panel->id);
  panel->loci = g_ptr_array_new_with_free_func ((GDestroyNotify) locus_free);
  panel->genes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  panel->index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* The panel id and its aliases ("9位点") are import values of the column "panel". */
  panel_aliases = ensure_alias_group (self, "panel");
  if (!add_alias (panel_aliases, file, PANEL_GROUP, panel->id, panel->id, error))
    goto fail;
  aliases = g_key_file_get_string_list (kf, PANEL_GROUP, "aliases", NULL, NULL);
  for (guint i = 0; aliases != NULL && aliases[i] != NULL; i++)
    if (!add_alias (panel_aliases, file, PANEL_GROUP, panel->id, aliases[i], error))
      goto fail;

  groups = g_key_file_get_groups (kf, NULL);
  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_autofree char *folded_gene = NULL;
      static const char * const name_keys[] = { "legacy", "aliases" };
      Locus *locus;

      if (strcmp (groups[g], PANEL_GROUP) == 0)
        continue;

      locus = g_new0 (Locus, 1);
      locus->gene = g_key_file_get_string (kf, groups[g], "gene", NULL);
      locus->hgvs = g_key_file_get_string (kf, groups[g], "hgvs", NULL);
      locus->names = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (panel->loci, locus);
      if (locus->gene == NULL || locus->hgvs == NULL)
        {
          set_invalid (error, file, groups[g], NULL, _("a locus needs gene and hgvs"));
          goto fail;
        }
      g_strstrip (locus->gene);
      g_strstrip (locus->hgvs);
      folded_gene = fold_name (locus->gene);
      if (folded_gene == NULL || *locus->hgvs == '\0')
        {
          set_invalid (error, file, groups[g], NULL, _("a locus needs gene and hgvs"));
          goto fail;
        }
      /* Every gene must mean something to the newborn rules. */
      if (!gene_is_mitochondrial (self, locus->gene) &&
          !g_hash_table_contains (self->biallelic_codes, folded_gene))
        {
          set_invalid (error, file, groups[g], "gene",
                       _("the gene is neither mitochondrial nor listed in newborn.ini [biallelic_codes]"));
          goto fail;
        }
      g_hash_table_insert (panel->genes, g_strdup (folded_gene), g_strdup (locus->gene));

      /* "c.235delC" is also accepted as "235delC", "m.1555A>G" as "1555A>G". */
      if (!add_locus_name_and_bare (panel, file, groups[g], "hgvs", locus, folded_gene, locus->hgvs, error))
        goto fail;
      for (guint k = 0; k < G_N_ELEMENTS (name_keys); k++)
        {
          g_auto(GStrv) names = g_key_file_get_string_list (kf, groups[g], name_keys[k], NULL, NULL);

          for (guint i = 0; names != NULL && names[i] != NULL; i++)
            {
              g_strstrip (names[i]);
              if (*names[i] == '\0')
                continue;
              if (!add_locus_name_and_bare (panel, file, groups[g], name_keys[k], locus, folded_gene, names[i],
                                            error))
                goto fail;
              g_ptr_array_add (locus->names, g_strdup (names[i]));
            }
        }
    }

  if (panel->loci->len == 0)
    {
      set_invalid (error, file, PANEL_GROUP, NULL, _("the panel lists no locus"));
      goto fail;
    }
  return panel;

fail:
  panel_free (panel);
  return NULL;
}

static gboolean
load_panels (MuyingRuleSet  *self,
             const char     *dir,
             GError        **error)
{
  g_autoptr(GDir) gdir = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  const char *name;

  gdir = g_dir_open (dir, 0, &local_error);
  if (gdir == NULL)
    {
      g_set_error (error, MUYING_RULES_ERROR, MUYING_RULES_ERROR_LOAD,
                   _("Cannot read the gene panels in %s: %s"), dir, local_error->message);
      return FALSE;
    }
  while ((name = g_dir_read_name (gdir)) != NULL)
    {
      Panel *panel;

      if (!g_str_has_suffix (name, ".ini") || strlen (name) <= strlen (".ini"))
        continue;
      panel = load_panel (self, dir, name, error);
      if (panel == NULL)
        return FALSE;
      g_hash_table_insert (self->panels, panel->id, panel);
      g_ptr_array_add (ids, g_strdup (panel->id));
    }
  if (ids->len == 0)
    {
      g_set_error (error, MUYING_RULES_ERROR, MUYING_RULES_ERROR_LOAD,
                   _("No gene panel found in %s"), dir);
      return FALSE;
    }
  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);
  self->panel_ids = (char **) g_ptr_array_steal (ids, NULL);
  return TRUE;
}

static gboolean
load_all (MuyingRuleSet  *self,
          GError        **error)
{
  g_autofree char *rules_dir = g_build_filename (self->data_dir, "rules", NULL);
  g_autofree char *panels_dir = g_build_filename (self->data_dir, "panels", NULL);

  if (!load_ruleset_file (self, rules_dir, error))
    return FALSE;

  for (int p = 0; p < MUYING_N_PROGRAMS; p++)
    {
      self->rule_files[p] = load_key_file (rules_dir, program_files[p], error);
      if (self->rule_files[p] == NULL ||
          !load_reasons (self, (MuyingProgram) p, self->rule_files[p], error))
        return FALSE;
    }
  if (!load_prenatal (self, self->rule_files[MUYING_PROGRAM_PRENATAL], error) ||
      !load_newborn (self, self->rule_files[MUYING_PROGRAM_NEWBORN], error) ||
      !load_two_cancer (self, self->rule_files[MUYING_PROGRAM_TWO_CANCER], error) ||
      !load_aliases (self, rules_dir, error) ||
      !load_panels (self, panels_dir, error))
    return FALSE;
  return TRUE;
}

/* ---- classification helpers -------------------------------------------------------------- */

static void
add_reason (MuyingRuleSet        *self,
            MuyingClassification *classification,
            const char           *code)
{
  Reason *reason = g_hash_table_lookup (self->reasons, code);
  int deadline;

  g_assert (reason != NULL);

  /* docs/rules.md: the level's default deadline, or the reason's own if sooner. */
  deadline = self->level_deadline[reason->level];
  if (reason->own_deadline >= 0)
    deadline = MIN (deadline, reason->own_deadline);
  muying_classification_add (classification, code, reason->level, deadline);
}

static gboolean
is_serum_test (MuyingPrenatalTest test)
{
  return test == MUYING_PRENATAL_TEST_EARLY_COMBINED || test == MUYING_PRENATAL_TEST_MID_DOUBLE ||
         test == MUYING_PRENATAL_TEST_MID_TRIPLE || test == MUYING_PRENATAL_TEST_MID_QUAD;
}

static gboolean
is_mid_trimester_serum_test (MuyingPrenatalTest test)
{
  return test == MUYING_PRENATAL_TEST_MID_DOUBLE || test == MUYING_PRENATAL_TEST_MID_TRIPLE ||
         test == MUYING_PRENATAL_TEST_MID_QUAD;
}

/* An ear's rescreen result, when the rescreen gave one (pass or refer). */
static gboolean
rescreened (MuyingHearing rescreen)
{
  return rescreen == MUYING_HEARING_PASS || rescreen == MUYING_HEARING_REFER;
}

/* docs/rules.md: the hearing status of an ear is its rescreen result when there is one, else its
 * initial result. */
static MuyingHearing
ear_status (MuyingHearing initial,
            MuyingHearing rescreen)
{
  return rescreened (rescreen) ? rescreen : initial;
}

/* "≥ ASC-US": ASC-US, ASC-H, LSIL, HSIL, SCC, AGC, AIS, ADC. */
static gboolean
cytology_abnormal (MuyingCytology cytology)
{
  return cytology >= MUYING_CYTOLOGY_ASC_US && cytology <= MUYING_CYTOLOGY_ADC;
}

/* docs/rules.md: a reason that reads "BI-RADS x" holds when either side is x. The single column
 * is the worse side, so it is one of the three values to look at, not the only one: with the
 * left breast 3 and the right 0 it reads 0, and the left still gives the BI-RADS 3 reason. */
typedef struct
{
  MuyingBirads single;
  MuyingBirads left;
  MuyingBirads right;
} Exam;

static gboolean
exam_has (const Exam   *exam,
          MuyingBirads  value)
{
  return exam->single == value || exam->left == value || exam->right == value;
}

static gboolean
exam_done (const Exam *exam)
{
  return exam->single != MUYING_BIRADS_NOT_RECORDED || exam->left != MUYING_BIRADS_NOT_RECORDED ||
         exam->right != MUYING_BIRADS_NOT_RECORDED;
}

/* BI-RADS 4 (4A, 4B, 4C) or 5 on either side. */
static gboolean
exam_suspicious (const Exam *exam)
{
  return exam_has (exam, MUYING_BIRADS_4A) || exam_has (exam, MUYING_BIRADS_4B) ||
         exam_has (exam, MUYING_BIRADS_4C) || exam_has (exam, MUYING_BIRADS_5);
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
muying_rule_set_finalize (GObject *object)
{
  MuyingRuleSet *self = MUYING_RULE_SET (object);

  g_free (self->data_dir);
  g_free (self->version);
  for (int p = 0; p < MUYING_N_PROGRAMS; p++)
    {
      g_clear_pointer (&self->rule_files[p], g_key_file_unref);
      g_clear_pointer (&self->codes[p], g_strfreev);
    }
  g_clear_pointer (&self->reasons, g_hash_table_unref);
  g_clear_pointer (&self->mitochondrial_genes, g_strfreev);
  g_clear_pointer (&self->biallelic_codes, g_hash_table_unref);
  g_clear_pointer (&self->field_groups, g_hash_table_unref);
  g_clear_pointer (&self->aliases, g_hash_table_unref);
  g_clear_pointer (&self->panels, g_hash_table_unref);
  g_clear_pointer (&self->panel_ids, g_strfreev);

  G_OBJECT_CLASS (muying_rule_set_parent_class)->finalize (object);
}

static void
muying_rule_set_class_init (MuyingRuleSetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = muying_rule_set_finalize;
}

static void
muying_rule_set_init (MuyingRuleSet *self)
{
  self->reasons = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) reason_free);
  self->biallelic_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->field_groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->aliases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_hash_table_unref);
  self->panels = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) panel_free);
}

/* ---- public API -------------------------------------------------------------------------- */

/**
 * muying_rule_set_new_from_dir:
 * @data_dir: a directory holding rules/ (ruleset.ini, prenatal.ini, newborn.ini, two_cancer.ini,
 *   aliases.ini) and panels/ (one *.ini per gene panel)
 *
 * Labels and next steps are read in the user's language at this point (Chinese unless the
 * language list selects English or Chinese; see choose_label_locale()).
 */
MuyingRuleSet *
muying_rule_set_new_from_dir (const char  *data_dir,
                              GError     **error)
{
  g_autoptr(MuyingRuleSet) self = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (MUYING_TYPE_RULE_SET, NULL);
  self->data_dir = g_strdup (data_dir);
  self->label_locale = choose_label_locale ();
  if (!load_all (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

MuyingRuleSet *
muying_rule_set_new_default (GError **error)
{
  return muying_rule_set_new_from_dir (muying_paths_data_dir (), error);
}

const char *
muying_rule_set_get_version (MuyingRuleSet *self)
{
  g_return_val_if_fail (MUYING_IS_RULE_SET (self), NULL);
  return self->version;
}

const char *
muying_rule_set_get_data_dir (MuyingRuleSet *self)
{
  g_return_val_if_fail (MUYING_IS_RULE_SET (self), NULL);
  return self->data_dir;
}

MuyingClassification *
muying_rule_set_classify_prenatal (MuyingRuleSet              *self,
                                   const MuyingPrenatalRecord *record)
{
  MuyingClassification *c;
  MuyingPrenatalTest test;

  g_return_val_if_fail (MUYING_IS_RULE_SET (self), NULL);
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (record->test_type < MUYING_N_PRENATAL_TESTS, NULL);

  c = muying_classification_new (self->version);
  test = record->test_type;

  if (is_serum_test (test))
    {
      /* 0 = not reported: never low risk, never high. */
      if (record->t21_risk > 0 && record->t21_risk <= self->t21_high_max)
        add_reason (self, c, "T21_HIGH");
      else if (record->t21_risk > self->t21_high_max && record->t21_risk <= self->t21_borderline_max)
        add_reason (self, c, "T21_BORDERLINE");
      if (record->t18_risk > 0 && record->t18_risk <= self->t18_high_max)
        add_reason (self, c, "T18_HIGH");
    }
  /* Rule set 2026.2: an NIPT row may carry the AFP of a separate mid-trimester test; it screens
   * for open neural tube defects as the serum tests' AFP does. */
  if ((is_mid_trimester_serum_test (test) || test == MUYING_PRENATAL_TEST_NIPT) && !isnan (record->afp_mom) &&
      record->afp_mom >= self->afp_mom_high_min)
    add_reason (self, c, "ONTD_HIGH");
  if (test == MUYING_PRENATAL_TEST_EARLY_COMBINED && !isnan (record->nt_mm) &&
      record->nt_mm >= self->nt_mm_high_min)
    add_reason (self, c, "NT_THICK");

  if (test == MUYING_PRENATAL_TEST_NIPT)
    {
      if (record->nipt_t21 == MUYING_NIPT_CALL_HIGH)
        add_reason (self, c, "NIPT_HIGH_T21");
      if (record->nipt_t18 == MUYING_NIPT_CALL_HIGH)
        add_reason (self, c, "NIPT_HIGH_T18");
      if (record->nipt_t13 == MUYING_NIPT_CALL_HIGH)
        add_reason (self, c, "NIPT_HIGH_T13");
      if (record->nipt_sca == MUYING_NIPT_SCA_DETECTED)
        add_reason (self, c, "NIPT_SCA");
      if (record->nipt_status == MUYING_NIPT_STATUS_FAIL)
        add_reason (self, c, "NIPT_REDRAW");
      /* What NIPT cannot rely on (the cell-free DNA is not only this one fetus's) ... */
      if (record->pregnancy_type == MUYING_PREGNANCY_TYPE_TWINS ||
          record->pregnancy_type == MUYING_PREGNANCY_TYPE_HIGHER || record->ivf == MUYING_YES ||
          record->transfusion_12m == MUYING_YES || record->us_anomaly == MUYING_YES)
        add_reason (self, c, "NIPT_LIMITED");
      /* ... and what it does not screen: without an AFP, nobody has assessed the NTD risk. */
      if (isnan (record->afp_mom))
        add_reason (self, c, "NTD_ASSESS");
    }

  /* Age at EDD, completed years; a birthday on the EDD counts. Without a given EDD:
   * EDD = sample date + (280 − GA at sampling). */
  if (g_date_valid (&record->birth_date))
    {
      GDate edd = record->edd;

      if (!g_date_valid (&edd) && g_date_valid (&record->sample_date))
        muying_date_edd_from_ga (&record->sample_date, record->ga_days, &edd);
      if (g_date_valid (&edd) && muying_date_age_on (&record->birth_date, &edd) >= self->ama_age_min)
        add_reason (self, c, "AMA");
    }

  if (record->ga_days < self->window_first[test] || record->ga_days > self->window_last[test])
    add_reason (self, c, "GA_OUT_OF_WINDOW");

  muying_classification_finish (c, &record->sample_date);
  return c;
}

MuyingClassification *
muying_rule_set_classify_newborn (MuyingRuleSet             *self,
                                  const MuyingNewbornRecord *record)
{
  MuyingClassification *c;
  g_autoptr(GHashTable) alleles = NULL;    /* folded nuclear gene -> allele count */
  GHashTableIter iter;
  gpointer key, value;
  guint n_biallelic = 0, n_single = 0;
  gboolean any_rescreen, initial_refer, nicu;
  MuyingHearing left, right;

  g_return_val_if_fail (MUYING_IS_RULE_SET (self), NULL);
  g_return_val_if_fail (record != NULL, NULL);

  c = muying_classification_new (self->version);
  alleles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* No panel is no gene test: no gene reason, whatever the list holds. */
  for (guint i = 0; record->panel != NULL && *record->panel != '\0' && record->variants != NULL &&
                    i < record->variants->len; i++)
    {
      const MuyingVariant *v = g_ptr_array_index (record->variants, i);
      g_autofree char *gene = NULL;
      int count;

      if (v->gene == NULL)
        continue;
      if (gene_is_mitochondrial (self, v->gene))
        {
          /* Homo- or heteroplasmic alike. */
          add_reason (self, c, MT_CODE);
          continue;
        }
      /* Nuclear gene: 2 per hom, 1 per het. (Validation rejects plasmy words on nuclear
       * genes; if one slips through, homoplasmic counts as hom and heteroplasmic as het.) */
      gene = fold_name (v->gene);
      if (gene == NULL)
        continue;
      count = GPOINTER_TO_INT (g_hash_table_lookup (alleles, gene));
      count += (v->zygosity == MUYING_ZYGOSITY_HOM || v->zygosity == MUYING_ZYGOSITY_HOMOPLASMIC) ? 2 : 1;
      g_hash_table_insert (alleles, g_steal_pointer (&gene), GINT_TO_POINTER (count));
    }

  g_hash_table_iter_init (&iter, alleles);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      int count = GPOINTER_TO_INT (value);

      if (count >= 2)
        {
          const char *code = g_hash_table_lookup (self->biallelic_codes, key);

          n_biallelic++;
          if (code != NULL)
            add_reason (self, c, code);
        }
      else if (count == 1)
        n_single++;
    }
  /* CARRIER and DOUBLE_HET only when no gene is biallelic. */
  if (n_biallelic == 0)
    {
      if (n_single >= 2)
        add_reason (self, c, "DOUBLE_HET");
      else if (n_single == 1)
        add_reason (self, c, "CARRIER");
    }

  any_rescreen = rescreened (record->rescreen_left) || rescreened (record->rescreen_right);
  left = ear_status (record->hearing_left, record->rescreen_left);
  right = ear_status (record->hearing_right, record->rescreen_right);

  initial_refer = record->hearing_left == MUYING_HEARING_REFER || record->hearing_right == MUYING_HEARING_REFER;
  nicu = record->nicu == MUYING_YES;

  if (any_rescreen && (left == MUYING_HEARING_REFER || right == MUYING_HEARING_REFER))
    add_reason (self, c, "HEARING_REFER");
  /* Rule set 2026.2: a NICU newborn whose initial screen is not passed goes straight to diagnosis,
   * without a rescreen (auditory neuropathy is common among them). */
  if (nicu && initial_refer)
    add_reason (self, c, "HEARING_REFER");
  else if (!any_rescreen && initial_refer)
    add_reason (self, c, "RESCREEN_DUE");
  /* OAE alone misses auditory neuropathy: a NICU newborn is screened with AABR. */
  if (nicu && record->hearing_method != MUYING_HEARING_METHOD_AABR &&
      record->hearing_method != MUYING_HEARING_METHOD_BOTH)
    add_reason (self, c, "NICU_AABR");
  /* Initial screen not done in an ear that has no rescreen result either: an ear screened
   * later (at the 42-day rescreen) has been screened. */
  if (left == MUYING_HEARING_NOT_DONE || right == MUYING_HEARING_NOT_DONE)
    add_reason (self, c, "HEARING_NOT_SCREENED");

  /* The newborn's record date is the birth date: RESCREEN_DUE at 42 days of age etc. */
  muying_classification_finish (c, &record->birth_date);
  return c;
}

MuyingClassification *
muying_rule_set_classify_two_cancer (MuyingRuleSet               *self,
                                     const MuyingTwoCancerRecord *record)
{
  MuyingClassification *c;
  gboolean hpv_pos, hpv_16_18, hpv_other_only;
  MuyingCytology cyto;
  Exam us, mammo;

  g_return_val_if_fail (MUYING_IS_RULE_SET (self), NULL);
  g_return_val_if_fail (record != NULL, NULL);

  c = muying_classification_new (self->version);
  cyto = record->cytology;

  /* ---- cervical track ---- */
  hpv_pos = record->hpv == MUYING_HPV_POSITIVE;
  hpv_16_18 = hpv_pos && (record->hpv_types & MUYING_HPV_TYPES_16_18) != 0;
  /* Other high-risk types only; positive without types (untyped) counts here. */
  hpv_other_only = hpv_pos && !hpv_16_18;

  if (hpv_16_18)
    add_reason (self, c, "HPV16_18");
  if (hpv_other_only)
    {
      if (cytology_abnormal (cyto))
        add_reason (self, c, "HPV_OTHER_CYTO_ABNORMAL");
      else if (cyto == MUYING_CYTOLOGY_NOT_RECORDED || cyto == MUYING_CYTOLOGY_UNSAT)
        add_reason (self, c, "HPV_OTHER_TRIAGE");
      else if (cyto == MUYING_CYTOLOGY_NILM)
        add_reason (self, c, "HPV_OTHER_REPEAT");
    }
  if (cyto == MUYING_CYTOLOGY_ASC_US && record->hpv == MUYING_HPV_NEGATIVE)
    add_reason (self, c, "CYTO_ASCUS_HPV_NEG");
  else if (cytology_abnormal (cyto))
    add_reason (self, c, "CYTO_ABNORMAL");
  if (cyto == MUYING_CYTOLOGY_UNSAT)
    add_reason (self, c, "CYTO_UNSATISFACTORY");
  if (record->via_vili == MUYING_EXAM_ABNORMAL)
    add_reason (self, c, "VIA_VILI_ABNORMAL");
  if (record->colposcopy == MUYING_EXAM_ABNORMAL)
    add_reason (self, c, "COLPOSCOPY_ABNORMAL");
  /* A lesion seen with the naked eye goes to colposcopy and biopsy whatever the tests say. */
  if (record->visible_lesion == MUYING_YES)
    add_reason (self, c, "VISIBLE_LESION");
  switch (record->cervical_histology)
    {
    case MUYING_CERVICAL_HISTOLOGY_CIN1:
      add_reason (self, c, "CIN1");
      break;
    case MUYING_CERVICAL_HISTOLOGY_CIN2:
    case MUYING_CERVICAL_HISTOLOGY_CIN3:
    case MUYING_CERVICAL_HISTOLOGY_AIS:
      add_reason (self, c, "CERVICAL_PRECANCER");
      break;
    case MUYING_CERVICAL_HISTOLOGY_MICRO_INVASIVE:
    case MUYING_CERVICAL_HISTOLOGY_INVASIVE:
      add_reason (self, c, "CERVICAL_CANCER");
      break;
    case MUYING_CERVICAL_HISTOLOGY_NOT_RECORDED:
    case MUYING_CERVICAL_HISTOLOGY_NEGATIVE:
    default:
      break;
    }

  /* ---- breast track ---- */
  us = (Exam) { record->us_birads, record->us_birads_left, record->us_birads_right };
  mammo = (Exam) { record->mammo_birads, record->mammo_birads_left, record->mammo_birads_right };
  if (record->cbe == MUYING_EXAM_ABNORMAL && !exam_done (&us))
    add_reason (self, c, "CBE_ABNORMAL_NO_IMAGING");
  if ((exam_has (&us, MUYING_BIRADS_0) || exam_has (&us, MUYING_BIRADS_3)) && !exam_done (&mammo))
    add_reason (self, c, "US_RECALL");
  /* Rule set 2026.2 splits MAMMO_ASSESS (0 or 3) in two: 0 is an incomplete study, 3 probably benign. */
  if (exam_has (&mammo, MUYING_BIRADS_0))
    add_reason (self, c, "MAMMO_INCOMPLETE");
  if (exam_has (&mammo, MUYING_BIRADS_3))
    add_reason (self, c, "MAMMO_SHORT_INTERVAL");
  if (exam_suspicious (&us) || exam_suspicious (&mammo))
    add_reason (self, c, "BREAST_SUSPICIOUS");
  if (record->breast_pathology == MUYING_BREAST_PATHOLOGY_ATYPICAL_HYPERPLASIA ||
      record->breast_pathology == MUYING_BREAST_PATHOLOGY_LCIS)
    add_reason (self, c, "BREAST_PRECANCER");
  if (exam_has (&us, MUYING_BIRADS_6) || exam_has (&mammo, MUYING_BIRADS_6) ||
      record->breast_pathology == MUYING_BREAST_PATHOLOGY_DCIS ||
      record->breast_pathology == MUYING_BREAST_PATHOLOGY_INVASIVE)
    add_reason (self, c, "BREAST_CANCER");

  /* Women outside the programme's ages may be recorded: a warning, not a reason. */
  if (g_date_valid (&record->birth_date) && g_date_valid (&record->exam_date))
    {
      int age = muying_date_age_on (&record->birth_date, &record->exam_date);

      if (age < self->age_min || age > self->age_max)
        g_ptr_array_add (c->warnings,
                         g_strdup_printf (_("Age %d on the exam date is outside the screening ages %d–%d"),
                                          age, self->age_min, self->age_max));
    }

  muying_classification_finish (c, &record->exam_date);
  return c;
}

const char *
muying_rule_set_get_reason_label (MuyingRuleSet *self,
                                  const char    *code)
{
  Reason *reason;

  g_return_val_if_fail (MUYING_IS_RULE_SET (self), NULL);

  reason = code ? g_hash_table_lookup (self->reasons, code) : NULL;
  return reason ? reason->label : NULL;
}

const char *
muying_rule_set_get_next_step (MuyingRuleSet *self,
                               const char    *code)
{
  Reason *reason;

  g_return_val_if_fail (MUYING_IS_RULE_SET (self), NULL);

  reason = code ? g_hash_table_lookup (self->reasons, code) : NULL;
  return reason ? reason->next_step : NULL;
}

/**
 * muying_rule_set_dup_reason_text:
 * @key: "label" or "next_step"
 * @locale: (nullable): e.g. "zh_CN" (the workbook's register is always Chinese) or "en";
 *   NULL = the user's languages
 *
 * Returns: (transfer full) (nullable): the text, NULL for an unknown code or key.
 */
char *
muying_rule_set_dup_reason_text (MuyingRuleSet *self,
                                 const char    *code,
                                 const char    *key,
                                 const char    *locale)
{
  g_autofree char *group = NULL;
  Reason *reason;

  g_return_val_if_fail (MUYING_IS_RULE_SET (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  reason = code ? g_hash_table_lookup (self->reasons, code) : NULL;
  if (reason == NULL)
    return NULL;
  group = g_strconcat (REASON_GROUP_PREFIX, code, NULL);
  return g_key_file_get_locale_string (self->rule_files[reason->program], group, key, locale, NULL);
}

gboolean
muying_rule_set_get_reason_level (MuyingRuleSet *self,
                                  const char    *code,
                                  MuyingLevel   *level)
{
  Reason *reason;

  g_return_val_if_fail (MUYING_IS_RULE_SET (self), FALSE);

  reason = code ? g_hash_table_lookup (self->reasons, code) : NULL;
  if (reason == NULL)
    return FALSE;
  if (level != NULL)
    *level = reason->level;
  return TRUE;
}

/* The deadline a reason gets (days from the record date): its level's default, or its own if
 * sooner. -1 for an unknown code. */
int
muying_rule_set_get_reason_deadline (MuyingRuleSet *self,
                                     const char    *code)
{
  Reason *reason;
  int deadline;

  g_return_val_if_fail (MUYING_IS_RULE_SET (self), -1);

  reason = code ? g_hash_table_lookup (self->reasons, code) : NULL;
  if (reason == NULL)
    return -1;
  deadline = self->level_deadline[reason->level];
  if (reason->own_deadline >= 0)
    deadline = MIN (deadline, reason->own_deadline);
  return deadline;
}

gboolean
muying_rule_set_get_reason_program (MuyingRuleSet *self,
                                    const char    *code,
                                    MuyingProgram *program)
{
  Reason *reason;

  g_return_val_if_fail (MUYING_IS_RULE_SET (self), FALSE);

  reason = code ? g_hash_table_lookup (self->reasons, code) : NULL;
  if (reason == NULL)
    return FALSE;
  if (program != NULL)
    *program = reason->program;
  return TRUE;
}

const char * const *
muying_rule_set_list_codes (MuyingRuleSet *self,
                            MuyingProgram  program)
{
  g_return_val_if_fail (MUYING_IS_RULE_SET (self), NULL);
  g_return_val_if_fail (program < MUYING_N_PROGRAMS, NULL);

  return (const char * const *) self->codes[program];
}

void
muying_rule_set_get_test_window (MuyingRuleSet      *self,
                                 MuyingPrenatalTest  test,
                                 int                *first_day,
                                 int                *last_day)
{
  g_return_if_fail (MUYING_IS_RULE_SET (self));
  g_return_if_fail (test < MUYING_N_PRENATAL_TESTS);

  if (first_day != NULL)
    *first_day = self->window_first[test];
  if (last_day != NULL)
    *last_day = self->window_last[test];
}

const char *
muying_rule_set_lookup_alias (MuyingRuleSet *self,
                              const char    *field,
                              const char    *text)
{
  const char *group;
  GHashTable *table;
  g_autofree char *key = NULL;

  g_return_val_if_fail (MUYING_IS_RULE_SET (self), NULL);

  if (field == NULL || text == NULL)
    return NULL;
  group = g_hash_table_lookup (self->field_groups, field);
  table = g_hash_table_lookup (self->aliases, group ? group : field);
  if (table == NULL)
    return NULL;
  key = fold_alias (text);
  return key ? g_hash_table_lookup (table, key) : NULL;
}

gboolean
muying_rule_set_has_panel (MuyingRuleSet *self,
                           const char    *panel_id)
{
  g_return_val_if_fail (MUYING_IS_RULE_SET (self), FALSE);

  return panel_id != NULL && g_hash_table_contains (self->panels, panel_id);
}

/* NULL-terminated, sorted; owned by the rule set. */
const char * const *
muying_rule_set_list_panels (MuyingRuleSet *self)
{
  g_return_val_if_fail (MUYING_IS_RULE_SET (self), NULL);

  return (const char * const *) self->panel_ids;
}

/* The panel's name in the user's language; NULL for an unknown panel. */
const char *
muying_rule_set_get_panel_name (MuyingRuleSet *self,
                                const char    *panel_id)
{
  Panel *panel;

  g_return_val_if_fail (MUYING_IS_RULE_SET (self), NULL);

  panel = panel_id ? g_hash_table_lookup (self->panels, panel_id) : NULL;
  return panel ? panel->name : NULL;
}

/**
 * muying_rule_set_resolve_locus:
 * @gene: a gene name or alias ("gjb2", "12S rRNA")
 * @variant: HGVS ("c.235delC"), legacy name ("235delC", "IVS7-2A>G", "A1555G") or alias of the
 *   panel file (current HGVS "c.235del", protein "p.R180X", "p.Arg180Ter")
 * @canonical_gene: (out) (optional): the panel's spelling of the gene ("MT-RNR1")
 * @canonical_variant: (out) (optional): the HGVS name
 *
 * A variant that is not on the record's panel is an error (docs/rules.md).
 */
gboolean
muying_rule_set_resolve_locus (MuyingRuleSet  *self,
                               const char     *panel_id,
                               const char     *gene,
                               const char     *variant,
                               char          **canonical_gene,
                               char          **canonical_variant,
                               GError        **error)
{
  Panel *panel;
  const char *gene_name;
  g_autofree char *folded_gene = NULL;
  g_autofree char *folded_variant = NULL;
  g_autofree char *key = NULL;
  Locus *locus;

  g_return_val_if_fail (MUYING_IS_RULE_SET (self), FALSE);

  panel = panel_id ? g_hash_table_lookup (self->panels, panel_id) : NULL;
  if (panel == NULL)
    {
      g_set_error (error, MUYING_RULES_ERROR, MUYING_RULES_ERROR_INPUT,
                   _("Unknown gene panel “%s”"), panel_id ? panel_id : "");
      return FALSE;
    }

  gene_name = muying_rule_set_lookup_alias (self, "gene", gene);
  if (gene_name == NULL)
    gene_name = gene;
  folded_gene = fold_name (gene_name);
  if (folded_gene == NULL || !g_hash_table_contains (panel->genes, folded_gene))
    {
      g_set_error (error, MUYING_RULES_ERROR, MUYING_RULES_ERROR_INPUT,
                   _("Gene “%s” is not on gene panel %s"), gene ? gene : "", panel->id);
      return FALSE;
    }

  folded_variant = fold_name (variant);
  if (folded_variant != NULL)
    key = locus_key (folded_gene, folded_variant);
  locus = key ? g_hash_table_lookup (panel->index, key) : NULL;
  if (locus == NULL)
    {
      const char *panel_gene = g_hash_table_lookup (panel->genes, folded_gene);
      g_autoptr(GString) known = g_string_new (NULL);

      /* Every spelling the panel accepts, by locus: "c.235delC (235delC, c.235del, …); …". */
      for (guint i = 0; i < panel->loci->len; i++)
        {
          Locus *l = g_ptr_array_index (panel->loci, i);

          if (strcmp (l->gene, panel_gene) != 0)
            continue;
          if (known->len > 0)
            g_string_append (known, "; ");
          g_string_append (known, l->hgvs);
          for (guint n = 0; n < l->names->len; n++)
            g_string_append_printf (known, n == 0 ? " (%s" : ", %s", (const char *) g_ptr_array_index (l->names, n));
          if (l->names->len > 0)
            g_string_append_c (known, ')');
        }
      g_set_error (error, MUYING_RULES_ERROR, MUYING_RULES_ERROR_INPUT,
                   _("Variant “%s” of %s is not on gene panel %s; the spellings of %s accepted on this panel: %s"),
                   variant ? variant : "", panel_gene, panel->id, panel_gene, known->str);
      return FALSE;
    }

  if (canonical_gene != NULL)
    *canonical_gene = g_strdup (locus->gene);
  if (canonical_variant != NULL)
    *canonical_variant = g_strdup (locus->hgvs);
  return TRUE;
}

gboolean
muying_rule_set_resolve_variant (MuyingRuleSet  *self,
                                 const char     *panel_id,
                                 const char     *gene,
                                 const char     *variant,
                                 char          **canonical,
                                 GError        **error)
{
  return muying_rule_set_resolve_locus (self, panel_id, gene, variant, NULL, canonical, error);
}

/* docs/rules.md: het/hom for nuclear genes, homoplasmic/heteroplasmic for mitochondrial ones. */
gboolean
muying_rule_set_check_zygosity (MuyingRuleSet   *self,
                                const char      *gene,
                                MuyingZygosity   zygosity,
                                GError         **error)
{
  gboolean mito, plasmy;

  g_return_val_if_fail (MUYING_IS_RULE_SET (self), FALSE);
  g_return_val_if_fail (gene != NULL, FALSE);

  mito = gene_is_mitochondrial (self, gene);
  plasmy = zygosity == MUYING_ZYGOSITY_HOMOPLASMIC || zygosity == MUYING_ZYGOSITY_HETEROPLASMIC;
  if (mito && !plasmy)
    {
      g_set_error (error, MUYING_RULES_ERROR, MUYING_RULES_ERROR_INPUT,
                   _("Zygosity “%s” does not apply to the mitochondrial gene %s: use homoplasmic or heteroplasmic"),
                   muying_zygosity_to_string (zygosity), gene);
      return FALSE;
    }
  if (!mito && plasmy)
    {
      g_set_error (error, MUYING_RULES_ERROR, MUYING_RULES_ERROR_INPUT,
                   _("Zygosity “%s” does not apply to the nuclear gene %s: use het or hom"),
                   muying_zygosity_to_string (zygosity), gene);
      return FALSE;
    }
  return TRUE;
}
