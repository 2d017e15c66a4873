-- The expectations that failed in a run ($1 = run_id).
SELECT suite, expectation, column_name, unexpected_count, element_count, observed_value
FROM quality_results
WHERE run_id = $1 AND NOT success
ORDER BY suite, expectation
