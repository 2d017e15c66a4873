-- The places with the most distinct happenings, then the deadliest ($1 = how many).
SELECT
    location,
    admin1,
    country,
    count(DISTINCT coalesce(cluster_id, 'event:' || event_id)) AS happenings,
    count(*) AS events,
    count(DISTINCT doc_id) AS articles,
    coalesce(sum(fatalities), 0)::BIGINT AS fatalities,
    min(event_date) AS first_event_date,
    max(event_date) AS last_event_date,
    -- how precisely those two dates are known (the best of the events that carry them)
    arg_min(time_precision, (event_date, time_precision)) AS first_date_precision,
    arg_max(time_precision, (event_date, -time_precision)) AS last_date_precision
FROM events_enriched
GROUP BY location, admin1, country
ORDER BY happenings DESC, fatalities DESC, events DESC, location
LIMIT $1
