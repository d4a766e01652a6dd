-- Links provider $2's subject $3 to user $1 (idempotent).
INSERT INTO external_identities (user_id, provider, subject, last_login_at)
VALUES ($1, $2, $3, now())
ON CONFLICT (provider, subject) DO UPDATE SET last_login_at = now()
RETURNING user_id
