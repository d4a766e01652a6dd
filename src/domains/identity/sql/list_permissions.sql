-- Every permission with its sensitivity tier.
SELECT COALESCE(json_agg(json_build_object('name', name, 'description', description,
                                           'sensitivity', sensitivity) ORDER BY name), '[]')::text
FROM permissions
