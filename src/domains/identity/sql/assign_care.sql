-- Assigns staff user $1 to patient $2 as $3 ('medical' | 'care_coordinator');
-- the staff member must hold the matching role. Returns the assignment id
-- (existing or new), or no row when the pair is not valid.
WITH ok AS (
  SELECT u.id FROM users u
  JOIN user_roles ur ON ur.user_id = u.id AND ur.role = $3
  JOIN patient_profiles pp ON pp.id = $2 AND pp.deleted IS NOT TRUE
  WHERE u.id = $1 AND u.deleted IS NOT TRUE
),
ins AS (
  INSERT INTO care_assignments (staff_user_id, patient_profile_id, kind, assigned_by)
  SELECT id, $2, $3, $4 FROM ok
  ON CONFLICT (staff_user_id, patient_profile_id, kind) WHERE ended_at IS NULL DO NOTHING
  RETURNING id
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $4, $7, 'permission_change', 'care_assignments', id::text, $2, $5, $6::inet,
         ARRAY['staff_user_id', 'kind']
  FROM ins
)
SELECT COALESCE((SELECT id FROM ins),
                (SELECT id FROM care_assignments
                 WHERE staff_user_id = $1 AND patient_profile_id = $2 AND kind = $3
                   AND ended_at IS NULL))
FROM ok
