/* muying-field.h: one field of a programme's record, described once
 *
 * A field names its import column, its label, its kind and where its value sits in the record
 * struct. The importer, the entry form, the store, the case history, the printed documents and the
 * CLI all walk the same list (muying-program-descriptor.h), so a new field is added in one table
 * (docs/architecture.md, "Adding a field").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MUYING_FIELD_RECORD_KEY,   /* char *: the sample or exam number, unique in its programme */
  MUYING_FIELD_ID_NUMBER,    /* char *: an 18-character resident ID number */
  MUYING_FIELD_LINE,         /* char *: one line of text (names, phone numbers) */
  MUYING_FIELD_TEXT,         /* char *: a longer text (institutions) */
  MUYING_FIELD_DATE,         /* GDate, cleared = not recorded */
  MUYING_FIELD_NUMBER,       /* double, NAN = not recorded, within min..max */
  MUYING_FIELD_RISK,         /* int: N of a 1/N risk, 0 = not reported */
  MUYING_FIELD_GA_WEEKS,     /* int days: the weeks column of a gestational age ("12" or "12+3") */
  MUYING_FIELD_GA_DAYS,      /* int days: the days column of the same gestational age */
  MUYING_FIELD_CHOICE,       /* int (an enum): one of the field's choices */
  MUYING_FIELD_SEX,          /* MuyingSex */
  MUYING_FIELD_PANEL,        /* char *: a gene panel id of data/panels; NULL = no gene test (an optional
                                panel: the store keeps '', the column is NOT NULL) */
  MUYING_FIELD_VARIANTS,     /* GPtrArray of MuyingVariant */
  MUYING_FIELD_HPV_TYPES,    /* guint16: bit set of muying_hpv_high_risk_types */
  MUYING_FIELD_AREA_CODE,    /* char *: a county code of GB/T 2260 (muying_area_code_check), nullable */
  MUYING_FIELD_INTEGER,      /* int: a whole number within min..max, 0 = not recorded */
} MuyingFieldKind;

typedef enum
{
  MUYING_FIELD_REQUIRED   = 1 << 0,  /* a row or form without it is rejected */
  MUYING_FIELD_STORED     = 1 << 1,  /* a column of the programme's table, named by the key */
  MUYING_FIELD_FUTURE_OK  = 1 << 2,  /* a date that may lie ahead (the expected delivery date) */
  MUYING_FIELD_SUMMARY    = 1 << 3,  /* in the record list's summary column, in field order */
  MUYING_FIELD_LATER      = 1 << 4,  /* may be recorded after the screening, as a later result */
  MUYING_FIELD_WINDOW     = 1 << 5,  /* CHOICE: a test with a gestational-age window in the rules */
  MUYING_FIELD_BATCH      = 1 << 6,  /* the same through a batch of samples of one session: "save and
                                        new" keeps it (the date, test and institution) */
  /* 1 << 7 was "entered as a later result only"; those values are follow-on records now */
  MUYING_FIELD_IMPORT_ONLY = 1 << 8, /* an import column that the programme's check writes into other
                                        fields (an older file's combined column): not on the entry
                                        form, never stored */
} MuyingFieldFlags;

/* How a choice's text is tidied before it is matched a second time (the first match is exact). */
typedef enum
{
  MUYING_CHOICE_PLAIN,
  MUYING_CHOICE_BIRADS,      /* "BI-RADS 4a类" → "4A" */
  MUYING_CHOICE_STAGE,       /* "Ⅱ期", "2", "IIB" → "II" */
} MuyingChoiceNormalizer;

typedef struct
{
  int         value;   /* the enum value */
  const char *key;     /* canonical key of import files, the store and the CLI; "" = not recorded */
  const char *label;   /* N_(): what forms and documents show */
  const char *also;    /* another key read as this one ("4" for 4A), nullable */
  gboolean    not_a_result;  /* a LATER field's value that is no later result ("not done") */
} MuyingFieldChoice;

typedef struct
{
  const char               *key;          /* import column key, store column, CLI header */
  const char               *column;       /* the Chinese header of import files */
  const char               *label;        /* N_(): forms, documents, case history */
  MuyingFieldKind           kind;
  guint                     flags;        /* MuyingFieldFlags */
  gsize                     offset;       /* of the value in the record struct */
  const MuyingFieldChoice  *choices;      /* CHOICE: terminated by a NULL key */
  MuyingChoiceNormalizer    normalizer;   /* CHOICE */
  const char               *allowed;      /* CHOICE, SEX: the values listed in import messages */
  double                    min, max;     /* NUMBER, INTEGER: the plausible range */
  const char               *placeholder;  /* the form's hint, N_() or literal, nullable */
  const char               *section;      /* N_(): a form heading starts before this field, nullable */
  const char               *short_label;  /* NC_("results column", …): the value's prefix in the record
                                             list's results column ("US 3"), nullable */
  const char               *column_also;  /* another Chinese header read as this column, nullable */
} MuyingField;

