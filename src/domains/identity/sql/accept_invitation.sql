-- Claims an account with its invitation: the invitation is used up (single
-- use; unknown, used or expired tokens match nothing), the password set,
-- the email the invitation went to verified (which links matching leads,
-- migration 0029), the account activated, the step audited and written on
-- the patient's journey. $1 token hash, $2 password hash, $3 request id, $4
-- ip. Columns: the user id; no row when the token is not a live invitation.
WITH inv AS (
  UPDATE account_invitations SET accepted_at = now()
  WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > now()
  RETURNING id, user_id
),
credential AS (
  INSERT INTO user_credentials (user_id, password_hash, password_changed_at)
  SELECT user_id, $2, now() FROM inv
  ON CONFLICT (user_id) DO UPDATE
  SET password_hash = EXCLUDED.password_hash, password_changed_at = now()
),
verified AS (
  UPDATE users u
  SET email_verified = TRUE,
      status = CASE WHEN u.status = 'pending_verification' THEN 'active' ELSE u.status END
  FROM inv
  WHERE u.id = inv.user_id
  RETURNING u.id
),
journey AS (
  SELECT record_journey_event(pp.id, 'discovery', 'account_claimed', inv.user_id,
                              '{}'::jsonb, 'api')
  FROM inv JOIN patient_profiles pp ON pp.user_id = inv.user_id AND pp.deleted IS NOT TRUE
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns)
  SELECT user_id, 'self', 'update', 'account_invitations', id::text, $3, $4::inet,
         ARRAY['accepted_at']
  FROM inv
  UNION ALL
  SELECT user_id, 'self', 'password_change', 'user_credentials', user_id::text, $3, $4::inet, NULL
  FROM inv
  UNION ALL
  SELECT id, 'self', 'verify', 'users', id::text, $3, $4::inet,
         ARRAY['email_verified', 'status']
  FROM verified
)
SELECT inv.user_id, (SELECT count(*) FROM journey) FROM inv
