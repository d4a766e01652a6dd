-- Marks a conversation the caller may see as read: its unread count to 0
-- and its incoming messages read. Audited. $1 id, $2 caller, $3 patient
-- scopes, $4 lead scope, $5 role, $6 request id, $7 ip. Column: the
-- conversation as JSON.
WITH s AS (
  SELECT s.id, s.user_id FROM conversation_sessions s
  WHERE s.id = $1::uuid AND s.deleted IS NOT TRUE
    AND conversation_visible(s.user_id, $2::uuid, $3, $4)
  FOR UPDATE),
msgs AS (
  UPDATE messages m SET is_read = TRUE
  FROM s WHERE m.conversation_session_id = s.id AND m.direction = 'incoming'
    AND m.is_read IS NOT TRUE
  RETURNING m.id),
upd AS (
  UPDATE conversation_sessions c SET unread_count = 0
  FROM s WHERE c.id = s.id
  RETURNING c),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $2::uuid, $5, 'update', 'conversation_sessions', s.id::text,
         (SELECT pp.id FROM patient_profiles pp
          WHERE pp.user_id = s.user_id AND pp.deleted IS NOT TRUE LIMIT 1),
         $6, $7::inet, ARRAY['unread_count']
  FROM s)
SELECT messaging_conversation_json(u.c)::text FROM upd u
