-- Password reset requested for email $1: a code and the email carrying it,
-- only when such an active account exists. The caller answers the same
-- either way. $2 code hash, $3 code.
WITH target AS (
  SELECT id, email FROM users
  WHERE email = $1 AND deleted IS NOT TRUE AND status IN ('active', 'pending_verification')
),
code AS (
  INSERT INTO verification_codes (user_id, purpose, code_hash, expires_at)
  SELECT id, 'password_reset', $2, now() + interval '30 minutes' FROM target
)
INSERT INTO outbox (user_id, channel, recipient, template, payload)
SELECT id, 'email', email, 'password_reset', jsonb_build_object('code', $3::text)
FROM target
RETURNING id
