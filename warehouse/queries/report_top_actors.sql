-- The actors in the most events, on either side ($1 = how many): how often each acted
-- (actor1) and was acted upon (actor2), and the toll of the events it was party to.
WITH sides AS (
    SELECT actor1 AS actor, 'acting' AS side, event_id, fatalities, event_date
    FROM events WHERE actor1 IS NOT NULL
    UNION ALL
    SELECT actor2, 'target', event_id, fatalities, event_date
    FROM events WHERE actor2 IS NOT NULL
)
SELECT
    actor,
    count(DISTINCT event_id) AS events,
    count(*) FILTER (WHERE side = 'acting') AS as_actor1,
    count(*) FILTER (WHERE side = 'target') AS as_actor2,
    coalesce(sum(fatalities), 0)::BIGINT AS fatalities,
    min(event_date) AS first_event_date,
    max(event_date) AS last_event_date
FROM sides
GROUP BY actor
ORDER BY events DESC, actor
LIMIT $1
