-- records.procedures.delete
-- parameters: key, caller, scope, role, request_id, ip, if_match
WITH cur AS (SELECT t.id, t.deleted, left(md5(t.id::text || '.' || t.xmin::text), 16) AS version
  FROM procedures t
  WHERE t.id = $key::uuid
  AND (CASE WHEN $scope::text = 'all' THEN TRUE ELSE t.provider_id::text = ANY (string_to_array($scope::text, ',')) END)
  FOR UPDATE OF t),
upd AS (UPDATE procedures t
  SET deleted = TRUE
  FROM cur
  WHERE t.id = cur.id
  AND (cur.deleted IS TRUE) = FALSE
  AND ($if_match::text IS NULL OR cur.version = ANY (string_to_array($if_match::text, ',')))
  RETURNING t.*, left(md5(t.id::text || '.' || t.xmin::text), 16) AS row_version),
audit AS (INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id, request_id, ip)
  SELECT $caller::uuid, $role::text, 'delete', 'procedures', upd.id::text, NULL::uuid, $request_id::text, $ip::inet
  FROM upd)
SELECT (SELECT count(*) FROM cur)::int, (SELECT count(*) FROM upd)::int, (SELECT count(*) FROM cur WHERE NOT ($if_match::text IS NULL OR cur.version = ANY (string_to_array($if_match::text, ','))))::int
