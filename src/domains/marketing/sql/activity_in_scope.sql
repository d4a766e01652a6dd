-- An activity whose lead is within the caller's lead scope, locked for the
-- change that follows. $1 activity, $2 caller, $3 lead scope. Columns:
-- kind; no row when unseen or deleted.
SELECT a.kind
FROM lead_activities a
JOIN leads l ON l.id = a.lead_id AND l.deleted IS NOT TRUE
WHERE a.id = $1::uuid AND a.deleted IS NOT TRUE
  AND lead_visible(l.assigned_to, $2::uuid, $3::text)
FOR UPDATE OF a
