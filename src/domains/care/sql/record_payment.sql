-- Appends a ledger entry to a booking in the caller's care scope
-- (record_payment: the entry, the booking's derived payment state, the audit
-- row and the journey event in one transaction; refunds beyond what is
-- still paid are 409 payment_ledger_refund_exceeds_paid). $1 booking,
-- $2 kind, $3 amount (minor units), $4 currency, $5 method, $6 external
-- reference, $7 status, $8 caller, $9 patient scopes, $10 request id,
-- $11 ip, $12 caller role. The Payment as JSON; no row when the booking is
-- missing or out of scope.
WITH b AS MATERIALIZED (
  SELECT b.id
  FROM bookings b
  WHERE b.id = $1::uuid AND b.deleted IS NOT TRUE
    AND care_row_visible(b.provider_id, b.patient_profile_id, $8::uuid, $9)
),
r AS MATERIALIZED (
  SELECT p.*
  FROM b, LATERAL record_payment(b.id, $2, $3::bigint, $4, $5, $6, $7, NULL, $8::uuid, $12,
                                 $10, $11::inet) p
)
SELECT json_build_object(
  'id', (entry).id, 'booking_id', (entry).booking_id, 'kind', (entry).kind,
  'amount_minor', (entry).amount_minor, 'currency', (entry).currency,
  'method', (entry).method, 'external_reference', (entry).external_reference,
  'status', (entry).status, 'provider_event_id', (entry).provider_event_id,
  'recorded_by', (entry).recorded_by, 'created_at', (entry).created_at,
  'payment_status', payment_status, 'paid_minor', paid_minor,
  'refunded_minor', refunded_minor)::text
FROM r
