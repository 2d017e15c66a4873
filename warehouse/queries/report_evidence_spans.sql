-- Where each event's evidence sits in its article ($1 = the articles' doc_ids), to mark it
-- in the embedded text.
SELECT doc_id, event_id, char_start, char_end
FROM events
WHERE doc_id IN (SELECT unnest($1::VARCHAR[]))
ORDER BY doc_id, char_start, char_end
