-- Schema step 7 of the Muying database (see docs/architecture.md, "Where things go").
-- Never edit a step that has shipped: add a new file. The text is run as it stands; each
-- statement is kept exactly as earlier versions created it (the check compares it).

-- Step 7: the bureau's population figures (产妇数, 活产数, 宫颈癌/乳腺癌应查人数), entered by an
-- administrator per statistical year, optionally per quarter (1–4) and per county (area_code);
-- quarter 0 is the whole year and area_code '' the whole jurisdiction (NOT NULL, so the key is
-- unique). A figure not given is NULL: its rates read 未填报.
CREATE TABLE denominator (  year INTEGER NOT NULL,  quarter INTEGER NOT NULL DEFAULT 0 CHECK (quarter BETWEEN 0 AND 4),  area_code TEXT NOT NULL DEFAULT '',  deliveries INTEGER CHECK (deliveries >= 0),  live_births INTEGER CHECK (live_births >= 0),  cervical_due INTEGER CHECK (cervical_due >= 0),  breast_due INTEGER CHECK (breast_due >= 0),  updated_at TEXT NOT NULL,  updated_by TEXT,  PRIMARY KEY (year, quarter, area_code)) WITHOUT ROWID;
-- The statistics walk the pregnancies of a period by their first screening date.
CREATE INDEX pregnancy_first_date_idx ON pregnancy(first_date);
