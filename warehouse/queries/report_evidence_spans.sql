-- Where each event's evidence sits in its article, to highlight it in the embedded text.
SELECT doc_id, event_id, char_start, char_end
FROM events
ORDER BY doc_id, char_start, char_end
