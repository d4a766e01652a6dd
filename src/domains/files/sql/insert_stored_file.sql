-- Records a file that is already durably stored, with its audit row, in one
-- statement; the scope is checked again. $1 profile id, $2 kind,
-- $3 content type, $4 byte size, $5 storage name, $6 content mac, $7 caller,
-- $8 patient scopes, $9 request id, $10 ip, $11 caller role. The JSON
-- answer, or no row when the patient is out of scope or a live file with
-- this content already exists (a concurrent upload won).
WITH p AS (
  SELECT pp.id
  FROM patient_profiles pp
  WHERE pp.id = $1 AND pp.deleted IS NOT TRUE AND patient_visible(pp.id, $7, $8)
),
f AS (
  INSERT INTO stored_files (patient_profile_id, kind, content_type, byte_size, storage_name,
                            content_mac, uploaded_by)
  SELECT p.id, $2, $3, $4, $5, $6, $7 FROM p
  ON CONFLICT (patient_profile_id, content_mac) WHERE NOT deleted DO NOTHING
  RETURNING *
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $7, $11, 'create', 'stored_files', id::text, patient_profile_id, $9, $10::inet,
         ARRAY['kind', 'content_type', 'byte_size', 'storage_name', 'content_mac']
  FROM f
)
SELECT json_build_object(
  'id', id, 'patient_profile_id', patient_profile_id, 'kind', kind,
  'content_type', content_type, 'byte_size', byte_size, 'created_at', created_at,
  'url', '/files/' || id)::text
FROM f
