-- Phone verified; audited. $1 user, $2 request id, $3 ip, $4 role.
WITH changed AS (
  UPDATE users SET phone_verified = TRUE WHERE id = $1 RETURNING id
)
INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                       changed_columns)
SELECT id, $4, 'verify', 'users', id::text, $2, $3::inet, ARRAY['phone_verified']
FROM changed
RETURNING row_id
