-- Assigns a lead (checked in scope and locked) by the rules and the teams'
-- round-robin (lead_assign). $1 lead, $2 caller, $3 caller role, $4
-- request id, $5 ip. Columns: the rep, or NULL when no rule or rep fits.
SELECT lead_assign($1::uuid, $2::uuid, $3::text, $4::text, $5::inet)
