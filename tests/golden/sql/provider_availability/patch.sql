-- records.provider_availability.patch
-- parameters: key, caller, scope, role, request_id, ip, body, changed, if_match
WITH cur AS (SELECT t AS whole, t.id, t.deleted, left(md5(t.id::text || '.' || t.xmin::text), 16) AS version
  FROM provider_availability t
  WHERE t.id = $key::uuid
  AND (CASE WHEN $scope::text = 'all' THEN TRUE ELSE t.provider_id::text = ANY (string_to_array($scope::text, ',')) END)
  FOR UPDATE OF t),
b AS (SELECT nb.*
  FROM cur, LATERAL jsonb_populate_record(cur.whole, $body::jsonb) AS nb),
chk AS (SELECT CASE WHEN (b.end_time > b.start_time) IS NOT TRUE THEN 1 WHEN (b.procedure_id IS NULL OR EXISTS (SELECT 1 FROM procedures pr WHERE pr.id = b.procedure_id AND pr.provider_id = b.provider_id AND pr.deleted IS NOT TRUE)) IS NOT TRUE THEN 2 ELSE 0 END AS failed, ($if_match::text IS NULL OR cur.version = ANY (string_to_array($if_match::text, ','))) AS current
  FROM cur, b),
upd AS (UPDATE provider_availability t
  SET procedure_id = b.procedure_id, date = b.date, start_time = b.start_time, end_time = b.end_time, is_available = b.is_available, max_bookings = b.max_bookings
  FROM cur, b, chk
  WHERE t.id = cur.id
  AND cur.deleted IS NOT TRUE
  AND chk.current
  AND chk.failed = 0
  RETURNING t.*, left(md5(t.id::text || '.' || t.xmin::text), 16) AS row_version),
audit AS (INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $caller::uuid, $role::text, 'update', 'provider_availability', upd.id::text, NULL::uuid, $request_id::text, $ip::inet, $changed::text[]
  FROM upd)
SELECT json_build_object('id', upd.id,
  'provider_id', upd.provider_id,
  'procedure_id', upd.procedure_id,
  'date', upd.date,
  'start_time', upd.start_time,
  'end_time', upd.end_time,
  'is_available', upd.is_available,
  'max_bookings', upd.max_bookings,
  'current_bookings', upd.current_bookings,
  'created_at', upd.created_at,
  'updated_at', upd.updated_at)::text, 'ok', NULL::text, upd.row_version
FROM upd
UNION ALL SELECT NULL, CASE WHEN cur.deleted IS TRUE THEN 'gone' WHEN NOT chk.current THEN 'stale' ELSE 'invalid:' || chk.failed END, NULL, NULL
FROM cur, chk
WHERE NOT EXISTS (SELECT 1 FROM upd)
