-- An admin creates a staff, provider or admin account: $1 email, $2 type,
-- $3 first name, $4 last name, $5 password hash (may be NULL: reset
-- required), $6 roles, $7 actor, $8 request id, $9 ip, $10 actor role.
WITH new_user AS (
  INSERT INTO users (email, user_type, status, auth_provider, email_verified)
  VALUES ($1, $2, 'active', 'email', TRUE)
  RETURNING id
),
profile AS (
  INSERT INTO user_profiles (user_id, first_name, last_name) SELECT id, $3, $4 FROM new_user
),
credential AS (
  INSERT INTO user_credentials (user_id, password_hash, password_changed_at)
  SELECT id, $5::text, CASE WHEN $5::text IS NULL THEN NULL ELSE now() END FROM new_user
),
roles AS (
  INSERT INTO user_roles (user_id, role, granted_by)
  SELECT new_user.id, r, $7::uuid FROM new_user, unnest($6::text[]) AS r
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns)
  SELECT $7::uuid, $10, 'create', 'users', id::text, $8, $9::inet,
         ARRAY['email', 'user_type', 'first_name', 'last_name', 'roles']
  FROM new_user
)
SELECT id FROM new_user
