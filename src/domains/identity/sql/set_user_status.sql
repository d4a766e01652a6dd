-- Suspends or reactivates user $1 ($2 'suspended' | 'active'); audited.
-- Suspension also ends the user's sessions and API tokens.
WITH changed AS (
  UPDATE users SET status = $2 WHERE id = $1 AND deleted IS NOT TRUE AND status <> $2
  RETURNING id
),
sessions_gone AS (
  UPDATE sessions SET revoked_at = now(), revoke_reason = 'suspended'
  WHERE user_id IN (SELECT id FROM changed) AND $2 = 'suspended' AND revoked_at IS NULL
),
tokens_gone AS (
  UPDATE api_tokens SET revoked_at = now()
  WHERE user_id IN (SELECT id FROM changed) AND $2 = 'suspended' AND revoked_at IS NULL
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns)
  SELECT $3, $6, CASE WHEN $2 = 'suspended' THEN 'suspend' ELSE 'reactivate' END, 'users',
         id::text, $4, $5::inet, ARRAY['status']
  FROM changed
)
SELECT id FROM changed
