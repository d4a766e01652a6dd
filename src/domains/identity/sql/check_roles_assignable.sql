-- Roles among $1 that do not exist or may not be held by user type $2.
SELECT r FROM unnest($1::text[]) AS r
WHERE NOT EXISTS (SELECT 1 FROM roles WHERE name = r AND $2 = ANY (assignable_to))
