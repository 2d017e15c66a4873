-- events_enriched: each event with the article it came from and its cross-article cluster,
-- so that analysts (and the report) never have to repeat these joins.
-- cluster_id is NULL only for events the clustering step has not seen yet.
CREATE OR REPLACE VIEW events_enriched AS
SELECT
    e.*,
    d.title,
    d.outlet,
    d.published_date,
    d.file_name,
    c.cluster_id
FROM events AS e
LEFT JOIN documents AS d ON d.doc_id = e.doc_id
LEFT JOIN event_clusters AS c ON c.event_id = e.event_id
