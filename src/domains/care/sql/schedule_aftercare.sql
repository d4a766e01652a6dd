-- The aftercare schedule of a booking just completed (idempotent; audited
-- by the function). $1 booking, $2 caller, $3 caller role, $4 request id,
-- $5 ip. How many follow-up items were created.
SELECT count(*) FROM schedule_aftercare($1::uuid, $2::uuid, $3, $4, $5::inet)
