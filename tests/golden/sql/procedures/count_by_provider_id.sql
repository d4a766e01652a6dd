-- count of procedures_by_provider_id
-- parameters: key
SELECT 1
FROM procedures t
WHERE t.deleted IS NOT TRUE
AND t.provider_id = $key::uuid
