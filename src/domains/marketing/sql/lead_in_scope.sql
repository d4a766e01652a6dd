-- Whether a live lead is within the caller's lead scope, locked for the
-- change that follows when run in a transaction. $1 lead, $2 caller, $3
-- lead scope. Columns: its stage; no row when unseen, merged or deleted.
SELECT stage
FROM leads
WHERE id = $1::uuid AND deleted IS NOT TRUE AND lead_visible(assigned_to, $2::uuid, $3::text)
FOR UPDATE
