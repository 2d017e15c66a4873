-- One map point per place and event type: events there and the fatalities reported.
SELECT
    location,
    country,
    event_type,
    avg(latitude) AS latitude,
    avg(longitude) AS longitude,
    count(*) AS events,
    coalesce(sum(fatalities), 0)::BIGINT AS fatalities
FROM events
WHERE latitude IS NOT NULL AND longitude IS NOT NULL
GROUP BY location, country, event_type
ORDER BY fatalities DESC, events DESC, location
