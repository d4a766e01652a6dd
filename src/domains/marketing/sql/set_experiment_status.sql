-- Moves experiment $1 to status $2 when it stands at $3 (draft → running
-- → stopped), audited ($4 caller, $5 role, $6 request id, $7 ip).
-- Columns: its id; no row when it did not stand there.
WITH upd AS (
  UPDATE experiments e SET status = $2 WHERE e.id = $1::uuid AND e.status = $3
  RETURNING e.*
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns)
  SELECT $4::uuid, $5, 'update', 'experiments', upd.id::text, $6, $7::inet, ARRAY['status']
  FROM upd
)
SELECT upd.id FROM upd
