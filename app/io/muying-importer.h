/* muying-importer.h: CSV import of one screening programme or one kind of follow-on record
 * (docs/import-formats.md)
 *
 * A MuyingImporter reads one file of one programme: it maps the header (English keys or
 * Chinese aliases, any order), validates every row whole into the record structs of
 * muying-screening.h, classifies each valid row with the rule set and, for an import, saves
 * the valid rows with muying_store_save_*() in ONE transaction followed by one audit row
 * (action "import", the file's SHA-256 and the summary).
 *
 * The same importer reads the follow-on files (prenatal diagnoses, pregnancy outcomes,
 * audiology: muying-follow-on.h) over their descriptors: the same columns, values, checks,
 * report and transaction; a valid row is not classified but saved with
 * muying_store_save_follow_on(), and a row that matches no case is kept and counted as
 * unlinked (未关联), with a warning naming its line. A bad row never stops the file and
 * never half-enters: it is reported as line / column / reason and skipped. A row never renames
 * a woman: an ID number already registered (or given earlier in the file) with another name is
 * a rejected row (column: the name).
 *
 * Two passes over the same code:
 *   muying_importer_validate()  reads, validates and classifies; writes nothing (the GUI's
 *                               "check before importing" step, and `muying-cli classify`);
 *   muying_importer_import()    the same, and writes.
 * Both return a MuyingImportReport, or NULL with an error for a file-level problem (unreadable
 * file, encoding, a required column missing, cancelled, the commit failed). When import()
 * returns NULL nothing was written.
 *
 * Threads: an importer may run in a GTask thread. The progress and row callbacks are called in
 * that thread; a GUI marshals them to the main context itself (g_main_context_invoke).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "muying-classification.h"
#include "muying-csv-reader.h"
#include "muying-follow-on.h"
#include "muying-rule-set.h"
#include "muying-screening.h"
#include "muying-store.h"

G_BEGIN_DECLS

/* One problem of one row. */
typedef struct
{
  guint  line;      /* physical line where the row starts (header = 1) */
  char  *column;    /* the column as named in the file's header, or its key when the column
                       is absent; NULL for a problem of the whole row */
  char  *message;   /* translated */
  char  *label;     /* the column's Chinese label ("身份证号"), whatever the file's header says;
                       NULL with @column */
} MuyingImportProblem;

typedef struct
{
  guint      line;
  GStrv      fields;      /* the row as read */
  GPtrArray *problems;    /* element-type MuyingImportProblem; never empty */
} MuyingImportRejectedRow;

typedef struct
{
  MuyingProgram      program;        /* a follow-on file: the programme whose cases it follows */
  gboolean           follow_on;      /* a follow-on file of the kind @follow_on_kind */
  MuyingFollowOnKind follow_on_kind;
  char              *file_name;      /* as given (path or display name) */
  char              *sha256;         /* of the file's bytes, lower-case hex */
  MuyingCsvEncoding  encoding;
  GStrv              header;         /* the header row as read */
  gboolean           written;        /* TRUE when an import committed */

  /* read = inserted + updated + unchanged + rejected (import)
   * read = valid + rejected                            (validate) */
  guint              read;
  guint              valid;
  guint              inserted;
  guint              updated;
  guint              unchanged;
  guint              rejected;
  guint              levels[3];      /* valid rows by MuyingLevel */
  /* import: rows (among inserted and updated) that gave a known woman a new contact phone;
   * her name never changes in an import (a known ID number with another name is rejected) */
  guint              phones_updated;
  /* import of a follow-on file: saved rows (among inserted, updated and unchanged) that match no
   * screening case: kept as unlinked (未关联), each with a warning */
  guint              unlinked;

  GPtrArray         *warnings;       /* element-type utf8: unknown columns, encoding notice */
  GPtrArray         *rejected_rows;  /* element-type MuyingImportRejectedRow, by line */
} MuyingImportReport;

/* An accepted (valid, classified) row, for previews and `classify`. Borrowed for the call. */
typedef struct
{
  guint                        line;
  const char                  *key;            /* sample_no / exam_no; a follow-on record's natural
                                                  key, its values joined by a space */
  MuyingProgram                program;
  gconstpointer                record;         /* MuyingPrenatalRecord / MuyingNewbornRecord /
                                                  MuyingTwoCancerRecord; a follow-on kind's struct */
  const MuyingClassification  *classification; /* NULL for a follow-on record */
  const MuyingFollowOnDescriptor *follow_on;   /* the follow-on kind, NULL for a screening record */
} MuyingImportRow;

typedef void (*MuyingImportRowFunc)      (const MuyingImportRow *row,
                                          gpointer               user_data);
typedef void (*MuyingImportProgressFunc) (guint                  rows_read,
                                          double                 fraction,
                                          gpointer               user_data);

#define MUYING_TYPE_IMPORTER (muying_importer_get_type ())
G_DECLARE_FINAL_TYPE (MuyingImporter, muying_importer, MUYING, IMPORTER, GObject)

