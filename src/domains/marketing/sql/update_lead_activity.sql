-- Changes an activity (checked in scope and locked by activity_in_scope):
-- its text, a task's due time, a task's completion (TRUE: done now by the
-- caller, unless done already; FALSE: reopened), with its audit row. $1
-- activity, $2 body or NULL (kept), $3 due time or NULL (kept), $4
-- completed or NULL (kept), $5 caller, $6 caller role, $7 request id, $8
-- ip, $9 the names of the changed columns. Columns: the activity as JSON.
WITH a AS (
  UPDATE lead_activities a SET
    body = coalesce($2::text, a.body),
    due_at = coalesce($3::timestamptz, a.due_at),
    completed_at = CASE WHEN $4::boolean IS NULL THEN a.completed_at
                        WHEN $4::boolean THEN coalesce(a.completed_at, now())
                        ELSE NULL END,
    completed_by = CASE WHEN $4::boolean IS NULL THEN a.completed_by
                        WHEN $4::boolean THEN coalesce(a.completed_by, $5::uuid)
                        ELSE NULL END
  WHERE a.id = $1::uuid
  RETURNING *
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns)
  SELECT $5::uuid, $6, 'update', 'lead_activities', a.id::text, $7, $8::inet, $9::text[] FROM a
)
SELECT (to_jsonb(a) - 'deleted')::text FROM a
