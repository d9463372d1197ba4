/* muying-store-schema.c: the numbered schema migrations
 *
 * Each step runs in one transaction with the user_version bump. Never edit a step that has
 * shipped: add a new one.
 *
 * Conventions: dates are ISO text "YYYY-MM-DD", times ISO 8601 UTC text; enumerations are
 * the canonical keys of docs/import-formats.md; level is 0 low, 1 intermediate, 2 high.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "muying-store-schema.h"

static const char migration_1[] =
  "CREATE TABLE app_user ("
  "  id INTEGER PRIMARY KEY,"
  "  login TEXT NOT NULL UNIQUE,"
  "  display_name TEXT NOT NULL,"
  "  role TEXT NOT NULL CHECK (role = 'nurse' OR role = 'doctor' OR role = 'admin'),"
  "  password_hash TEXT NOT NULL,"
  "  failed_logins INTEGER NOT NULL DEFAULT 0,"
  "  locked_until TEXT,"
  "  disabled INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL"
  ");"

  /* Women and newborns. A newborn links to its mother and usually has no ID number yet. */
  "CREATE TABLE person ("
  "  id INTEGER PRIMARY KEY,"
  "  id_number TEXT UNIQUE,"
  "  name TEXT NOT NULL,"
  "  sex INTEGER NOT NULL DEFAULT 0 CHECK (sex = 0 OR sex = 1 OR sex = 2),"
  "  birth_date TEXT,"
  "  phone TEXT,"
  "  mother_id INTEGER REFERENCES person(id),"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL"
  ");"
  "CREATE INDEX person_name_idx ON person(name, birth_date);"
  "CREATE INDEX person_phone_idx ON person(phone) WHERE phone IS NOT NULL;"
  "CREATE INDEX person_mother_idx ON person(mother_id) WHERE mother_id IS NOT NULL;"

  /* CHECK constraints are written as OR chains, not IN lists: SQLite evaluates an IN list
   * through a temporary b-tree on every insert, which made imports several times slower.
   *
   * One row per screening record of any programme; the programme's own fields are in the
   * table named after it. level is the reviewed level once a doctor changed it, else the
   * computed one; computed_level is always what the rules said. */
  "CREATE TABLE record ("
  "  id INTEGER PRIMARY KEY,"
  "  program TEXT NOT NULL CHECK (program = 'prenatal' OR program = 'newborn' OR program = 'two_cancer'),"
  "  record_key TEXT NOT NULL,"
  "  person_id INTEGER NOT NULL REFERENCES person(id),"
  "  record_date TEXT NOT NULL,"
  "  institution TEXT,"
  "  level INTEGER NOT NULL DEFAULT 0 CHECK (level BETWEEN 0 AND 2),"
  "  computed_level INTEGER NOT NULL DEFAULT 0 CHECK (computed_level BETWEEN 0 AND 2),"
  "  rules_version TEXT NOT NULL,"
  "  review_state TEXT NOT NULL DEFAULT 'none' CHECK (review_state = 'none' OR review_state = 'pending' OR review_state = 'reviewed' OR review_state = 'signed'),"
  "  signed_by INTEGER REFERENCES app_user(id),"
  "  signed_at TEXT,"
  "  created_at TEXT NOT NULL,"
  "  created_by TEXT,"
  "  updated_at TEXT NOT NULL,"
  "  updated_by TEXT,"
  "  UNIQUE (program, record_key)"
  ");"
  "CREATE INDEX record_program_date_idx ON record(program, record_date, level);"
  "CREATE INDEX record_person_idx ON record(person_id);"
  "CREATE INDEX record_pending_idx ON record(review_state, level) WHERE review_state = 'pending';"

  "CREATE TABLE prenatal ("
  "  record_id INTEGER PRIMARY KEY REFERENCES record(id) ON DELETE CASCADE,"
  "  test_type TEXT NOT NULL,"
  "  ga_days INTEGER NOT NULL,"
  "  edd TEXT NOT NULL,"
  "  edd_given INTEGER NOT NULL DEFAULT 0,"
  "  age_at_edd INTEGER,"
  "  weight_kg REAL,"
  "  t21_risk INTEGER,"
  "  t18_risk INTEGER,"
  "  afp_mom REAL,"
  "  nt_mm REAL,"
  "  nipt_t21 TEXT, nipt_t18 TEXT, nipt_t13 TEXT, nipt_sca TEXT,"
  "  nipt_status TEXT NOT NULL DEFAULT 'ok',"
  "  diagnosis_result TEXT,"
  "  pregnancy_outcome TEXT"
  ");"

  "CREATE TABLE newborn ("
  "  record_id INTEGER PRIMARY KEY REFERENCES record(id) ON DELETE CASCADE,"
  "  mother_id INTEGER NOT NULL REFERENCES person(id),"
  "  hospital TEXT,"
  "  panel TEXT NOT NULL,"
  "  variants TEXT NOT NULL DEFAULT '',"
  "  hearing_left TEXT, hearing_right TEXT, hearing_date TEXT,"
  "  rescreen_left TEXT, rescreen_right TEXT, rescreen_date TEXT,"
  "  audiology_result TEXT,"
  "  intervention TEXT"
  ");"
  "CREATE INDEX newborn_mother_idx ON newborn(mother_id);"
  /* Detected variants, one row each, for the by-gene statistics. */
  "CREATE TABLE newborn_variant ("
  "  record_id INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,"
  "  gene TEXT NOT NULL,"
  "  variant TEXT NOT NULL,"
  "  zygosity TEXT NOT NULL,"
  "  PRIMARY KEY (record_id, gene, variant)"
  ") WITHOUT ROWID;"
  "CREATE INDEX newborn_variant_gene_idx ON newborn_variant(gene, record_id);"

  "CREATE TABLE two_cancer ("
  "  record_id INTEGER PRIMARY KEY REFERENCES record(id) ON DELETE CASCADE,"
  "  hpv TEXT, hpv_types TEXT NOT NULL DEFAULT '',"
  "  cytology TEXT, via_vili TEXT, colposcopy TEXT, cervical_histology TEXT,"
  "  cbe TEXT, us_birads TEXT, mammo_birads TEXT, breast_pathology TEXT,"
  "  cancer_stage TEXT,"
  "  treatment TEXT"
  ");"

  "CREATE TABLE reason ("
  "  record_id INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,"
  "  code TEXT NOT NULL,"
  "  level INTEGER NOT NULL,"
  "  PRIMARY KEY (record_id, code)"
  ") WITHOUT ROWID;"
  "CREATE INDEX reason_code_idx ON reason(code, record_id);"

  /* One follow-up per flagged record; overdue is computed from due_date, never stored. */
  "CREATE TABLE followup ("
  "  id INTEGER PRIMARY KEY,"
  "  record_id INTEGER NOT NULL UNIQUE REFERENCES record(id) ON DELETE CASCADE,"
  "  state TEXT NOT NULL DEFAULT 'open'"
  "    CHECK (state = 'open' OR state = 'notified' OR state = 'next_step' OR state = 'result' OR state = 'done' OR state = 'declined' OR state = 'lost'),"
  "  due_date TEXT NOT NULL,"
  "  next_step TEXT,"
  "  contact_attempts INTEGER NOT NULL DEFAULT 0,"
  "  outcome TEXT,"
  "  opened_at TEXT NOT NULL,"
  "  closed_at TEXT"
  ");"
  "CREATE INDEX followup_open_idx ON followup(due_date) WHERE state <> 'done' AND state <> 'declined' AND state <> 'lost';"
  "CREATE TABLE followup_step ("
  "  id INTEGER PRIMARY KEY,"
  "  followup_id INTEGER NOT NULL REFERENCES followup(id) ON DELETE CASCADE,"
  "  state TEXT NOT NULL,"
  "  step TEXT,"
  "  step_date TEXT NOT NULL,"
  "  user_name TEXT,"
  "  note TEXT,"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE INDEX followup_step_followup_idx ON followup_step(followup_id);"

  "CREATE TABLE review ("
  "  id INTEGER PRIMARY KEY,"
  "  record_id INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,"
  "  user_name TEXT NOT NULL,"
  "  action TEXT NOT NULL CHECK (action = 'accept' OR action = 'raise' OR action = 'lower' OR action = 'sign' OR action = 'amend' OR action = 'note'),"
  "  old_level INTEGER, new_level INTEGER,"
  "  reason TEXT, note TEXT,"
  "  at TEXT NOT NULL"
  ");"
  "CREATE INDEX review_record_idx ON review(record_id);"

  /* Append-only, hash-chained: hash = SHA-256(prev_hash | at | user | action | entity |
   * entity_id | detail). The triggers make UPDATE and DELETE fail. */
  "CREATE TABLE audit ("
  "  id INTEGER PRIMARY KEY,"
  "  at TEXT NOT NULL,"
  "  user_name TEXT,"
  "  action TEXT NOT NULL,"
  "  entity TEXT,"
  "  entity_id INTEGER,"
  "  detail TEXT,"
  "  prev_hash TEXT NOT NULL,"
  "  hash TEXT NOT NULL"
  ");"
  "CREATE INDEX audit_entity_idx ON audit(entity, entity_id);"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
  "  BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
  "  BEGIN SELECT RAISE(ABORT, 'audit rows cannot be deleted'); END;"

  "CREATE TABLE setting ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT"
  ") WITHOUT ROWID;";

