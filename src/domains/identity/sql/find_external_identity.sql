-- The user linked to provider $1's subject $2, if any, as the Account row
-- (same six columns as find_account_by_email), and whether that
-- user may sign in.
SELECT u.id, u.status, u.user_type, COALESCE(uc.totp_enabled, FALSE), uc.totp_secret_sealed,
       uc.totp_last_step
FROM external_identities ei
JOIN users u ON u.id = ei.user_id
LEFT JOIN user_credentials uc ON uc.user_id = u.id
WHERE ei.provider = $1 AND ei.subject = $2 AND u.deleted IS NOT TRUE
