-- The caller behind an API token hash ($1). Its permissions are the
-- owner's role permissions narrowed to the token's scopes. The last two
-- columns bound how long the server's session cache may keep the answer
-- (milliseconds left, NULL when the token never expires; no inactivity timeout).
WITH t AS (
  UPDATE api_tokens SET last_used_at = now()
  WHERE token_hash = $1
    AND revoked_at IS NULL
    AND (expires_at IS NULL OR expires_at > now())
  RETURNING id, user_id, scopes, expires_at
)
SELECT t.id,
       u.id,
       u.user_type,
       TRUE,
       FALSE,
       COALESCE((SELECT array_agg(ur.role ORDER BY ur.role) FROM user_roles ur
                 WHERE ur.user_id = u.id), '{}'),
       COALESCE((SELECT array_agg(DISTINCT rp.permission) FROM user_roles ur
                 JOIN role_permissions rp ON rp.role = ur.role
                 WHERE ur.user_id = u.id AND rp.permission = ANY (t.scopes)), '{}'),
       (SELECT pp.id FROM patient_profiles pp
        WHERE pp.user_id = u.id AND pp.deleted IS NOT TRUE),
       COALESCE((SELECT array_agg(pm.provider_id) FROM provider_members pm
                 WHERE pm.user_id = u.id), '{}'),
       (SELECT value FROM access_settings WHERE key = 'sales.lead_scope'),
       (extract(epoch FROM t.expires_at - now()) * 1000)::bigint,
       NULL::integer
FROM t
JOIN users u ON u.id = t.user_id
WHERE u.status = 'active' AND u.deleted IS NOT TRUE
