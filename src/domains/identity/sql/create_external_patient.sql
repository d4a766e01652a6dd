-- A new patient account from a provider-verified identity: $1 email,
-- $2 provider, $3 subject, $4 first name, $5 last name, $6 request id, $7 ip.
WITH new_user AS (
  INSERT INTO users (email, user_type, status, auth_provider, auth_provider_id, email_verified)
  VALUES ($1, 'patient', 'active', $2, $3, TRUE)
  ON CONFLICT DO NOTHING
  RETURNING id
),
profile AS (
  INSERT INTO user_profiles (user_id, first_name, last_name) SELECT id, $4, $5 FROM new_user
),
credential AS (
  INSERT INTO user_credentials (user_id) SELECT id FROM new_user
),
role AS (
  INSERT INTO user_roles (user_id, role) SELECT id, 'patient' FROM new_user
),
link AS (
  INSERT INTO external_identities (user_id, provider, subject, last_login_at)
  SELECT id, $2, $3, now() FROM new_user
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns)
  SELECT id, 'patient', 'create', 'users', id::text, $6, $7::inet,
         ARRAY['email', 'auth_provider', 'auth_provider_id', 'first_name', 'last_name']
  FROM new_user
)
SELECT id FROM new_user
