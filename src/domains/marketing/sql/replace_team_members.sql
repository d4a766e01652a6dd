-- Replaces the members of team $1 with $2 (a JSON array of {user_id,
-- max_open_leads, active}, already checked), keeping the round-robin
-- position of those who stay; audited. Users must hold the sales role:
-- otherwise nothing changes and the column `not_sales` names them. $3
-- caller, $4 caller role, $5 request id, $6 ip. Columns: members now,
-- the ids that are not sales reps (text array).
WITH wanted AS (
  SELECT (v ->> 'user_id')::uuid AS user_id,
         (v ->> 'max_open_leads')::int AS max_open_leads,
         coalesce((v ->> 'active')::boolean, TRUE) AS active
  FROM jsonb_array_elements($2::jsonb) AS v
),
not_sales AS (
  SELECT w.user_id FROM wanted w
  WHERE NOT EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = w.user_id AND ur.role = 'sales')
),
gone AS (
  DELETE FROM lead_team_members m
  WHERE m.team = $1::text AND NOT EXISTS (SELECT 1 FROM not_sales)
    AND m.user_id NOT IN (SELECT user_id FROM wanted)
  RETURNING 1
),
up AS (
  INSERT INTO lead_team_members AS m (team, user_id, max_open_leads, active)
  SELECT $1::text, w.user_id, w.max_open_leads, w.active FROM wanted w
  WHERE NOT EXISTS (SELECT 1 FROM not_sales)
  ON CONFLICT (team, user_id) DO UPDATE
    SET max_open_leads = excluded.max_open_leads, active = excluded.active
  RETURNING m.user_id
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, request_id, ip,
                         reason)
  SELECT $3::uuid, $4, 'update', 'lead_team_members', $1::text, $5, $6::inet,
         'team members replaced: ' || count(*)
  FROM up
  HAVING count(*) > 0 OR (SELECT count(*) FROM gone) > 0
)
SELECT (SELECT count(*) FROM up),
       (SELECT coalesce(array_agg(user_id ORDER BY user_id), '{}') FROM not_sales)::text
