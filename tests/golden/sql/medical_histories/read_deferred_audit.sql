-- records.medical_histories.read
-- parameters: key, caller, scope
WITH r AS (SELECT t.*, left(md5(t.id::text || '.' || t.xmin::text), 16) AS row_version
  FROM medical_histories t
  WHERE t.patient_profile_id = $key::uuid
  AND patient_visible(t.patient_profile_id, $caller::uuid, $scope::text)
  AND EXISTS (SELECT 1 FROM patient_profiles pp WHERE pp.id = t.patient_profile_id AND pp.deleted IS NOT TRUE))
SELECT json_build_object('id', r.id,
  'patient_profile_id', r.patient_profile_id,
  'current_medications', r.current_medications,
  'allergies', r.allergies,
  'chronic_conditions', r.chronic_conditions,
  'previous_surgeries', r.previous_surgeries,
  'family_medical_history', r.family_medical_history,
  'lifestyle_factors', r.lifestyle_factors,
  'additional_notes', r.additional_notes,
  'last_updated_by', r.last_updated_by,
  'created_at', r.created_at,
  'updated_at', r.updated_at)::text, r.deleted IS TRUE, (SELECT k.wrapped_key FROM patient_data_keys k WHERE k.patient_profile_id = r.patient_profile_id),
r.row_version, r.id::text, r.patient_profile_id::text
FROM r
