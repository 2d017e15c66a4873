-- 005: what each expectation's failure does (expectations/severities.toml): error,
-- quarantine or warn. Rows recorded before severities existed keep NULL.
ALTER TABLE quality_results ADD COLUMN IF NOT EXISTS severity VARCHAR;
