/* muying-history-text.c: what happened to a record, in words
 *
 * The store keeps the audit trail, the reviews and the follow-up steps and returns them as
 * they are (muying_store_record_history, muying_store_list_audit: an action and a JSON detail);
 * turning them into text for people (the case history, the audit window) is presentation and
 * lives here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-io"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "muying-document.h"
#include "muying-followup.h"
#include "muying-program-descriptor.h"
#include "muying-history-text.h"

/* Names of what an audit row may change that is not a programme's field (those are named by their
 * descriptor, muying-program-descriptor.h), as the entry forms call them (the same msgids). */
static const struct
{
  const char *key;
  const char *label;
} field_labels[] = {
  { "record_date", N_("Screening date") },
  { "institution", N_("Screening institution") },
  { "person_id", N_("Person") },
  { "edd_given", N_("Expected delivery date given") },
  { "age_at_edd", N_("Age at the expected delivery date") },
  { "mother_id", N_("Mother") },
  { "reasons", N_("Reasons") },
  { "name", N_("Name") },
  { "phone", N_("Phone") },
  { "sex", N_("Sex") },
  { "birth_date", N_("Birth date") },
  /* accounts, imports, exports, backups, the demo */
  { "login", N_("Login") },
  { "display_name", N_("Display name") },
  { "role", N_("Role") },
  { "disabled", N_("Disabled") },
  { "failed_logins", N_("Failed log-ins") },
  { "locked_until", N_("Locked until") },
  { "file", N_("File") },
  { "path", N_("File") },
  { "sha256", N_("SHA-256") },
  { "rows", N_("Rows") },
  { "read", N_("Rows read") },
  { "valid", N_("Valid rows") },
  { "rejected", N_("Rejected rows") },
  { "created", N_("Records created") },
  { "updated", N_("Records updated") },
  { "records", N_("Records") },
  { "seed", N_("Random seed") },
  { "from", N_("From") },
  { "to", N_("To") },
  { "program", N_("Programme") },
  { "prenatal", N_("Prenatal screening") },
  { "newborn", N_("Newborn hearing and deafness genes") },
  { "two_cancer", N_("Cervical and breast cancer screening") },
  { "deidentify", N_("De-identified") },
  { "reason", N_("Reason") },
  { "problems", N_("Problems found") },
  { "level", N_("Risk level") },
};

/* The programme field an audit key names, or NULL for the shared columns, persons and accounts. */
static const MuyingField *
programme_field (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    if (strcmp (field_labels[i].key, key) == 0)
      return NULL;
  return muying_program_descriptor_lookup (key, NULL);
}

static const char *
field_label (const char *key)
{
  const MuyingField *field;

  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    if (strcmp (field_labels[i].key, key) == 0)
      return _(field_labels[i].label);
  field = muying_program_descriptor_lookup (key, NULL);
  return field != NULL ? _(field->label) : key;
}

