-- records.medical_histories.create
-- parameters: key, new_id, caller, scope, role, request_id, ip, body, changed
WITH b AS (SELECT *
  FROM jsonb_populate_record(NULL::medical_histories, $body::jsonb || jsonb_build_object('id', $new_id::uuid, 'patient_profile_id', $key::uuid))),
ok AS (SELECT EXISTS (SELECT 1 FROM patient_profiles pp WHERE pp.id = $key::uuid AND pp.deleted IS NOT TRUE AND patient_visible(pp.id, $caller::uuid, $scope::text)) AS in_scope, 0 AS failed
  FROM b),
ins AS (INSERT INTO medical_histories (id, patient_profile_id, current_medications, allergies, chronic_conditions, previous_surgeries, family_medical_history, lifestyle_factors, additional_notes, last_updated_by)
  SELECT b.id, b.patient_profile_id, b.current_medications, b.allergies, b.chronic_conditions, b.previous_surgeries, b.family_medical_history, b.lifestyle_factors, b.additional_notes, b.last_updated_by
  FROM b, ok
  WHERE ok.in_scope
  AND ok.failed = 0
  RETURNING *),
audit AS (INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $caller::uuid, $role::text, 'create', 'medical_histories', ins.id::text, ins.patient_profile_id, $request_id::text, $ip::inet, $changed::text[]
  FROM ins)
SELECT json_build_object('id', ins.id,
  'patient_profile_id', ins.patient_profile_id,
  'current_medications', ins.current_medications,
  'allergies', ins.allergies,
  'chronic_conditions', ins.chronic_conditions,
  'previous_surgeries', ins.previous_surgeries,
  'family_medical_history', ins.family_medical_history,
  'lifestyle_factors', ins.lifestyle_factors,
  'additional_notes', ins.additional_notes,
  'last_updated_by', ins.last_updated_by,
  'created_at', ins.created_at,
  'updated_at', ins.updated_at)::text, 'ok'
FROM ins
UNION ALL SELECT NULL, CASE WHEN ok.in_scope THEN 'invalid:' || ok.failed ELSE 'missing' END
FROM ok
WHERE NOT EXISTS (SELECT 1 FROM ins)
