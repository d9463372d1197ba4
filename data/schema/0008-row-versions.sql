-- Schema step 8 of the Muying database (see docs/architecture.md, "Where things go").
-- Never edit a step that has shipped: add a new file. The text is run as it stands; each
-- statement is kept exactly as earlier versions created it (the check compares it).

-- Step 8: row versions. Several connections write the same file (two windows, the window and
-- muying-cli) and, later, several workstations one server: each store statement that changes a
-- record's content or state, or a follow-up, adds 1 to its row_version. Whoever looked at a row
-- passes the version seen, and the store refuses the write when it changed meanwhile
-- (MUYING_STORE_ERROR_CONFLICT) instead of overwriting the other person's change. The seal of a
-- signed record does not cover row_version. The worklist copy triggers (step 3) do not bump it.
ALTER TABLE record ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE followup ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0;
