-- A page of a provider's published reviews, newest first (the public
-- list): the text only where the author made it public. $1 provider,
-- $2 + $3 the cursor (created_at, id of the last row shown) or NULL,
-- $4 rows to return (page size + 1). Columns: the review as JSON,
-- created_at as the cursor text, id.
SELECT jsonb_build_object('id', r.id, 'provider_id', r.provider_id, 'rating', r.rating,
                          'title', CASE WHEN r.is_public THEN r.title END,
                          'content', CASE WHEN r.is_public THEN r.content END,
                          'is_verified', r.is_verified, 'created_at', r.created_at)::text,
       to_json(r.created_at) #>> '{}', r.id
FROM reviews r
WHERE r.provider_id = $1::uuid AND r.moderation_status = 'published' AND r.is_verified
  AND r.deleted IS NOT TRUE
  AND ($2::timestamptz IS NULL OR r.created_at < $2::timestamptz
       OR (r.created_at = $2::timestamptz AND r.id > $3::uuid))
ORDER BY r.created_at DESC, r.id
LIMIT $4
