/* muying-store-action-private.h: what the store's review, follow-up and later-result actions
 * share (muying-store-action.c); nothing outside the store may include it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "muying-followup.h"
#include "muying-rule-set.h"
#include "muying-store-private.h"

G_BEGIN_DECLS

/* What every action needs to know about the record. */
typedef struct
{
  gint64         id;
  MuyingProgram  program;
  char          *key;
  MuyingLevel    level;
  MuyingLevel    computed_level;
  char          *review_state;
  GDate          record_date;
  GDate          edd;
  char          *reasons;   /* codes ;-separated */
  gint64         row_version;
} MuyingRecordInfo;

typedef struct
{
  gint64               id;
  MuyingFollowupState  state;
  char                *due_date;
  char                *next_step;
  int                  contact_attempts;
  gint64               row_version;
} MuyingFollowupRow;

void        _muying_record_info_clear          (MuyingRecordInfo        *r);
void        _muying_followup_row_clear         (MuyingFollowupRow       *f);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MuyingRecordInfo, _muying_record_info_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MuyingFollowupRow, _muying_followup_row_clear)

/* @today when it is given and valid, else the real today. */
void        _muying_store_resolve_today        (const GDate             *today,
                                                GDate                   *out);
/* The follow-up deadlines of @rules' data folder (the defaults when @rules is NULL or its
 * file cannot be read). */
void        _muying_store_load_deadlines       (MuyingRuleSet           *rules,
                                                MuyingFollowupDeadlines *deadlines);

/* JSON for the audit detail: a member only when @value is not NULL; a pair [old, new] with
 * null for a missing side. */
char       *_muying_store_builder_to_string    (JsonBuilder             *b);
void        _muying_store_member_string        (JsonBuilder             *b,
                                                const char              *name,
                                                const char              *value);
void        _muying_store_member_int           (JsonBuilder             *b,
                                                const char              *name,
                                                gint64                   value);
void        _muying_store_member_pair          (JsonBuilder             *b,
                                                const char              *name,
                                                const char              *old_value,
                                                const char              *new_value);

/* TRUE when @text is NULL or only white space; _nonblank() gives NULL for such a text. */
gboolean    _muying_store_is_blank             (const char              *text);
const char *_muying_store_nonblank             (const char              *text);

/* Steps @stmt once, expecting SQLITE_DONE. */
gboolean    _muying_store_step_done            (MuyingStore             *store,
                                                MuyingSqlStmt            *stmt,
                                                GError                 **error);
/* Steps @stmt, an "INSERT … RETURNING id" (one round trip on a server, where asking for the
 * inserted id afterwards would be another), and sets @id. */
gboolean    _muying_store_step_inserted        (MuyingStore             *store,
                                                MuyingSqlStmt           *stmt,
                                                gint64                  *id,
                                                GError                 **error);
/* Runs @sql with the arguments that follow @error: pairs of type ('s' text, 'i' gint64,
 * 'n' null: the value is ignored) and value, ended by 0. */
gboolean    _muying_store_exec_bound           (MuyingStore             *store,
                                                const char              *sql,
                                                GError                 **error,
                                                ...);
/* The same with a statement the store keeps (a fixed SQL text run once per row of an import). */
gboolean    _muying_store_exec_bound_cached    (MuyingStore             *store,
                                                const char              *sql,
                                                GError                 **error,
                                                ...);
/* … an "INSERT … RETURNING id", setting @id. */
gboolean    _muying_store_insert_bound_cached  (MuyingStore             *store,
                                                const char              *sql,
                                                gint64                  *id,
                                                GError                 **error,
                                                ...);

gboolean    _muying_store_load_record_info     (MuyingStore             *store,
                                                gint64                   record_id,
                                                MuyingRecordInfo        *r,
                                                GError                 **error);
void        _muying_store_record_context       (const MuyingRecordInfo  *r,
                                                MuyingFollowupContext   *ctx);
/* FALSE with an error on failure; TRUE with f->id == 0 when the record has no follow-up. */
gboolean    _muying_store_load_followup        (MuyingStore             *store,
                                                gint64                   record_id,
                                                MuyingFollowupRow       *f,
                                                GError                 **error);
