-- A lead as the API shows it (after a change in the same transaction). $1
-- lead.
SELECT lead_json(l)::text FROM leads l WHERE l.id = $1::uuid
