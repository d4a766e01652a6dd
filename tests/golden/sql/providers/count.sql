-- count of providers
-- parameters: none
SELECT 1
FROM providers t
WHERE t.deleted IS NOT TRUE
