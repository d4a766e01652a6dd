-- records.providers.patch
-- parameters: key, caller, scope, role, request_id, ip, body, changed, if_match
WITH cur AS (SELECT t AS whole, t.id, t.deleted, left(md5(t.id::text || '.' || t.xmin::text), 16) AS version
  FROM providers t
  WHERE t.id = $key::uuid
  AND (CASE WHEN $scope::text = 'all' THEN TRUE ELSE t.id::text = ANY (string_to_array($scope::text, ',')) END)
  FOR UPDATE OF t),
b AS (SELECT nb.*
  FROM cur, LATERAL jsonb_populate_record(cur.whole, $body::jsonb) AS nb),
chk AS (SELECT 0 AS failed, ($if_match::text IS NULL OR cur.version = ANY (string_to_array($if_match::text, ','))) AS current
  FROM cur, b),
upd AS (UPDATE providers t
  SET name = b.name, type = b.type, specialty = b.specialty, location = b.location, contact_info = b.contact_info, credentials = b.credentials, languages_spoken = b.languages_spoken, is_active = b.is_active
  FROM cur, b, chk
  WHERE t.id = cur.id
  AND cur.deleted IS NOT TRUE
  AND chk.current
  AND chk.failed = 0
  RETURNING t.*, left(md5(t.id::text || '.' || t.xmin::text), 16) AS row_version),
audit AS (INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $caller::uuid, $role::text, 'update', 'providers', upd.id::text, NULL::uuid, $request_id::text, $ip::inet, $changed::text[]
  FROM upd)
SELECT json_build_object('id', upd.id,
  'name', upd.name,
  'type', upd.type,
  'specialty', upd.specialty,
  'location', upd.location,
  'contact_info', upd.contact_info,
  'credentials', upd.credentials,
  'languages_spoken', upd.languages_spoken,
  'rating', upd.rating,
  'review_count', upd.review_count,
  'is_verified', upd.is_verified,
  'is_active', upd.is_active,
  'created_at', upd.created_at,
  'updated_at', upd.updated_at)::text, 'ok', NULL::text, upd.row_version
FROM upd
UNION ALL SELECT NULL, CASE WHEN cur.deleted IS TRUE THEN 'gone' WHEN NOT chk.current THEN 'stale' ELSE 'invalid:' || chk.failed END, NULL, NULL
FROM cur, chk
WHERE NOT EXISTS (SELECT 1 FROM upd)
