-- A page of the leads in the caller's lead scope, newest first, narrowed by
-- the filters given (NULL: not narrowed). $1 caller, $2 lead scope, $3
-- stage, $4 assigned to (the caller for a sales rep who sees only their
-- own), $5 TRUE for unassigned only, $6 source, $7 campaign, $8 country,
-- $9 created at or after, $10 created before, $11 prefix of the email,
-- phone, first or last name (lower-cased, LIKE-escaped), $12 + $13 the
-- cursor (created_at, id of the last row shown), $14 rows to return, $15
-- TRUE for new leads whose first contact is overdue only. Each
-- filter meets an index of migration 0024 (leads_list_*_idx, the prefix
-- indexes). Columns: the lead as JSON, created_at as cursor text, id.
SELECT lead_json(l)::text, to_json(l.created_at) #>> '{}', l.id
FROM leads l
WHERE l.deleted IS NOT TRUE
  AND lead_visible(l.assigned_to, $1::uuid, $2::text)
  AND ($3::text IS NULL OR l.stage = $3::text)
  AND ($4::uuid IS NULL OR l.assigned_to = $4::uuid)
  AND ($5::boolean IS NOT TRUE OR l.assigned_to IS NULL)
  AND ($6::text IS NULL OR l.source = $6::text)
  AND ($7::uuid IS NULL OR l.campaign_id = $7::uuid)
  AND ($8::text IS NULL OR l.country = $8::text)
  AND ($9::timestamptz IS NULL OR l.created_at >= $9::timestamptz)
  AND ($10::timestamptz IS NULL OR l.created_at < $10::timestamptz)
  AND ($11::text IS NULL
       OR l.email LIKE $11::text || '%'
       OR l.phone LIKE $11::text || '%'
       OR lower(l.first_name) LIKE $11::text || '%'
       OR lower(l.last_name) LIKE $11::text || '%')
  AND ($12::timestamptz IS NULL OR (l.created_at, l.id) < ($12::timestamptz, $13::uuid))
  AND ($15::boolean IS NOT TRUE
       OR (l.stage = 'new' AND l.first_contact_overdue_at IS NOT NULL))
ORDER BY l.created_at DESC, l.id DESC
LIMIT $14::int
