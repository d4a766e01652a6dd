-- Records that lead $2, exposed in experiment $1, converted (once; a
-- second call keeps the first time). Audited when new ($3 caller, $4
-- role, $5 request id, $6 ip). Columns: the exposure as JSON text; no row
-- when the lead was not exposed.
WITH upd AS (
  UPDATE experiment_exposures x SET converted_at = now()
  WHERE x.experiment_id = $1::uuid AND x.lead_id = $2::uuid AND x.converted_at IS NULL
  RETURNING x.*
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         changed_columns)
  SELECT $3::uuid, $4, 'update', 'experiment_exposures',
         upd.experiment_id::text || ':' || upd.lead_id::text, $5, $6::inet,
         ARRAY['converted_at']
  FROM upd
),
r AS (
  SELECT * FROM upd
  UNION ALL
  SELECT x.* FROM experiment_exposures x
  WHERE x.experiment_id = $1::uuid AND x.lead_id = $2::uuid AND NOT EXISTS (SELECT 1 FROM upd)
)
SELECT jsonb_build_object('experiment_id', experiment_id, 'lead_id', lead_id, 'variant', variant,
                          'exposed_at', exposed_at, 'converted_at', converted_at)::text
FROM r
