-- The aftercare protocol templates, by category and position. $1 only this
-- category (or NULL), $2 include deactivated items. Columns: the items as
-- one JSON array.
SELECT coalesce(jsonb_agg(to_jsonb(i) ORDER BY i.category, i.position), '[]'::jsonb)::text
FROM aftercare_protocol_items i
WHERE ($1::text IS NULL OR i.category = $1::text) AND (i.is_active OR $2::boolean)
