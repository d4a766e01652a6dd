-- The trained models, newest first (at most 100). Columns: the list as a
-- JSON array text.
SELECT coalesce(jsonb_agg(jsonb_build_object(
  'id', m.id, 'feature_names', m.feature_names, 'coefficients', m.coefficients,
  'intercept', m.intercept, 'auc_model', m.auc_model, 'auc_rule', m.auc_rule,
  'train_count', m.train_count, 'holdout_count', m.holdout_count, 'active', m.active,
  'trained_at', m.trained_at) ORDER BY m.trained_at DESC, m.id), '[]'::jsonb)::text
FROM (SELECT * FROM lead_score_models ORDER BY trained_at DESC, id LIMIT 100) m
