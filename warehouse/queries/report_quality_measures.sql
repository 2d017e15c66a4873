-- The batch measures (warn-level expectations with a number for a value: share dated, share
-- geocoded to a town, events per document) of the last N runs that loaded, oldest first.
-- `sitrep validate` rows are left out: they measure the whole warehouse, not a batch.
WITH recent AS (
    SELECT run_id, started_at
    FROM runs
    WHERE status = 'completed'
    ORDER BY started_at DESC
    LIMIT ?
)
SELECT r.run_id, r.started_at, q.expectation, TRY_CAST(q.observed_value AS DOUBLE) AS value,
       q.success
FROM quality_results q
JOIN recent r USING (run_id)
WHERE q.severity = 'warn' AND TRY_CAST(q.observed_value AS DOUBLE) IS NOT NULL
ORDER BY r.started_at, q.expectation
