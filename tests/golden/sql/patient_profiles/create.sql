-- records.patient_profiles.create
-- parameters: key, new_id, caller, scope, role, request_id, ip, body, changed, wrapped_key, master_key_id
WITH b AS (SELECT *
  FROM jsonb_populate_record(NULL::patient_profiles, $body::jsonb || jsonb_build_object('id', $new_id::uuid, 'user_id', $key::uuid))),
ok AS (SELECT EXISTS (SELECT 1 FROM users u WHERE u.id = $key::uuid AND u.deleted IS NOT TRUE AND (u.id = $caller::uuid OR $scope::text = 'all')) AS in_scope, 0 AS failed
  FROM b),
ins AS (INSERT INTO patient_profiles (id, user_id, patient_id, medical_condition, procedure_interest, budget_range, preferred_timeline, travel_preferences, emergency_contact, insurance_info)
  SELECT b.id, b.user_id, next_patient_reference(), b.medical_condition, b.procedure_interest, b.budget_range, b.preferred_timeline, b.travel_preferences, b.emergency_contact, b.insurance_info
  FROM b, ok
  WHERE ok.in_scope
  AND ok.failed = 0
  RETURNING *),
dk AS (INSERT INTO patient_data_keys (patient_profile_id, wrapped_key, master_key_id)
  SELECT ins.id, $wrapped_key::text, $master_key_id::text
  FROM ins),
audit AS (INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $caller::uuid, $role::text, 'create', 'patient_profiles', ins.id::text, ins.id, $request_id::text, $ip::inet, $changed::text[]
  FROM ins)
SELECT json_build_object('id', ins.id,
  'user_id', ins.user_id,
  'patient_id', ins.patient_id,
  'medical_condition', ins.medical_condition,
  'procedure_interest', ins.procedure_interest,
  'budget_range', ins.budget_range,
  'preferred_timeline', ins.preferred_timeline,
  'travel_preferences', ins.travel_preferences,
  'emergency_contact', ins.emergency_contact,
  'insurance_info', ins.insurance_info,
  'created_at', ins.created_at,
  'updated_at', ins.updated_at)::text, 'ok'
FROM ins
UNION ALL SELECT NULL, CASE WHEN ok.in_scope THEN 'invalid:' || ok.failed ELSE 'missing' END
FROM ok
WHERE NOT EXISTS (SELECT 1 FROM ins)
