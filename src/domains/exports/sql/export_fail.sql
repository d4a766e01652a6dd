-- A run failed: back to the queue for another attempt, or failed for good
-- ($3). $1 id, $2 a short error code (never data), $3 final.
UPDATE data_export_requests
SET status = CASE WHEN $3::boolean THEN 'failed' ELSE 'queued' END, error = $2,
    lease_until = NULL, finished_at = CASE WHEN $3::boolean THEN now() END
WHERE id = $1::uuid AND status = 'running'
