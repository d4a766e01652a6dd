-- Links provider $2's subject $3 to user $1 (idempotent); a new link is
-- audited. $4 request id, $5 ip.
WITH link AS (
  INSERT INTO external_identities (user_id, provider, subject, last_login_at)
  VALUES ($1, $2, $3, now())
  ON CONFLICT (provider, subject) DO UPDATE SET last_login_at = now()
  RETURNING id, user_id, (xmax = 0) AS inserted
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns)
  SELECT user_id, 'self', 'create', 'external_identities', id::text, $4, $5::inet,
         ARRAY['provider', 'subject']
  FROM link WHERE inserted
)
SELECT user_id FROM link
