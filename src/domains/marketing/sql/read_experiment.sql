-- One experiment ($1) with its variants. Columns: JSON text; no row when
-- there is none.
SELECT experiment_json(e)::text FROM experiments e WHERE e.id = $1::uuid
