-- Email verified: the account becomes active (unless suspended meanwhile).
WITH changed AS (
  UPDATE users
  SET email_verified = TRUE,
      status = CASE WHEN status = 'pending_verification' THEN 'active' ELSE status END
  WHERE id = $1
  RETURNING id
)
INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                       changed_columns)
SELECT id, 'self', 'verify', 'users', id::text, $2, $3::inet,
       ARRAY['email_verified', 'status']
FROM changed
RETURNING row_id