#define MUYING_FIELD_IS(field, flag) (((field)->flags & (flag)) != 0)

/* The enum value of a choice key: exact keys and "also" keys, case-insensitive, then through the
 * field's normalizer. "" and NULL are not a key (not recorded is decided by the caller). */
gboolean                 muying_field_choice_from_key (const MuyingField *field,
                                                       const char        *text,
                                                       int               *value);
/* The canonical key of @value, or NULL when it is "not recorded" or unknown. */
const char              *muying_field_choice_key      (const MuyingField *field,
                                                       int                value);
/* The choice of @value, or NULL. */
const MuyingFieldChoice *muying_field_choice_lookup   (const MuyingField *field,
                                                       int                value);
/* The choice whose key is @key ("" = not recorded), or NULL. */
const MuyingFieldChoice *muying_field_choice_find     (const MuyingField *field,
                                                       const char        *key);

/* A stored value without a GVariant, for the paths that move every field of many records (a save,
 * a bulk load, binding): the same values as muying_field_get_value, by type. */
typedef enum
{
  MUYING_FIELD_VALUE_NULL,   /* not recorded */
  MUYING_FIELD_VALUE_TEXT,
  MUYING_FIELD_VALUE_INT,
  MUYING_FIELD_VALUE_REAL,
} MuyingFieldValueType;

typedef struct
{
  MuyingFieldValueType  type;
  const char           *text;         /* TEXT: borrowed from the record, a static choice key, or
                                         owned by the value (dates, HPV types, variants) */
  gboolean              static_text;  /* TEXT: a string of the descriptor's tables (a choice key),
                                         valid for the life of the program */
  gint64                integer;      /* INT */
  double                real;         /* REAL */
  /*< private >*/
  char                 *owned;
  char                  date[16];     /* a date's text: @text points here, so the value stays put */
} MuyingFieldValue;

/* Fills @value with the value of @field in @record (what muying_field_get_value gives, without
 * allocating for text the record owns). @value borrows from @record: use it while @record is
 * unchanged, and at the same address (a date's text lies inside @value); free with
 * muying_field_value_clear. */
void      muying_field_peek_value  (const MuyingField *field,
                                    gconstpointer      record,
                                    MuyingFieldValue  *value);
/* Frees what @value owns and sets it to NULL. */
void      muying_field_value_clear (MuyingFieldValue  *value);

/* The value as the store keeps it: NULL (not recorded), a string, an int64 or a double. The
 * caller owns the floating-free reference (g_variant_unref). */
GVariant *muying_field_get_value (const MuyingField *field,
                                  gconstpointer      record);
/* Sets the field from a stored value (NULL = not recorded). FALSE if the value cannot be read
 * (a damaged or hand-edited database); the field is then left not recorded. */
gboolean  muying_field_set_value (const MuyingField *field,
                                  gpointer           record,
                                  GVariant          *value);

/* The value as an import file writes it (the text the importer reads back); "" = not recorded. */
char     *muying_field_to_text    (const MuyingField *field,
                                   gconstpointer      record);
/* The value for people: translated choice labels, "1/270", "12周+3天"; NULL = not recorded. */
char     *muying_field_to_display (const MuyingField *field,
                                   gconstpointer      record);
/* The display text of a stored value (a case-history line holds stored values, not records). */
char     *muying_field_display_value (const MuyingField *field,
                                      GVariant          *value);

/* Sets the record's values to "not recorded" (NAN, cleared dates, the NULL-key choice). */
void      muying_field_clear      (const MuyingField *field,
                                   gpointer           record);
/* Frees what the field owns in @record (strings, the variant list). */
void      muying_field_free_value (const MuyingField *field,
                                   gpointer           record);

/* Defines muying_NAME_to_string and muying_NAME_from_string for an enum of the choice field @field:
 * the canonical keys of an enumeration are its field's choice list. */
#define MUYING_FIELD_DEFINE_KEYS(Type, name, field)                         \
  const char *                                                               \
  muying_##name##_to_string (Type value)                                     \
  {                                                                          \
    return muying_field_choice_key ((field), (int) value);                   \
  }                                                                          \
                                                                             \
  gboolean                                                                   \
  muying_##name##_from_string (const char *text,                             \
                               Type       *value)                            \
  {                                                                          \
    int v;                                                                   \
                                                                             \
    g_return_val_if_fail (value != NULL, FALSE);                             \
    if (!muying_field_choice_from_key ((field), text, &v))                   \
      return FALSE;                                                          \
    *value = (Type) v;                                                       \
    return TRUE;                                                             \
  }

/* A programme's record life cycle over its field table: @n entries from @fields, where an entry with
 * a NULL key is passed over. */
void      muying_fields_clear_record   (const MuyingField *fields,
                                        guint              n,
                                        gpointer           record);
void      muying_fields_free_members   (const MuyingField *fields,
                                        guint              n,
                                        gpointer           record);

G_END_DECLS
