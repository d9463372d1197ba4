-- Schema step 4 of the Muying database (see docs/architecture.md, "Where things go").
-- Never edit a step that has shipped: add a new file. The text is run as it stands; each
-- statement is kept exactly as earlier versions created it (the check compares it).

-- Step 4 (keyed audit, muying-store-audit.c): the audit chain becomes HMAC-SHA-256 with the
-- installation's key, kept outside this file. Entries written before stay as they are and are
-- verified by the old rule; the migration appends an "audit_key" entry from which every
-- entry is keyed (so the old entries are anchored by a keyed one). An account and a signed
-- record carry a seal: "<key id>:<HMAC of the row's content>", repeated in the audit entry
-- that wrote it (audit.seal), so a direct edit, a deleted row or an older version put back
-- is found by the check.
ALTER TABLE audit ADD COLUMN seal TEXT;
ALTER TABLE app_user ADD COLUMN seal TEXT;
ALTER TABLE record ADD COLUMN seal TEXT;
