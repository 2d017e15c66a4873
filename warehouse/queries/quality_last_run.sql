-- The most recent run that validated anything (nothing-new runs validate nothing).
SELECT run_id, status, started_at, documents_loaded, events_loaded, message
FROM runs
WHERE status <> 'nothing-new'
ORDER BY started_at DESC
LIMIT 1
