-- list of providers
-- parameters: none
SELECT json_build_object('id', p.id,
  'name', p.name,
  'type', p.type,
  'specialty', p.specialty,
  'location', p.location,
  'contact_info', p.contact_info,
  'credentials', p.credentials,
  'languages_spoken', p.languages_spoken,
  'rating', p.rating,
  'review_count', p.review_count,
  'is_verified', p.is_verified,
  'is_active', p.is_active,
  'created_at', p.created_at,
  'updated_at', p.updated_at)::text AS doc, to_json(name)#>>'{}' AS sort_0, to_json(id)#>>'{}' AS sort_1
FROM (SELECT t.*
  FROM providers t
  WHERE t.deleted IS NOT TRUE
  ORDER BY name ASC, id ASC
  LIMIT 51) p
ORDER BY name ASC, id ASC
