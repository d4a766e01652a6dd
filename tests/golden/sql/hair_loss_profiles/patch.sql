-- records.hair_loss_profiles.patch
-- parameters: key, caller, scope, role, request_id, ip, body, changed, if_match
WITH cur AS (SELECT t AS whole, t.id, t.deleted, left(md5(t.id::text || '.' || t.xmin::text), 16) AS version
  FROM hair_loss_profiles t
  WHERE t.patient_profile_id = $key::uuid
  AND patient_visible(t.patient_profile_id, $caller::uuid, $scope::text)
  AND EXISTS (SELECT 1 FROM patient_profiles pp WHERE pp.id = t.patient_profile_id AND pp.deleted IS NOT TRUE)
  FOR UPDATE OF t),
b AS (SELECT nb.*
  FROM cur, LATERAL jsonb_populate_record(cur.whole, $body::jsonb) AS nb),
chk AS (SELECT 0 AS failed, ($if_match::text IS NULL OR cur.version = ANY (string_to_array($if_match::text, ','))) AS current
  FROM cur, b),
upd AS (UPDATE hair_loss_profiles t
  SET hair_loss_type = b.hair_loss_type, norwood_scale = b.norwood_scale, ludwig_scale = b.ludwig_scale, hair_loss_duration = b.hair_loss_duration, previous_treatments = b.previous_treatments, donor_area_quality = b.donor_area_quality, expectations = b.expectations, photos = b.photos
  FROM cur, b, chk
  WHERE t.id = cur.id
  AND cur.deleted IS NOT TRUE
  AND chk.current
  AND chk.failed = 0
  RETURNING t.*, left(md5(t.id::text || '.' || t.xmin::text), 16) AS row_version),
audit AS (INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $caller::uuid, $role::text, 'update', 'hair_loss_profiles', upd.id::text, upd.patient_profile_id, $request_id::text, $ip::inet, $changed::text[]
  FROM upd)
SELECT json_build_object('id', upd.id,
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
  'updated_at', upd.updated_at)::text, 'ok', (SELECT k.wrapped_key FROM patient_data_keys k WHERE k.patient_profile_id = upd.patient_profile_id),
upd.row_version
FROM upd
UNION ALL SELECT NULL, CASE WHEN cur.deleted IS TRUE THEN 'gone' WHEN NOT chk.current THEN 'stale' ELSE 'invalid:' || chk.failed END, NULL, NULL
FROM cur, chk
WHERE NOT EXISTS (SELECT 1 FROM upd)
