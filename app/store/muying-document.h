/* muying-document.h: what goes on a printed document about one record
 *
 * The store gathers the data; app/ui/muying-print-document.c only lays the text out. Three
 * documents:
 *   notification  the high-risk notification letter (告知书) for the woman (or, for a newborn,
 *                 the parents): result, reasons with their next steps, the deadline, signature
 *                 lines for the doctor and the woman;
 *   drug_card     the newborn drug-warning card for mitochondrial (MT-RNR1) variant carriers:
 *                 avoid aminoglycosides for life, inform the maternal relatives;
 *   referral      the referral slip (转诊单) to the next step, with a receipt to send back.
 * The ID number is masked (first 6 and last 4 characters kept, docs/statistics.md): a letter leaves
 * the hospital.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-rule-set.h"
#include "muying-store.h"

G_BEGIN_DECLS

typedef enum
{
  MUYING_DOCUMENT_NOTIFICATION,
  MUYING_DOCUMENT_DRUG_CARD,
  MUYING_DOCUMENT_REFERRAL,
  MUYING_N_DOCUMENT_KINDS
} MuyingDocumentKind;

/* "notification", "drug_card", "referral". */
const char *muying_document_kind_to_string   (MuyingDocumentKind  kind);
gboolean    muying_document_kind_from_string (const char         *text,
                                              MuyingDocumentKind *kind);
/* “高危告知书”, “用药警示卡”, “转诊单”. */
const char *muying_document_kind_get_label   (MuyingDocumentKind  kind);

typedef struct
{
  char *code;
  char *label;       /* in the user's language (the rule set's label) */
  char *next_step;   /* the rule set's next step */
} MuyingDocumentReason;

typedef struct
{
  MuyingDocumentKind  kind;
  gint64              record_id;
  MuyingProgram       program;
  char               *institution;       /* setting "institution", else the record's institution */
  char               *record_key;
  char               *name;              /* the woman, or the baby */
  char               *mother_name;       /* newborns, else NULL */
  char               *id_number_masked;  /* the woman's, or the mother's */
  char               *phone;             /* nullable */
  char               *birth_date;        /* the woman's (from the ID number) or the baby's; nullable */
  char               *record_date;       /* sample, birth or exam date */
  MuyingLevel         level;
  GPtrArray          *reasons;           /* MuyingDocumentReason, sorted by code */
  GHashTable         *fields;            /* the record as docs/import-formats.md columns → text (the results
                                            are read from here; identity columns are left out) */
  GHashTable         *results;           /* later results entered: result kind key → value */
  char               *due_date;          /* the follow-up's deadline, nullable */
  char               *next_step;         /* a step key (muying-followup.h), nullable */
  GPtrArray          *variants;          /* newborns: MuyingVariant of the record */
  char               *signed_by;         /* display name, nullable */
  char               *signed_at;         /* nullable */
  char               *printed_on;        /* ISO date of @today */
} MuyingDocument;

void            muying_document_free          (MuyingDocument *document);

/* Whether @kind makes sense for the record: the notification and the referral for a flagged
 * record (level above low), the drug card for a newborn with an MT-RNR1 variant. */
gboolean        muying_document_applies       (MuyingDocumentKind  kind,
                                               MuyingProgram       program,
                                               MuyingLevel         level,
                                               const char * const *codes);

/* Everything the document shows. NULL with MUYING_STORE_ERROR_NOT_FOUND for an unknown record
 * and MUYING_STORE_ERROR_CONSTRAINT when @kind does not apply to it. @rules: for the reason
 * labels and next steps. @today: NULL = today. */
MuyingDocument *muying_store_load_document    (MuyingStore        *store,
                                               MuyingRuleSet      *rules,
                                               gint64              record_id,
                                               MuyingDocumentKind  kind,
                                               const GDate        *today,
                                               GError            **error);

/* Records that @user printed (or exported) @kind for the record: one audit row ("print"). */
gboolean        muying_store_audit_printed    (MuyingStore        *store,
                                               const char         *user,
                                               gint64              record_id,
                                               MuyingDocumentKind  kind,
                                               GError            **error);

/* The aminoglycoside antibiotics the drug card names (docs/background.md): the Chinese generic name
 * and the international one, NULL-terminated pairs { "庆大霉素", "Gentamicin", …, NULL }. */
const char * const *muying_document_list_aminoglycosides (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingDocument, muying_document_free)

G_END_DECLS
