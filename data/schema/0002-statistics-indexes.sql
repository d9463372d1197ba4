-- Schema step 2 of the Muying database (see docs/architecture.md, "Where things go").
-- Never edit a step that has shipped: add a new file. The text is run as it stands; each
-- statement is kept exactly as earlier versions created it (the check compares it).

-- Step 2 (statistics, muying-stats.c): the year queries read record_stats_idx alone for the
-- records of a period (it covers program, date, level and person; it replaces
-- record_program_date_idx, a prefix of it), and count distinct women in the order of
-- record_program_person_idx without a temporary tree.
DROP INDEX record_program_date_idx;
CREATE INDEX record_stats_idx ON record(program, record_date, level, person_id);
CREATE INDEX record_program_person_idx ON record(program, person_id, record_date);
