-- Grants role $2 to user $1 when the user's type may hold it; audited.
-- Returns 'granted', 'exists', 'not_assignable', or no row (no such user).
WITH target AS (SELECT id, user_type FROM users WHERE id = $1 AND deleted IS NOT TRUE),
ok AS (
  SELECT t.id FROM target t JOIN roles r ON r.name = $2 AND t.user_type = ANY (r.assignable_to)
),
ins AS (
  INSERT INTO user_roles (user_id, role, granted_by)
  SELECT id, $2, $3 FROM ok
  ON CONFLICT DO NOTHING
  RETURNING user_id
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns)
  SELECT $3, $6, 'permission_change', 'user_roles', user_id::text, $4, $5::inet, ARRAY[$2::text]
  FROM ins
)
SELECT CASE WHEN EXISTS (SELECT 1 FROM ins) THEN 'granted'
            WHEN EXISTS (SELECT 1 FROM ok) THEN 'exists'
            ELSE 'not_assignable' END
FROM target
