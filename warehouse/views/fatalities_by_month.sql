-- fatalities_by_month: the monthly series analysts chart, per country and event type.
-- month is the first day of the month. Counting rules are those of daily_counts:
-- `fatalities` sums every report, `fatalities_distinct` counts each happening once.
CREATE OR REPLACE VIEW fatalities_by_month AS
WITH dated AS (
    SELECT
        date_trunc('month', e.event_date)::DATE AS month,
        e.country,
        e.event_type,
        e.fatalities,
        coalesce(c.cluster_id, 'event:' || e.event_id) AS happening
    FROM events AS e
    LEFT JOIN event_clusters AS c ON c.event_id = e.event_id
    WHERE e.event_date IS NOT NULL
),
per_happening AS (
    SELECT
        month,
        country,
        event_type,
        happening,
        count(*) AS events,
        sum(fatalities) AS fatalities,
        max(fatalities) AS fatalities_distinct
    FROM dated
    GROUP BY ALL
)
SELECT
    month,
    country,
    event_type,
    sum(events)::BIGINT AS events,
    count(*) AS happenings,
    coalesce(sum(fatalities), 0)::BIGINT AS fatalities,
    coalesce(sum(fatalities_distinct), 0)::BIGINT AS fatalities_distinct
FROM per_happening
GROUP BY ALL
