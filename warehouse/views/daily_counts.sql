-- daily_counts: per day, event type and country, how much happened.
-- `events` counts article reports; `happenings` counts distinct cross-article clusters
-- (an unclustered event is its own happening), so restatements are not counted twice.
-- `fatalities` sums what every report says; `fatalities_distinct` takes each happening's
-- highest reported toll once, which is the figure to quote. Undated events have no day
-- and are left out.
CREATE OR REPLACE VIEW daily_counts AS
WITH dated AS (
    SELECT
        e.event_date,
        e.event_type,
        e.country,
        e.event_id,
        e.fatalities,
        coalesce(c.cluster_id, 'event:' || e.event_id) AS happening
    FROM events AS e
    LEFT JOIN event_clusters AS c ON c.event_id = e.event_id
    WHERE e.event_date IS NOT NULL
),
per_happening AS (
    SELECT
        event_date,
        event_type,
        country,
        happening,
        count(*) AS events,
        sum(fatalities) AS fatalities,
        max(fatalities) AS fatalities_distinct
    FROM dated
    GROUP BY ALL
)
SELECT
    event_date,
    event_type,
    country,
    sum(events)::BIGINT AS events,
    count(*) AS happenings,
    coalesce(sum(fatalities), 0)::BIGINT AS fatalities,
    coalesce(sum(fatalities_distinct), 0)::BIGINT AS fatalities_distinct
FROM per_happening
GROUP BY ALL
