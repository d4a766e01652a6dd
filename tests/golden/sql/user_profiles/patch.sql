-- records.user_profiles.patch
-- parameters: key, caller, scope, role, request_id, ip, body, changed, if_match
WITH cur AS (SELECT t AS whole, t.id, t.deleted, left(md5(t.id::text || '.' || t.xmin::text), 16) AS version
  FROM user_profiles t
  WHERE t.user_id = $key::uuid
  AND (t.user_id = $caller::uuid OR $scope::text = 'all')
  FOR UPDATE OF t),
b AS (SELECT nb.*
  FROM cur, LATERAL jsonb_populate_record(cur.whole, $body::jsonb) AS nb),
chk AS (SELECT 0 AS failed, ($if_match::text IS NULL OR cur.version = ANY (string_to_array($if_match::text, ','))) AS current
  FROM cur, b),
upd AS (UPDATE user_profiles t
  SET first_name = b.first_name, last_name = b.last_name, date_of_birth = b.date_of_birth, gender = b.gender, nationality = b.nationality, preferred_language = b.preferred_language, timezone = b.timezone, profile_picture_url = b.profile_picture_url
  FROM cur, b, chk
  WHERE t.id = cur.id
  AND cur.deleted IS NOT TRUE
  AND chk.current
  AND chk.failed = 0
  RETURNING t.*, left(md5(t.id::text || '.' || t.xmin::text), 16) AS row_version),
audit AS (INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $caller::uuid, $role::text, 'update', 'user_profiles', upd.id::text, NULL::uuid, $request_id::text, $ip::inet, $changed::text[]
  FROM upd)
SELECT json_build_object('id', upd.id,
  'user_id', upd.user_id,
  'first_name', upd.first_name,
  'last_name', upd.last_name,
  'date_of_birth', upd.date_of_birth,
  'gender', upd.gender,
  'nationality', upd.nationality,
  'preferred_language', upd.preferred_language,
  'timezone', upd.timezone,
  'profile_picture_url', upd.profile_picture_url,
  'created_at', upd.created_at,
  'updated_at', upd.updated_at)::text, 'ok', NULL::text, upd.row_version
FROM upd
UNION ALL SELECT NULL, CASE WHEN cur.deleted IS TRUE THEN 'gone' WHEN NOT chk.current THEN 'stale' ELSE 'invalid:' || chk.failed END, NULL, NULL
FROM cur, chk
WHERE NOT EXISTS (SELECT 1 FROM upd)
