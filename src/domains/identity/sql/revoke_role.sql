-- Revokes role $2 from user $1; audited. A row means it was held.
WITH gone AS (
  DELETE FROM user_roles WHERE user_id = $1 AND role = $2 RETURNING user_id
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns)
  SELECT $3, $6, 'permission_change', 'user_roles', user_id::text, $4, $5::inet, ARRAY[$2::text]
  FROM gone
)
SELECT user_id FROM gone
