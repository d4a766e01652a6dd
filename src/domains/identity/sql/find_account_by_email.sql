-- What sign-in needs about the account with email $1. The first six
-- columns are the Account row shared with find_external_identity; then
-- email_verified and the password hash.
SELECT u.id, u.status, u.user_type, COALESCE(uc.totp_enabled, FALSE), uc.totp_secret_sealed,
       uc.totp_last_step, u.email_verified, uc.password_hash
FROM users u
LEFT JOIN user_credentials uc ON uc.user_id = u.id
WHERE u.email = $1 AND u.deleted IS NOT TRUE
