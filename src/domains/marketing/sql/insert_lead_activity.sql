-- A call, note or task on a lead (checked in scope by lead_in_scope), with
-- its audit row, in one statement. $1 lead, $2 kind, $3 body, $4 due time
-- or NULL, $5 caller, $6 caller role, $7 request id, $8 ip. Columns: the
-- activity as JSON.
WITH a AS (
  INSERT INTO lead_activities (lead_id, kind, body, due_at, created_by)
  VALUES ($1::uuid, $2::text, $3::text, $4::timestamptz, $5::uuid)
  RETURNING *
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip)
  SELECT $5::uuid, $6, 'create', 'lead_activities', a.id::text, $7, $8::inet FROM a
)
SELECT (to_jsonb(a) - 'deleted')::text FROM a
