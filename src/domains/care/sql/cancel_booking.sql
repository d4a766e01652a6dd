-- Cancels a booking in the caller's care scope (cancel_booking frees the
-- slot's place, writes the audit row and the journey event and computes the
-- refund due under the provider's policy). $1 booking, $2 caller,
-- $3 patient scopes, $4 request id, $5 ip, $6 caller role. Columns: booking
-- id, refund due (minor units). No row when missing or out of scope; 409
-- bookings_status_transition when it is not confirmed.
WITH b AS MATERIALIZED (
  SELECT b.id
  FROM bookings b
  WHERE b.id = $1::uuid AND b.deleted IS NOT TRUE
    AND care_row_visible(b.provider_id, b.patient_profile_id, $2::uuid, $3)
)
SELECT (c.booking).id, c.refund_due_minor
FROM b, LATERAL cancel_booking(b.id, $2::uuid, $6, $4, $5::inet) c
