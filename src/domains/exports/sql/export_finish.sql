-- A built archive is stored: the request becomes ready for 24 hours, and
-- the system's audit row says the person's data was assembled for export.
-- Only while this run still holds the request (status running).
-- $1 id, $2 storage name, $3 sealed_with, $4 byte size, $5 sha256,
-- $6 row count, $7 file count, $8 hours until it expires. Columns: id.
WITH done AS (
  UPDATE data_export_requests r
  SET status = 'ready', finished_at = now(),
      expires_at = now() + make_interval(hours => $8::int), lease_until = NULL,
      storage_name = $2, sealed_with = $3, byte_size = $4::bigint, sha256 = $5,
      row_count = $6::int, file_count = $7::int
  WHERE r.id = $1::uuid AND r.status = 'running'
  RETURNING r.id, r.subject_user_id
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, reason)
  SELECT NULL, 'system', 'export', 'data_export_requests', d.id::text,
         (SELECT pp.id FROM patient_profiles pp WHERE pp.user_id = d.subject_user_id),
         'archive built'
  FROM done d
)
SELECT id FROM done
