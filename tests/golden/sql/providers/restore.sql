-- records.providers.restore
-- parameters: key, caller, scope, role, request_id, ip
WITH cur AS (SELECT t.id, t.deleted, left(md5(t.id::text || '.' || t.xmin::text), 16) AS version
  FROM providers t
  WHERE t.id = $key::uuid
  AND (CASE WHEN $scope::text = 'all' THEN TRUE ELSE t.id::text = ANY (string_to_array($scope::text, ',')) END)
  FOR UPDATE OF t),
upd AS (UPDATE providers t
  SET deleted = FALSE
  FROM cur
  WHERE t.id = cur.id
  AND (cur.deleted IS TRUE) = TRUE
  AND TRUE
  RETURNING t.*, left(md5(t.id::text || '.' || t.xmin::text), 16) AS row_version),
audit AS (INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id, request_id, ip)
  SELECT $caller::uuid, $role::text, 'restore', 'providers', upd.id::text, NULL::uuid, $request_id::text, $ip::inet
  FROM upd)
SELECT (SELECT count(*) FROM cur)::int, (SELECT count(*) FROM upd)::int, (SELECT json_build_object('id', upd.id,
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
    'updated_at', upd.updated_at)::text FROM upd),
(SELECT NULL::text FROM upd),
(SELECT row_version FROM upd)
