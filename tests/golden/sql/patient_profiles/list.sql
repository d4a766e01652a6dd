-- list of patient_profiles
-- parameters: caller, scope, role, request_id, ip
WITH p AS (SELECT t.*
  FROM patient_profiles t
  WHERE t.deleted IS NOT TRUE
  AND patient_visible(t.id, $caller::uuid, $scope::text)
  ORDER BY COALESCE(created_at, '-infinity'::timestamptz) DESC, id DESC
  LIMIT 51),
audit AS (INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id, request_id, ip)
  SELECT $caller::uuid, $role::text, 'read', 'patient_profiles', shown.id::text, shown.id, $request_id::text, $ip::inet
  FROM (SELECT * FROM p ORDER BY COALESCE(created_at, '-infinity'::timestamptz) DESC, id DESC LIMIT 50) shown)
SELECT json_build_object('id', p.id,
  'user_id', p.user_id,
  'patient_id', p.patient_id,
  'medical_condition', p.medical_condition,
  'procedure_interest', p.procedure_interest,
  'budget_range', p.budget_range,
  'preferred_timeline', p.preferred_timeline,
  'travel_preferences', p.travel_preferences,
  'created_at', p.created_at,
  'updated_at', p.updated_at)::text AS doc, to_json(COALESCE(created_at, '-infinity'::timestamptz))#>>'{}' AS sort_0, to_json(id)#>>'{}' AS sort_1
FROM p
ORDER BY COALESCE(created_at, '-infinity'::timestamptz) DESC, id DESC
