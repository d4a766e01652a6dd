-- Writes computed scores: $1 a JSON array of {lead_id, score, model,
-- factors: [{factor, value, points}]}. Sets the lead's score, its model
-- and time, and replaces its explanation rows. A lead another transaction
-- holds (a capture, a stage move: it will queue the lead again anyway) is
-- skipped, not waited for, and put back on the queue: waiting while this
-- transaction holds the lead's queue row could deadlock with that writer,
-- whose trigger waits for the queue row. Not audited row by row: a score
-- is derived data, recomputable from the audited facts it reads (the lead,
-- its touches and activities, the weights, the model).
-- Columns: leads written, leads put back.
WITH s AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS s(lead_id uuid, score int, model text,
                                                   factors jsonb)
),
locked AS (
  SELECT l.id FROM leads l JOIN s ON s.lead_id = l.id FOR NO KEY UPDATE OF l SKIP LOCKED
),
f AS (
  SELECT s.lead_id, x.factor, x.value, x.points
  FROM s JOIN locked ON locked.id = s.lead_id,
       jsonb_to_recordset(s.factors) AS x(factor text, value float8, points int)
),
upd AS (
  UPDATE leads l SET lead_score = s.score, lead_score_model = s.model, lead_scored_at = now()
  FROM s JOIN locked ON locked.id = s.lead_id
  WHERE l.id = s.lead_id
  RETURNING l.id
),
stale AS (
  DELETE FROM lead_score_explanations e
  USING locked
  WHERE e.lead_id = locked.id
    AND NOT EXISTS (SELECT 1 FROM f WHERE f.lead_id = e.lead_id AND f.factor = e.factor)
),
ins AS (
  INSERT INTO lead_score_explanations (lead_id, factor, value, contribution)
  SELECT f.lead_id, f.factor, f.value, f.points FROM f
  ON CONFLICT (lead_id, factor) DO UPDATE
    SET value = excluded.value, contribution = excluded.contribution
),
back AS (
  INSERT INTO lead_score_queue (lead_id)
  SELECT s.lead_id FROM s WHERE NOT EXISTS (SELECT 1 FROM locked WHERE locked.id = s.lead_id)
  ON CONFLICT (lead_id) DO NOTHING
  RETURNING lead_id
)
SELECT (SELECT count(*) FROM upd), (SELECT count(*) FROM back)
