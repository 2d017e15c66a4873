-- Every event as sitrep stores it, with its article and cluster (events_enriched).
SELECT *
FROM events_enriched
ORDER BY event_date NULLS LAST, event_id
