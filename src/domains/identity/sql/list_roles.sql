-- Every role with its permissions, for administrators.
SELECT COALESCE(json_agg(json_build_object(
  'name', r.name, 'description', r.description, 'assignable_to', r.assignable_to,
  'permissions', COALESCE((SELECT json_agg(permission ORDER BY permission)
                           FROM role_permissions WHERE role = r.name), '[]'))
  ORDER BY r.name), '[]')::text
FROM roles r
