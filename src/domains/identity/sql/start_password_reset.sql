-- Password reset requested for email $1: a code and the email carrying it,
-- only when such an active account exists; audited. The caller answers the
-- same either way. $2 code hash, $3 code, $4 request id, $5 ip.
WITH target AS (
  SELECT id, email FROM users
  WHERE email = $1 AND deleted IS NOT TRUE AND status IN ('active', 'pending_verification')
    -- At most 5 codes an hour: each code allows 5 tries, so guessing stays bounded.
    AND (SELECT count(*) FROM verification_codes vc
         WHERE vc.user_id = users.id AND vc.purpose = 'password_reset'
           AND vc.created_at > now() - interval '1 hour') < 5
),
code AS (
  INSERT INTO verification_codes (user_id, purpose, code_hash, expires_at)
  SELECT id, 'password_reset', $2, now() + interval '30 minutes' FROM target
  RETURNING id, user_id
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip)
  SELECT user_id, 'anonymous', 'create', 'verification_codes', id::text, $4, $5::inet FROM code
)
INSERT INTO outbox (user_id, channel, recipient, template, payload)
SELECT id, 'email', email, 'password_reset', jsonb_build_object('code', $3::text)
FROM target
RETURNING id
