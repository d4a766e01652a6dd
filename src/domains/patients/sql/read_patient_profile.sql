-- One patient profile, if the caller's scope reaches it, with the read
-- audited in the same statement. $1 profile id, $2 caller, $3 patient
-- scope, $4 request id, $5 ip, $6 caller role.
WITH p AS (
  SELECT pp.*
  FROM patient_profiles pp
  WHERE pp.id = $1 AND pp.deleted IS NOT TRUE AND patient_visible(pp.id, $2, $3)
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip)
  SELECT $2, $6, 'read', 'patient_profiles', id::text, id, $4, $5::inet FROM p
)
SELECT json_build_object(
  'id', id, 'user_id', user_id, 'patient_id', patient_id,
  'medical_condition', medical_condition, 'procedure_interest', procedure_interest,
  'budget_range', budget_range, 'preferred_timeline', preferred_timeline,
  'travel_preferences', travel_preferences, 'created_at', created_at,
  'updated_at', updated_at)::text
FROM p
