-- Issues an API token for user $1: $2 name, $3 token hash, $4 scopes,
-- $5 lifetime in days (NULL: no expiry), $6 request id, $7 ip, $8 role.
WITH t AS (
  INSERT INTO api_tokens (user_id, name, token_hash, scopes, expires_at)
  VALUES ($1, $2, $3, $4::text[],
          CASE WHEN $5::int IS NULL THEN NULL ELSE now() + make_interval(days => $5::int) END)
  RETURNING id, name, scopes, created_at, expires_at
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip)
  SELECT $1, $8, 'token_issue', 'api_tokens', id::text, $6, $7::inet FROM t
)
SELECT json_build_object('id', id, 'name', name, 'scopes', scopes, 'created_at', created_at,
                         'expires_at', expires_at)::text
FROM t
