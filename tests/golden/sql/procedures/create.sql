-- records.procedures.create
-- parameters: key, new_id, caller, scope, role, request_id, ip, body, changed
WITH b AS (SELECT *
  FROM jsonb_populate_record(NULL::procedures, $body::jsonb || jsonb_build_object('id', $new_id::uuid, 'provider_id', $key::uuid))),
ok AS (SELECT EXISTS (SELECT 1 FROM providers pv WHERE pv.id = $key::uuid AND pv.deleted IS NOT TRUE AND (CASE WHEN $scope::text = 'all' THEN TRUE ELSE pv.id::text = ANY (string_to_array($scope::text, ',')) END)) AS in_scope, 0 AS failed
  FROM b),
ins AS (INSERT INTO procedures (id, provider_id, name, category, description, duration_hours, recovery_time_days, price_range, requirements, is_active)
  SELECT b.id, b.provider_id, b.name, b.category, b.description, b.duration_hours, b.recovery_time_days, b.price_range, b.requirements, b.is_active
  FROM b, ok
  WHERE ok.in_scope
  AND ok.failed = 0
  RETURNING *),
audit AS (INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $caller::uuid, $role::text, 'create', 'procedures', ins.id::text, NULL::uuid, $request_id::text, $ip::inet, $changed::text[]
  FROM ins)
SELECT json_build_object('id', ins.id,
  'provider_id', ins.provider_id,
  'name', ins.name,
  'category', ins.category,
  'description', ins.description,
  'duration_hours', ins.duration_hours,
  'recovery_time_days', ins.recovery_time_days,
  'price_range', ins.price_range,
  'requirements', ins.requirements,
  'is_active', ins.is_active,
  'created_at', ins.created_at,
  'updated_at', ins.updated_at)::text, 'ok'
FROM ins
UNION ALL SELECT NULL, CASE WHEN ok.in_scope THEN 'invalid:' || ok.failed ELSE 'missing' END
FROM ok
WHERE NOT EXISTS (SELECT 1 FROM ins)
