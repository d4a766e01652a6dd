-- Writes computed scores: $1 a JSON array of {lead_id, score, model,
-- factors: [{factor, value, points}]}. Sets the lead's score, its model
-- and time, and replaces its explanation rows. Not audited row by row: a
-- score is derived data, recomputable from the audited facts it reads
-- (the lead, its touches and activities, the weights, the model).
-- Columns: the number of leads written.
WITH s AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS s(lead_id uuid, score int, model text,
                                                   factors jsonb)
),
f AS (
  SELECT s.lead_id, x.factor, x.value, x.points
  FROM s, jsonb_to_recordset(s.factors) AS x(factor text, value float8, points int)
),
upd AS (
  UPDATE leads l SET lead_score = s.score, lead_score_model = s.model, lead_scored_at = now()
  FROM s WHERE l.id = s.lead_id
  RETURNING l.id
),
stale AS (
  DELETE FROM lead_score_explanations e
  USING s
  WHERE e.lead_id = s.lead_id
    AND NOT EXISTS (SELECT 1 FROM f WHERE f.lead_id = e.lead_id AND f.factor = e.factor)
),
ins AS (
  INSERT INTO lead_score_explanations (lead_id, factor, value, contribution)
  SELECT f.lead_id, f.factor, f.value, f.points FROM f JOIN upd ON upd.id = f.lead_id
  ON CONFLICT (lead_id, factor) DO UPDATE
    SET value = excluded.value, contribution = excluded.contribution
)
SELECT count(*) FROM upd
