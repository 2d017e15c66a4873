-- The places with the most distinct happenings ($1 = how many).
SELECT
    location,
    admin1,
    country,
    count(DISTINCT coalesce(cluster_id, 'event:' || event_id)) AS happenings,
    count(*) AS events,
    count(DISTINCT doc_id) AS articles,
    coalesce(sum(fatalities), 0)::BIGINT AS fatalities,
    min(event_date) AS first_event_date,
    max(event_date) AS last_event_date
FROM events_enriched
GROUP BY location, admin1, country
ORDER BY happenings DESC, events DESC, location
LIMIT $1
