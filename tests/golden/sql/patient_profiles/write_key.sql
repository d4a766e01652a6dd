-- records.patient_profiles.write_key
-- parameters: key, caller, scope
SELECT (SELECT c.id::text FROM patient_profiles c WHERE c.id = $key::uuid),
pp.id::text, k.wrapped_key
FROM patient_profiles pp LEFT JOIN patient_data_keys k ON k.patient_profile_id = pp.id
WHERE pp.id = $key::uuid
AND pp.deleted IS NOT TRUE
AND patient_visible(pp.id, $caller::uuid, $scope::text)
