-- One file's record for a download, if the caller's scope reaches its
-- patient, with the read audited in the same statement (live files only).
-- $1 file id, $2 caller, $3 patient scopes, $4 request id, $5 ip,
-- $6 caller role. Columns: patient_profile_id, kind, content_type,
-- byte_size, storage_name, content_mac, deleted; no row when out of scope
-- or missing.
WITH f AS (
  SELECT sf.*
  FROM stored_files sf
  JOIN patient_profiles pp ON pp.id = sf.patient_profile_id
  WHERE sf.id = $1 AND pp.deleted IS NOT TRUE
    AND patient_visible(sf.patient_profile_id, $2, $3)
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip)
  SELECT $2, $6, 'read', 'stored_files', id::text, patient_profile_id, $4, $5::inet
  FROM f WHERE NOT deleted
)
SELECT patient_profile_id, kind, content_type, byte_size, storage_name, content_mac, deleted
FROM f
