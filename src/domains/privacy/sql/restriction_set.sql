-- Restricts the processing of a person's data ($2 true: sets it, or
-- replaces the reason of the one in place) or releases it ($2 false), and
-- writes the audit row with the stated reason in the same statement.
-- $1 user, $2 restricted, $3 reason, $4 caller, $5 caller role,
-- $6 request id, $7 ip. No row when the user does not exist. Columns: the
-- restriction's state as JSON.
WITH u AS MATERIALIZED (
  SELECT id FROM users WHERE id = $1::uuid
),
ins AS (
  INSERT INTO processing_restrictions (user_id, reason, restricted_by)
  SELECT u.id, $3, $4::uuid FROM u WHERE $2::boolean
  ON CONFLICT (user_id) DO UPDATE SET reason = EXCLUDED.reason,
                                      restricted_by = EXCLUDED.restricted_by
  RETURNING user_id, reason, restricted_at, restricted_by
),
del AS (
  DELETE FROM processing_restrictions r USING u
  WHERE r.user_id = u.id AND NOT $2::boolean
  RETURNING r.user_id
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip, reason)
  SELECT $4::uuid, $5, CASE WHEN $2::boolean THEN 'create' ELSE 'delete' END,
         'processing_restrictions', u.id::text,
         (SELECT pp.id FROM patient_profiles pp WHERE pp.user_id = u.id), $6, $7::inet, $3
  FROM u
)
SELECT json_build_object('user_id', u.id, 'restricted', $2::boolean,
                         'reason', (SELECT i.reason FROM ins i),
                         'restricted_at', (SELECT i.restricted_at FROM ins i),
                         'restricted_by', (SELECT i.restricted_by FROM ins i))::text
FROM u
