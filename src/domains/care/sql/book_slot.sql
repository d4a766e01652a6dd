-- Takes a place on a slot (book_slot: capacity, overlap and quote checks,
-- audit row and journey event in the function). $1 slot, $2 patient,
-- $3 procedure, $4 total cost, $5 currency, $6 quote, $7 consultation,
-- $8 special instructions, $9 caller, $10 caller role, $11 request id,
-- $12 ip. The booking's id.
SELECT id
FROM book_slot($1::uuid, $2::uuid, $3::uuid, $4::numeric, $5, $6::uuid, $7::uuid, $8,
               $9::uuid, $10, $11, $12::inet)
