-- records.medical_histories.patch
-- parameters: key, caller, scope, role, request_id, ip, body, changed, if_match
WITH cur AS (SELECT t AS whole, t.id, t.deleted, left(md5(t.id::text || '.' || t.xmin::text), 16) AS version
  FROM medical_histories t
  WHERE t.patient_profile_id = $key::uuid
  AND patient_visible(t.patient_profile_id, $caller::uuid, $scope::text)
  AND EXISTS (SELECT 1 FROM patient_profiles pp WHERE pp.id = t.patient_profile_id AND pp.deleted IS NOT TRUE)
  FOR UPDATE OF t),
b AS (SELECT nb.*
  FROM cur, LATERAL jsonb_populate_record(cur.whole, $body::jsonb) AS nb),
chk AS (SELECT 0 AS failed, ($if_match::text IS NULL OR cur.version = ANY (string_to_array($if_match::text, ','))) AS current
  FROM cur, b),
upd AS (UPDATE medical_histories t
  SET current_medications = b.current_medications, allergies = b.allergies, chronic_conditions = b.chronic_conditions, previous_surgeries = b.previous_surgeries, family_medical_history = b.family_medical_history, lifestyle_factors = b.lifestyle_factors, additional_notes = b.additional_notes, last_updated_by = b.last_updated_by
  FROM cur, b, chk
  WHERE t.id = cur.id
  AND cur.deleted IS NOT TRUE
  AND chk.current
  AND chk.failed = 0
  RETURNING t.*, left(md5(t.id::text || '.' || t.xmin::text), 16) AS row_version),
audit AS (INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $caller::uuid, $role::text, 'update', 'medical_histories', upd.id::text, upd.patient_profile_id, $request_id::text, $ip::inet, $changed::text[]
  FROM upd)
SELECT json_build_object('id', upd.id,
  'patient_profile_id', upd.patient_profile_id,
  'current_medications', upd.current_medications,
  'allergies', upd.allergies,
  'chronic_conditions', upd.chronic_conditions,
  'previous_surgeries', upd.previous_surgeries,
  'family_medical_history', upd.family_medical_history,
  'lifestyle_factors', upd.lifestyle_factors,
  'additional_notes', upd.additional_notes,
  'last_updated_by', upd.last_updated_by,
  'created_at', upd.created_at,
  'updated_at', upd.updated_at)::text, 'ok', (SELECT k.wrapped_key FROM patient_data_keys k WHERE k.patient_profile_id = upd.patient_profile_id),
upd.row_version
FROM upd
UNION ALL SELECT NULL, CASE WHEN cur.deleted IS TRUE THEN 'gone' WHEN NOT chk.current THEN 'stale' ELSE 'invalid:' || chk.failed END, NULL, NULL
FROM cur, chk
WHERE NOT EXISTS (SELECT 1 FROM upd)
