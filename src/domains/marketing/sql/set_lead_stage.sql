-- Moves a lead along the pipeline (leads_sync_stage guards the move:
-- 23P01 leads_stage_transition, 23514 leads_lost_reason_required), records
-- the move as a stage_change activity and audits it, in one statement. $1
-- lead (checked in scope and locked by lead_in_scope), $2 stage, $3 reason
-- or NULL, $4 caller, $5 caller role, $6 request id, $7 ip. Columns: none
-- needed beyond the row count.
WITH old AS (
  SELECT id, stage FROM leads WHERE id = $1::uuid
),
upd AS (
  UPDATE leads l
  SET stage = $2::text,
      lost_reason = CASE WHEN $2::text = 'lost' THEN $3::text ELSE l.lost_reason END
  WHERE l.id = $1::uuid
  RETURNING l.id, l.stage
),
act AS (
  INSERT INTO lead_activities (lead_id, kind, body, created_by)
  SELECT upd.id, 'stage_change',
         old.stage || ' -> ' || upd.stage || coalesce(': ' || $3::text, ''), $4::uuid
  FROM upd, old
  RETURNING id
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns)
  SELECT $4::uuid, $5, 'update', 'leads', upd.id::text, $6, $7::inet,
         ARRAY['stage', 'status', 'lost_reason', 'stage_changed_at']
  FROM upd
  UNION ALL
  SELECT $4::uuid, $5, 'create', 'lead_activities', act.id::text, $6, $7::inet, NULL FROM act
)
SELECT upd.id FROM upd
