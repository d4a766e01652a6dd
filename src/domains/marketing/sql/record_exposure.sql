-- Records that lead $2 was shown variant $3 of experiment $1, once: a
-- second call finds the first (the assignment is sticky). Audited when new
-- ($4 caller, $5 role, $6 request id, $7 ip). Columns: the exposure as
-- JSON text, and whether it is new.
WITH ins AS (
  INSERT INTO experiment_exposures (experiment_id, lead_id, variant)
  VALUES ($1::uuid, $2::uuid, $3)
  ON CONFLICT (experiment_id, lead_id) DO NOTHING
  RETURNING *
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip)
  SELECT $4::uuid, $5, 'create', 'experiment_exposures',
         ins.experiment_id::text || ':' || ins.lead_id::text, $6, $7::inet
  FROM ins
),
r AS (
  SELECT ins.*, TRUE AS created FROM ins
  UNION ALL
  SELECT x.*, FALSE FROM experiment_exposures x
  WHERE x.experiment_id = $1::uuid AND x.lead_id = $2::uuid AND NOT EXISTS (SELECT 1 FROM ins)
)
SELECT jsonb_build_object('experiment_id', experiment_id, 'lead_id', lead_id, 'variant', variant,
                          'exposed_at', exposed_at, 'converted_at', converted_at)::text,
       created
FROM r
