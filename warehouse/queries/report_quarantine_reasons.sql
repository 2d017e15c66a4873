-- Rows a run ($1 = run_id) held back from the warehouse, by table and failed expectation.
SELECT table_name, reason, count(*) AS rows
FROM quarantine, unnest(failed_expectations) AS f(reason)
WHERE run_id = $1
GROUP BY table_name, reason
ORDER BY rows DESC, table_name, reason
