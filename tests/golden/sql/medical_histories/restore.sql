-- records.medical_histories.restore
-- parameters: key, caller, scope, role, request_id, ip
WITH cur AS (SELECT t.id, t.deleted, left(md5(t.id::text || '.' || t.xmin::text), 16) AS version
  FROM medical_histories t
  WHERE t.patient_profile_id = $key::uuid
  AND patient_visible(t.patient_profile_id, $caller::uuid, $scope::text)
  AND EXISTS (SELECT 1 FROM patient_profiles pp WHERE pp.id = t.patient_profile_id AND pp.deleted IS NOT TRUE)
  FOR UPDATE OF t),
upd AS (UPDATE medical_histories t
  SET deleted = FALSE
  FROM cur
  WHERE t.id = cur.id
  AND (cur.deleted IS TRUE) = TRUE
  AND TRUE
  RETURNING t.*, left(md5(t.id::text || '.' || t.xmin::text), 16) AS row_version),
audit AS (INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id, request_id, ip)
  SELECT $caller::uuid, $role::text, 'restore', 'medical_histories', upd.id::text, upd.patient_profile_id, $request_id::text, $ip::inet
  FROM upd)
SELECT (SELECT count(*) FROM cur)::int, (SELECT count(*) FROM upd)::int, (SELECT json_build_object('id', upd.id,
    'patient_profile_id', upd.patient_profile_id,
    'current_medications', upd.current_medications,
    'allergies', upd.allergies,
    'chronic_conditions', upd.chronic_conditions,
    'previous_surgeries', upd.previous_surgeries,
    'family_medical_history', upd.family_medical_history,
    'lifestyle_factors', upd.lifestyle_factors,
    'additional_notes', upd.additional_notes,
    'last_updated_by', upd.last_updated_by,
    'created_at', upd.created_at,
    'updated_at', upd.updated_at)::text FROM upd),
(SELECT (SELECT k.wrapped_key FROM patient_data_keys k WHERE k.patient_profile_id = upd.patient_profile_id) FROM upd),
(SELECT row_version FROM upd)
