-- The payment ledger of a booking in the caller's care scope, oldest first,
-- each entry with the booking's payment state after it (running totals over
-- succeeded entries, derived as the ledger trigger does); the read audited
-- in the same statement. $1 booking, $2 caller, $3 patient scopes,
-- $4 request id, $5 ip, $6 caller role. One row: the entries as a JSON
-- array, the booking's payment status, paid and refunded totals; no row
-- when the booking is missing or out of scope.
WITH b AS (
  SELECT b.*
  FROM bookings b
  WHERE b.id = $1::uuid AND b.deleted IS NOT TRUE
    AND care_row_visible(b.provider_id, b.patient_profile_id, $2::uuid, $3)
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip)
  SELECT $2::uuid, $6, 'read', 'payment_ledger', id::text, patient_profile_id, $4, $5::inet
  FROM b
),
running AS (
  SELECT l.*,
         coalesce(sum(l.amount_minor) FILTER (WHERE l.status = 'succeeded' AND l.kind <> 'refund')
                    OVER w, 0) AS paid_after,
         coalesce(sum(l.amount_minor) FILTER (WHERE l.status = 'succeeded' AND l.kind = 'refund')
                    OVER w, 0) AS refunded_after
  FROM payment_ledger l JOIN b ON b.id = l.booking_id
  WINDOW w AS (ORDER BY l.created_at, l.id ROWS UNBOUNDED PRECEDING)
)
SELECT coalesce((
  SELECT json_agg(json_build_object(
    'id', r.id, 'booking_id', r.booking_id, 'kind', r.kind, 'amount_minor', r.amount_minor,
    'currency', r.currency, 'method', r.method, 'external_reference', r.external_reference,
    'status', r.status, 'provider_event_id', r.provider_event_id,
    'recorded_by', r.recorded_by, 'created_at', r.created_at,
    'payment_status', CASE
      WHEN r.refunded_after > 0 THEN 'refunded'
      WHEN r.paid_after >= to_minor_units(b.total_cost, b.currency) THEN 'paid'
      WHEN r.paid_after > 0 THEN 'deposit'
      ELSE 'pending' END,
    'paid_minor', r.paid_after, 'refunded_minor', r.refunded_after)
    ORDER BY r.created_at, r.id)
  FROM running r), '[]')::text,
  b.payment_status, b.paid_minor, b.refunded_minor
FROM b
