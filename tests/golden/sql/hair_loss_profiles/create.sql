-- records.hair_loss_profiles.create
-- parameters: key, new_id, caller, scope, role, request_id, ip, body, changed
WITH b AS (SELECT *
  FROM jsonb_populate_record(NULL::hair_loss_profiles, $body::jsonb || jsonb_build_object('id', $new_id::uuid, 'patient_profile_id', $key::uuid))),
ok AS (SELECT EXISTS (SELECT 1 FROM patient_profiles pp WHERE pp.id = $key::uuid AND pp.deleted IS NOT TRUE AND patient_visible(pp.id, $caller::uuid, $scope::text)) AS in_scope, 0 AS failed
  FROM b),
ins AS (INSERT INTO hair_loss_profiles (id, patient_profile_id, hair_loss_type, norwood_scale, ludwig_scale, hair_loss_duration, previous_treatments, donor_area_quality, expectations, photos)
  SELECT b.id, b.patient_profile_id, b.hair_loss_type, b.norwood_scale, b.ludwig_scale, b.hair_loss_duration, b.previous_treatments, b.donor_area_quality, b.expectations, b.photos
  FROM b, ok
  WHERE ok.in_scope
  AND ok.failed = 0
  RETURNING *),
audit AS (INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $caller::uuid, $role::text, 'create', 'hair_loss_profiles', ins.id::text, ins.patient_profile_id, $request_id::text, $ip::inet, $changed::text[]
  FROM ins)
SELECT json_build_object('id', ins.id,
  'patient_profile_id', ins.patient_profile_id,
  'hair_loss_type', ins.hair_loss_type,
  'norwood_scale', ins.norwood_scale,
  'ludwig_scale', ins.ludwig_scale,
  'hair_loss_duration', ins.hair_loss_duration,
  'previous_treatments', ins.previous_treatments,
  'donor_area_quality', ins.donor_area_quality,
  'expectations', ins.expectations,
  'photos', ins.photos,
  'created_at', ins.created_at,
  'updated_at', ins.updated_at)::text, 'ok'
FROM ins
UNION ALL SELECT NULL, CASE WHEN ok.in_scope THEN 'invalid:' || ok.failed ELSE 'missing' END
FROM ok
WHERE NOT EXISTS (SELECT 1 FROM ins)
