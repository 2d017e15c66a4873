-- The latest events ($1 = how many), with their evidence and article.
SELECT
    event_id,
    doc_id,
    event_date,
    time_precision,
    event_type,
    sub_event_type,
    actor1,
    actor2,
    location,
    admin1,
    country,
    fatalities,
    evidence,
    title,
    outlet,
    published_date
FROM events_enriched
ORDER BY event_date DESC NULLS LAST, published_date DESC NULLS LAST, location, event_id
LIMIT $1
