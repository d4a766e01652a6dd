-- The live file of a patient with this content (a repeated upload), with
-- the disclosure audited as a read in the same statement. $1 profile id,
-- $2 content mac, $3 caller, $4 patient scopes, $5 request id, $6 ip,
-- $7 caller role. The JSON answer, or no row.
WITH f AS (
  SELECT sf.*
  FROM stored_files sf
  JOIN patient_profiles pp ON pp.id = sf.patient_profile_id
  WHERE sf.patient_profile_id = $1 AND sf.content_mac = $2 AND NOT sf.deleted
    AND pp.deleted IS NOT TRUE AND patient_visible(sf.patient_profile_id, $3, $4)
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip)
  SELECT $3, $7, 'read', 'stored_files', id::text, patient_profile_id, $5, $6::inet FROM f
)
SELECT json_build_object(
  'id', id, 'patient_profile_id', patient_profile_id, 'kind', kind,
  'content_type', content_type, 'byte_size', byte_size, 'created_at', created_at,
  'url', '/files/' || id)::text
FROM f
