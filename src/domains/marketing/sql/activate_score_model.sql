-- Makes model $1 the active one (after insert_score_model switched the
-- previous one off) and queues every live lead to be re-scored.
-- Columns: the number of leads queued.
WITH on_ AS (
  UPDATE lead_score_models SET active = TRUE WHERE id = $1::uuid RETURNING id
),
q AS (
  INSERT INTO lead_score_queue (lead_id)
  SELECT l.id FROM leads l, on_ WHERE l.deleted IS NOT TRUE AND l.merged_into IS NULL
  ON CONFLICT (lead_id) DO NOTHING
  RETURNING lead_id
)
SELECT count(*), pg_notify('imedic_lead_score', '') FROM q