/* Appends a row to the follow-up's timeline; @step_id (may be NULL) gets its id. */
gboolean    _muying_store_insert_step          (MuyingStore             *store,
                                                gint64                   followup_id,
                                                MuyingFollowupState      state,
                                                const char              *step,
                                                const GDate             *date,
                                                const char              *user,
                                                const char              *note,
                                                gint64                  *step_id,
                                                GError                 **error);

/* Inside the action's transaction: FALSE with MUYING_STORE_ERROR_CONFLICT (who changed it and
 * when) when @check and the record @r or its follow-up @f is no longer at @seen_version, the
 * version the person acting looked at (muying-store-version.c). */
gboolean    _muying_store_check_record_seen    (MuyingStore             *store,
                                                const MuyingRecordInfo  *r,
                                                gboolean                 check,
                                                gint64                   seen_version,
                                                GError                 **error);
gboolean    _muying_store_check_followup_seen  (MuyingStore             *store,
                                                const MuyingRecordInfo  *r,
                                                const MuyingFollowupRow *f,
                                                gboolean                 check,
                                                gint64                   seen_version,
                                                GError                 **error);

/* The same for a save of the screening record @key (muying-store-records.c), before it writes
 * anything: the record it found (@record_id 0: none) is at @row_version, and was seen at
 * @seen_version (or MUYING_ROW_VERSION_NEW, MUYING_ROW_VERSION_UNCHECKED). */
gboolean    _muying_store_check_save_seen      (MuyingStore             *store,
                                                const char              *key,
                                                gint64                   record_id,
                                                gint64                   row_version,
                                                gint64                   seen_version,
                                                GError                 **error);

/* The level change of record @r (its follow-up @f, f->id == 0: none) for
 * muying_followup_plan_level_change(); @classification nullable, @day the day of the change. */
void        _muying_store_level_change_init    (MuyingLevelChange             *change,
                                                MuyingLevelChangeCause         cause,
                                                const MuyingRecordInfo        *r,
                                                const MuyingFollowupRow       *f,
                                                MuyingLevel                    old_level,
                                                MuyingLevel                    new_level,
                                                const MuyingClassification    *classification,
                                                const GDate                   *day);
/* Executes @plan on the follow-up @f of record @record_id on @day: open inserts the follow-up,
 * redate sets its due date, reopen and close also append a step row (@step, @step_note; close
 * records @outcome), drop deletes it. @step_id (may be NULL) gets the step row's id, 0 when
 * none was written. When @b is given, the audit detail gets a "followup" member (from, to,
 * due, outcome) for any change. */
gboolean    _muying_store_apply_followup_plan  (MuyingStore                   *store,
                                                gint64                         record_id,
                                                const MuyingFollowupRow       *f,
                                                const MuyingFollowupPlan      *plan,
                                                const char                    *user,
                                                const GDate                   *day,
                                                const char                    *step,
                                                const char                    *step_note,
                                                const char                    *outcome,
                                                JsonBuilder                   *b,
                                                gint64                        *step_id,
                                                GError                       **error);

/* The stored record @record_id of @program classified by @rules. */
MuyingClassification *_muying_store_classify_stored (MuyingStore                *store,
                                                     MuyingRuleSet              *rules,
                                                     gint64                      record_id,
                                                     MuyingProgram               program,
                                                     GError                    **error);
/* Writes @cls as record @r's classification: its computed level, reasons and rule-set version.
 * A record nobody reviewed (none, pending) takes the new level; a reviewed or signed record keeps
 * the doctor's level unless the rules now say higher (a reviewed one goes back to pending).
 * @new_level and @new_review_state (transfer full) get what was written; the follow-up is the
 * caller's. */
gboolean    _muying_store_write_classification (MuyingStore                *store,
                                                const MuyingRecordInfo     *r,
                                                const MuyingClassification *cls,
                                                const char                 *user,
                                                MuyingLevel                *new_level,
                                                char                      **new_review_state,
                                                GError                    **error);

G_END_DECLS
