-- Schema step 1 of the Muying database (see docs/architecture.md, "Where things go").
-- Never edit a step that has shipped: add a new file. The text is run as it stands; each
-- statement is kept exactly as earlier versions created it (the check compares it).

CREATE TABLE app_user (  id INTEGER PRIMARY KEY,  login TEXT NOT NULL UNIQUE,  display_name TEXT NOT NULL,  role TEXT NOT NULL CHECK (role = 'nurse' OR role = 'doctor' OR role = 'admin'),  password_hash TEXT NOT NULL,  failed_logins INTEGER NOT NULL DEFAULT 0,  locked_until TEXT,  disabled INTEGER NOT NULL DEFAULT 0,  created_at TEXT NOT NULL);
-- Women and newborns. A newborn links to its mother and usually has no ID number yet.
CREATE TABLE person (  id INTEGER PRIMARY KEY,  id_number TEXT UNIQUE,  name TEXT NOT NULL,  sex INTEGER NOT NULL DEFAULT 0 CHECK (sex = 0 OR sex = 1 OR sex = 2),  birth_date TEXT,  phone TEXT,  mother_id INTEGER REFERENCES person(id),  created_at TEXT NOT NULL,  updated_at TEXT NOT NULL);
CREATE INDEX person_name_idx ON person(name, birth_date);
CREATE INDEX person_phone_idx ON person(phone) WHERE phone IS NOT NULL;
CREATE INDEX person_mother_idx ON person(mother_id) WHERE mother_id IS NOT NULL;
-- CHECK constraints are written as OR chains, not IN lists: SQLite evaluates an IN list
-- through a temporary b-tree on every insert, which made imports several times slower.
--
-- One row per screening record of any programme; the programme's own fields are in the
-- table named after it. level is the reviewed level once a doctor changed it, else the
-- computed one; computed_level is always what the rules said.
CREATE TABLE record (  id INTEGER PRIMARY KEY,  program TEXT NOT NULL CHECK (program = 'prenatal' OR program = 'newborn' OR program = 'two_cancer'),  record_key TEXT NOT NULL,  person_id INTEGER NOT NULL REFERENCES person(id),  record_date TEXT NOT NULL,  institution TEXT,  level INTEGER NOT NULL DEFAULT 0 CHECK (level BETWEEN 0 AND 2),  computed_level INTEGER NOT NULL DEFAULT 0 CHECK (computed_level BETWEEN 0 AND 2),  rules_version TEXT NOT NULL,  review_state TEXT NOT NULL DEFAULT 'none' CHECK (review_state = 'none' OR review_state = 'pending' OR review_state = 'reviewed' OR review_state = 'signed'),  signed_by INTEGER REFERENCES app_user(id),  signed_at TEXT,  created_at TEXT NOT NULL,  created_by TEXT,  updated_at TEXT NOT NULL,  updated_by TEXT,  UNIQUE (program, record_key));
CREATE INDEX record_program_date_idx ON record(program, record_date, level);
CREATE INDEX record_person_idx ON record(person_id);
CREATE INDEX record_pending_idx ON record(review_state, level) WHERE review_state = 'pending';
CREATE TABLE prenatal (  record_id INTEGER PRIMARY KEY REFERENCES record(id) ON DELETE CASCADE,  test_type TEXT NOT NULL,  ga_days INTEGER NOT NULL,  edd TEXT NOT NULL,  edd_given INTEGER NOT NULL DEFAULT 0,  age_at_edd INTEGER,  weight_kg REAL,  t21_risk INTEGER,  t18_risk INTEGER,  afp_mom REAL,  nt_mm REAL,  nipt_t21 TEXT, nipt_t18 TEXT, nipt_t13 TEXT, nipt_sca TEXT,  nipt_status TEXT NOT NULL DEFAULT 'ok',  diagnosis_result TEXT,  pregnancy_outcome TEXT);
CREATE TABLE newborn (  record_id INTEGER PRIMARY KEY REFERENCES record(id) ON DELETE CASCADE,  mother_id INTEGER NOT NULL REFERENCES person(id),  hospital TEXT,  panel TEXT NOT NULL,  variants TEXT NOT NULL DEFAULT '',  hearing_left TEXT, hearing_right TEXT, hearing_date TEXT,  rescreen_left TEXT, rescreen_right TEXT, rescreen_date TEXT,  audiology_result TEXT,  intervention TEXT);
CREATE INDEX newborn_mother_idx ON newborn(mother_id);
-- Detected variants, one row each, for the by-gene statistics.
CREATE TABLE newborn_variant (  record_id INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,  gene TEXT NOT NULL,  variant TEXT NOT NULL,  zygosity TEXT NOT NULL,  PRIMARY KEY (record_id, gene, variant)) WITHOUT ROWID;
CREATE INDEX newborn_variant_gene_idx ON newborn_variant(gene, record_id);
CREATE TABLE two_cancer (  record_id INTEGER PRIMARY KEY REFERENCES record(id) ON DELETE CASCADE,  hpv TEXT, hpv_types TEXT NOT NULL DEFAULT '',  cytology TEXT, via_vili TEXT, colposcopy TEXT, cervical_histology TEXT,  cbe TEXT, us_birads TEXT, mammo_birads TEXT, breast_pathology TEXT,  cancer_stage TEXT,  treatment TEXT);
CREATE TABLE reason (  record_id INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,  code TEXT NOT NULL,  level INTEGER NOT NULL,  PRIMARY KEY (record_id, code)) WITHOUT ROWID;
CREATE INDEX reason_code_idx ON reason(code, record_id);
-- One follow-up per flagged record; overdue is computed from due_date, never stored.
CREATE TABLE followup (  id INTEGER PRIMARY KEY,  record_id INTEGER NOT NULL UNIQUE REFERENCES record(id) ON DELETE CASCADE,  state TEXT NOT NULL DEFAULT 'open'    CHECK (state = 'open' OR state = 'notified' OR state = 'next_step' OR state = 'result' OR state = 'done' OR state = 'declined' OR state = 'lost'),  due_date TEXT NOT NULL,  next_step TEXT,  contact_attempts INTEGER NOT NULL DEFAULT 0,  outcome TEXT,  opened_at TEXT NOT NULL,  closed_at TEXT);
CREATE INDEX followup_open_idx ON followup(due_date) WHERE state <> 'done' AND state <> 'declined' AND state <> 'lost';
CREATE TABLE followup_step (  id INTEGER PRIMARY KEY,  followup_id INTEGER NOT NULL REFERENCES followup(id) ON DELETE CASCADE,  state TEXT NOT NULL,  step TEXT,  step_date TEXT NOT NULL,  user_name TEXT,  note TEXT,  created_at TEXT NOT NULL);
CREATE INDEX followup_step_followup_idx ON followup_step(followup_id);
CREATE TABLE review (  id INTEGER PRIMARY KEY,  record_id INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,  user_name TEXT NOT NULL,  action TEXT NOT NULL CHECK (action = 'accept' OR action = 'raise' OR action = 'lower' OR action = 'sign' OR action = 'amend' OR action = 'note'),  old_level INTEGER, new_level INTEGER,  reason TEXT, note TEXT,  at TEXT NOT NULL);
CREATE INDEX review_record_idx ON review(record_id);
-- Append-only, hash-chained: hash = SHA-256(prev_hash | at | user | action | entity |
-- entity_id | detail). The triggers make UPDATE and DELETE fail.
CREATE TABLE audit (  id INTEGER PRIMARY KEY,  at TEXT NOT NULL,  user_name TEXT,  action TEXT NOT NULL,  entity TEXT,  entity_id INTEGER,  detail TEXT,  prev_hash TEXT NOT NULL,  hash TEXT NOT NULL);
CREATE INDEX audit_entity_idx ON audit(entity, entity_id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit  BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit  BEGIN SELECT RAISE(ABORT, 'audit rows cannot be deleted'); END;
CREATE TABLE setting (  key TEXT PRIMARY KEY,  value TEXT) WITHOUT ROWID;
