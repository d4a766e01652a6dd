-- list of provider_availability_by_provider_id
-- parameters: key
SELECT json_build_object('id', p.id,
  'provider_id', p.provider_id,
  'procedure_id', p.procedure_id,
  'date', p.date,
  'start_time', p.start_time,
  'end_time', p.end_time,
  'is_available', p.is_available,
  'max_bookings', p.max_bookings,
  'current_bookings', p.current_bookings,
  'created_at', p.created_at,
  'updated_at', p.updated_at)::text AS doc, to_json(date)#>>'{}' AS sort_0, to_json(start_time)#>>'{}' AS sort_1, to_json(id)#>>'{}' AS sort_2
FROM (SELECT t.*
  FROM provider_availability t
  WHERE t.deleted IS NOT TRUE
  AND t.provider_id = $key::uuid
  ORDER BY date ASC, start_time ASC, id ASC
  LIMIT 51) p
ORDER BY date ASC, start_time ASC, id ASC
