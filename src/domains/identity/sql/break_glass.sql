-- Emergency access: clinician $1 opens patient $2 for $3 minutes, giving
-- reason $4. Audited with the reason. No row when the patient is unknown.
WITH grant_row AS (
  INSERT INTO break_glass_grants (user_id, patient_profile_id, reason, expires_at)
  SELECT $1, pp.id, $4, now() + make_interval(mins => $3)
  FROM patient_profiles pp WHERE pp.id = $2 AND pp.deleted IS NOT TRUE
  RETURNING id, patient_profile_id, expires_at
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip, reason)
  SELECT $1, $7, 'break_glass', 'break_glass_grants', id::text, patient_profile_id, $5,
         $6::inet, $4
  FROM grant_row
)
SELECT json_build_object('id', id, 'patient_profile_id', patient_profile_id,
                         'expires_at', expires_at)::text
FROM grant_row
