-- records.patient_profiles.read
-- parameters: key, caller, scope
WITH r AS (SELECT t.*, left(md5(t.id::text || '.' || t.xmin::text), 16) AS row_version
  FROM patient_profiles t
  WHERE t.id = $key::uuid
  AND patient_visible(t.id, $caller::uuid, $scope::text))
SELECT json_build_object('id', r.id,
  'user_id', r.user_id,
  'patient_id', r.patient_id,
  'medical_condition', r.medical_condition,
  'procedure_interest', r.procedure_interest,
  'budget_range', r.budget_range,
  'preferred_timeline', r.preferred_timeline,
  'travel_preferences', r.travel_preferences,
  'emergency_contact', r.emergency_contact,
  'insurance_info', r.insurance_info,
  'created_at', r.created_at,
  'updated_at', r.updated_at)::text, r.deleted IS TRUE, (SELECT k.wrapped_key FROM patient_data_keys k WHERE k.patient_profile_id = r.id),
r.row_version, r.id::text, r.id::text
FROM r
