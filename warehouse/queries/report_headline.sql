-- The report's headline figures: one row. Happenings are cross-article clusters (an
-- unclustered event is its own); fatalities count each happening's highest toll once.
WITH happenings AS (
    SELECT
        coalesce(cluster_id, 'event:' || event_id) AS happening,
        max(fatalities) AS fatalities
    FROM events_enriched
    GROUP BY 1
)
SELECT
    (SELECT count(*) FROM documents) AS documents,
    (SELECT count(*) FROM events) AS events,
    (SELECT count(*) FROM happenings) AS happenings,
    (SELECT coalesce(sum(fatalities), 0) FROM happenings)::BIGINT AS fatalities,
    (SELECT coalesce(sum(fatalities), 0) FROM events)::BIGINT AS fatalities_reported,
    (SELECT count(DISTINCT country) FROM events) AS countries,
    (SELECT min(event_date) FROM events) AS first_event_date,
    (SELECT max(event_date) FROM events) AS last_event_date,
    -- how precisely those two dates are known (the best of the events that carry them)
    (SELECT min(time_precision) FROM events
        WHERE event_date = (SELECT min(event_date) FROM events)) AS first_date_precision,
    (SELECT min(time_precision) FROM events
        WHERE event_date = (SELECT max(event_date) FROM events)) AS last_date_precision,
    (SELECT count(*) FROM events WHERE event_date IS NULL) AS undated_events
