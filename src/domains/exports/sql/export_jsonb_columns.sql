-- The JSONB columns of the schema ("table.column"): a sealed value of one
-- holds JSON text, which the export puts back as JSON rather than a string.
SELECT table_name || '.' || column_name FROM information_schema.columns
WHERE table_schema = current_schema() AND data_type = 'jsonb'
