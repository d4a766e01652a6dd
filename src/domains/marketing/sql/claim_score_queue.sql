-- Takes up to $1 leads off the scoring queue (oldest first, SKIP LOCKED so
-- that nodes share the work) with their features (lead_score_features,
-- migration 0032). Columns: lead id, features as JSON text (NULL: the lead
-- is deleted or merged, not scored).
WITH q AS (
  SELECT lead_id FROM lead_score_queue ORDER BY queued_at LIMIT $1::int FOR UPDATE SKIP LOCKED
),
d AS (
  DELETE FROM lead_score_queue x USING q WHERE x.lead_id = q.lead_id RETURNING x.lead_id
)
SELECT d.lead_id, lead_score_features(d.lead_id)::text FROM d