static const char *
json_str (JsonObject *o,
          const char *member)
{
  JsonNode *node = o ? json_object_get_member (o, member) : NULL;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
json_int (JsonObject *o,
          const char *member)
{
  JsonNode *node = o ? json_object_get_member (o, member) : NULL;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return 0;
  return json_node_get_int (node);
}

static char *
node_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("—");
  if (JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return g_strdup ("…");
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (*json_node_get_string (node) ? json_node_get_string (node) : "—");
    case G_TYPE_INT64:
      return g_strdup_printf ("%lld", (long long) json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%g", json_node_get_double (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "✓" : "✗");
    default:
      return g_strdup ("…");
    }
}

/* A stored value of a programme field as people read it (choice labels, 1/N, 12+3). */
static char *
field_node_text (const MuyingField *field,
                 JsonNode          *node)
{
  g_autoptr(GVariant) value = NULL;
  g_autofree char *text = NULL;

  if (field == NULL || node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return node_text (node);
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      value = g_variant_ref_sink (g_variant_new_string (json_node_get_string (node)));
      break;
    case G_TYPE_INT64:
      value = g_variant_ref_sink (g_variant_new_int64 (json_node_get_int (node)));
      break;
    case G_TYPE_DOUBLE:
      value = g_variant_ref_sink (g_variant_new_double (json_node_get_double (node)));
      break;
    default:
      return node_text (node);
    }
  text = muying_field_display_value (field, value);
  return text != NULL && *text != '\0' ? g_steal_pointer (&text) : g_strdup ("—");
}

static const char *
level_label_of (const char *key)
{
  MuyingLevel level;

  if (key != NULL && muying_level_from_string (key, &level))
    return muying_level_get_label (level);
  return key ? key : "—";
}

static const char *
state_label_of (const char *key)
{
  MuyingFollowupState state;

  if (key != NULL && muying_followup_state_from_string (key, &state))
    return muying_followup_state_get_label (state);
  return key ? key : "—";
}

static void
append_reason_labels (GString       *s,
                      const char    *codes,
                      MuyingRuleSet *rules)
{
  g_auto(GStrv) list = NULL;

  if (codes == NULL || *codes == '\0')
    {
      g_string_append (s, _("no reason"));
      return;
    }
  list = g_strsplit (codes, ";", -1);
  for (guint i = 0; list[i] != NULL; i++)
    {
      const char *label = rules ? muying_rule_set_get_reason_label (rules, list[i]) : NULL;

      if (i > 0)
        g_string_append (s, _("; "));
      g_string_append (s, label ? label : list[i]);
    }
}

/* {"field": [old, new], …} as “字段：旧 → 新；…”. */
static void
append_changes (GString       *s,
                JsonObject    *o,
                MuyingRuleSet *rules)
{
  g_autoptr(GList) members = json_object_get_members (o);
  guint n = 0;

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *node = json_object_get_member (o, key);
      JsonArray *pair;

      if (JSON_NODE_TYPE (node) != JSON_NODE_ARRAY || json_array_get_length (pair = json_node_get_array (node)) != 2)
        continue;
      if (n++ > 0)
        g_string_append (s, _("; "));
      if (strcmp (key, "reasons") == 0)
        {
          g_string_append_printf (s, "%s%s", field_label (key), _(": "));
          append_reason_labels (s, json_array_get_string_element (pair, 0), rules);
          g_string_append (s, " → ");
          append_reason_labels (s, json_array_get_string_element (pair, 1), rules);
        }
      else
        {
          const MuyingField *field = programme_field (key);
          g_autofree char *old_text = field_node_text (field, json_array_get_element (pair, 0));
          g_autofree char *new_text = field_node_text (field, json_array_get_element (pair, 1));

          g_string_append_printf (s, "%s%s%s → %s", field_label (key), _(": "), old_text, new_text);
        }
    }
}

static void
append_note (GString    *s,
             const char *label,
             const char *text)
{
  if (text != NULL && *text != '\0')
    g_string_append_printf (s, "%s%s%s%s", _("; "), label, _(": "), text);
}

static char *
describe_followup (JsonObject *o)
{
  GString *s = g_string_new (NULL);
  const char *to = json_str (o, "to");
  const char *step = json_str (o, "step");

  /* TRANSLATORS: a follow-up moved into a state, e.g. “随访：已通知” */
  g_string_append_printf (s, _("Follow-up: %s"), state_label_of (to));
  if (step != NULL)
    g_string_append_printf (s, "%s%s", _(": "),
                            muying_followup_step_get_label (step) ? muying_followup_step_get_label (step) : step);
  append_note (s, _("Date"), json_str (o, "date"));
  append_note (s, _("Outcome"), json_str (o, "outcome"));
  append_note (s, _("Note"), json_str (o, "note"));
  if (to != NULL && strcmp (to, "lost") == 0)
    g_string_append_printf (s, "%s%s%s%lld", _("; "), _("Contact attempts"), _(": "),
                            (long long) json_int (o, "contact_attempts"));
  if (to != NULL && strcmp (to, "declined") == 0 && json_object_has_member (o, "refusal_signed"))
    g_string_append_printf (s, "%s%s", _("; "), _("refusal signed"));
  return g_string_free (s, FALSE);
}

