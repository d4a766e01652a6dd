-- Identity and contact data of one user (moderate sensitivity).
SELECT json_build_object(
  'id', u.id, 'email', u.email, 'phone_number', u.phone_number, 'user_type', u.user_type,
  'status', u.status, 'created_at', u.created_at,
  'first_name', p.first_name, 'last_name', p.last_name,
  'preferred_language', p.preferred_language, 'timezone', p.timezone)::text
FROM users u
LEFT JOIN user_profiles p ON p.user_id = u.id
WHERE u.id = $1 AND u.deleted IS NOT TRUE
