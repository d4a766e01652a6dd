-- Logout of one session ($1), by its owner ($2).
UPDATE sessions SET revoked_at = now(), revoke_reason = 'logout'
WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL
RETURNING id
