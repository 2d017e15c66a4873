-- The latest run, for the data-quality summary.
SELECT run_id, status, started_at, ended_at, documents_loaded, events_loaded, files_rejected
FROM runs
ORDER BY started_at DESC
LIMIT 1
