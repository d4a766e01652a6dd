-- Registers a patient account in one statement: user, profile, password,
-- role, email verification code, the outgoing email and the audit row.
-- When the email or phone is taken nothing is created and the address gets
-- a notice instead, so the answer never reveals which accounts exist.
-- $1 email, $2 phone, $3 first name, $4 last name, $5 language, $6 time zone,
-- $7 password hash, $8 code hash, $9 code, $10 request id, $11 ip,
-- $12 the consents given on the form (a JSON array, checked by the route:
-- purpose, text_version, text_sha256, channel), $13 user agent. The
-- consents go into the ledger (0026) with the account, as given by the new
-- user themselves, with the request's address and user agent as evidence.
WITH new_user AS (
  INSERT INTO users (email, phone_number, user_type, status, auth_provider)
  VALUES ($1, $2, 'patient', 'pending_verification', 'email')
  ON CONFLICT DO NOTHING
  RETURNING id, email
),
profile AS (
  INSERT INTO user_profiles (user_id, first_name, last_name, preferred_language, timezone)
  SELECT id, $3, $4, $5, $6 FROM new_user
),
credential AS (
  INSERT INTO user_credentials (user_id, password_hash, password_changed_at)
  SELECT id, $7, now() FROM new_user
),
role AS (
  INSERT INTO user_roles (user_id, role) SELECT id, 'patient' FROM new_user
),
code AS (
  INSERT INTO verification_codes (user_id, purpose, code_hash, expires_at)
  SELECT id, 'email_verification', $8, now() + interval '30 minutes' FROM new_user
),
mail AS (
  INSERT INTO outbox (user_id, channel, recipient, template, payload)
  SELECT id, 'email', email, 'email_verification',
         jsonb_build_object('code', $9::text, 'first_name', $3::text)
  FROM new_user
  UNION ALL
  SELECT NULL, 'email', $1, 'registration_attempt_on_existing_account', '{}'::jsonb
  WHERE NOT EXISTS (SELECT 1 FROM new_user)
),
consents AS (
  INSERT INTO consent_events (user_id, purpose, action, text_version, text_sha256, channel, ip,
                              user_agent)
  SELECT u.id, c->>'purpose', 'given', c->>'text_version', c->>'text_sha256',
         COALESCE(c->>'channel', 'web'), $11::inet, $13
  FROM new_user u, jsonb_array_elements($12::jsonb) AS c
  RETURNING id, user_id
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns)
  SELECT id, 'patient', 'create', 'users', id::text, $10, $11::inet,
         ARRAY['email', 'phone_number', 'password', 'first_name', 'last_name']
  FROM new_user
  UNION ALL
  SELECT user_id, 'patient', 'create', 'consent_events', id::text, $10, $11::inet,
         ARRAY['purpose', 'action']
  FROM consents
)
SELECT id FROM new_user
