-- records.user_profiles.read
-- parameters: key, caller, scope
WITH r AS (SELECT t.*, left(md5(t.id::text || '.' || t.xmin::text), 16) AS row_version
  FROM user_profiles t
  WHERE t.user_id = $key::uuid
  AND (t.user_id = $caller::uuid OR $scope::text = 'all'))
SELECT json_build_object('id', r.id,
  'user_id', r.user_id,
  'first_name', r.first_name,
  'last_name', r.last_name,
  'date_of_birth', r.date_of_birth,
  'gender', r.gender,
  'nationality', r.nationality,
  'preferred_language', r.preferred_language,
  'timezone', r.timezone,
  'profile_picture_url', r.profile_picture_url,
  'created_at', r.created_at,
  'updated_at', r.updated_at)::text, r.deleted IS TRUE, NULL::text, r.row_version
FROM r
