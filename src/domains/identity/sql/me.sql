-- The signed-in user's own account, profile and access, as JSON.
SELECT json_build_object(
  'id', u.id, 'email', u.email, 'phone_number', u.phone_number, 'user_type', u.user_type,
  'status', u.status, 'email_verified', u.email_verified, 'phone_verified', u.phone_verified,
  'auth_provider', u.auth_provider, 'created_at', u.created_at, 'last_login_at', u.last_login_at,
  'profile', (SELECT json_build_object('first_name', p.first_name, 'last_name', p.last_name,
                                       'date_of_birth', p.date_of_birth, 'gender', p.gender,
                                       'nationality', p.nationality,
                                       'preferred_language', p.preferred_language,
                                       'timezone', p.timezone)
              FROM user_profiles p WHERE p.user_id = u.id AND p.deleted IS NOT TRUE),
  'roles', COALESCE((SELECT json_agg(role ORDER BY role) FROM user_roles WHERE user_id = u.id),
                    '[]'),
  'mfa_enabled', COALESCE((SELECT totp_enabled FROM user_credentials WHERE user_id = u.id),
                          FALSE)
)::text
FROM users u
WHERE u.id = $1
