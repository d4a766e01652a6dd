-- A template by name and language: $1 name, $2 language. Columns: id,
-- category, body, variable count, status.
SELECT id, category, body, variable_count, status
FROM message_templates
WHERE name = $1 AND language = $2
