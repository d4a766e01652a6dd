-- Takes up to $1 leads off the scoring queue (oldest first, SKIP LOCKED so
-- that nodes share the work) with their features (lead_score_features,
-- migration 0032). Columns: lead id, features as JSON text (NULL: the lead
-- is deleted or merged, or its person's processing is restricted (GDPR Art.
-- 18, migration 0030): not scored, and no explanation is written).
WITH q AS (
  SELECT lead_id FROM lead_score_queue ORDER BY queued_at LIMIT $1::int FOR UPDATE SKIP LOCKED
),
d AS (
  DELETE FROM lead_score_queue x USING q WHERE x.lead_id = q.lead_id RETURNING x.lead_id
)
SELECT d.lead_id,
       CASE WHEN EXISTS (SELECT 1 FROM leads l
                         WHERE l.id = d.lead_id AND l.user_id IS NOT NULL
                           AND processing_restricted(l.user_id))
            THEN NULL ELSE lead_score_features(d.lead_id)::text END
FROM d
