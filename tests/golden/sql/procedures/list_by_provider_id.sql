-- list of procedures_by_provider_id
-- parameters: key
SELECT json_build_object('id', p.id,
  'provider_id', p.provider_id,
  'name', p.name,
  'category', p.category,
  'description', p.description,
  'duration_hours', p.duration_hours,
  'recovery_time_days', p.recovery_time_days,
  'price_range', p.price_range,
  'requirements', p.requirements,
  'is_active', p.is_active,
  'created_at', p.created_at,
  'updated_at', p.updated_at)::text AS doc, to_json(name)#>>'{}' AS sort_0, to_json(id)#>>'{}' AS sort_1
FROM (SELECT t.*
  FROM procedures t
  WHERE t.deleted IS NOT TRUE
  AND t.provider_id = $key::uuid
  ORDER BY name ASC, id ASC
  LIMIT 51) p
ORDER BY name ASC, id ASC
