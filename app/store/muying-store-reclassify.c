/* muying-store-reclassify.c: re-classifying the stored records (muying-store-reclassify.h)
 *
 * The dry run and the apply count with the same function (reclassify_count, reading only); the
 * apply then writes the records it counted, in the same transaction, so it changes exactly what
 * a dry run counted when nothing was saved in between.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "muying-date.h"
#include "muying-error.h"
#include "muying-role.h"
#include "muying-store-action-private.h"
#include "muying-store-reclassify.h"
#include "muying-store-sql.h"
#include "muying-store-users.h"

static void
change_free (MuyingReclassifyChange *change)
{
  g_free (change->code);
  g_free (change);
}

static void
reason_change_free (MuyingReclassifyReasonChange *change)
{
  g_free (change->removed);
  g_free (change->added);
  g_free (change);
}

void
muying_reclassify_summary_free (MuyingReclassifySummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->rules_version);
  g_ptr_array_unref (summary->changes);
  g_ptr_array_unref (summary->versions);
  g_ptr_array_unref (summary->reason_changes);
  g_free (summary);
}

static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const MuyingReclassifyChange *x = *(MuyingReclassifyChange * const *) a;
  const MuyingReclassifyChange *y = *(MuyingReclassifyChange * const *) b;
  int c = g_strcmp0 (x->code, y->code);

  if (c == 0)
    c = (int) x->old_level - (int) y->old_level;
  if (c == 0)
    c = (int) x->new_level - (int) y->new_level;
  return c;
}

static void
count_change (GHashTable  *changes,
              const char  *code,
              MuyingLevel  old_level,
              MuyingLevel  new_level)
{
  g_autofree char *key = g_strdup_printf ("%s\t%d\t%d", code, old_level, new_level);
  MuyingReclassifyChange *change = g_hash_table_lookup (changes, key);

  if (change == NULL)
    {
      change = g_new0 (MuyingReclassifyChange, 1);
      change->code = g_strdup (code);
      change->old_level = old_level;
      change->new_level = new_level;
      g_hash_table_insert (changes, g_steal_pointer (&key), change);
    }
  change->count++;
}

/* Counts a level change under the codes it gained or lost, else under the codes it keeps
 * (their level changed in the rule set). */
static void
count_level_change (GHashTable  *changes,
                    char       **old_codes,
                    char       **new_codes,
                    MuyingLevel  old_level,
                    MuyingLevel  new_level)
{
  gboolean any = FALSE;

  for (guint i = 0; old_codes[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) new_codes, old_codes[i]))
      {
        count_change (changes, old_codes[i], old_level, new_level);
        any = TRUE;
      }
  for (guint i = 0; new_codes[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) old_codes, new_codes[i]))
      {
        count_change (changes, new_codes[i], old_level, new_level);
        any = TRUE;
      }
  if (!any)
    for (guint i = 0; new_codes[i] != NULL; i++)
      count_change (changes, new_codes[i], old_level, new_level);
}

static int
compare_reason_changes (gconstpointer a,
                        gconstpointer b)
{
  const MuyingReclassifyReasonChange *x = *(MuyingReclassifyReasonChange * const *) a;
  const MuyingReclassifyReasonChange *y = *(MuyingReclassifyReasonChange * const *) b;
  int c = g_strcmp0 (x->removed, y->removed);

  return c != 0 ? c : g_strcmp0 (x->added, y->added);
}

/* The codes of @codes that @other lacks, ";"-joined (both sorted, so the result is). */
static char *
codes_not_in (char **codes,
              char **other)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; codes[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) other, codes[i]))
      {
        if (s->len > 0)
          g_string_append_c (s, ';');
        g_string_append (s, codes[i]);
      }
  return g_string_free (s, FALSE);
}

