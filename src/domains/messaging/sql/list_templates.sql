-- Every template, by name and language; $1 status or NULL for all.
-- Column: the templates as a JSON array.
SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY t.name, t.language), '[]')::text
FROM message_templates t
WHERE $1::text IS NULL OR t.status = $1::text
