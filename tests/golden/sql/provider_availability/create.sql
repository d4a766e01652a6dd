-- records.provider_availability.create
-- parameters: key, new_id, caller, scope, role, request_id, ip, body, changed
WITH b AS (SELECT *
  FROM jsonb_populate_record(NULL::provider_availability, $body::jsonb || jsonb_build_object('id', $new_id::uuid, 'provider_id', $key::uuid))),
ok AS (SELECT EXISTS (SELECT 1 FROM providers pv WHERE pv.id = $key::uuid AND pv.deleted IS NOT TRUE AND (CASE WHEN $scope::text = 'all' THEN TRUE ELSE pv.id::text = ANY (string_to_array($scope::text, ',')) END)) AS in_scope, CASE WHEN (b.end_time > b.start_time) IS NOT TRUE THEN 1 WHEN (b.procedure_id IS NULL OR EXISTS (SELECT 1 FROM procedures pr WHERE pr.id = b.procedure_id AND pr.provider_id = b.provider_id AND pr.deleted IS NOT TRUE)) IS NOT TRUE THEN 2 ELSE 0 END AS failed
  FROM b),
ins AS (INSERT INTO provider_availability (id, provider_id, procedure_id, date, start_time, end_time, is_available, max_bookings)
  SELECT b.id, b.provider_id, b.procedure_id, b.date, b.start_time, b.end_time, b.is_available, b.max_bookings
  FROM b, ok
  WHERE ok.in_scope
  AND ok.failed = 0
  RETURNING *),
audit AS (INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $caller::uuid, $role::text, 'create', 'provider_availability', ins.id::text, NULL::uuid, $request_id::text, $ip::inet, $changed::text[]
  FROM ins)
SELECT json_build_object('id', ins.id,
  'provider_id', ins.provider_id,
  'procedure_id', ins.procedure_id,
  'date', ins.date,
  'start_time', ins.start_time,
  'end_time', ins.end_time,
  'is_available', ins.is_available,
  'max_bookings', ins.max_bookings,
  'current_bookings', ins.current_bookings,
  'created_at', ins.created_at,
  'updated_at', ins.updated_at)::text, 'ok'
FROM ins
UNION ALL SELECT NULL, CASE WHEN ok.in_scope THEN 'invalid:' || ok.failed ELSE 'missing' END
FROM ok
WHERE NOT EXISTS (SELECT 1 FROM ins)
