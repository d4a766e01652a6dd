-- Stores a trained model ($1 features, $2 coefficients, $3 intercept, $4
-- means, $5 holdout AUC of the model, $6 of the rule, $7 training rows, $8
-- holdout rows) and, when $9, makes it the active one and queues every
-- live lead to be re-scored by it; audited as the system ($10 reason).
-- Columns: the model's id.
WITH m AS (
  INSERT INTO lead_score_models (feature_names, coefficients, intercept, feature_means, auc_model,
                                 auc_rule, train_count, holdout_count)
  VALUES ($1::text[], $2::float8[], $3::float8, $4::float8[], $5::float8, $6::float8, $7::int,
          $8::int)
  RETURNING id
),
off AS (
  UPDATE lead_score_models SET active = FALSE WHERE active AND $9::boolean
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, reason)
  SELECT NULL, 'system', 'create', 'lead_score_models', m.id::text, $10::text FROM m
)
SELECT id FROM m
