-- Opening a conversation's messages, a high-sensitivity read: the
-- conversation if the caller may see it, the wrapped keys its messages
-- are sealed with, and the read's audit row (written with the read).
-- $1 id, $2 caller, $3 patient scopes, $4 lead scope, $5 own, $6 role,
-- $7 request id, $8 ip. Columns: patient profile, its wrapped data key,
-- user key id, its wrapping.
WITH s AS (
  SELECT s.id, s.user_id,
         (SELECT pp.id FROM patient_profiles pp
          WHERE pp.user_id = s.user_id AND pp.deleted IS NOT TRUE LIMIT 1) AS patient
  FROM conversation_sessions s
  WHERE s.id = $1::uuid AND s.deleted IS NOT TRUE
    AND CASE WHEN $5::boolean THEN s.user_id = $2::uuid
             ELSE conversation_visible(s.user_id, $2::uuid, $3, $4) END),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip)
  SELECT $2::uuid, $6, 'read', 'messages', s.id::text, s.patient, $7, $8::inet FROM s)
SELECT s.patient, pk.wrapped_key, uk.id, uk.wrapped_key
FROM s
LEFT JOIN patient_data_keys pk ON pk.patient_profile_id = s.patient
LEFT JOIN user_data_keys uk ON uk.user_id = s.user_id
