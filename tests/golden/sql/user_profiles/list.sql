-- list of user_profiles
-- parameters: caller, scope
SELECT json_build_object('id', p.id,
  'user_id', p.user_id,
  'first_name', p.first_name,
  'last_name', p.last_name,
  'date_of_birth', p.date_of_birth,
  'gender', p.gender,
  'nationality', p.nationality,
  'preferred_language', p.preferred_language,
  'timezone', p.timezone,
  'profile_picture_url', p.profile_picture_url,
  'created_at', p.created_at,
  'updated_at', p.updated_at)::text AS doc, to_json(COALESCE(created_at, '-infinity'::timestamptz))#>>'{}' AS sort_0, to_json(id)#>>'{}' AS sort_1
FROM (SELECT t.*
  FROM user_profiles t
  WHERE t.deleted IS NOT TRUE
  AND (t.user_id = $caller::uuid OR $scope::text = 'all')
  ORDER BY COALESCE(created_at, '-infinity'::timestamptz) DESC, id DESC
  LIMIT 51) p
ORDER BY COALESCE(created_at, '-infinity'::timestamptz) DESC, id DESC