/* Step 2 (statistics, muying-stats.c): the year queries read record_stats_idx alone for the
 * records of a period (it covers program, date, level and person; it replaces
 * record_program_date_idx, a prefix of it), and count distinct women in the order of
 * record_program_person_idx without a temporary tree. */
static const char migration_2[] =
  "DROP INDEX record_program_date_idx;"
  "CREATE INDEX record_stats_idx ON record(program, record_date, level, person_id);"
  "CREATE INDEX record_program_person_idx ON record(program, person_id, record_date);";

/* Step 3 (worklist, muying-store-worklist.c): the worklist must answer in < 50 ms at a million
 * records (docs/architecture.md), filtered by programme and level, with counts for the sidebar. A
 * follow-up keeps a copy of its record's programme, level and review state, maintained by the
 * two triggers below (whoever writes record or followup), so that the worklist and its counts
 * read covering partial indexes of the open follow-ups and never join a million records: pages
 * walk followup_worklist_idx in the worklist's order, counts by programme and level use
 * followup_counts_idx.
 * Closed follow-ups whose record still waits for review are the rest of the worklist
 * (followup_pending_closed_idx, a handful of rows). */
static const char migration_3[] =
  "ALTER TABLE followup ADD COLUMN program TEXT;"
  "ALTER TABLE followup ADD COLUMN level INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE followup ADD COLUMN review_state TEXT NOT NULL DEFAULT 'none';"
  "UPDATE followup SET (program, level, review_state) ="
  "  (SELECT r.program, r.level, r.review_state FROM record r WHERE r.id = followup.record_id);"
  /* Skipped when the row was inserted with its copies already filled (the save path does). */
  "CREATE TRIGGER followup_copy_record AFTER INSERT ON followup WHEN NEW.program IS NULL BEGIN"
  "  UPDATE followup SET (program, level, review_state) ="
  "    (SELECT r.program, r.level, r.review_state FROM record r WHERE r.id = NEW.record_id)"
  "  WHERE id = NEW.id;"
  " END;"
  "CREATE TRIGGER record_copy_to_followup AFTER UPDATE OF program, level, review_state ON record"
  "  WHEN OLD.program IS NOT NEW.program OR OLD.level IS NOT NEW.level"
  "    OR OLD.review_state IS NOT NEW.review_state"
  " BEGIN"
  "  UPDATE followup SET program = NEW.program, level = NEW.level, review_state = NEW.review_state"
  "  WHERE record_id = NEW.id;"
  " END;"
  "CREATE INDEX followup_worklist_idx ON followup(due_date, level DESC, record_id, program, state, review_state)"
  "  WHERE state <> 'done' AND state <> 'declined' AND state <> 'lost';"
  "CREATE INDEX followup_counts_idx ON followup(program, level, review_state, state, due_date)"
  "  WHERE state <> 'done' AND state <> 'declined' AND state <> 'lost';"
  "CREATE INDEX followup_pending_closed_idx ON followup(level DESC, record_id, program, state, review_state)"
  "  WHERE review_state = 'pending' AND (state = 'done' OR state = 'declined' OR state = 'lost');";

