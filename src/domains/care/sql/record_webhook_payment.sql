-- Records a payment provider's event against the booking it names, once per
-- event id (record_payment returns the first entry on a replay). $1 booking
-- reference, $2 kind ('refund', or NULL for a payment: 'deposit' while
-- nothing is paid, else 'balance'), $3 amount (minor units), $4 currency,
-- $5 the provider's payment reference, $6 event id, $7 request id, $8 ip.
-- Columns: entry id, replayed, payment status; no row for an unknown
-- booking.
WITH b AS MATERIALIZED (
  SELECT b.id, CASE WHEN b.paid_minor > 0 THEN 'balance' ELSE 'deposit' END AS payment_kind
  FROM bookings b
  WHERE b.booking_reference = $1 AND b.deleted IS NOT TRUE
)
SELECT (p.entry).id, p.replayed, p.payment_status
FROM b, LATERAL record_payment(b.id, coalesce($2, b.payment_kind), $3::bigint, $4, 'card', $5,
                               'succeeded', $6, NULL, 'payment_provider', $7, $8::inet) p
