-- Schema step 8 of the Muying database on a PostgreSQL server: the same step as
-- data/schema/0008-row-versions.sql (whose comment says what it is for), every integer bigint.
-- Run after the baseline in the same transaction (muying-cli migrate-db). Never edit a step that
-- has shipped: add a new file.
ALTER TABLE record ADD COLUMN row_version bigint NOT NULL DEFAULT 0;
ALTER TABLE followup ADD COLUMN row_version bigint NOT NULL DEFAULT 0;
UPDATE muying_schema SET version = 8;
