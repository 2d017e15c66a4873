-- Every article, with how many events it gave, for the sources list and the embedded texts.
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
GROUP BY ALL
ORDER BY d.published_date DESC NULLS LAST, d.file_name