/* Step 4 (keyed audit, muying-store-audit.c): the audit chain becomes HMAC-SHA-256 with the
 * installation's key, kept outside this file. Entries written before stay as they are and are
 * verified by the old rule; the migration appends an "audit_key" entry from which every
 * entry is keyed (so the old entries are anchored by a keyed one). An account and a signed
 * record carry a seal: "<key id>:<HMAC of the row's content>", repeated in the audit entry
 * that wrote it (audit.seal), so a direct edit, a deleted row or an older version put back
 * is found by the check. */
static const char migration_4[] =
  "ALTER TABLE audit ADD COLUMN seal TEXT;"
  "ALTER TABLE app_user ADD COLUMN seal TEXT;"
  "ALTER TABLE record ADD COLUMN seal TEXT;";

/* Step 5: the worklist's order is level (high first), then days overdue, then due date; a high
 * case due today comes before an intermediate one overdue for years. Days overdue grow as the
 * due date recedes, so (level DESC, due_date) is that order, walked by this covering index.
 * followup_worklist_idx stays for the overdue count (a due_date range). */
static const char migration_5[] =
  "CREATE INDEX followup_urgency_idx ON followup(level DESC, due_date, record_id, program, state, review_state)"
  "  WHERE state <> 'done' AND state <> 'declined' AND state <> 'lost';";

static const char * const migrations[] = {
  migration_1,
  migration_2,
  migration_3,
  migration_4,
  migration_5,
};

const char * const *
muying_store_schema_get_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}
