-- records.patient_profiles.delete
-- parameters: key, caller, scope, role, request_id, ip, if_match
WITH cur AS (SELECT t.id, t.deleted, left(md5(t.id::text || '.' || t.xmin::text), 16) AS version
  FROM patient_profiles t
  WHERE t.id = $key::uuid
  AND patient_visible(t.id, $caller::uuid, $scope::text)
  FOR UPDATE OF t),
upd AS (UPDATE patient_profiles t
  SET deleted = TRUE
  FROM cur
  WHERE t.id = cur.id
  AND (cur.deleted IS TRUE) = FALSE
  AND ($if_match::text IS NULL OR cur.version = ANY (string_to_array($if_match::text, ',')))
  RETURNING t.*, left(md5(t.id::text || '.' || t.xmin::text), 16) AS row_version),
audit AS (INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id, request_id, ip)
  SELECT $caller::uuid, $role::text, 'delete', 'patient_profiles', upd.id::text, upd.id, $request_id::text, $ip::inet
  FROM upd)
SELECT (SELECT count(*) FROM cur)::int, (SELECT count(*) FROM upd)::int, (SELECT count(*) FROM cur WHERE NOT ($if_match::text IS NULL OR cur.version = ANY (string_to_array($if_match::text, ','))))::int
