-- One template: $1 id. Columns: the template as JSON, its row version (16
-- hex digits, the ETag's version part for If-Match).
SELECT to_jsonb(t)::text, lpad(to_hex(t.version), 16, '0')
FROM message_templates t
WHERE t.id = $1::uuid
