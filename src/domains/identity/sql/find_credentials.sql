-- Password and second-factor state of user $1.
SELECT uc.password_hash, COALESCE(uc.totp_enabled, FALSE), uc.totp_secret_sealed,
       uc.totp_last_step, u.email
FROM users u
LEFT JOIN user_credentials uc ON uc.user_id = u.id
WHERE u.id = $1
