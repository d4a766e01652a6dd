-- count of procedures
-- parameters: none
SELECT 1
FROM procedures t
WHERE t.deleted IS NOT TRUE
