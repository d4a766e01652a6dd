-- count of patient_profiles
-- parameters: caller, scope, role, request_id, ip
SELECT 1
FROM patient_profiles t
WHERE t.deleted IS NOT TRUE
AND patient_visible(t.id, $caller::uuid, $scope::text)
AND num_nulls($role::text, $request_id::text, $ip::inet) >= 0
