-- Runs still 'running' while the caller holds the writer lock: their process died.
-- committed: whether any row the run loaded is in the warehouse (its lake files are then
-- referenced and must stay).
SELECT r.run_id,
       EXISTS (SELECT 1 FROM documents d WHERE d.run_id = r.run_id)
       OR EXISTS (SELECT 1 FROM events e WHERE e.run_id = r.run_id)
       OR EXISTS (SELECT 1 FROM source_files f WHERE f.run_id = r.run_id)
       OR EXISTS (SELECT 1 FROM rejected_files j WHERE j.run_id = r.run_id) AS committed
FROM runs r
WHERE r.status = 'running'
ORDER BY r.run_id