MuyingImporter     *muying_importer_new                (MuyingProgram             program,
                                                        MuyingRuleSet            *rules);
/* An importer of one kind of follow-on file (prenatal_diagnosis.csv, pregnancy_outcome.csv,
 * audiology.csv). The rule set gives the values' Chinese aliases and goes to the store's save. */
MuyingImporter     *muying_importer_new_follow_on      (MuyingFollowOnKind        kind,
                                                        MuyingRuleSet            *rules);
/* By the name of the file's kind: a programme ("prenatal", "newborn", "two_cancer") or a
 * follow-on kind ("prenatal_diagnosis", "pregnancy_outcome", "audiology"); NULL for another name. */
MuyingImporter     *muying_importer_new_for_name       (const char               *name,
                                                        MuyingRuleSet            *rules);
void                muying_importer_set_progress_func  (MuyingImporter           *self,
                                                        MuyingImportProgressFunc  func,
                                                        gpointer                  user_data,
                                                        GDestroyNotify            destroy);
void                muying_importer_set_row_func       (MuyingImporter           *self,
                                                        MuyingImportRowFunc       func,
                                                        gpointer                  user_data,
                                                        GDestroyNotify            destroy);

/* Lets a validation pass (which writes nothing) reject, as the import would, a row whose ID
 * number is registered under another name in @store (read only; nullable to stop). An import
 * checks against its own store. */
void                muying_importer_set_lookup_store   (MuyingImporter           *self,
                                                        MuyingStore              *store);

/* A form's save (one screening row): the record of @key was read at @row_version
 * (muying_store_load_record_fields; MUYING_ROW_VERSION_NEW: a new record, there was none). The
 * import refuses that row, as a problem with MUYING_STORE_ERROR_CONFLICT's message, when the
 * record changed since (or, for a new one, is there now), and keeps the version it has after its
 * save for the next save of the form. Files pass none. */
void                muying_importer_expect_version     (MuyingImporter           *self,
                                                        const char               *key,
                                                        gint64                    row_version);
/* The row_version of that record as the import's save left it; -1 when it was not saved. */
gint64              muying_importer_get_saved_version  (MuyingImporter           *self);

/* A pass reads the file again: an import (or validation) of a file whose SHA-256 (the report's
 * sha256 of an earlier check) is not @sha256 fails, and writes nothing (nullable to stop). So an
 * import writes exactly what the check showed, while neither holds the file in memory. */
void                muying_importer_set_expected_sha256 (MuyingImporter          *self,
                                                        const char               *sha256);

MuyingImportReport *muying_importer_validate           (MuyingImporter           *self,
                                                        const char               *path,
                                                        GCancellable             *cancellable,
                                                        GError                  **error);
MuyingImportReport *muying_importer_validate_bytes     (MuyingImporter           *self,
                                                        GBytes                   *bytes,
                                                        const char               *file_name,
                                                        GCancellable             *cancellable,
                                                        GError                  **error);
MuyingImportReport *muying_importer_import             (MuyingImporter           *self,
                                                        const char               *path,
                                                        MuyingStore              *store,
                                                        const char               *user,
                                                        GCancellable             *cancellable,
                                                        GError                  **error);
MuyingImportReport *muying_importer_import_bytes       (MuyingImporter           *self,
                                                        GBytes                   *bytes,
                                                        const char               *file_name,
                                                        MuyingStore              *store,
                                                        const char               *user,
                                                        GCancellable             *cancellable,
                                                        GError                  **error);

void                muying_import_report_free          (MuyingImportReport       *report);
/* The name of the file's kind: "prenatal", …, "prenatal_diagnosis", "pregnancy_outcome", "audiology". */
const char         *muying_import_report_get_kind_name (const MuyingImportReport *report);
/* "Read 10 rows: 8 inserted, 0 updated, 0 unchanged, 2 rejected", in the user's language; an
 * import of a follow-on file adds the rows kept as unlinked. */
char               *muying_import_report_format_summary (const MuyingImportReport *report);
/* "Line 5, column “身份证号”: …", in the user's language; the column by its Chinese label. */
char               *muying_import_problem_format       (const MuyingImportProblem *problem);
/* The rejected rows as CSV (UTF-8 with BOM, so Excel opens it): columns line, column, reason,
 * then the file's own columns; one line per problem. Cells that a spreadsheet would take for a
 * formula get a leading ', and long digit strings a leading TAB so they stay text. The file is
 * owner-only (it holds names and ID numbers) and never written over the database of @store
 * (nullable), its working files or backups, or another database (muying_output_path_check). */
gboolean            muying_import_report_write_rejected (const MuyingImportReport *report,
                                                        MuyingStore              *store,
                                                        const char               *path,
                                                        GError                  **error);

void                muying_import_problem_free         (MuyingImportProblem      *problem);
void                muying_import_rejected_row_free    (MuyingImportRejectedRow  *row);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingImportReport, muying_import_report_free)

G_END_DECLS
