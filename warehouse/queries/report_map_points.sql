-- One map point per place and event type: events there, the fatalities reported, and the
-- events it stands for (the map's markers carry them, so each event can be found on it).
SELECT
    location,
    country,
    event_type,
    avg(latitude) AS latitude,
    avg(longitude) AS longitude,
    count(*) AS events,
    coalesce(sum(fatalities), 0)::BIGINT AS fatalities,
    list(event_id ORDER BY event_id) AS event_ids
FROM events
WHERE latitude IS NOT NULL AND longitude IS NOT NULL
GROUP BY location, country, event_type
ORDER BY fatalities DESC, events DESC, location, event_type
