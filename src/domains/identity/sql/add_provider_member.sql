-- Adds provider user $1 to provider $2; both must exist and $1 must be a
-- provider-type user. Returns the user id when added or already there.
WITH ok AS (
  SELECT u.id FROM users u, providers p
  WHERE u.id = $1 AND u.user_type = 'provider' AND u.deleted IS NOT TRUE
    AND p.id = $2 AND p.deleted IS NOT TRUE
),
ins AS (
  INSERT INTO provider_members (user_id, provider_id, added_by)
  SELECT id, $2, $3 FROM ok
  ON CONFLICT DO NOTHING
  RETURNING user_id
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns)
  SELECT $3, $6, 'permission_change', 'provider_members', user_id::text, $4, $5::inet,
         ARRAY['provider_id']
  FROM ins
)
SELECT id FROM ok
