-- 001: the contract tables (documents, events), run bookkeeping, and file tracking.
-- Column names and types of documents/events are fixed by the contract (docs/contract.md);
-- extra columns are ours.

CREATE TABLE IF NOT EXISTS documents (
    doc_id                VARCHAR PRIMARY KEY,   -- sha256 of the raw bytes (of the record, for JSON lines)
    file_name             VARCHAR NOT NULL,      -- base name of the input file
    source_record         VARCHAR,               -- a JSON-lines record's own id
    title                 VARCHAR,
    outlet                VARCHAR,
    published_date        DATE,
    published_date_source VARCHAR,               -- 'metadata' | 'text' | 'inferred'
    clean_text            VARCHAR NOT NULL,
    -- ours:
    source_path           VARCHAR NOT NULL,      -- path relative to the input folder
    author                VARCHAR,
    url                   VARCHAR,
    run_id                VARCHAR NOT NULL       -- the run that loaded this row
);

CREATE TABLE IF NOT EXISTS events (
    event_id        VARCHAR PRIMARY KEY,         -- deterministic: doc_id + sentence span + sub-event + place
    doc_id          VARCHAR NOT NULL,
    event_date      DATE,
    time_precision  SMALLINT,
    event_type      VARCHAR NOT NULL,
    sub_event_type  VARCHAR NOT NULL,
    actor1          VARCHAR,
    assoc_actor1    VARCHAR,
    actor2          VARCHAR,
    assoc_actor2    VARCHAR,
    location        VARCHAR NOT NULL,
    admin1          VARCHAR,
    country         VARCHAR NOT NULL,
    latitude        DOUBLE NOT NULL,
    longitude       DOUBLE NOT NULL,
    geo_precision   SMALLINT NOT NULL,
    fatalities      INTEGER,
    injuries        INTEGER,
    evidence        VARCHAR NOT NULL,
    char_start      INTEGER NOT NULL,
    char_end        INTEGER NOT NULL,
    confidence      DOUBLE NOT NULL,
    -- ours:
    inter1          SMALLINT,                    -- ACLED inter code of actor1
    inter2          SMALLINT,
    run_id          VARCHAR NOT NULL
);

-- One row per input file (a JSON-lines file is one row however many records it holds).
CREATE TABLE IF NOT EXISTS source_files (
    source_path  VARCHAR PRIMARY KEY,            -- relative to the input folder
    file_hash    VARCHAR NOT NULL,               -- sha256 of the whole file
    size_bytes   BIGINT NOT NULL,
    mtime_ns     BIGINT NOT NULL,
    doc_ids      VARCHAR[] NOT NULL,             -- documents the file yielded
    status       VARCHAR NOT NULL,               -- loaded | rejected
    run_id       VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS runs (
    run_id            VARCHAR PRIMARY KEY,
    started_at        TIMESTAMP NOT NULL,
    ended_at          TIMESTAMP,
    status            VARCHAR NOT NULL,          -- running | completed | failed | crashed | nothing-new
    input_dir         VARCHAR,
    files_seen        INTEGER,
    files_new         INTEGER,
    files_changed     INTEGER,
    files_unchanged   INTEGER,
    files_rejected    INTEGER,
    files_pruned      INTEGER,
    documents_loaded  INTEGER,
    events_loaded     INTEGER,
    seconds           DOUBLE,
    message           VARCHAR,
    sitrep_version    VARCHAR
);

CREATE TABLE IF NOT EXISTS rejected_files (
    run_id       VARCHAR NOT NULL,
    source_path  VARCHAR NOT NULL,
    file_hash    VARCHAR,
    reason       VARCHAR NOT NULL,
    rejected_at  TIMESTAMP NOT NULL
);
