-- What a download needs of a request the caller may see: its state, its
-- expiry (for the link's signature), where the sealed archive is and what
-- sealed it. $1 request id, $2 caller, $3 the caller may export anyone.
-- Columns: status (expired once past expires_at), expires_at as Unix
-- seconds, storage name, sealed_with, the subject's patient profile id,
-- sha256 of the archive.
SELECT CASE WHEN r.status = 'ready' AND r.expires_at <= now() THEN 'expired' ELSE r.status END,
       extract(epoch FROM r.expires_at)::bigint, r.storage_name, r.sealed_with,
       (SELECT pp.id FROM patient_profiles pp WHERE pp.user_id = r.subject_user_id), r.sha256
FROM data_export_requests r
WHERE r.id = $1::uuid
  AND (r.subject_user_id = $2::uuid OR r.requested_by = $2::uuid OR $3::boolean)
