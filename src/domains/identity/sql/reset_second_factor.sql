-- An administrator resets user $1's lost second factor: TOTP and recovery
-- codes removed, sessions ended (the user enrols again at next sign-in).
-- $2 actor, $3 request id, $4 ip, $5 actor role. A row means it was enabled.
WITH cleared AS (
  UPDATE user_credentials
  SET totp_secret_sealed = NULL, totp_enabled = FALSE, totp_last_step = NULL
  WHERE user_id = $1 AND (totp_enabled OR totp_secret_sealed IS NOT NULL)
  RETURNING user_id
),
codes AS (DELETE FROM recovery_codes WHERE user_id IN (SELECT user_id FROM cleared)),
ended AS (
  UPDATE sessions SET revoked_at = now(), revoke_reason = 'mfa_reset'
  WHERE user_id IN (SELECT user_id FROM cleared) AND revoked_at IS NULL
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns)
  SELECT $2, $5, 'update', 'user_credentials', user_id::text, $3, $4::inet,
         ARRAY['totp_secret_sealed', 'totp_enabled', 'recovery_codes']
  FROM cleared
)
SELECT user_id FROM cleared
