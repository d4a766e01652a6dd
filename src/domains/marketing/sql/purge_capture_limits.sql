-- Deletes the capture rate limits' windows that began over two hours ago
-- (the longest window is one hour). Columns: how many.
WITH gone AS (
  DELETE FROM lead_capture_limits WHERE window_start < now() - interval '2 hours' RETURNING 1
)
SELECT count(*) FROM gone
