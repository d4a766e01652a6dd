-- The first of a password sign-in's two round trips: the throttle and the
-- account in one statement. $1 account bucket, $2 address bucket, $3 email.
-- Always one row: the account's columns as find_account_by_email gives them
-- (NULL when there is no such account), then the seconds until the busier
-- bucket allows another attempt (0 when both allow it).
WITH wait AS (
  SELECT COALESCE(ceil(extract(epoch FROM max(blocked_until) - now())), 0)::int AS seconds
  FROM login_throttles
  WHERE bucket IN ($1, $2) AND blocked_until > now()
),
account AS (
  SELECT u.id, u.status, u.user_type, COALESCE(uc.totp_enabled, FALSE) AS totp_enabled,
         uc.totp_secret_sealed, uc.totp_last_step, u.email_verified, uc.password_hash
  FROM users u
  LEFT JOIN user_credentials uc ON uc.user_id = u.id
  WHERE u.email = $3 AND u.deleted IS NOT TRUE
)
SELECT a.id, a.status, a.user_type, a.totp_enabled, a.totp_secret_sealed, a.totp_last_step,
       a.email_verified, a.password_hash, wait.seconds
FROM wait
LEFT JOIN account a ON TRUE
