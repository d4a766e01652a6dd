-- Spends one recovery code (hash $2) of user $1; a row means it was valid.
UPDATE recovery_codes SET used_at = now()
WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL
RETURNING id
