-- Expectations that failed in a run (parameter: run_id).
SELECT suite, expectation, unexpected_count, observed_value
FROM quality_results
WHERE run_id = ? AND NOT success
ORDER BY suite, expectation
