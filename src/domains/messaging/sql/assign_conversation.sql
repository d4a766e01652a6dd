-- Assigns (or transfers) a conversation the caller may see to a staff
-- member who reads conversations, with the first response due in $6
-- minutes unless it has had one; audited. $1 id, $2 caller, $3 patient
-- scopes, $4 lead scope, $5 assignee, $6 minutes, $7 role, $8 request id,
-- $9 ip. Columns: seen (0/1), assignee valid (0/1), the conversation as
-- JSON (NULL unless both).
WITH s AS (
  SELECT s.id FROM conversation_sessions s
  WHERE s.id = $1::uuid AND s.deleted IS NOT TRUE
    AND conversation_visible(s.user_id, $2::uuid, $3, $4)
  FOR UPDATE),
a AS (
  SELECT u.id FROM users u
  WHERE u.id = $5::uuid AND u.deleted IS NOT TRUE AND u.status = 'active'
    AND u.user_type IN ('staff', 'admin')
    AND EXISTS (SELECT 1 FROM user_roles ur JOIN role_permissions rp ON rp.role = ur.role
                WHERE ur.user_id = u.id AND rp.permission = 'messages.read')),
upd AS (
  UPDATE conversation_sessions c
  SET assigned_to = a.id, assigned_at = now(),
      first_response_due_at = CASE WHEN c.first_response_at IS NULL
                                   THEN now() + make_interval(mins => $6::int)
                                   ELSE c.first_response_due_at END
  FROM s, a
  WHERE c.id = s.id
  RETURNING c),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $2::uuid, $7, 'update', 'conversation_sessions', (u.c).id::text,
         (SELECT pp.id FROM patient_profiles pp
          WHERE pp.user_id = (u.c).user_id AND pp.deleted IS NOT TRUE LIMIT 1),
         $8, $9::inet, ARRAY['assigned_to', 'assigned_at', 'first_response_due_at']
  FROM upd u)
SELECT (SELECT count(*) FROM s), (SELECT count(*) FROM a),
       (SELECT messaging_conversation_json(u.c)::text FROM upd u)
