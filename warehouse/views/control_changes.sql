-- control_changes: who held a place, and from when. One row per change of territorial
-- control at a place, in date order (seq), built from the territory events of every
-- article ('Government regains territory', 'Non-state actor overtakes territory',
-- 'Non-violent transfer of territory'); to_actor is the event's actor1.
--
-- Articles restate old captures ("ISIS, which seized Mosul in June 2014, ..."), so:
--   1. reports of the same place, the same new holder and the same month are one change
--      (an undated report joins the latest dated change of that place and holder);
--   2. a change to the holder the place already has is a restatement of the change that
--      gave it to them ("the army, which has liberated Ramadi, ...") and is folded into it.
-- `sources` counts the distinct articles behind a change. The change takes the most
-- precise date any source gives; `first_evidence` is the sentence of its earliest-published
-- source, so the analyst can read the first report (`first_evidence_doc_id` links to it).
-- from_actor is the loser an article names (actor2); when none does, it is the previous
-- holder at the place (from_actor_basis says which). held_until is the date of the next
-- change at the place (NULL: still held, as far as the articles tell).
CREATE OR REPLACE VIEW control_changes AS
WITH territory AS (
    SELECT
        e.event_id,
        e.doc_id,
        e.location,
        e.country,
        e.admin1,
        e.latitude,
        e.longitude,
        e.geo_precision,
        e.event_date,
        e.time_precision,
        e.sub_event_type,
        e.actor1 AS to_actor,
        e.actor2,
        e.evidence,
        d.published_date,
        date_trunc('month', e.event_date)::DATE AS month
    FROM events AS e
    LEFT JOIN documents AS d ON d.doc_id = e.doc_id
    WHERE e.sub_event_type IN (
        'Government regains territory',
        'Non-state actor overtakes territory',
        'Non-violent transfer of territory'
    )
),
keyed AS (
    SELECT
        *,
        coalesce(month, max(month) OVER (PARTITION BY location, country, to_actor)) AS month_key
    FROM territory
),
ranked AS (
    SELECT
        *,
        row_number() OVER (
            PARTITION BY location, country, to_actor, month_key
            ORDER BY event_date IS NULL, time_precision NULLS LAST, event_date,
                published_date NULLS LAST, event_id
        ) AS date_rank,
        row_number() OVER (
            PARTITION BY location, country, to_actor, month_key
            ORDER BY published_date NULLS LAST, time_precision NULLS LAST, event_date NULLS LAST,
                event_id
        ) AS report_rank,
        row_number() OVER (
            PARTITION BY location, country, to_actor, month_key
            ORDER BY geo_precision, event_id
        ) AS place_rank
    FROM keyed
),
monthly AS (  -- rule 1: one row per place, holder and month
    SELECT
        location,
        country,
        to_actor,
        first(admin1 ORDER BY place_rank) AS admin1,
        first(latitude ORDER BY place_rank) AS latitude,
        first(longitude ORDER BY place_rank) AS longitude,
        first(event_date ORDER BY date_rank) AS event_date,
        first(time_precision ORDER BY date_rank) AS time_precision,
        first(sub_event_type ORDER BY date_rank) AS sub_event_type,
        first(actor2 ORDER BY date_rank) FILTER (WHERE actor2 IS NOT NULL) AS stated_from,
        first(evidence ORDER BY report_rank) AS first_evidence,
        first(doc_id ORDER BY report_rank) AS first_evidence_doc_id,
        min(published_date) AS first_reported,
        list(DISTINCT doc_id) AS doc_ids,
        list(event_id) AS event_ids
    FROM ranked
    GROUP BY location, country, to_actor, month_key
),
placed AS (
    SELECT
        *,
        row_number() OVER place_order AS pos,
        to_actor IS NOT NULL
            AND to_actor IS NOT DISTINCT FROM lag(to_actor) OVER place_order AS restates_holder
    FROM monthly
    WINDOW place_order AS (
        PARTITION BY location, country
        ORDER BY event_date NULLS LAST, time_precision NULLS LAST, to_actor NULLS LAST
    )
),
runs AS (
    SELECT
        *,
        sum(CASE WHEN restates_holder THEN 0 ELSE 1 END)
            OVER (PARTITION BY location, country ORDER BY pos) AS run
    FROM placed
),
changes AS (  -- rule 2: a run of reports giving the place to its holder is one change
    SELECT
        location,
        country,
        any_value(to_actor) AS to_actor,
        first(admin1 ORDER BY pos) AS admin1,
        first(latitude ORDER BY pos) AS latitude,
        first(longitude ORDER BY pos) AS longitude,
        first(event_date ORDER BY pos) AS event_date,
        first(time_precision ORDER BY pos) AS time_precision,
        first(sub_event_type ORDER BY pos) AS sub_event_type,
        first(stated_from ORDER BY pos) FILTER (WHERE stated_from IS NOT NULL) AS stated_from,
        first(first_evidence ORDER BY pos) AS first_evidence,
        first(first_evidence_doc_id ORDER BY pos) AS first_evidence_doc_id,
        min(first_reported) AS first_reported,
        len(list_distinct(flatten(list(doc_ids)))) AS sources,
        list_sort(flatten(list(event_ids))) AS event_ids
    FROM runs
    GROUP BY location, country, run
),
ordered AS (
    SELECT
        *,
        row_number() OVER place_order AS seq,
        lag(to_actor) OVER place_order AS previous_holder,
        lead(event_date) OVER place_order AS held_until
    FROM changes
    WINDOW place_order AS (
        PARTITION BY location, country
        ORDER BY event_date NULLS LAST, time_precision NULLS LAST, to_actor NULLS LAST
    )
)
SELECT
    location,
    country,
    admin1,
    latitude,
    longitude,
    seq,
    event_date,
    time_precision,
    coalesce(stated_from, previous_holder) AS from_actor,
    CASE
        WHEN stated_from IS NOT NULL THEN 'stated'
        WHEN previous_holder IS NOT NULL THEN 'previous holder'
    END AS from_actor_basis,
    to_actor,
    sub_event_type,
    sources,
    first_evidence,
    first_evidence_doc_id,
    first_reported,
    held_until,
    event_ids
FROM ordered
