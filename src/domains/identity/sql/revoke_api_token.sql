-- Revokes token $1 of user $2; audited.
WITH t AS (
  UPDATE api_tokens SET revoked_at = now()
  WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL
  RETURNING id
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip)
  SELECT $2, $5, 'token_revoke', 'api_tokens', id::text, $3, $4::inet FROM t
)
SELECT id FROM t