/* Counts a change of reasons at the same level under the codes lost → the codes gained. */
static void
count_reason_change (GHashTable  *changes,
                     char       **old_codes,
                     char       **new_codes)
{
  g_autofree char *removed = codes_not_in (old_codes, new_codes);
  g_autofree char *added = codes_not_in (new_codes, old_codes);
  g_autofree char *key = g_strdup_printf ("%s\t%s", removed, added);
  MuyingReclassifyReasonChange *change = g_hash_table_lookup (changes, key);

  if (change == NULL)
    {
      change = g_new0 (MuyingReclassifyReasonChange, 1);
      change->removed = g_steal_pointer (&removed);
      change->added = g_steal_pointer (&added);
      g_hash_table_insert (changes, g_steal_pointer (&key), change);
    }
  change->count++;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static char **
split_codes (const char *text)
{
  return g_strsplit_set (text != NULL ? text : "", ";", -1);
}

/* Drops the empty strings g_strsplit leaves for "". */
static char **
nonempty (char **codes)
{
  guint j = 0;

  for (guint i = 0; codes[i] != NULL; i++)
    {
      if (codes[i][0] == '\0')
        g_free (codes[i]);
      else
        codes[j++] = codes[i];
    }
  codes[j] = NULL;
  return codes;
}

/* Whether somebody acted on the follow-up: its timeline has a step (as a save asks). */
static gboolean
followup_acted_on (MuyingStore *store,
                   gint64       followup_id,
                   gboolean    *acted_on,
                   GError     **error)
{
  g_autoptr(MuyingSqlCachedStmt) stmt = muying_store_query_cached (store, "SELECT EXISTS (SELECT 1 FROM followup_step "
                                                            "WHERE followup_id = ?)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_int64 (stmt, 1, followup_id);
  if ((rc = muying_sql_step (stmt)) != SQLITE_ROW)
    return muying_store_set_error (store, rc, error);
  *acted_on = muying_sql_column_int (stmt, 0) != 0;
  return TRUE;
}

/* Writes the new classification of one record and its follow-up, and its audit row. */
static gboolean
apply_one (MuyingStore                   *store,
           const char                    *user,
           const MuyingRecordInfo        *r,
           const char                    *old_version,
           MuyingClassification          *cls,
           const MuyingFollowupDeadlines *deadlines,
           const GDate                   *day,
           GError                       **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_auto(MuyingFollowupRow) f = { 0 };
  g_autofree char *new_codes = muying_classification_join_codes (cls, ";");
  g_autofree char *new_review_state = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *note = NULL;
  MuyingLevel new_level = r->level;
  MuyingLevelChange change;
  MuyingFollowupPlan plan;

  if (!_muying_store_load_followup (store, r->id, &f, error) ||
      !_muying_store_write_classification (store, r, cls, user, &new_level, &new_review_state, error))
    return FALSE;
  json_builder_begin_object (b);
  _muying_store_member_pair (b, "level", muying_level_to_string (r->level), muying_level_to_string (new_level));
  _muying_store_member_pair (b, "computed_level", muying_level_to_string (r->computed_level),
                             muying_level_to_string (cls->level));
  _muying_store_member_pair (b, "reasons", r->reasons, new_codes);
  _muying_store_member_pair (b, "review_state", r->review_state, new_review_state);
  _muying_store_member_pair (b, "rules_version", old_version, cls->rules_version);

  _muying_store_level_change_init (&change, MUYING_LEVEL_CHANGE_SAVE, r, &f, r->level, new_level, cls, day);
  if (f.id != 0 && !followup_acted_on (store, f.id, &change.acted_on, error))
    return FALSE;
  muying_followup_plan_level_change (deadlines, &change, &plan);
  /* TRANSLATORS: %s is a rule-set version */
  note = g_strdup_printf (_("Re-classified by rule set %s"), cls->rules_version);
  if (!_muying_store_apply_followup_plan (store, r->id, &f, &plan, user, day, "reclassify", note, NULL, b, NULL,
                                          error))
    return FALSE;
  json_builder_end_object (b);
  detail = _muying_store_builder_to_string (b);
  return muying_store_audit (store, user, "reclassify", "record", r->id, detail, error);
}

/* Classifies every record with @rules and counts what changes, reading only. @changed_ids and
 * @old_versions (nullable) get the records that change and the version each had. */
static MuyingReclassifySummary *
reclassify_count (MuyingStore   *store,
                  MuyingRuleSet *rules,
                  GArray        *changed_ids,
                  GPtrArray     *old_versions,
                  GError       **error)
{
  g_autoptr(MuyingReclassifySummary) summary = g_new0 (MuyingReclassifySummary, 1);
  g_autoptr(GHashTable) changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) reason_changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(MuyingSqlStmt) list = NULL;
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  summary->rules_version = g_strdup (muying_rule_set_get_version (rules));
  summary->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  summary->versions = g_ptr_array_new_with_free_func (g_free);
  summary->reason_changes = g_ptr_array_new_with_free_func ((GDestroyNotify) reason_change_free);

  /* One pass in id order; each record is read back into its struct by the cached statements of
   * the record loader. */
  list = muying_store_query (store,
                               "SELECT r.id, r.program, r.computed_level, r.rules_version,"
                               " (SELECT coalesce(group_concat(code, ';'), '') FROM"
                               "   (SELECT c.code AS code FROM reason c WHERE c.record_id = r.id ORDER BY c.code) AS codes)"
                               " FROM record r ORDER BY r.id", error);
  if (list == NULL)
    return NULL;
  while ((rc = muying_sql_step (list)) == SQLITE_ROW)
    {
      g_autoptr(MuyingClassification) cls = NULL;
      g_autofree char *new_text = NULL;
      gint64 id = muying_sql_column_int64 (list, 0);
      MuyingLevel old_level = CLAMP (muying_sql_column_int (list, 2), MUYING_LEVEL_LOW, MUYING_LEVEL_HIGH);
      const char *old_version = (const char *) muying_sql_column_text (list, 3);
      const char *old_text = (const char *) muying_sql_column_text (list, 4);
      MuyingProgram program;

      if (!muying_program_from_string ((const char *) muying_sql_column_text (list, 1), &program))
        continue;
      cls = _muying_store_classify_stored (store, rules, id, program, error);
      if (cls == NULL)
        return NULL;
      summary->n_records++;
      new_text = muying_classification_join_codes (cls, ";");
      if (cls->level == old_level && g_strcmp0 (new_text, old_text) == 0)
        continue;
      summary->n_changed++;
      if (old_version != NULL && !g_hash_table_contains (versions, old_version))
        g_hash_table_add (versions, g_strdup (old_version));
      if (changed_ids != NULL)
        g_array_append_val (changed_ids, id);
      if (old_versions != NULL)
        g_ptr_array_add (old_versions, g_strdup (old_version));
      {
        g_auto(GStrv) old_codes = nonempty (split_codes (old_text));
        g_auto(GStrv) new_codes = nonempty (split_codes (new_text));

        if (cls->level != old_level)
          {
            summary->n_level_changed++;
            count_level_change (changes, old_codes, new_codes, old_level, cls->level);
          }
        else
          count_reason_change (reason_changes, old_codes, new_codes);
      }
    }
  if (rc != SQLITE_DONE)
    {
      muying_store_set_error (store, rc, error);
      return NULL;
    }

  g_hash_table_iter_init (&iter, changes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (summary->changes, value);
  g_ptr_array_sort (summary->changes, compare_changes);
  g_hash_table_iter_init (&iter, reason_changes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (summary->reason_changes, value);
  g_ptr_array_sort (summary->reason_changes, compare_reason_changes);
  g_hash_table_iter_init (&iter, versions);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (summary->versions, g_strdup (key));
  g_ptr_array_sort (summary->versions, compare_strings);
  return g_steal_pointer (&summary);
}

MuyingReclassifySummary *
muying_store_reclassify_dry_run (MuyingStore   *store,
                                 MuyingRuleSet *rules,
                                 GError       **error)
{
  g_return_val_if_fail (MUYING_IS_STORE (store), NULL);
  g_return_val_if_fail (MUYING_IS_RULE_SET (rules), NULL);

  return reclassify_count (store, rules, NULL, NULL, error);
}

static char *
summary_detail (const MuyingReclassifySummary *summary)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  _muying_store_member_string (b, "rules_version", summary->rules_version);
  _muying_store_member_int (b, "records", summary->n_records);
  _muying_store_member_int (b, "changed", summary->n_changed);
  _muying_store_member_int (b, "level_changed", summary->n_level_changed);
  json_builder_set_member_name (b, "changes");
  json_builder_begin_array (b);
  for (guint i = 0; i < summary->changes->len; i++)
    {
      const MuyingReclassifyChange *c = g_ptr_array_index (summary->changes, i);

      json_builder_begin_object (b);
      _muying_store_member_string (b, "code", c->code);
      _muying_store_member_string (b, "from", muying_level_to_string (c->old_level));
      _muying_store_member_string (b, "to", muying_level_to_string (c->new_level));
      _muying_store_member_int (b, "records", c->count);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "reason_changes");
  json_builder_begin_array (b);
  for (guint i = 0; i < summary->reason_changes->len; i++)
    {
      const MuyingReclassifyReasonChange *c = g_ptr_array_index (summary->reason_changes, i);

      json_builder_begin_object (b);
      _muying_store_member_string (b, "removed", c->removed);
      _muying_store_member_string (b, "added", c->added);
      _muying_store_member_int (b, "records", c->count);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return _muying_store_builder_to_string (b);
}

MuyingReclassifySummary *
muying_store_reclassify_apply (MuyingStore   *store,
                               MuyingUser    *actor,
                               MuyingRuleSet *rules,
                               const GDate   *today,
                               GError       **error)
{
  g_autoptr(MuyingReclassifySummary) summary = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) old_versions = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *detail = NULL;
  MuyingFollowupDeadlines deadlines;
  const char *user;
  GDate day;

  g_return_val_if_fail (MUYING_IS_STORE (store), NULL);
  g_return_val_if_fail (MUYING_IS_USER (actor), NULL);
  g_return_val_if_fail (MUYING_IS_RULE_SET (rules), NULL);

  if (!muying_user_require (actor, MUYING_PERMISSION_EDIT_RULES, error))
    return NULL;
  user = muying_user_get_login (actor);
  _muying_store_resolve_today (today, &day);
  _muying_store_load_deadlines (rules, &deadlines);
  if (!muying_store_begin (store, error))
    return NULL;
  /* Counted first, written after: no statement reads the tables while they are written. */
  summary = reclassify_count (store, rules, ids, old_versions, error);
  for (guint i = 0; summary != NULL && i < ids->len; i++)
    {
      g_auto(MuyingRecordInfo) r = { 0 };
      g_autoptr(MuyingClassification) cls = NULL;

      if (!_muying_store_load_record_info (store, g_array_index (ids, gint64, i), &r, error) ||
          (cls = _muying_store_classify_stored (store, rules, r.id, r.program, error)) == NULL ||
          !apply_one (store, user, &r, g_ptr_array_index (old_versions, i), cls, &deadlines, &day, error))
        g_clear_pointer (&summary, muying_reclassify_summary_free);
    }
  if (summary != NULL)
    detail = summary_detail (summary);
  if (summary == NULL ||
      !muying_store_audit (store, user, "reclassify", "rules", 0, detail, error) ||
      !muying_store_commit (store, error))
    {
      muying_store_rollback (store);
      return NULL;
    }
  return g_steal_pointer (&summary);
}
