-- Every event under ACLED's export column names and conventions, so that tools built for
-- ACLED data read ours unchanged:
--   * inter codes and fatalities are 0 when unknown or absent (ACLED never leaves them empty);
--   * interaction is the two inter codes as one number, the smaller first (12 for state
--     forces against rebels, whichever side acted), and inter1 * 10 for a one-sided event
--     (20: sole rebel action);
--   * source is the outlet (the file name when the outlet is unknown), notes the evidence.
WITH coded AS (
    SELECT
        *,
        coalesce(inter1, 0) AS i1,
        coalesce(inter2, 0) AS i2
    FROM events_enriched
)
SELECT
    event_id AS event_id_cnty,
    event_date,
    year(event_date) AS year,
    time_precision,
    event_type,
    sub_event_type,
    actor1,
    assoc_actor1 AS assoc_actor_1,
    i1::INTEGER AS inter1,
    actor2,
    assoc_actor2 AS assoc_actor_2,
    i2::INTEGER AS inter2,
    CASE
        WHEN i1 = 0 AND i2 = 0 THEN 0
        WHEN i1 = 0 OR i2 = 0 THEN greatest(i1, i2) * 10
        ELSE least(i1, i2) * 10 + greatest(i1, i2)
    END::INTEGER AS interaction,
    country,
    admin1,
    location,
    latitude,
    longitude,
    geo_precision,
    coalesce(outlet, file_name) AS source,
    evidence AS notes,
    coalesce(fatalities, 0)::INTEGER AS fatalities
FROM coded
ORDER BY event_date NULLS LAST, event_id
