-- Account state for email $1 (external sign-in linking).
SELECT u.id, u.status, u.user_type, u.email_verified, COALESCE(uc.totp_enabled, FALSE),
       uc.totp_secret_sealed, uc.totp_last_step
FROM users u
LEFT JOIN user_credentials uc ON uc.user_id = u.id
WHERE u.email = $1 AND u.deleted IS NOT TRUE
