-- Sets whether sales see 'assigned' or 'all' leads; audited.
WITH changed AS (
  UPDATE access_settings SET value = $1, updated_by = $2, updated_at = now()
  WHERE key = 'sales.lead_scope'
  RETURNING key
)
INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                       changed_columns)
SELECT $2, $5, 'permission_change', 'access_settings', key, $3, $4::inet, ARRAY['value']
FROM changed
RETURNING row_id
