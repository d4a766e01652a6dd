-- Opens a session: $1 user, $2 token hash, $3 absolute lifetime (s),
-- $4 idle timeout (s), $5 ip, $6 user agent, $7 mfa verified, $8 request id,
-- $9 audit action ('login'), $10 actor role, $11 a throttle bucket to clear
-- (a password sign-in's account bucket; NULL for none). Records last_login_at,
-- audits and clears the bucket in this one statement: the second and last
-- round trip of a password sign-in.
WITH s AS (
  INSERT INTO sessions (user_id, token_hash, expires_at, idle_timeout_seconds, ip, user_agent,
                        mfa_verified)
  VALUES ($1, $2, now() + make_interval(secs => $3), $4, $5::inet, $6, $7)
  RETURNING id, user_id, expires_at
),
login AS (
  UPDATE users SET last_login_at = now() WHERE id = (SELECT user_id FROM s)
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip)
  SELECT user_id, $10, $9, 'sessions', id::text, $8, $5::inet FROM s
),
-- A successful sign-in clears the account's failures (not the address's:
-- one good password must not unlock a spraying client).
cleared AS (
  DELETE FROM login_throttles WHERE bucket = $11::text AND EXISTS (SELECT 1 FROM s)
)
SELECT id, to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM s
