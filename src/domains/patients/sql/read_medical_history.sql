-- A patient's medical history, if the caller's scope reaches the patient;
-- the read is audited in the same statement. Parameters as
-- read_patient_profile.
WITH m AS (
  SELECT mh.*
  FROM medical_histories mh
  WHERE mh.patient_profile_id = $1 AND mh.deleted IS NOT TRUE
    AND patient_visible(mh.patient_profile_id, $2, $3)
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip)
  SELECT $2, $6, 'read', 'medical_histories', id::text, patient_profile_id, $4, $5::inet FROM m
)
SELECT json_build_object(
  'id', id, 'patient_profile_id', patient_profile_id,
  'current_medications', current_medications, 'allergies', allergies,
  'chronic_conditions', chronic_conditions, 'previous_surgeries', previous_surgeries,
  'family_medical_history', family_medical_history, 'lifestyle_factors', lifestyle_factors,
  'additional_notes', additional_notes, 'last_updated_by', last_updated_by,
  'updated_at', updated_at)::text
FROM m
