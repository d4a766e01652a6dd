-- How many live leads a search prefix matches, counted no further than $2
-- (the prefix indexes answer it). $1 the prefix (lower-cased,
-- LIKE-escaped). Decides the plan of a search (lead_routes.cpp): few hits
-- are fetched and sorted (search_leads.sql), many are met soon enough by
-- walking the list newest first (list_leads.sql).
SELECT count(*)
FROM (
  SELECT 1 FROM leads l
  WHERE l.deleted IS NOT TRUE
    AND (l.email LIKE $1::text || '%'
         OR l.phone LIKE $1::text || '%'
         OR lower(l.first_name) LIKE $1::text || '%'
         OR lower(l.last_name) LIKE $1::text || '%')
  LIMIT $2::int
) hits
