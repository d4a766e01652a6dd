-- One consultation, if the caller's scope reaches it, with the read audited
-- in the same statement. $1 id, $2 caller, $3 patient scopes, $4 request
-- id, $5 ip, $6 caller role. Columns: the row as JSON (notes sealed), the
-- patient's wrapped data key (NULL when none); no row when out of scope or
-- missing.
WITH c AS (
  SELECT c.*
  FROM consultations c
  WHERE c.id = $1 AND c.deleted IS NOT TRUE
    AND care_row_visible(c.provider_id, c.patient_profile_id, $2, $3)
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip)
  SELECT $2, $6, 'read', 'consultations', id::text, patient_profile_id, $4, $5::inet FROM c
)
SELECT (to_jsonb(c) - 'deleted')::text, k.wrapped_key
FROM c
LEFT JOIN patient_data_keys k ON k.patient_profile_id = c.patient_profile_id
