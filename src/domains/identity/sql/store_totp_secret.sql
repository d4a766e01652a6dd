-- A new, not yet confirmed TOTP secret ($2, sealed) for user $1.
INSERT INTO user_credentials (user_id, totp_secret_sealed, totp_enabled)
VALUES ($1, $2, FALSE)
ON CONFLICT (user_id) DO UPDATE
SET totp_secret_sealed = EXCLUDED.totp_secret_sealed, totp_enabled = FALSE,
    totp_last_step = NULL
WHERE user_credentials.totp_enabled = FALSE
RETURNING user_id
