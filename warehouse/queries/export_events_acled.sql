-- Every event with the facts ACLED's export format is built from (flows/acled.py applies
-- ACLED's conventions): the event, its article's outlet and URL, and when its run loaded it.
SELECT
    e.*,
    d.url,
    coalesce(r.ended_at, r.started_at) AS loaded_at
FROM events_enriched AS e
LEFT JOIN documents AS d ON d.doc_id = e.doc_id
LEFT JOIN runs AS r ON r.run_id = e.run_id
ORDER BY e.event_date NULLS LAST, e.event_id
