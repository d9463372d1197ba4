/* muying-document.c: what goes on a printed document about one record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "muying-store-sql.h"
#include "muying-date.h"
#include "muying-document.h"
#include "muying-error.h"
#include "muying-id-number.h"
#include "muying-screening.h"
#include "muying-store-persons.h"
#include "muying-store-worklist.h"

static const char * const kind_keys[MUYING_N_DOCUMENT_KINDS] = {
  "notification", "drug_card", "referral",
};

const char *
muying_document_kind_to_string (MuyingDocumentKind kind)
{
  g_return_val_if_fail (kind < MUYING_N_DOCUMENT_KINDS, NULL);
  return kind_keys[kind];
}

gboolean
muying_document_kind_from_string (const char         *text,
                                  MuyingDocumentKind *kind)
{
  for (guint i = 0; text != NULL && i < MUYING_N_DOCUMENT_KINDS; i++)
    if (strcmp (text, kind_keys[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

const char *
muying_document_kind_get_label (MuyingDocumentKind kind)
{
  switch (kind)
    {
    case MUYING_DOCUMENT_NOTIFICATION:
      return _("High-risk notification letter");
    case MUYING_DOCUMENT_DRUG_CARD:
      return _("Drug-warning card");
    case MUYING_DOCUMENT_REFERRAL:
      return _("Referral slip");
    case MUYING_N_DOCUMENT_KINDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* docs/background.md: the class (氨基糖苷类). Generic names, not brands. */
static const char * const aminoglycosides[] = {
  "庆大霉素", "Gentamicin",
  "链霉素", "Streptomycin",
  "卡那霉素", "Kanamycin",
  "阿米卡星", "Amikacin",
  "妥布霉素", "Tobramycin",
  "新霉素", "Neomycin",
  "奈替米星", "Netilmicin",
  "依替米星", "Etimicin",
  "西索米星", "Sisomicin",
  "大观霉素", "Spectinomycin",
  NULL,
};

const char * const *
muying_document_list_aminoglycosides (void)
{
  return aminoglycosides;
}

static void
document_reason_free (MuyingDocumentReason *reason)
{
  g_free (reason->code);
  g_free (reason->label);
  g_free (reason->next_step);
  g_free (reason);
}

void
muying_document_free (MuyingDocument *document)
{
  if (document == NULL)
    return;
  g_free (document->institution);
  g_free (document->record_key);
  g_free (document->name);
  g_free (document->mother_name);
  g_free (document->id_number_masked);
  g_free (document->phone);
  g_free (document->birth_date);
  g_free (document->record_date);
  g_clear_pointer (&document->reasons, g_ptr_array_unref);
  g_clear_pointer (&document->fields, g_hash_table_unref);
  g_clear_pointer (&document->results, g_hash_table_unref);
  g_free (document->due_date);
  g_free (document->next_step);
  g_clear_pointer (&document->variants, g_ptr_array_unref);
  g_free (document->signed_by);
  g_free (document->signed_at);
  g_free (document->printed_on);
  g_free (document);
}

gboolean
muying_document_applies (MuyingDocumentKind  kind,
                         MuyingProgram       program,
                         MuyingLevel         level,
                         const char * const *codes)
{
  switch (kind)
    {
    case MUYING_DOCUMENT_NOTIFICATION:
    case MUYING_DOCUMENT_REFERRAL:
      return level > MUYING_LEVEL_LOW;
    case MUYING_DOCUMENT_DRUG_CARD:
      if (program != MUYING_PROGRAM_NEWBORN || codes == NULL)
        return FALSE;
      for (guint i = 0; codes[i] != NULL; i++)
        if (strcmp (codes[i], "MT_AMINOGLYCOSIDE") == 0)
          return TRUE;
      return FALSE;
    case MUYING_N_DOCUMENT_KINDS:
    default:
      return FALSE;
    }
}

/* Identity columns stay off the result part of a document. */
static const char * const identity_columns[] = {
  "sample_no", "exam_no", "id_number", "mother_id_number", "name", "mother_name", "baby_name", "phone",
  "institution", "hospital", "sample_date", "birth_date", "exam_date", "sex", NULL,
};

static gboolean
read_person (MuyingStore    *store,
             MuyingDocument *doc,
             GError        **error)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  const char *id_number;
  int rc;

  stmt = muying_store_query (store,
                               "SELECT pe.name, pe.birth_date, coalesce(pe.phone, mo.phone), mo.name,"
                               " coalesce(pe.id_number, mo.id_number), r.institution"
                               " FROM record r JOIN person pe ON pe.id = r.person_id"
                               " LEFT JOIN person mo ON mo.id = pe.mother_id WHERE r.id = ?", error);
  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_int64 (stmt, 1, doc->record_id);
  rc = muying_sql_step (stmt);
  if (rc != SQLITE_ROW)
    return muying_store_set_error (store, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, error);
  doc->name = g_strdup ((const char *) muying_sql_column_text (stmt, 0));
  doc->birth_date = g_strdup ((const char *) muying_sql_column_text (stmt, 1));
  doc->phone = g_strdup ((const char *) muying_sql_column_text (stmt, 2));
  if (doc->program == MUYING_PROGRAM_NEWBORN)
    doc->mother_name = g_strdup ((const char *) muying_sql_column_text (stmt, 3));
  id_number = (const char *) muying_sql_column_text (stmt, 4);
  doc->id_number_masked = muying_id_number_mask (id_number);
  if (doc->birth_date == NULL && id_number != NULL && doc->program != MUYING_PROGRAM_NEWBORN)
    {
      GDate birth;

      if (muying_id_number_read_stored (id_number, &birth, NULL))
        doc->birth_date = muying_date_format (&birth);
    }
  if (doc->institution == NULL && muying_sql_column_text (stmt, 5) != NULL)
    doc->institution = g_strdup ((const char *) muying_sql_column_text (stmt, 5));
  return TRUE;
}