static char *
describe_result (JsonObject    *o,
                 MuyingRuleSet *rules)
{
  GString *s = g_string_new (NULL);
  MuyingResultKind kind;
  const char *kind_key = json_str (o, "kind");
  JsonArray *value = json_object_has_member (o, "value") ? json_object_get_array_member (o, "value") : NULL;
  JsonArray *level = json_object_has_member (o, "level") ? json_object_get_array_member (o, "level") : NULL;
  JsonArray *reasons = json_object_has_member (o, "reasons") ? json_object_get_array_member (o, "reasons") : NULL;
  const char *v = value && json_array_get_length (value) == 2 ? json_array_get_string_element (value, 1) : NULL;

  if (kind_key != NULL && muying_result_kind_from_string (kind_key, &kind))
    {
      const char *v_label = muying_result_value_get_label (kind, v);

      /* TRANSLATORS: “录入结果：病理（宫颈）CIN2” */
      g_string_append_printf (s, _("Result entered: %s %s"), muying_result_kind_get_label (kind),
                              v_label ? v_label : (v ? v : ""));
      /* The one kind of two values is the hearing rescreen: its values are the two ears. */
      if (muying_result_kind_get_field2 (kind) != NULL && json_object_has_member (o, "value2"))
        {
          JsonArray *right = json_object_get_array_member (o, "value2");
          const char *r = json_array_get_length (right) == 2 ? json_array_get_string_element (right, 1) : NULL;
          const char *r_label = muying_result_value_get_label (kind, r);

          g_string_append_printf (s, _(" (left %s, right %s)"), v_label ? v_label : "—", r_label ? r_label : "—");
        }
    }
  else
    g_string_append_printf (s, _("Result entered: %s %s"), kind_key ? kind_key : "?", v ? v : "");
  append_note (s, _("Date"), json_str (o, "date"));
  if (level != NULL && json_array_get_length (level) == 2 &&
      g_strcmp0 (json_array_get_string_element (level, 0), json_array_get_string_element (level, 1)) != 0)
    g_string_append_printf (s, "%s%s%s%s → %s", _("; "), _("Level"), _(": "),
                            level_label_of (json_array_get_string_element (level, 0)),
                            level_label_of (json_array_get_string_element (level, 1)));
  if (reasons != NULL && json_array_get_length (reasons) == 2 &&
      g_strcmp0 (json_array_get_string_element (reasons, 0), json_array_get_string_element (reasons, 1)) != 0)
    {
      g_string_append_printf (s, "%s%s%s", _("; "), _("Reasons"), _(": "));
      append_reason_labels (s, json_array_get_string_element (reasons, 0), rules);
      g_string_append (s, " → ");
      append_reason_labels (s, json_array_get_string_element (reasons, 1), rules);
    }
  append_note (s, _("Note"), json_str (o, "note"));
  return g_string_free (s, FALSE);
}

static char *
describe_review (const char *action,
                 JsonObject *o)
{
  const char *old_level = level_label_of (json_str (o, "old_level"));
  const char *new_level = level_label_of (json_str (o, "new_level"));
  const char *reason = json_str (o, "reason");
  const char *note = json_str (o, "note");
  GString *s = g_string_new (NULL);

  if (g_strcmp0 (action, "accept") == 0)
    g_string_append_printf (s, _("Level accepted: %s"), old_level);
  else if (g_strcmp0 (action, "raise") == 0)
    g_string_append_printf (s, _("Level raised: %s → %s"), old_level, new_level);
  else if (g_strcmp0 (action, "lower") == 0)
    g_string_append_printf (s, _("Level lowered: %s → %s"), old_level, new_level);
  else if (g_strcmp0 (action, "sign") == 0)
    g_string_append_printf (s, _("Signed: %s"), level_label_of (json_str (o, "level") ? json_str (o, "level")
                                                                                       : json_str (o, "new_level")));
  else if (g_strcmp0 (action, "amend") == 0)
    {
      g_string_append_printf (s, _("Amended: %s → %s"), old_level, new_level);
      if (json_object_has_member (o, "data") && json_object_get_boolean_member (o, "data"))
        g_string_append_printf (s, "%s%s", _("; "), _("record data changed"));
    }
  else if (g_strcmp0 (action, "note") == 0)
    g_string_append (s, _("Note added"));
  else
    g_string_append (s, action ? action : "?");
  append_note (s, _("Reason"), reason);
  append_note (s, _("Note"), note);
  if (json_object_has_member (o, "followup"))
    {
      JsonObject *f = json_object_get_object_member (o, "followup");
      const char *to = json_str (f, "to");

      if (to != NULL)
        g_string_append_printf (s, "%s%s%s%s", _("; "), _("Follow-up"), _(": "), state_label_of (to));
    }
  return g_string_free (s, FALSE);
}

