-- records.procedures.restore
-- parameters: key, caller, scope, role, request_id, ip
WITH cur AS (SELECT t.id, t.deleted, left(md5(t.id::text || '.' || t.xmin::text), 16) AS version
  FROM procedures t
  WHERE t.id = $key::uuid
  AND (CASE WHEN $scope::text = 'all' THEN TRUE ELSE t.provider_id::text = ANY (string_to_array($scope::text, ',')) END)
  FOR UPDATE OF t),
upd AS (UPDATE procedures t
  SET deleted = FALSE
  FROM cur
  WHERE t.id = cur.id
  AND (cur.deleted IS TRUE) = TRUE
  AND TRUE
  RETURNING t.*, left(md5(t.id::text || '.' || t.xmin::text), 16) AS row_version),
audit AS (INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id, request_id, ip)
  SELECT $caller::uuid, $role::text, 'restore', 'procedures', upd.id::text, NULL::uuid, $request_id::text, $ip::inet
  FROM upd)
SELECT (SELECT count(*) FROM cur)::int, (SELECT count(*) FROM upd)::int, (SELECT json_build_object('id', upd.id,
    'provider_id', upd.provider_id,
    'name', upd.name,
    'category', upd.category,
    'description', upd.description,
    'duration_hours', upd.duration_hours,
    'recovery_time_days', upd.recovery_time_days,
    'price_range', upd.price_range,
    'requirements', upd.requirements,
    'is_active', upd.is_active,
    'created_at', upd.created_at,
    'updated_at', upd.updated_at)::text FROM upd),
(SELECT NULL::text FROM upd),
(SELECT row_version FROM upd)
