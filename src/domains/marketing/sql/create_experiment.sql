-- Creates an experiment ($1 name, $2 kind, $3 planned per variant or NULL)
-- with its variants ($4: a JSON array of {name, weight}, the control
-- first), audited ($5 caller, $6 role, $7 request id, $8 ip). A taken name
-- is 23505 experiments_name_key. Columns: its id.
WITH e AS (
  INSERT INTO experiments (name, kind, planned_per_variant, created_by)
  VALUES ($1, $2, $3::int, $5::uuid)
  RETURNING *
),
v AS (
  INSERT INTO experiment_variants (experiment_id, position, name, weight)
  SELECT e.id, x.ordinality - 1, x.value ->> 'name', (x.value ->> 'weight')::int
  FROM e, jsonb_array_elements($4::jsonb) WITH ORDINALITY x
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip)
  SELECT $5::uuid, $6, 'create', 'experiments', e.id::text, $7, $8::inet FROM e
)
SELECT e.id FROM e