static char *
describe_audit (const char    *action,
                const char    *entity,
                const char    *detail,
                MuyingRuleSet *rules)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o = NULL;
  GString *s;

  if (detail != NULL && json_parser_load_from_data (parser, detail, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    o = json_node_get_object (json_parser_get_root (parser));

  if (g_strcmp0 (entity, "person") == 0)
    {
      if (g_strcmp0 (action, "create") == 0)
        return g_strdup (_("Person registered"));
      s = g_string_new (g_strcmp0 (action, "correct") == 0 ? _("Personal details corrected")
                                                          : _("Personal details changed"));
      if (o != NULL)
        {
          g_string_append (s, _(": "));
          append_changes (s, o, rules);
          append_note (s, _("Reason"), json_str (o, "reason"));
        }
      return g_string_free (s, FALSE);
    }
  if (g_strcmp0 (action, "import") == 0)
    {
      const char *file = json_str (o, "file");
      const char *sha = json_str (o, "sha256");

      /* The entry form saves as a one-row import named after it (muying-record-form.c). */
      if (g_strcmp0 (file, _("entry form")) == 0)
        return g_strdup (_("Record entered in the form"));
      s = g_string_new (NULL);
      g_string_append_printf (s, _("Record created by importing “%s” (SHA-256 %.12s…)"), file ? file : "",
                              sha ? sha : "");
      return g_string_free (s, FALSE);
    }
  if (g_strcmp0 (action, "create") == 0)
    {
      s = g_string_new (NULL);
      g_string_append_printf (s, _("Record created: %s"), level_label_of (json_str (o, "level")));
      if (json_str (o, "reasons") != NULL && *json_str (o, "reasons") != '\0')
        {
          g_string_append (s, _("; "));
          append_reason_labels (s, json_str (o, "reasons"), rules);
        }
      return g_string_free (s, FALSE);
    }
  if (g_strcmp0 (action, "update") == 0)
    {
      s = g_string_new (_("Record changed"));
      if (o != NULL)
        {
          g_string_append (s, _(": "));
          append_changes (s, o, rules);
        }
      return g_string_free (s, FALSE);
    }
  if (g_strcmp0 (action, "review") == 0)
    return describe_review (json_str (o, "action"), o);
  if (g_strcmp0 (action, "sign") == 0 || g_strcmp0 (action, "amend") == 0)
    return describe_review (action, o);
  if (g_strcmp0 (action, "followup") == 0)
    return describe_followup (o);
  if (g_strcmp0 (action, "followup_contact") == 0)
    {
      s = g_string_new (NULL);
      g_string_append_printf (s, _("Contact attempt without success (%lld so far)"),
                              (long long) json_int (o, "contact_attempts"));
      append_note (s, _("Date"), json_str (o, "date"));
      append_note (s, _("Note"), json_str (o, "note"));
      return g_string_free (s, FALSE);
    }
  if (g_strcmp0 (action, "followup_reverse") == 0)
    {
      s = g_string_new (NULL);
      g_string_append_printf (s, _("Follow-up step reversed: %s → %s"), state_label_of (json_str (o, "from")),
                              state_label_of (json_str (o, "to")));
      append_note (s, _("Reason"), json_str (o, "reason"));
      return g_string_free (s, FALSE);
    }
  if (g_strcmp0 (action, "followup_reopen") == 0)
    {
      s = g_string_new (NULL);
      g_string_append_printf (s, _("Follow-up reopened: %s → %s"), state_label_of (json_str (o, "from")),
                              state_label_of (json_str (o, "to")));
      append_note (s, _("Reason"), json_str (o, "reason"));
      return g_string_free (s, FALSE);
    }
  if (g_strcmp0 (action, "result") == 0)
    return describe_result (o, rules);
  if (g_strcmp0 (action, "upgrade") == 0)
    /* TRANSLATORS: %lld is the database's new schema version */
    return g_strdup_printf (_("Sealed again after the database upgrade to version %lld moved its results"),
                            (long long) json_int (o, "version"));
  if (g_strcmp0 (action, "print") == 0)
    {
      MuyingDocumentKind kind;

      if (json_str (o, "document") != NULL && muying_document_kind_from_string (json_str (o, "document"), &kind))
        /* TRANSLATORS: %s is a document, e.g. “转诊单” */
        return g_strdup_printf (_("Printed: %s"), muying_document_kind_get_label (kind));
    }
  /* Anything else (written by another part of the program): the action and its detail. */
  return detail ? g_strdup_printf ("%s%s%s", action, _(": "), detail) : g_strdup (action);
}

/* Any JSON detail as “字段：值；字段：旧值 → 新值”: keys by their labels, [old, new] pairs and
 * {"old", "new"} objects as changes, nested objects in brackets. */
static void
append_generic (GString    *s,
                JsonObject *o)
{
  g_autoptr(GList) members = json_object_get_members (o);
  guint n = 0;

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *node = json_object_get_member (o, key);

      if (n++ > 0)
        g_string_append (s, _("; "));
      g_string_append_printf (s, "%s%s", field_label (key), _(": "));
      if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) == 2)
        {
          JsonArray *pair = json_node_get_array (node);
          const MuyingField *field = programme_field (key);
          g_autofree char *old_text = field_node_text (field, json_array_get_element (pair, 0));
          g_autofree char *new_text = field_node_text (field, json_array_get_element (pair, 1));

          g_string_append_printf (s, "%s → %s", old_text, new_text);
        }
      else if (JSON_NODE_HOLDS_OBJECT (node) && json_object_has_member (json_node_get_object (node), "old") &&
               json_object_has_member (json_node_get_object (node), "new"))
        {
          JsonObject *change = json_node_get_object (node);
          g_autofree char *old_text = node_text (json_object_get_member (change, "old"));
          g_autofree char *new_text = node_text (json_object_get_member (change, "new"));

          g_string_append_printf (s, "%s → %s", old_text, new_text);
        }
      else if (JSON_NODE_HOLDS_OBJECT (node))
        {
          g_string_append (s, "（");
          append_generic (s, json_node_get_object (node));
          g_string_append (s, "）");
        }
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              g_autofree char *text = node_text (json_array_get_element (array, i));

              g_string_append_printf (s, "%s%s", i ? _(", ") : "", text);
            }
        }
      else if (strcmp (key, "role") == 0 && JSON_NODE_TYPE (node) == JSON_NODE_VALUE &&
               json_node_get_value_type (node) == G_TYPE_STRING)
        {
          MuyingRole role;

          g_string_append (s, muying_role_from_string (json_node_get_string (node), &role)
                                ? muying_role_get_label (role) : json_node_get_string (node));
        }
      else
        {
          g_autofree char *text = node_text (node);

          g_string_append (s, text);
        }
    }
}

