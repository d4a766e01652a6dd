-- A person's export requests, newest first (the latest 100: one a day is
-- already many). $1 subject user. Columns: request JSON, expires_at as Unix
-- seconds.
SELECT data_export_request_json(r)::text, extract(epoch FROM r.expires_at)::bigint
FROM data_export_requests r
WHERE r.subject_user_id = $1::uuid
ORDER BY r.requested_at DESC, r.id DESC
LIMIT 100
