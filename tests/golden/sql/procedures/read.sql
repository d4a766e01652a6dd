-- records.procedures.read
-- parameters: key
WITH r AS (SELECT t.*, left(md5(t.id::text || '.' || t.xmin::text), 16) AS row_version
  FROM procedures t
  WHERE t.id = $key::uuid
  AND TRUE)
SELECT json_build_object('id', r.id,
  'provider_id', r.provider_id,
  'name', r.name,
  'category', r.category,
  'description', r.description,
  'duration_hours', r.duration_hours,
  'recovery_time_days', r.recovery_time_days,
  'price_range', r.price_range,
  'requirements', r.requirements,
  'is_active', r.is_active,
  'created_at', r.created_at,
  'updated_at', r.updated_at)::text, r.deleted IS TRUE, NULL::text, r.row_version
FROM r
