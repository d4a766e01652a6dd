-- records.providers.read
-- parameters: key
WITH r AS (SELECT t.*, left(md5(t.id::text || '.' || t.xmin::text), 16) AS row_version
  FROM providers t
  WHERE t.id = $key::uuid
  AND TRUE)
SELECT json_build_object('id', r.id,
  'name', r.name,
  'type', r.type,
  'specialty', r.specialty,
  'location', r.location,
  'contact_info', r.contact_info,
  'credentials', r.credentials,
  'languages_spoken', r.languages_spoken,
  'rating', r.rating,
  'review_count', r.review_count,
  'is_verified', r.is_verified,
  'is_active', r.is_active,
  'created_at', r.created_at,
  'updated_at', r.updated_at)::text, r.deleted IS TRUE, NULL::text, r.row_version
FROM r
