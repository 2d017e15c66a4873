-- How many expectations a run ($1 = run_id) evaluated and how many passed.
SELECT count(*) AS evaluated, count(*) FILTER (WHERE success) AS passed
FROM quality_results
WHERE run_id = $1
