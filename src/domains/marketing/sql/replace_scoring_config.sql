-- Replaces the scoring configuration ($1 JSON) when its version is $2 (or
-- $2 is NULL), audits the change and queues every live lead to be
-- re-scored by the new weights. $3 caller, $4 caller role, $5 request id,
-- $6 ip. Columns: the answer as JSON text; no row when the version is
-- stale.
WITH upd AS (
  UPDATE lead_scoring_config c
  SET config = $1::jsonb, version = c.version + 1, updated_by = $3::uuid, updated_at = now()
  WHERE c.version = coalesce($2::int, c.version)
  RETURNING c.*
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns)
  SELECT $3::uuid, $4, 'update', 'lead_scoring_config', 'true', $5, $6::inet,
         ARRAY['config', 'version']
  FROM upd
),
q AS (
  INSERT INTO lead_score_queue (lead_id)
  SELECT l.id FROM leads l, upd WHERE l.deleted IS NOT TRUE AND l.merged_into IS NULL
  ON CONFLICT (lead_id) DO NOTHING
)
SELECT jsonb_build_object('config', upd.config, 'version', upd.version,
                          'updated_by', upd.updated_by, 'updated_at', upd.updated_at)::text,
       pg_notify('imedic_lead_score', '')
FROM upd
