-- count of provider_availability_by_provider_id
-- parameters: key
SELECT 1
FROM provider_availability t
WHERE t.deleted IS NOT TRUE
AND t.provider_id = $key::uuid
