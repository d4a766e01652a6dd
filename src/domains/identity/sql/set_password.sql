-- Stores a new password hash ($2) for user $1.
INSERT INTO user_credentials (user_id, password_hash, password_changed_at)
VALUES ($1, $2, now())
ON CONFLICT (user_id) DO UPDATE
SET password_hash = EXCLUDED.password_hash, password_changed_at = now()
