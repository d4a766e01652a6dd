-- Records the time step ($2) of an accepted code for user $1, enabling the
-- factor ($3 = true on confirmation). Refuses a step not newer than the
-- last accepted one, so a code can never be replayed, even concurrently.
UPDATE user_credentials
SET totp_last_step = $2, totp_enabled = totp_enabled OR $3::boolean
WHERE user_id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)
RETURNING user_id
