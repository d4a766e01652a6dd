-- One booking in the caller's care scope as JSON; the read audited in the
-- same statement when $7 (a read after the caller's own write is not).
-- $1 booking, $2 caller, $3 patient scopes, $4 request id, $5 ip,
-- $6 caller role, $7 audit. No row when missing, deleted or out of scope.
WITH b AS (
  SELECT b.*
  FROM bookings b
  WHERE b.id = $1::uuid AND b.deleted IS NOT TRUE
    AND care_row_visible(b.provider_id, b.patient_profile_id, $2::uuid, $3)
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip)
  SELECT $2::uuid, $6, 'read', 'bookings', id::text, patient_profile_id, $4, $5::inet
  FROM b WHERE $7::boolean
)
SELECT json_build_object(
  'id', id, 'booking_reference', booking_reference, 'availability_id', availability_id,
  'patient_profile_id', patient_profile_id, 'procedure_id', procedure_id, 'quote_id', quote_id,
  'consultation_id', consultation_id, 'provider_id', provider_id, 'status', status,
  'procedure_date', procedure_date, 'procedure_time', to_char(procedure_time, 'HH24:MI:SS'),
  'timezone', timezone, 'starts_at', starts_at, 'ends_at', ends_at, 'total_cost', total_cost,
  'currency', currency, 'payment_status', payment_status, 'paid_minor', paid_minor,
  'refunded_minor', refunded_minor, 'special_instructions', special_instructions,
  'cancelled_at', cancelled_at, 'created_at', created_at, 'updated_at', updated_at)::text
FROM b
