-- A patient's live files (metadata, never content), newest first, if the
-- caller's scope reaches the patient, with the read audited in the same
-- statement. $1 profile id, $2 caller, $3 patient scopes, $4 request id,
-- $5 ip, $6 caller role. One row with the JSON answer, or none when out of
-- scope or missing.
WITH p AS (
  SELECT pp.id
  FROM patient_profiles pp
  WHERE pp.id = $1 AND pp.deleted IS NOT TRUE AND patient_visible(pp.id, $2, $3)
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip)
  SELECT $2, $6, 'read', 'stored_files', NULL, id, $4, $5::inet FROM p
)
SELECT json_build_object('items', COALESCE((
  SELECT json_agg(json_build_object(
           'id', sf.id, 'patient_profile_id', sf.patient_profile_id, 'kind', sf.kind,
           'content_type', sf.content_type, 'byte_size', sf.byte_size,
           'created_at', sf.created_at, 'url', '/files/' || sf.id)
         ORDER BY sf.created_at DESC, sf.id DESC)
  FROM stored_files sf
  WHERE sf.patient_profile_id = p.id AND NOT sf.deleted), '[]'::json))::text
FROM p
