-- Schema step 5 of the Muying database (see docs/architecture.md, "Where things go").
-- Never edit a step that has shipped: add a new file. The text is run as it stands; each
-- statement is kept exactly as earlier versions created it (the check compares it).

-- Step 5: the worklist's order is level (high first), then days overdue, then due date; a high
-- case due today comes before an intermediate one overdue for years. Days overdue grow as the
-- due date recedes, so (level DESC, due_date) is that order, walked by this covering index.
-- followup_worklist_idx stays for the overdue count (a due_date range).
CREATE INDEX followup_urgency_idx ON followup(level DESC, due_date, record_id, program, state, review_state)  WHERE state <> 'done' AND state <> 'declined' AND state <> 'lost';
