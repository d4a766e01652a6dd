-- A send refused by a rule, kept with its reason (migration 0028) and
-- audited. $1 session, $2 user, $3 channel type, $4 purpose, $5 reason,
-- $6 caller, $7 request id, $8 role, $9 ip, $10 patient profile.
WITH r AS (
  INSERT INTO message_send_refusals (conversation_session_id, user_id, channel_type, purpose,
                                     reason, refused_by, request_id)
  VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6::uuid, $7)
  RETURNING id)
INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                       subject_patient_profile_id, request_id, ip, changed_columns)
SELECT $6::uuid, $8, 'create', 'message_send_refusals', r.id::text, $10::uuid, $7, $9::inet,
       ARRAY['reason']
FROM r
