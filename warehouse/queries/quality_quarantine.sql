-- Quarantined rows by table and by failed expectation, over all runs.
SELECT table_name, reason, count(*) AS rows
FROM (SELECT table_name, unnest(failed_expectations) AS reason FROM quarantine)
GROUP BY ALL
ORDER BY rows DESC, table_name, reason
