-- A page of one lead's activities, newest first. $1 lead (checked in scope
-- by the caller), $2 + $3 the cursor (created_at, id of the last row shown)
-- or NULL, $4 rows to return. Columns: the activity as JSON, created_at as
-- cursor text, id.
SELECT (to_jsonb(a) - 'deleted')::text, to_json(a.created_at) #>> '{}', a.id
FROM lead_activities a
WHERE a.lead_id = $1::uuid AND a.deleted IS NOT TRUE
  AND ($2::timestamptz IS NULL OR (a.created_at, a.id) < ($2::timestamptz, $3::uuid))
ORDER BY a.created_at DESC, a.id DESC
LIMIT $4::int
