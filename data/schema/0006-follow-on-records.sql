-- Schema step 6 of the Muying database (see docs/architecture.md, "Where things go").
-- Never edit a step that has shipped: add a new file. The text is run as it stands; each
-- statement is kept exactly as earlier versions created it (the check compares it).

-- Step 6: every case is followed to its end. New screening columns (area, funding, residence, …),
-- the pregnancy as the prenatal unit, and the follow-on records (prenatal diagnosis, pregnancy
-- outcome, audiology) in tables of their own. A follow-on record links to its case; a link left
-- NULL is "未关联" (kept, listed, linked by hand later: linked_by names who linked it).
-- The C part of the step (muying-store.c, migrate) groups the existing prenatal records into
-- pregnancies and links the migrated follow-on rows to them.

ALTER TABLE prenatal ADD COLUMN area_code TEXT;
ALTER TABLE prenatal ADD COLUMN funding TEXT;
ALTER TABLE prenatal ADD COLUMN residence TEXT;
ALTER TABLE prenatal ADD COLUMN dibao TEXT;
ALTER TABLE prenatal ADD COLUMN pregnancy_type TEXT;
ALTER TABLE prenatal ADD COLUMN ivf TEXT;
ALTER TABLE prenatal ADD COLUMN transfusion_12m TEXT;
ALTER TABLE prenatal ADD COLUMN us_anomaly TEXT;
ALTER TABLE prenatal ADD COLUMN pregnancy_id INTEGER REFERENCES pregnancy(id);
ALTER TABLE newborn ADD COLUMN area_code TEXT;
ALTER TABLE newborn ADD COLUMN funding TEXT;
ALTER TABLE newborn ADD COLUMN nicu TEXT;
ALTER TABLE newborn ADD COLUMN hearing_method TEXT;
ALTER TABLE newborn ADD COLUMN gestation_weeks INTEGER;
ALTER TABLE two_cancer ADD COLUMN area_code TEXT;
ALTER TABLE two_cancer ADD COLUMN funding TEXT;
ALTER TABLE two_cancer ADD COLUMN residence TEXT;
ALTER TABLE two_cancer ADD COLUMN dibao TEXT;
ALTER TABLE two_cancer ADD COLUMN hysterectomy TEXT;
ALTER TABLE two_cancer ADD COLUMN visible_lesion TEXT;
ALTER TABLE two_cancer ADD COLUMN us_birads_left TEXT;
ALTER TABLE two_cancer ADD COLUMN us_birads_right TEXT;
ALTER TABLE two_cancer ADD COLUMN mammo_birads_left TEXT;
ALTER TABLE two_cancer ADD COLUMN mammo_birads_right TEXT;
ALTER TABLE two_cancer ADD COLUMN biopsy_date TEXT;
ALTER TABLE two_cancer ADD COLUMN cervical_stage TEXT;
ALTER TABLE two_cancer ADD COLUMN breast_stage TEXT;
ALTER TABLE two_cancer ADD COLUMN cervical_treatment TEXT;
ALTER TABLE two_cancer ADD COLUMN cervical_treatment_date TEXT;
ALTER TABLE two_cancer ADD COLUMN breast_treatment TEXT;
ALTER TABLE two_cancer ADD COLUMN breast_treatment_date TEXT;
-- A woman's pregnancy: her prenatal records whose expected delivery dates lie within 28 days of
-- the first one's. edd and first_date are those of its earliest record (by sample date).
CREATE TABLE pregnancy (  id INTEGER PRIMARY KEY,  person_id INTEGER NOT NULL REFERENCES person(id),  edd TEXT NOT NULL,  first_date TEXT NOT NULL);
CREATE INDEX pregnancy_person_idx ON pregnancy(person_id, edd);
CREATE INDEX prenatal_pregnancy_idx ON prenatal(pregnancy_id) WHERE pregnancy_id IS NOT NULL;
CREATE TABLE prenatal_diagnosis (  id INTEGER PRIMARY KEY,  diagnosis_no TEXT NOT NULL UNIQUE,  id_number TEXT NOT NULL,  person_id INTEGER REFERENCES person(id),  pregnancy_id INTEGER REFERENCES pregnancy(id),  linked_by TEXT,  edd TEXT,  procedure_date TEXT NOT NULL,  procedure TEXT NOT NULL,  method TEXT,  result TEXT NOT NULL,  condition TEXT,  detail TEXT,  created_at TEXT NOT NULL,  created_by TEXT,  updated_at TEXT NOT NULL,  updated_by TEXT);
CREATE INDEX prenatal_diagnosis_id_number_idx ON prenatal_diagnosis(id_number);
CREATE INDEX prenatal_diagnosis_pregnancy_idx ON prenatal_diagnosis(pregnancy_id);
CREATE TABLE pregnancy_outcome (  id INTEGER PRIMARY KEY,  id_number TEXT NOT NULL,  end_date TEXT NOT NULL,  person_id INTEGER REFERENCES person(id),  pregnancy_id INTEGER REFERENCES pregnancy(id),  linked_by TEXT,  edd TEXT,  outcome TEXT NOT NULL,  ga_weeks INTEGER,  babies INTEGER NOT NULL DEFAULT 1,  birth_defect TEXT,  condition TEXT,  created_at TEXT NOT NULL,  created_by TEXT,  updated_at TEXT NOT NULL,  updated_by TEXT,  UNIQUE (id_number, end_date));
CREATE INDEX pregnancy_outcome_pregnancy_idx ON pregnancy_outcome(pregnancy_id);
-- hearing_loss ('none', 'unilateral', 'bilateral') is derived from the two degrees; rows migrated
-- from step 5's single audiology result have it without the degrees.
CREATE TABLE audiology (  id INTEGER PRIMARY KEY,  sample_no TEXT NOT NULL,  diagnosis_date TEXT NOT NULL,  record_id INTEGER REFERENCES record(id),  linked_by TEXT,  left_degree TEXT,  right_degree TEXT,  hearing_loss TEXT,  loss_type TEXT,  intervention TEXT,  intervention_date TEXT,  created_at TEXT NOT NULL,  created_by TEXT,  updated_at TEXT NOT NULL,  updated_by TEXT,  UNIQUE (sample_no, diagnosis_date));
CREATE INDEX audiology_record_idx ON audiology(record_id);
-- Step 5 kept a prenatal diagnosis, an outcome, an audiology result, an intervention and a
-- two-cancer treatment and stage as single columns of the screening record; they become the
-- records above (dated by the follow-up step that recorded them, else by the record's last
-- change). The old columns stay, unread, so nothing of what was written is lost.
CREATE TEMP VIEW step6_result_day AS SELECT f.record_id AS record_id, s.step AS step, MAX(s.step_date) AS day FROM followup_step s JOIN followup f ON f.id = s.followup_id GROUP BY f.record_id, s.step;
INSERT INTO prenatal_diagnosis (diagnosis_no, id_number, person_id, procedure_date, procedure, result, created_at, created_by, updated_at, updated_by)  SELECT 'V5-' || r.record_key, p.id_number, r.person_id,  COALESCE((SELECT day FROM step6_result_day d WHERE d.record_id = r.id AND d.step = 'prenatal_diagnosis'), substr(r.updated_at, 1, 10)),  'other', n.diagnosis_result, r.updated_at, r.updated_by, r.updated_at, r.updated_by  FROM prenatal n JOIN record r ON r.id = n.record_id JOIN person p ON p.id = r.person_id  WHERE n.diagnosis_result IS NOT NULL AND p.id_number IS NOT NULL;
INSERT OR IGNORE INTO pregnancy_outcome (id_number, end_date, person_id, edd, outcome, created_at, created_by, updated_at, updated_by)  SELECT p.id_number, COALESCE((SELECT day FROM step6_result_day d WHERE d.record_id = r.id AND d.step = 'pregnancy_outcome'), n.edd),  r.person_id, n.edd, n.pregnancy_outcome, r.updated_at, r.updated_by, r.updated_at, r.updated_by  FROM prenatal n JOIN record r ON r.id = n.record_id JOIN person p ON p.id = r.person_id  WHERE n.pregnancy_outcome IS NOT NULL AND p.id_number IS NOT NULL;
INSERT INTO audiology (sample_no, diagnosis_date, record_id, left_degree, right_degree, hearing_loss, intervention, intervention_date, created_at, created_by, updated_at, updated_by)  SELECT r.record_key,  COALESCE((SELECT day FROM step6_result_day d WHERE d.record_id = r.id AND d.step = 'audiology'), (SELECT day FROM step6_result_day d WHERE d.record_id = r.id AND d.step = 'intervention'), substr(r.updated_at, 1, 10)),  r.id,  CASE n.audiology_result WHEN 'normal' THEN 'normal' END, CASE n.audiology_result WHEN 'normal' THEN 'normal' END,  CASE n.audiology_result WHEN 'normal' THEN 'none' WHEN 'unilateral_loss' THEN 'unilateral' WHEN 'bilateral_loss' THEN 'bilateral' END,  n.intervention, CASE WHEN n.intervention IS NOT NULL THEN COALESCE((SELECT day FROM step6_result_day d WHERE d.record_id = r.id AND d.step = 'intervention'), substr(r.updated_at, 1, 10)) END,  r.updated_at, r.updated_by, r.updated_at, r.updated_by  FROM newborn n JOIN record r ON r.id = n.record_id  WHERE n.audiology_result IS NOT NULL OR n.intervention IS NOT NULL;
-- The stage and the treatment go to the track with the cancer (the cervix when both or neither).
UPDATE two_cancer SET cervical_stage = cancer_stage  WHERE cancer_stage IS NOT NULL AND NOT (breast_pathology IN ('DCIS', 'invasive') AND (cervical_histology IS NULL OR cervical_histology NOT IN ('micro_invasive', 'invasive')));
UPDATE two_cancer SET breast_stage = cancer_stage  WHERE cancer_stage IS NOT NULL AND cervical_stage IS NULL;
UPDATE two_cancer SET  cervical_treatment = CASE treatment WHEN 'leep' THEN 'leep' WHEN 'conization' THEN 'cold_knife_cone' WHEN 'ablation' THEN 'ablation' WHEN 'hysterectomy' THEN 'hysterectomy' WHEN 'chemoradiotherapy' THEN 'chemo_radio' ELSE 'other' END,  cervical_treatment_date = COALESCE((SELECT day FROM step6_result_day d WHERE d.record_id = two_cancer.record_id AND d.step = 'treatment'), (SELECT substr(updated_at, 1, 10) FROM record WHERE id = two_cancer.record_id))  WHERE treatment IS NOT NULL AND treatment <> 'breast_surgery'  AND NOT (treatment IN ('chemoradiotherapy', 'other') AND breast_pathology IN ('DCIS', 'invasive') AND (cervical_histology IS NULL OR cervical_histology NOT IN ('micro_invasive', 'invasive')));
UPDATE two_cancer SET  breast_treatment = CASE treatment WHEN 'breast_surgery' THEN 'surgery' WHEN 'chemoradiotherapy' THEN 'chemo_radio' ELSE 'other' END,  breast_treatment_date = COALESCE((SELECT day FROM step6_result_day d WHERE d.record_id = two_cancer.record_id AND d.step = 'treatment'), (SELECT substr(updated_at, 1, 10) FROM record WHERE id = two_cancer.record_id))  WHERE treatment IS NOT NULL AND cervical_treatment IS NULL;
DROP VIEW step6_result_day;
