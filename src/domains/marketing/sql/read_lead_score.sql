-- A lead's score with its reasons, when the lead is live and within the
-- caller's lead scope. $1 lead, $2 caller, $3 lead scope. Columns: the
-- answer as JSON text; no row when unseen.
SELECT jsonb_build_object(
  'lead_id', l.id, 'score', coalesce(l.lead_score, 0),
  'model', coalesce(l.lead_score_model, 'rule'), 'scored_at', l.lead_scored_at,
  'pending', EXISTS (SELECT 1 FROM lead_score_queue q WHERE q.lead_id = l.id),
  'reasons', coalesce((
    SELECT jsonb_agg(jsonb_build_object('factor', e.factor, 'value', e.value,
                                        'points', e.contribution)
                     ORDER BY e.contribution DESC, e.factor)
    FROM lead_score_explanations e WHERE e.lead_id = l.id), '[]'::jsonb))::text
FROM leads l
WHERE l.id = $1::uuid AND l.deleted IS NOT TRUE
  AND lead_visible(l.assigned_to, $2::uuid, $3::text)
