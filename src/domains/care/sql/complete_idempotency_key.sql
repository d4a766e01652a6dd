-- Stores the first answer of a claimed key, in the transaction that acted.
-- $1 caller, $2 key, $3 status, $4 body (JSON). Returns the body as the
-- database keeps it, so the first answer and every replay are the same bytes.
SELECT complete_idempotency_key($1, $2, $3::int, $4::jsonb), $4::jsonb::text
