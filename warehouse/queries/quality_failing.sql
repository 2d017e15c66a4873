-- Expectations that failed in a run (parameter: run_id), errors first, then quarantine, then warnings.
SELECT suite, expectation, unexpected_count, observed_value, severity
FROM quality_results
WHERE run_id = ? AND NOT success
ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'quarantine' THEN 1 WHEN 'warn' THEN 2 ELSE 3 END,
         suite, expectation
