-- records.user_profiles.restore
-- parameters: key, caller, scope, role, request_id, ip
WITH cur AS (SELECT t.id, t.deleted, left(md5(t.id::text || '.' || t.xmin::text), 16) AS version
  FROM user_profiles t
  WHERE t.user_id = $key::uuid
  AND (t.user_id = $caller::uuid OR $scope::text = 'all')
  FOR UPDATE OF t),
upd AS (UPDATE user_profiles t
  SET deleted = FALSE
  FROM cur
  WHERE t.id = cur.id
  AND (cur.deleted IS TRUE) = TRUE
  AND TRUE
  RETURNING t.*, left(md5(t.id::text || '.' || t.xmin::text), 16) AS row_version),
audit AS (INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id, request_id, ip)
  SELECT $caller::uuid, $role::text, 'restore', 'user_profiles', upd.id::text, NULL::uuid, $request_id::text, $ip::inet
  FROM upd)
SELECT (SELECT count(*) FROM cur)::int, (SELECT count(*) FROM upd)::int, (SELECT json_build_object('id', upd.id,
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
    'updated_at', upd.updated_at)::text FROM upd),
(SELECT NULL::text FROM upd),
(SELECT row_version FROM upd)
