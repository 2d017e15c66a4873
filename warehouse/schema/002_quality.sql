-- 002: data quality bookkeeping (expectations/runner.py fills both tables on every run).
-- `quarantine` holds the rows a run did not load because they broke a row-level
-- expectation; `quality_results` holds one row per expectation evaluated per run,
-- passed or not, so quality can be followed from run to run.

CREATE TABLE IF NOT EXISTS quarantine (
    run_id               VARCHAR NOT NULL,
    table_name           VARCHAR NOT NULL,     -- documents | events | event_clusters | actors | places | ...
    row_key              VARCHAR NOT NULL,     -- the row's key ('a|b' for compound keys), or '_row=N' when missing
    row_json             JSON NOT NULL,        -- the row as the pipeline produced it
    failed_expectations  VARCHAR[] NOT NULL,   -- check names (expectations/*.py), or 'document quarantined'
    quarantined_at       TIMESTAMP NOT NULL    -- UTC
);

CREATE TABLE IF NOT EXISTS quality_results (
    run_id            VARCHAR NOT NULL,
    suite             VARCHAR NOT NULL,        -- documents, events, events_schema, event_clusters, actors, ...
    expectation       VARCHAR NOT NULL,        -- check name, e.g. inside_country_bounds
    column_name       VARCHAR,                 -- the contract column(s) the check is about
    success           BOOLEAN NOT NULL,
    observed_value    VARCHAR,                 -- aggregate observed, or a JSON sample of what failed
    unexpected_count  BIGINT,
    element_count     BIGINT,
    checked_at        TIMESTAMP NOT NULL       -- UTC
);
