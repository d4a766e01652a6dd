-- The session ($1) has now passed its second factor.
UPDATE sessions SET mfa_verified = TRUE WHERE id = $1 AND revoked_at IS NULL
