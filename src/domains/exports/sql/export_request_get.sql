-- One export request, for its subject, whoever asked for it, and holders of
-- the right to export anyone. $1 request id, $2 caller, $3 the caller may
-- export anyone. Columns: request JSON, expires_at as Unix seconds (NULL
-- until ready).
SELECT data_export_request_json(r)::text, extract(epoch FROM r.expires_at)::bigint
FROM data_export_requests r
WHERE r.id = $1::uuid
  AND (r.subject_user_id = $2::uuid OR r.requested_by = $2::uuid OR $3::boolean)
