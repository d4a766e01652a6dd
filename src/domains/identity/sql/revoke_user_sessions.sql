-- Ends every live session of user $1 ($2 reason), and with $3 = true also
-- revokes their API tokens (password change, suspension, deletion).
WITH s AS (
  UPDATE sessions SET revoked_at = now(), revoke_reason = $2
  WHERE user_id = $1 AND revoked_at IS NULL
  RETURNING id
),
t AS (
  UPDATE api_tokens SET revoked_at = now()
  WHERE user_id = $1 AND revoked_at IS NULL AND $3::boolean
  RETURNING id
)
SELECT (SELECT count(*) FROM s), (SELECT count(*) FROM t)
