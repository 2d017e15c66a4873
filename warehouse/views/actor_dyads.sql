-- actor_dyads: who acts on whom. One row per (actor1, actor2) pair as coded, with
-- actor2 NULL for one-sided events (a capture with no stated defender, a bombing
-- with no stated target). Events with neither actor are left out.
CREATE OR REPLACE VIEW actor_dyads AS
SELECT
    e.actor1,
    e.actor2,
    count(*) AS events,
    count(DISTINCT coalesce(c.cluster_id, 'event:' || e.event_id)) AS happenings,
    count(DISTINCT e.doc_id) AS articles,
    coalesce(sum(e.fatalities), 0)::BIGINT AS fatalities,
    min(e.event_date) AS first_event_date,
    max(e.event_date) AS last_event_date
FROM events AS e
LEFT JOIN event_clusters AS c ON c.event_id = e.event_id
WHERE e.actor1 IS NOT NULL OR e.actor2 IS NOT NULL
GROUP BY e.actor1, e.actor2
