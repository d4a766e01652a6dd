-- Claims an Idempotency-Key for this transaction (docs/care-journey-schema.md).
-- $1 caller, $2 key, $3 request hash. Columns: outcome (claimed | replay |
-- mismatch | in_progress), the first answer's status and body (replay only).
SELECT outcome, response_status, response_body::text
FROM claim_idempotency_key($1, $2, $3)
