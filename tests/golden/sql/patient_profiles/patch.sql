-- records.patient_profiles.patch
-- parameters: key, caller, scope, role, request_id, ip, body, changed, if_match
WITH cur AS (SELECT t AS whole, t.id, t.deleted, left(md5(t.id::text || '.' || t.xmin::text), 16) AS version
  FROM patient_profiles t
  WHERE t.id = $key::uuid
  AND patient_visible(t.id, $caller::uuid, $scope::text)
  FOR UPDATE OF t),
b AS (SELECT nb.*
  FROM cur, LATERAL jsonb_populate_record(cur.whole, $body::jsonb) AS nb),
chk AS (SELECT 0 AS failed, ($if_match::text IS NULL OR cur.version = ANY (string_to_array($if_match::text, ','))) AS current
  FROM cur, b),
upd AS (UPDATE patient_profiles t
  SET medical_condition = b.medical_condition, procedure_interest = b.procedure_interest, budget_range = b.budget_range, preferred_timeline = b.preferred_timeline, travel_preferences = b.travel_preferences, emergency_contact = b.emergency_contact, insurance_info = b.insurance_info
  FROM cur, b, chk
  WHERE t.id = cur.id
  AND cur.deleted IS NOT TRUE
  AND chk.current
  AND chk.failed = 0
  RETURNING t.*, left(md5(t.id::text || '.' || t.xmin::text), 16) AS row_version),
audit AS (INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $caller::uuid, $role::text, 'update', 'patient_profiles', upd.id::text, upd.id, $request_id::text, $ip::inet, $changed::text[]
  FROM upd)
SELECT json_build_object('id', upd.id,
  'user_id', upd.user_id,
  'patient_id', upd.patient_id,
  'medical_condition', upd.medical_condition,
  'procedure_interest', upd.procedure_interest,
  'budget_range', upd.budget_range,
  'preferred_timeline', upd.preferred_timeline,
  'travel_preferences', upd.travel_preferences,
  'emergency_contact', upd.emergency_contact,
  'insurance_info', upd.insurance_info,
  'created_at', upd.created_at,
  'updated_at', upd.updated_at)::text, 'ok', (SELECT k.wrapped_key FROM patient_data_keys k WHERE k.patient_profile_id = upd.id),
upd.row_version
FROM upd
UNION ALL SELECT NULL, CASE WHEN cur.deleted IS TRUE THEN 'gone' WHEN NOT chk.current THEN 'stale' ELSE 'invalid:' || chk.failed END, NULL, NULL
FROM cur, chk
WHERE NOT EXISTS (SELECT 1 FROM upd)
