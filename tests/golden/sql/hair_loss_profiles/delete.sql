-- records.hair_loss_profiles.delete
-- parameters: key, caller, scope, role, request_id, ip, if_match
WITH cur AS (SELECT t.id, t.deleted, left(md5(t.id::text || '.' || t.xmin::text), 16) AS version
  FROM hair_loss_profiles t
  WHERE t.patient_profile_id = $key::uuid
  AND patient_visible(t.patient_profile_id, $caller::uuid, $scope::text)
  AND EXISTS (SELECT 1 FROM patient_profiles pp WHERE pp.id = t.patient_profile_id AND pp.deleted IS NOT TRUE)
  FOR UPDATE OF t),
upd AS (UPDATE hair_loss_profiles t
  SET deleted = TRUE
  FROM cur
  WHERE t.id = cur.id
  AND (cur.deleted IS TRUE) = FALSE
  AND ($if_match::text IS NULL OR cur.version = ANY (string_to_array($if_match::text, ',')))
  RETURNING t.*, left(md5(t.id::text || '.' || t.xmin::text), 16) AS row_version),
audit AS (INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id, request_id, ip)
  SELECT $caller::uuid, $role::text, 'delete', 'hair_loss_profiles', upd.id::text, upd.patient_profile_id, $request_id::text, $ip::inet
  FROM upd)
SELECT (SELECT count(*) FROM cur)::int, (SELECT count(*) FROM upd)::int, (SELECT count(*) FROM cur WHERE NOT ($if_match::text IS NULL OR cur.version = ANY (string_to_array($if_match::text, ','))))::int
