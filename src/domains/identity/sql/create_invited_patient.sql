-- Staff register a patient on their behalf (a phone call, a walk-in): the
-- patient account without a password (status pending_verification until it
-- is claimed), its profile and role, the invitation to claim it (only the
-- token's hash is kept; it expires in 7 days) sent by email through the
-- outbox, and the audit rows, in one statement. $1 email, $2 phone (E.164)
-- or NULL, $3 first name, $4
-- last name, $5 language or NULL, $6 token hash, $7 token (only into the
-- outbox message), $8 actor, $9 actor role, $10 request id, $11 ip.
-- Columns: the new user's id; nothing is created when the email or phone
-- belongs to an account already (23505, the route's 409).
WITH new_user AS (
  INSERT INTO users (email, phone_number, user_type, status, auth_provider)
  VALUES ($1, $2, 'patient', 'pending_verification', 'email')
  RETURNING id, email, phone_number
),
profile AS (
  INSERT INTO user_profiles (user_id, first_name, last_name, preferred_language)
  SELECT id, $3, $4, coalesce($5, 'en') FROM new_user
),
role AS (
  INSERT INTO user_roles (user_id, role, granted_by) SELECT id, 'patient', $8::uuid FROM new_user
),
invitation AS (
  INSERT INTO account_invitations (user_id, token_hash, expires_at, created_by)
  SELECT id, $6, now() + interval '7 days', $8::uuid FROM new_user
  RETURNING id, user_id
),
mail AS (
  INSERT INTO outbox (user_id, channel, recipient, template, payload)
  SELECT u.id, 'email', u.email, 'account_invitation',
         jsonb_build_object('token', $7::text, 'first_name', $3::text)
  FROM new_user u JOIN invitation i ON i.user_id = u.id
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns)
  SELECT $8::uuid, $9, 'create', 'users', id::text, $10, $11::inet,
         ARRAY['email', 'phone_number', 'first_name', 'last_name', 'roles']
  FROM new_user
  UNION ALL
  SELECT $8::uuid, $9, 'create', 'account_invitations', id::text, $10, $11::inet, NULL
  FROM invitation
)
SELECT id FROM new_user
