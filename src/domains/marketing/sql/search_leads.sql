-- list_leads.sql's page for a search `q` that matches few leads
-- (count_search_hits.sql; the same parameters and columns, $11 set). Kept
-- apart because the plan must differ: the prefix indexes (a BitmapOr over
-- email, phone, first and last name) find the few leads meant, which are
-- then sorted; the list's own plan walks leads_list_idx newest first and
-- filters, which for a rare match reads the whole table (1.2 s at 1M
-- leads, docs/architecture.md §1.3). MATERIALIZED keeps the planner from
-- walking the index anyway.
WITH hits AS MATERIALIZED (
  SELECT l.id
  FROM leads l
  WHERE l.deleted IS NOT TRUE
    AND (l.email LIKE $11::text || '%'
         OR l.phone LIKE $11::text || '%'
         OR lower(l.first_name) LIKE $11::text || '%'
         OR lower(l.last_name) LIKE $11::text || '%')
)
SELECT lead_json(l)::text, to_json(l.created_at) #>> '{}', l.id
FROM hits JOIN leads l ON l.id = hits.id
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
  AND ($12::timestamptz IS NULL OR (l.created_at, l.id) < ($12::timestamptz, $13::uuid))
  AND ($15::boolean IS NOT TRUE
       OR (l.stage = 'new' AND l.first_contact_overdue_at IS NOT NULL))
ORDER BY l.created_at DESC, l.id DESC
LIMIT $14::int
