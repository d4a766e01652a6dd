-- Replaces role $1's permissions with $2 (all must exist), audited as a
-- permission change by $3. Returns the role when it exists.
-- The CTEs share one snapshot: the insert does not see the delete, so the
-- delete keeps the permissions that stay and the insert skips them.
WITH role AS (SELECT name FROM roles WHERE name = $1),
gone AS (
  DELETE FROM role_permissions
  WHERE role = (SELECT name FROM role) AND permission <> ALL ($2::text[])
),
added AS (
  INSERT INTO role_permissions (role, permission)
  SELECT (SELECT name FROM role), p FROM unnest($2::text[]) AS p
  WHERE EXISTS (SELECT 1 FROM role)
  ON CONFLICT (role, permission) DO NOTHING
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns)
  SELECT $3, $6, 'permission_change', 'role_permissions', name, $4, $5::inet,
         ARRAY['permissions'] FROM role
)
SELECT name FROM role
