-- records.provider_availability.read
-- parameters: key
WITH r AS (SELECT t.*, left(md5(t.id::text || '.' || t.xmin::text), 16) AS row_version
  FROM provider_availability t
  WHERE t.id = $key::uuid
  AND TRUE)
SELECT json_build_object('id', r.id,
  'provider_id', r.provider_id,
  'procedure_id', r.procedure_id,
  'date', r.date,
  'start_time', r.start_time,
  'end_time', r.end_time,
  'is_available', r.is_available,
  'max_bookings', r.max_bookings,
  'current_bookings', r.current_bookings,
  'created_at', r.created_at,
  'updated_at', r.updated_at)::text, r.deleted IS TRUE, NULL::text, r.row_version
FROM r
