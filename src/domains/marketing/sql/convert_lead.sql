-- Converts a lead (lead_convert, migration 0029: the links both ways, the
-- stage, its activity, the audit rows and the journey events). $1 lead, $2
-- user, $3 patient profile, $4 caller, $5 caller role, $6 request id, $7 ip.
-- Columns: whether it was converted (FALSE: no longer open).
SELECT lead_convert($1::uuid, $2::uuid, $3::uuid, 'staff', $4::uuid, $5::text, $6::text,
                    $7::inet)
