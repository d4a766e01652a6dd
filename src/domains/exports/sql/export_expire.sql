-- Ready archives past their expiry become expired, at most 100 a turn, each
-- once across nodes; the job removes the returned blobs. Columns: storage name.
UPDATE data_export_requests r
SET status = 'expired'
WHERE r.id IN (
  SELECT q.id FROM data_export_requests q
  WHERE q.status = 'ready' AND q.expires_at <= now()
  ORDER BY q.expires_at
  LIMIT 100
  FOR UPDATE SKIP LOCKED)
RETURNING r.storage_name
