-- The timeout job: closes up to $2 active conversations quiet for longer
-- than $1 minutes (status timeout), each claimed by one node (SKIP LOCKED),
-- audited as the system's act. Column: how many were closed.
WITH idle AS (
  SELECT s.id FROM conversation_sessions s
  WHERE s.status = 'active' AND s.deleted IS NOT TRUE
    AND s.last_activity_at < now() - make_interval(mins => $1::int)
  ORDER BY s.last_activity_at
  LIMIT $2::int
  FOR UPDATE SKIP LOCKED),
closed AS (
  UPDATE conversation_sessions c SET status = 'timeout', ended_at = now()
  FROM idle WHERE c.id = idle.id
  RETURNING c.id, c.user_id),
audit AS (
  INSERT INTO audit_log (actor_role, action, table_name, row_id, subject_patient_profile_id,
                         changed_columns)
  SELECT 'system', 'update', 'conversation_sessions', c.id::text,
         (SELECT pp.id FROM patient_profiles pp
          WHERE pp.user_id = c.user_id AND pp.deleted IS NOT TRUE LIMIT 1),
         ARRAY['status', 'ended_at']
  FROM closed c)
SELECT count(*) FROM closed
