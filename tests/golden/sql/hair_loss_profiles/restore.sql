-- records.hair_loss_profiles.restore
-- parameters: key, caller, scope, role, request_id, ip
WITH cur AS (SELECT t.id, t.deleted, left(md5(t.id::text || '.' || t.xmin::text), 16) AS version
  FROM hair_loss_profiles t
  WHERE t.patient_profile_id = $key::uuid
  AND patient_visible(t.patient_profile_id, $caller::uuid, $scope::text)
  AND EXISTS (SELECT 1 FROM patient_profiles pp WHERE pp.id = t.patient_profile_id AND pp.deleted IS NOT TRUE)
  FOR UPDATE OF t),
upd AS (UPDATE hair_loss_profiles t
  SET deleted = FALSE
  FROM cur
  WHERE t.id = cur.id
  AND (cur.deleted IS TRUE) = TRUE
  AND TRUE
  RETURNING t.*, left(md5(t.id::text || '.' || t.xmin::text), 16) AS row_version),
audit AS (INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id, request_id, ip)
  SELECT $caller::uuid, $role::text, 'restore', 'hair_loss_profiles', upd.id::text, upd.patient_profile_id, $request_id::text, $ip::inet
  FROM upd)
SELECT (SELECT count(*) FROM cur)::int, (SELECT count(*) FROM upd)::int, (SELECT json_build_object('id', upd.id,
    'patient_profile_id', upd.patient_profile_id,
    'hair_loss_type', upd.hair_loss_type,
    'norwood_scale', upd.norwood_scale,
    'ludwig_scale', upd.ludwig_scale,
    'hair_loss_duration', upd.hair_loss_duration,
    'previous_treatments', upd.previous_treatments,
    'donor_area_quality', upd.donor_area_quality,
    'expectations', upd.expectations,
    'photos', upd.photos,
    'created_at', upd.created_at,
    'updated_at', upd.updated_at)::text FROM upd),
(SELECT (SELECT k.wrapped_key FROM patient_data_keys k WHERE k.patient_profile_id = upd.patient_profile_id) FROM upd),
(SELECT row_version FROM upd)
