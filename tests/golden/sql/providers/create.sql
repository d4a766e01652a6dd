-- records.providers.create
-- parameters: new_id, caller, scope, role, request_id, ip, body, changed
WITH b AS (SELECT *
  FROM jsonb_populate_record(NULL::providers, $body::jsonb || jsonb_build_object('id', $new_id::uuid))),
ok AS (SELECT TRUE AS in_scope, 0 AS failed
  FROM b),
ins AS (INSERT INTO providers (id, name, type, specialty, location, contact_info, credentials, languages_spoken, is_active)
  SELECT b.id, b.name, b.type, b.specialty, b.location, b.contact_info, b.credentials, b.languages_spoken, b.is_active
  FROM b, ok
  WHERE ok.in_scope
  AND ok.failed = 0
  RETURNING *),
member AS (INSERT INTO provider_members (user_id, provider_id, added_by)
  SELECT $caller::uuid, ins.id, $caller::uuid
  FROM ins
  WHERE $scope::text <> 'all'),
audit AS (INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $caller::uuid, $role::text, 'create', 'providers', ins.id::text, NULL::uuid, $request_id::text, $ip::inet, $changed::text[]
  FROM ins)
SELECT json_build_object('id', ins.id,
  'name', ins.name,
  'type', ins.type,
  'specialty', ins.specialty,
  'location', ins.location,
  'contact_info', ins.contact_info,
  'credentials', ins.credentials,
  'languages_spoken', ins.languages_spoken,
  'rating', ins.rating,
  'review_count', ins.review_count,
  'is_verified', ins.is_verified,
  'is_active', ins.is_active,
  'created_at', ins.created_at,
  'updated_at', ins.updated_at)::text, 'ok'
FROM ins
UNION ALL SELECT NULL, CASE WHEN ok.in_scope THEN 'invalid:' || ok.failed ELSE 'missing' END
FROM ok
WHERE NOT EXISTS (SELECT 1 FROM ins)
