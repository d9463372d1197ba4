/* muying-program-descriptor.h: each screening programme's fields, named once
 *
 * One descriptor per programme (muying-prenatal-descriptor.c, muying-newborn-descriptor.c,
 * muying-two-cancer-descriptor.c). Its field list drives the importer's columns and parsing, the
 * entry form, the store's column lists and binding, the case history, the printed documents and
 * the CLI's output. The rules (muying-rule-set.c), the statistics and the demo generator use the
 * record structs of muying-screening.h directly: they are about what a value means.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "muying-field.h"
#include "muying-types.h"

G_BEGIN_DECLS

/* What a programme's own consistency rules need from whoever read the record: whether a column
 * was filled in (a bad value was already reported by its field), and a way to report a problem. */
typedef struct
{
  gboolean (*given)   (const MuyingField *field,     /* the column was filled in */
                       gpointer           data);
  gboolean (*valid)   (const MuyingField *field,     /* … and read without a problem */
                       gpointer           data);
  void     (*problem) (const MuyingField *field,
                       const char        *message,
                       gpointer           data);
  gpointer   data;
} MuyingFieldCheck;

/* A later result of the programme (muying-followup.h, "later results"): what comes back during
 * follow-up and is written into the record's LATER fields. Its values are the choices of its
 * field (but "not recorded" and those marked not_a_result); its label is the field's. */
typedef struct
{
  const char *field;         /* the key of the choice field it writes; NULL ends the list */
  const char *name;          /* its name in audit rows and follow-up steps; NULL = the field's key */
  const char *label;         /* N_(); NULL = the field's label */
  const char *field2;        /* a second value with the same choices (the right ear), nullable */
  const char *date_field;    /* the result's date is written here as well, nullable */
  gboolean    reclassifies;  /* the rules read it: the record is classified again */
} MuyingResultDescriptor;

typedef struct
{
  MuyingProgram      program;
  const char        *table;          /* the store's table of the programme's own columns */
  const MuyingField *fields;         /* the screening record's fields (import columns, form), terminated
                                        by a NULL key */
  const char        *key_field;      /* the sample or exam number */
  const char        *id_field;       /* the woman's or the mother's ID number */
  const char        *name_field;     /* her name */
  const char        *date_field;     /* the record's date (sample, birth, exam) */
  int                min_age;        /* her plausible age on that date */
  int                max_age;
  gpointer         (*record_new)  (void);
  void             (*record_free) (gpointer record);
  /* Completes derived values (the expected delivery date from the gestational age) and checks
   * what one field cannot check alone (a serum test has no NIPT calls). */
  void             (*check)       (gpointer                record,
                                   const MuyingFieldCheck *check);
  /* The later results, in the order of MuyingResultKind (prenatal, newborn, two cancers). */
  const MuyingResultDescriptor *results;
} MuyingProgramDescriptor;

const MuyingProgramDescriptor *muying_program_descriptor_get (MuyingProgram program);

/* The field named @key, or NULL. */
const MuyingField *muying_program_descriptor_find   (const MuyingProgramDescriptor *self,
                                                     const char                    *key);
guint              muying_program_descriptor_count  (const MuyingProgramDescriptor *self);
/* The index of @field in the list. */
guint              muying_program_descriptor_index  (const MuyingProgramDescriptor *self,
                                                     const MuyingField             *field);

/* Searches every programme: the field named @key and its programme; NULL if there is none. */
const MuyingField *muying_program_descriptor_lookup (const char                     *key,
                                                     const MuyingProgramDescriptor **owner);

/* The descriptors of each programme (defined in their own files). */
extern const MuyingProgramDescriptor muying_prenatal_descriptor;
extern const MuyingProgramDescriptor muying_newborn_descriptor;
extern const MuyingProgramDescriptor muying_two_cancer_descriptor;

G_END_DECLS