static gboolean
read_variants (MuyingStore    *store,
               MuyingDocument *doc,
               GError        **error)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  int rc;

  doc->variants = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_variant_free);
  if (doc->program != MUYING_PROGRAM_NEWBORN)
    return TRUE;
  stmt = muying_store_query (store, "SELECT gene, variant, zygosity FROM newborn_variant WHERE record_id = ?"
                                      " ORDER BY gene, variant", error);
  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_int64 (stmt, 1, doc->record_id);
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    {
      MuyingZygosity z = MUYING_ZYGOSITY_HET;

      muying_zygosity_from_string ((const char *) muying_sql_column_text (stmt, 2), &z);
      g_ptr_array_add (doc->variants, muying_variant_new ((const char *) muying_sql_column_text (stmt, 0),
                                                          (const char *) muying_sql_column_text (stmt, 1), z));
    }
  if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  return TRUE;
}

MuyingDocument *
muying_store_load_document (MuyingStore        *store,
                            MuyingRuleSet      *rules,
                            gint64              record_id,
                            MuyingDocumentKind  kind,
                            const GDate        *today,
                            GError            **error)
{
  g_autoptr(MuyingCase) c = NULL;
  g_autoptr(MuyingDocument) doc = NULL;
  g_autoptr(GHashTable) fields = NULL;
  GDate now;

  g_return_val_if_fail (MUYING_IS_STORE (store), NULL);
  g_return_val_if_fail (kind < MUYING_N_DOCUMENT_KINDS, NULL);

  if (today == NULL || !g_date_valid (today))
    {
      muying_date_today (&now);
      today = &now;
    }
  c = muying_store_get_case (store, record_id, today, error);
  if (c == NULL)
    return NULL;
  if (!muying_document_applies (kind, c->program, c->level, (const char * const *) c->reasons))
    {
      /* TRANSLATORS: “用药警示卡 does not apply to record N1” */
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT,
                   _("A %s does not apply to record %s"), muying_document_kind_get_label (kind), c->key);
      return NULL;
    }
  fields = muying_store_load_record_fields (store, record_id, NULL, NULL, error);
  if (fields == NULL)
    return NULL;
  for (guint i = 0; identity_columns[i] != NULL; i++)
    g_hash_table_remove (fields, identity_columns[i]);

  doc = g_new0 (MuyingDocument, 1);
  doc->kind = kind;
  doc->record_id = record_id;
  doc->program = c->program;
  doc->institution = muying_store_get_setting (store, "institution");
  if (doc->institution != NULL && *doc->institution == '\0')
    g_clear_pointer (&doc->institution, g_free);
  doc->record_key = g_strdup (c->key);
  doc->record_date = g_strdup (c->record_date);
  doc->level = c->level;
  doc->fields = g_steal_pointer (&fields);
  doc->results = g_hash_table_ref (c->results);
  doc->signed_by = g_strdup (c->signed_by);
  doc->signed_at = g_strdup (c->signed_at);
  doc->printed_on = muying_date_format (today);
  if (c->followup != NULL && !muying_followup_state_is_closed (c->followup->state))
    doc->due_date = g_strdup (c->followup->due_date);
  doc->next_step = g_strdup (c->followup && c->followup->next_step ? c->followup->next_step : c->suggested_step);

  doc->reasons = g_ptr_array_new_with_free_func ((GDestroyNotify) document_reason_free);
  for (guint i = 0; c->reasons[i] != NULL; i++)
    {
      MuyingDocumentReason *r = g_new0 (MuyingDocumentReason, 1);
      const char *label = rules ? muying_rule_set_get_reason_label (rules, c->reasons[i]) : NULL;
      const char *next = rules ? muying_rule_set_get_next_step (rules, c->reasons[i]) : NULL;

      r->code = g_strdup (c->reasons[i]);
      r->label = g_strdup (label ? label : c->reasons[i]);
      r->next_step = g_strdup (next);
      g_ptr_array_add (doc->reasons, r);
    }

  if (!read_person (store, doc, error) || !read_variants (store, doc, error))
    return NULL;
  return g_steal_pointer (&doc);
}

gboolean
muying_store_audit_printed (MuyingStore        *store,
                            const char         *user,
                            gint64              record_id,
                            MuyingDocumentKind  kind,
                            GError            **error)
{
  g_autofree char *detail = NULL;

  g_return_val_if_fail (MUYING_IS_STORE (store), FALSE);
  g_return_val_if_fail (kind < MUYING_N_DOCUMENT_KINDS, FALSE);

  detail = g_strdup_printf ("{\"document\":\"%s\"}", muying_document_kind_to_string (kind));
  return muying_store_audit (store, user, "print", "record", record_id, detail, error);
}
