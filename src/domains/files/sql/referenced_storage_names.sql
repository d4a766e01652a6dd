-- Which of these storage names some stored_files row (live or deleted)
-- still names; for the orphan sweep. $1 text[] of names.
SELECT DISTINCT storage_name FROM stored_files WHERE storage_name = ANY ($1::text[])
