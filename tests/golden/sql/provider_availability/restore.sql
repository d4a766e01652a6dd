-- records.provider_availability.restore
-- parameters: key, caller, scope, role, request_id, ip
WITH cur AS (SELECT t.id, t.deleted, left(md5(t.id::text || '.' || t.xmin::text), 16) AS version
  FROM provider_availability t
  WHERE t.id = $key::uuid
  AND (CASE WHEN $scope::text = 'all' THEN TRUE ELSE t.provider_id::text = ANY (string_to_array($scope::text, ',')) END)
  FOR UPDATE OF t),
upd AS (UPDATE provider_availability t
  SET deleted = FALSE
  FROM cur
  WHERE t.id = cur.id
  AND (cur.deleted IS TRUE) = TRUE
  AND TRUE
  RETURNING t.*, left(md5(t.id::text || '.' || t.xmin::text), 16) AS row_version),
audit AS (INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id, request_id, ip)
  SELECT $caller::uuid, $role::text, 'restore', 'provider_availability', upd.id::text, NULL::uuid, $request_id::text, $ip::inet
  FROM upd)
SELECT (SELECT count(*) FROM cur)::int, (SELECT count(*) FROM upd)::int, (SELECT json_build_object('id', upd.id,
    'provider_id', upd.provider_id,
    'procedure_id', upd.procedure_id,
    'date', upd.date,
    'start_time', upd.start_time,
    'end_time', upd.end_time,
    'is_available', upd.is_available,
    'max_bookings', upd.max_bookings,
    'current_bookings', upd.current_bookings,
    'created_at', upd.created_at,
    'updated_at', upd.updated_at)::text FROM upd),
(SELECT NULL::text FROM upd),
(SELECT row_version FROM upd)
