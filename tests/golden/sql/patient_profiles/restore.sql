-- records.patient_profiles.restore
-- parameters: key, caller, scope, role, request_id, ip
WITH cur AS (SELECT t.id, t.deleted, left(md5(t.id::text || '.' || t.xmin::text), 16) AS version
  FROM patient_profiles t
  WHERE t.id = $key::uuid
  AND patient_visible(t.id, $caller::uuid, $scope::text)
  FOR UPDATE OF t),
upd AS (UPDATE patient_profiles t
  SET deleted = FALSE
  FROM cur
  WHERE t.id = cur.id
  AND (cur.deleted IS TRUE) = TRUE
  AND TRUE
  RETURNING t.*, left(md5(t.id::text || '.' || t.xmin::text), 16) AS row_version),
audit AS (INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id, request_id, ip)
  SELECT $caller::uuid, $role::text, 'restore', 'patient_profiles', upd.id::text, upd.id, $request_id::text, $ip::inet
  FROM upd)
SELECT (SELECT count(*) FROM cur)::int, (SELECT count(*) FROM upd)::int, (SELECT json_build_object('id', upd.id,
    'user_id', upd.user_id,
    'patient_id', upd.patient_id,
    'medical_condition', upd.medical_condition,
    'procedure_interest', upd.procedure_interest,
    'budget_range', upd.budget_range,
    'preferred_timeline', upd.preferred_timeline,
    'travel_preferences', upd.travel_preferences,
    'emergency_contact', upd.emergency_contact,
    'insurance_info', upd.insurance_info,
    'created_at', upd.created_at,
    'updated_at', upd.updated_at)::text FROM upd),
(SELECT (SELECT k.wrapped_key FROM patient_data_keys k WHERE k.patient_profile_id = upd.id) FROM upd),
(SELECT row_version FROM upd)
