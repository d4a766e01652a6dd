-- A page of the consultations the caller's scope reaches, by scheduled
-- time then id, each read audited in the same statement. $1 caller,
-- $2 patient scopes, $3 status or NULL, $4 provider or NULL, $5 patient
-- or NULL, $6 scheduled from (inclusive) or NULL, $7 scheduled before or
-- NULL, $8 + $9 the cursor (scheduled_at, id of the last row shown) or
-- NULL, $10 rows to return (page size + 1), $11 request id, $12 ip,
-- $13 caller role. Columns: the row as JSON (notes sealed), the patient's
-- wrapped data key, scheduled_at as the cursor text, id. The scope is read
-- once as sets (care_scope) and each row checked by hashed membership.
WITH scope AS MATERIALIZED (
  SELECT kind, id FROM care_scope($1::uuid, $2::text)
),
c AS (
  SELECT c.*
  FROM consultations c
  WHERE c.deleted IS NOT TRUE
    AND ($3::text IS NULL OR c.status = $3::text)
    AND ($4::uuid IS NULL OR c.provider_id = $4::uuid)
    AND ($5::uuid IS NULL OR c.patient_profile_id = $5::uuid)
    AND ($6::timestamptz IS NULL OR c.scheduled_at >= $6::timestamptz)
    AND ($7::timestamptz IS NULL OR c.scheduled_at < $7::timestamptz)
    AND ($8::timestamptz IS NULL OR (c.scheduled_at, c.id) > ($8::timestamptz, $9::uuid))
    AND (EXISTS (SELECT 1 FROM scope WHERE kind = 'all')
         OR c.provider_id IN (SELECT id FROM scope WHERE kind = 'provider')
         OR c.patient_profile_id IN (SELECT id FROM scope WHERE kind = 'patient'))
  ORDER BY c.scheduled_at, c.id
  LIMIT $10
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip)
  SELECT $1, $13, 'read', 'consultations', id::text, patient_profile_id, $11, $12::inet FROM c
)
SELECT (to_jsonb(c) - 'deleted')::text, k.wrapped_key, to_json(c.scheduled_at) #>> '{}', c.id
FROM c
LEFT JOIN patient_data_keys k ON k.patient_profile_id = c.patient_profile_id
ORDER BY c.scheduled_at, c.id
