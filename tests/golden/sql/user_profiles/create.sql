-- records.user_profiles.create
-- parameters: key, new_id, caller, scope, role, request_id, ip, body, changed
WITH b AS (SELECT *
  FROM jsonb_populate_record(NULL::user_profiles, $body::jsonb || jsonb_build_object('id', $new_id::uuid, 'user_id', $key::uuid))),
ok AS (SELECT EXISTS (SELECT 1 FROM users u WHERE u.id = $key::uuid AND u.deleted IS NOT TRUE AND (u.id = $caller::uuid OR $scope::text = 'all')) AS in_scope, 0 AS failed
  FROM b),
ins AS (INSERT INTO user_profiles (id, user_id, first_name, last_name, date_of_birth, gender, nationality, preferred_language, timezone, profile_picture_url)
  SELECT b.id, b.user_id, b.first_name, b.last_name, b.date_of_birth, b.gender, b.nationality, b.preferred_language, b.timezone, b.profile_picture_url
  FROM b, ok
  WHERE ok.in_scope
  AND ok.failed = 0
  RETURNING *),
audit AS (INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $caller::uuid, $role::text, 'create', 'user_profiles', ins.id::text, NULL::uuid, $request_id::text, $ip::inet, $changed::text[]
  FROM ins)
SELECT json_build_object('id', ins.id,
  'user_id', ins.user_id,
  'first_name', ins.first_name,
  'last_name', ins.last_name,
  'date_of_birth', ins.date_of_birth,
  'gender', ins.gender,
  'nationality', ins.nationality,
  'preferred_language', ins.preferred_language,
  'timezone', ins.timezone,
  'profile_picture_url', ins.profile_picture_url,
  'created_at', ins.created_at,
  'updated_at', ins.updated_at)::text, 'ok'
FROM ins
UNION ALL SELECT NULL, CASE WHEN ok.in_scope THEN 'invalid:' || ok.failed ELSE 'missing' END
FROM ok
WHERE NOT EXISTS (SELECT 1 FROM ins)
