-- A provider's delivery status for a message, forward only (migration 0023,
-- messaging_apply_status). $1 provider, $2 provider message id, $3 status,
-- $4 at (unix seconds), $5 error (jsonb), $6 request id, $7 ip.
SELECT found, changed, delivery_status
FROM messaging_apply_status($1, $2, $3, to_timestamp($4::bigint), $5::jsonb, $6, $7::inet)
