-- 003: cross-article clusters of events that report the same happening.
-- One row per event; the cluster's figures are repeated on each of its events so
-- that "distinct happenings" is a COUNT(DISTINCT cluster_id) away.
CREATE TABLE IF NOT EXISTS event_clusters (
    cluster_id        VARCHAR NOT NULL,
    event_id          VARCHAR PRIMARY KEY,
    doc_id            VARCHAR NOT NULL,
    n_events          INTEGER NOT NULL,   -- events in the cluster
    n_articles        INTEGER NOT NULL,   -- distinct articles reporting it
    n_outlets         INTEGER NOT NULL,   -- distinct outlets reporting it
    earliest_report   DATE,               -- first publication date among those articles
    first_event_date  DATE
);
