-- GET /me/access-log: what OTHER users (and the system) did with a patient's
-- data, newest first, rendered as JSON: time, action, table, the actor's role
-- and user id (never the actor's name). The read itself is audited in the
-- same statement (and, being the patient's own act, not listed to them).
-- $1 patient profile id, $2 the patient's user id, $3 before_id (keyset
-- cursor, NULL = newest), $4 page size, $5 role, $6 request id, $7 ip.
WITH page AS (
  SELECT id, occurred_at, action, table_name, actor_role, actor_user_id
  FROM audit_log
  WHERE subject_patient_profile_id = $1::uuid
    AND actor_user_id IS DISTINCT FROM $2::uuid
    AND ($3::bigint IS NULL OR id < $3::bigint)
  ORDER BY id DESC
  LIMIT $4::int + 1
), shown AS (
  SELECT * FROM page ORDER BY id DESC LIMIT $4::int
), audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name,
                         subject_patient_profile_id, request_id, ip)
  VALUES ($2::uuid, $5, 'read', 'audit_log', $1::uuid, $6, $7::inet)
)
SELECT coalesce(json_agg(json_build_object(
         'id', id,
         'time', to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
         'action', action,
         'table', table_name,
         'actor_role', actor_role,
         'actor_user_id', actor_user_id) ORDER BY id DESC), '[]'::json)::text,
       CASE WHEN (SELECT count(*) FROM page) > $4::int THEN min(id) END
FROM shown