static const struct
{
  const char *action;
  const char *label;
} audit_action_labels[] = {
  { "login", N_("Logged in") },
  { "login_failed", N_("Failed log-in") },
  { "locked", N_("Account locked") },
  { "user_add", N_("Account created") },
  { "user_update", N_("Account changed") },
  { "user_passwd", N_("Password changed") },
  { "user_disable", N_("Account disabled") },
  { "user_enable", N_("Account enabled") },
  { "user_unlock", N_("Account unlocked") },
  { "create", N_("Created") },
  { "update", N_("Changed") },
  { "import", N_("Import") },
  { "export", N_("Export") },
  { "review", N_("Review") },
  { "sign", N_("Signed") },
  { "amend", N_("Amendment") },
  { "followup", N_("Follow-up") },
  { "followup_contact", N_("Contact attempt") },
  { "followup_reopen", N_("Follow-up reopened") },
  { "result", N_("Later result") },
  { "print", N_("Printed") },
  { "backup", N_("Backup") },
  { "restore", N_("Restore") },
  { "check", N_("Database check") },
  { "upgrade", N_("Database upgrade") },
  { "demo", N_("Demo data") },
  { "rules", N_("Rule change") },
  { "denominators", N_("Denominators changed") },
};

const char *
muying_history_text_action_label (const char *action)
{
  for (guint i = 0; action != NULL && i < G_N_ELEMENTS (audit_action_labels); i++)
    if (strcmp (audit_action_labels[i].action, action) == 0)
      return _(audit_action_labels[i].label);
  return action;
}

char *
muying_history_text_audit (const char    *action,
                           const char    *entity,
                           const char    *detail,
                           MuyingRuleSet *rules)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GString *s;

  if (detail == NULL || *detail == '\0')
    return g_strdup ("");
  /* What happened to a record or a person reads as in the record's history. */
  if (g_strcmp0 (entity, "record") == 0 || g_strcmp0 (entity, "person") == 0)
    {
      if (g_strcmp0 (action, "demo") != 0 && g_strcmp0 (action, "import") != 0)
        return describe_audit (action, entity, detail, rules);
    }
  if (!json_parser_load_from_data (parser, detail, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return g_strdup (detail);
  s = g_string_new (NULL);
  append_generic (s, json_node_get_object (json_parser_get_root (parser)));
  return g_string_free (s, FALSE);
}


/* The detail of an entry as a JSON object; an empty object when it has none. */
static JsonObject *
detail_object (const char *detail)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (detail != NULL && json_parser_load_from_data (parser, detail, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  return json_object_new ();
}

char *
muying_history_text_entry (const MuyingHistoryEntry *entry,
                           MuyingRuleSet            *rules)
{
  g_autoptr(JsonObject) o = NULL;

  g_return_val_if_fail (entry != NULL, NULL);

  switch (entry->source)
    {
    case MUYING_HISTORY_REVIEW:
      o = detail_object (entry->detail);
      return describe_review (entry->action, o);
    case MUYING_HISTORY_FOLLOWUP:
      o = detail_object (entry->detail);
      return describe_followup (o);
    case MUYING_HISTORY_AUDIT:
    default:
      return describe_audit (entry->action, entry->entity, entry->detail, rules);
    }
}
