/* muying-store-recall.h: the recall list (复查提醒) of the two-cancer screening cycle
 *
 * A woman is due again (docs/recall.md):
 *   cervical  12 months after an exam with HPV_OTHER_REPEAT, CYTO_ASCUS_HPV_NEG or CIN1;
 *             else, when the exam has no other cervical reason, 5 years after an HPV-negative
 *             result (with or without cytology) and 3 years after a NILM cytology without HPV;
 *   breast    2 years after a breast exam (clinical exam, ultrasound or mammography) that gave
 *             no breast reason (BI-RADS 1–2, a normal clinical exam).
 * The cycle counts from her latest exam of that track (a later exam of the track, whatever it
 * gave, replaces it), and she is listed when the due date falls in the period, she is 35–64 on
 * that date and, for the cervical track, no record of hers says she had a hysterectomy (the
 * field, or a hysterectomy as cervical treatment). Other reasons are the worklist's business.
 *
 * One row per woman: the tracks due in the period, each with its due date and last exam. The
 * query reads the two-cancer records of the exams that could fall due in the period (the period
 * moved back 12, 24, 36 and 60 months, by the date index) and, for each one due, the woman's
 * later exams and hysterectomy by her person index: it costs what the period holds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-store.h"

G_BEGIN_DECLS

typedef enum
{
  MUYING_RECALL_CERVICAL,
  MUYING_RECALL_BREAST,
  MUYING_N_RECALL_TRACKS
} MuyingRecallTrack;

/* "cervical", "breast" (locale-free, the CLI's CSV and JSON). */
const char *muying_recall_track_to_string (MuyingRecallTrack track);
/* “宫颈癌筛查”, “乳腺癌筛查”. */
const char *muying_recall_track_get_label (MuyingRecallTrack track);

typedef struct
{
  gboolean  due;             /* the track is due in the period */
  GDate     due_date;
  GDate     last_exam;       /* the exam the cycle counts from */
  gint64    record_id;       /* its record */
  char     *institution;     /* where that exam was, nullable */
} MuyingRecallTrackDue;

typedef struct
{
  gint64               person_id;
  char                *name;
  char                *id_number;
  char                *phone;          /* nullable */
  GDate                birth_date;
  MuyingRecallTrackDue tracks[MUYING_N_RECALL_TRACKS];
  GDate                due_date;       /* the earliest due date of her tracks due */
  GDate                last_exam;      /* the latest last exam of her tracks due */
} MuyingRecallRow;

typedef struct
{
  int   year;
  int   month;   /* 1–12 */
  guint count;   /* women whose (earliest) due date is in the month */
} MuyingRecallMonth;

typedef struct
{
  GDate      from;
  GDate      to;
  GPtrArray *rows;     /* MuyingRecallRow, by due date, then name, then person id */
  GArray    *months;   /* MuyingRecallMonth, every month the period touches, zeros included */
} MuyingRecallList;

void              muying_recall_list_free        (MuyingRecallList *list);
/* The tracks due as "cervical;breast" (locale-free) or in words joined by "、" (@labels). */
char             *muying_recall_row_dup_tracks   (const MuyingRecallRow *row,
                                                  gboolean               labels);

/* The recall list for @from … @to (inclusive). MUYING_STORE_ERROR_CONSTRAINT when @to is
 * before @from. */
MuyingRecallList *muying_store_recall_list       (MuyingStore  *store,
                                                  const GDate  *from,
                                                  const GDate  *to,
                                                  GError      **error);

/* Records that @user printed (or exported) the recall letter of @row: one audit row (action
 * "print", entity "person", detail {"document": "recall_letter", "tracks", "due"}). */
gboolean          muying_store_audit_recall_letter (MuyingStore           *store,
                                                    const char            *user,
                                                    const MuyingRecallRow *row,
                                                    GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingRecallList, muying_recall_list_free)

G_END_DECLS
