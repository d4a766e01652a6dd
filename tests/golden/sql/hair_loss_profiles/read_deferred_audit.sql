-- records.hair_loss_profiles.read
-- parameters: key, caller, scope
WITH r AS (SELECT t.*, left(md5(t.id::text || '.' || t.xmin::text), 16) AS row_version
  FROM hair_loss_profiles t
  WHERE t.patient_profile_id = $key::uuid
  AND patient_visible(t.patient_profile_id, $caller::uuid, $scope::text)
  AND EXISTS (SELECT 1 FROM patient_profiles pp WHERE pp.id = t.patient_profile_id AND pp.deleted IS NOT TRUE))
SELECT json_build_object('id', r.id,
  'patient_profile_id', r.patient_profile_id,
  'hair_loss_type', r.hair_loss_type,
  'norwood_scale', r.norwood_scale,
  'ludwig_scale', r.ludwig_scale,
  'hair_loss_duration', r.hair_loss_duration,
  'previous_treatments', r.previous_treatments,
  'donor_area_quality', r.donor_area_quality,
  'expectations', r.expectations,
  'photos', r.photos,
  'created_at', r.created_at,
  'updated_at', r.updated_at)::text, r.deleted IS TRUE, (SELECT k.wrapped_key FROM patient_data_keys k WHERE k.patient_profile_id = r.patient_profile_id),
r.row_version, r.id::text, r.patient_profile_id::text
FROM r
