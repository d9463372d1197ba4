-- Schema step 3 of the Muying database (see docs/architecture.md, "Where things go").
-- Never edit a step that has shipped: add a new file. The text is run as it stands; each
-- statement is kept exactly as earlier versions created it (the check compares it).

-- Step 3 (worklist, muying-store-worklist.c): the worklist must answer in < 50 ms at a million
-- records (docs/architecture.md), filtered by programme and level, with counts for the sidebar. A
-- follow-up keeps a copy of its record's programme, level and review state, maintained by the
-- two triggers below (whoever writes record or followup), so that the worklist and its counts
-- read covering partial indexes of the open follow-ups and never join a million records: pages
-- walk followup_worklist_idx in the worklist's order, counts by programme and level use
-- followup_counts_idx.
-- Closed follow-ups whose record still waits for review are the rest of the worklist
-- (followup_pending_closed_idx, a handful of rows).
ALTER TABLE followup ADD COLUMN program TEXT;
ALTER TABLE followup ADD COLUMN level INTEGER NOT NULL DEFAULT 0;
ALTER TABLE followup ADD COLUMN review_state TEXT NOT NULL DEFAULT 'none';
UPDATE followup SET (program, level, review_state) =  (SELECT r.program, r.level, r.review_state FROM record r WHERE r.id = followup.record_id);
-- Skipped when the row was inserted with its copies already filled (the save path does).
CREATE TRIGGER followup_copy_record AFTER INSERT ON followup WHEN NEW.program IS NULL BEGIN  UPDATE followup SET (program, level, review_state) =    (SELECT r.program, r.level, r.review_state FROM record r WHERE r.id = NEW.record_id)  WHERE id = NEW.id; END;
CREATE TRIGGER record_copy_to_followup AFTER UPDATE OF program, level, review_state ON record  WHEN OLD.program IS NOT NEW.program OR OLD.level IS NOT NEW.level    OR OLD.review_state IS NOT NEW.review_state BEGIN  UPDATE followup SET program = NEW.program, level = NEW.level, review_state = NEW.review_state  WHERE record_id = NEW.id; END;
CREATE INDEX followup_worklist_idx ON followup(due_date, level DESC, record_id, program, state, review_state)  WHERE state <> 'done' AND state <> 'declined' AND state <> 'lost';
CREATE INDEX followup_counts_idx ON followup(program, level, review_state, state, due_date)  WHERE state <> 'done' AND state <> 'declined' AND state <> 'lost';
CREATE INDEX followup_pending_closed_idx ON followup(level DESC, record_id, program, state, review_state)  WHERE review_state = 'pending' AND (state = 'done' OR state = 'declined' OR state = 'lost');
