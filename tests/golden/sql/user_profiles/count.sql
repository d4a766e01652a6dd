-- count of user_profiles
-- parameters: caller, scope
SELECT 1
FROM user_profiles t
WHERE t.deleted IS NOT TRUE
AND (t.user_id = $caller::uuid OR $scope::text = 'all')
