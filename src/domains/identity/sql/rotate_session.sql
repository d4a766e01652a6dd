-- Refresh: the session keeps its absolute expiry but gets a new token
-- ($2 new hash) in place of the presented one ($1 session id).
UPDATE sessions SET token_hash = $2, last_used_at = now()
WHERE id = $1 AND revoked_at IS NULL AND expires_at > now()
RETURNING to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
