-- Claims the oldest queued request, or a running one whose lease ran out
-- (its node died), once across nodes (FOR UPDATE SKIP LOCKED), and leases it.
-- $1 lease in seconds. Columns: id, subject user id, attempts (this one included).
UPDATE data_export_requests r
SET status = 'running', started_at = now(), attempts = r.attempts + 1,
    lease_until = now() + make_interval(secs => $1::int), error = NULL
WHERE r.id = (
  SELECT q.id FROM data_export_requests q
  WHERE q.status = 'queued' OR (q.status = 'running' AND q.lease_until < now())
  ORDER BY q.requested_at, q.id
  LIMIT 1
  FOR UPDATE SKIP LOCKED)
RETURNING r.id, r.subject_user_id, r.attempts
