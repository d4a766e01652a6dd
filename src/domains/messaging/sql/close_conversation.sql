-- Closes a conversation the caller may see (status ended; the next inbound
-- message opens a new one); closing a closed one changes nothing. Audited
-- when it changed. $1 id, $2 caller, $3 patient scopes, $4 lead scope,
-- $5 role, $6 request id, $7 ip. Column: the conversation as JSON.
WITH s AS (
  SELECT s.id FROM conversation_sessions s
  WHERE s.id = $1::uuid AND s.deleted IS NOT TRUE
    AND conversation_visible(s.user_id, $2::uuid, $3, $4)
  FOR UPDATE),
upd AS (
  UPDATE conversation_sessions c SET status = 'ended', ended_at = now()
  FROM s WHERE c.id = s.id AND c.status = 'active'
  RETURNING c),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $2::uuid, $5, 'update', 'conversation_sessions', (u.c).id::text,
         (SELECT pp.id FROM patient_profiles pp
          WHERE pp.user_id = (u.c).user_id AND pp.deleted IS NOT TRUE LIMIT 1),
         $6, $7::inet, ARRAY['status', 'ended_at']
  FROM upd u)
SELECT coalesce((SELECT messaging_conversation_json(u.c) FROM upd u),
                messaging_conversation_json(c))::text
FROM conversation_sessions c JOIN s ON s.id = c.id
