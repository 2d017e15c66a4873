-- The articles the report links to ($1 = their doc_ids), with how many events each gave,
-- for the list of articles cited and the embedded texts.
SELECT
    d.doc_id,
    d.title,
    d.outlet,
    d.published_date,
    d.file_name,
    d.clean_text,
    count(e.event_id) AS events
FROM documents AS d
LEFT JOIN events AS e ON e.doc_id = d.doc_id
WHERE d.doc_id IN (SELECT unnest($1::VARCHAR[]))
GROUP BY ALL
ORDER BY d.published_date DESC NULLS LAST, d.file_name
