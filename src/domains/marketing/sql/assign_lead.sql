-- Reassigns a lead (checked in scope and locked by lead_in_scope) to $2, a
-- sales rep or NULL (unassigned); audited. $3 caller, $4 caller role, $5
-- request id, $6 ip. No row when $2 is not a sales rep.
WITH rep AS (
  SELECT $2::uuid AS id
  WHERE $2::uuid IS NULL
     OR EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = $2::uuid AND ur.role = 'sales')
),
upd AS (
  UPDATE leads l SET assigned_to = rep.id
  FROM rep
  WHERE l.id = $1::uuid
  RETURNING l.id
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns, reason)
  SELECT $3::uuid, $4, 'update', 'leads', upd.id::text, $5, $6::inet, ARRAY['assigned_to'],
         'reassigned'
  FROM upd
)
SELECT upd.id FROM upd
