-- The history a model learns from: every live converted or lost lead with
-- its features. Columns: lead id, 1 when converted else 0, features as
-- JSON text.
SELECT l.id, CASE WHEN l.stage = 'converted' THEN 1 ELSE 0 END, f.features::text
FROM leads l
CROSS JOIN LATERAL (SELECT lead_score_features(l.id) AS features) f
WHERE l.stage IN ('converted', 'lost') AND l.deleted IS NOT TRUE AND l.merged_into IS NULL
  AND f.features IS NOT NULL
ORDER BY l.id
