-- Every sales team's members. Columns: a JSON array of {team, user_id,
-- max_open_leads, active, last_assigned_at, open_leads}.
SELECT coalesce(jsonb_agg(jsonb_build_object(
         'team', m.team, 'user_id', m.user_id, 'max_open_leads', m.max_open_leads,
         'active', m.active, 'last_assigned_at', m.last_assigned_at,
         'open_leads', (SELECT count(*) FROM leads o
                        WHERE o.assigned_to = m.user_id
                          AND lead_is_open(o.stage, o.merged_into, o.deleted)))
         ORDER BY m.team, m.user_id), '[]'::jsonb)::text
FROM lead_team_members m
