-- Upgrades a stored hash to the current argon2id parameters after a good
-- sign-in; only if the hash is still the one that was checked ($3).
UPDATE user_credentials SET password_hash = $2
WHERE user_id = $1 AND password_hash = $3
