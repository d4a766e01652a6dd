-- The caller behind a session token hash ($1), with everything a request
-- needs to decide policy, in one round trip. A live session is touched at
-- most every 30 s so the inactivity timeout costs no write per request. The
-- last two columns (milliseconds left, inactivity timeout) bound how long the
-- server's session cache may keep the answer.
WITH s AS (
  SELECT id, user_id, mfa_verified, expires_at, idle_timeout_seconds
  FROM sessions
  WHERE token_hash = $1
    AND revoked_at IS NULL
    AND expires_at > now()
    AND last_used_at > now() - make_interval(secs => idle_timeout_seconds)
),
touch AS (
  UPDATE sessions SET last_used_at = now()
  WHERE id = (SELECT id FROM s) AND last_used_at < now() - interval '30 seconds'
)
SELECT s.id,
       u.id,
       u.user_type,
       s.mfa_verified,
       COALESCE(uc.totp_enabled, FALSE) OR u.user_type IN ('staff', 'provider', 'admin'),
       COALESCE((SELECT array_agg(ur.role ORDER BY ur.role) FROM user_roles ur
                 WHERE ur.user_id = u.id), '{}'),
       COALESCE((SELECT array_agg(DISTINCT rp.permission) FROM user_roles ur
                 JOIN role_permissions rp ON rp.role = ur.role
                 WHERE ur.user_id = u.id), '{}'),
       (SELECT pp.id FROM patient_profiles pp
        WHERE pp.user_id = u.id AND pp.deleted IS NOT TRUE),
       COALESCE((SELECT array_agg(pm.provider_id) FROM provider_members pm
                 WHERE pm.user_id = u.id), '{}'),
       (SELECT value FROM access_settings WHERE key = 'sales.lead_scope'),
       (extract(epoch FROM s.expires_at - now()) * 1000)::bigint,
       s.idle_timeout_seconds
FROM s
JOIN users u ON u.id = s.user_id
LEFT JOIN user_credentials uc ON uc.user_id = u.id
WHERE u.status = 'active' AND u.deleted IS NOT TRUE
