-- A booking's travel arrangement (the booking locked by
-- travel_booking.sql), unless it has a live one, with its audit row and
-- journey event in the same statement. $1 booking, $2 patient, $3 body
-- (JSON: visa_assistance, visa_status, airport_transfer, travel_insurance,
-- total_cost, currency; absent = the column's default), $4 caller, $5
-- caller role, $6 request id, $7 ip. Columns: the arrangement's id. No row
-- when the booking has an arrangement already.
WITH ta AS (
  INSERT INTO travel_arrangements (booking_id, visa_assistance, visa_status, airport_transfer,
                                   travel_insurance, total_cost, currency)
  SELECT $1::uuid, coalesce(($3::jsonb->>'visa_assistance')::boolean, FALSE),
         coalesce($3::jsonb->>'visa_status', 'not_needed'),
         coalesce(($3::jsonb->>'airport_transfer')::boolean, FALSE),
         coalesce(($3::jsonb->>'travel_insurance')::boolean, FALSE),
         ($3::jsonb->>'total_cost')::numeric, coalesce($3::jsonb->>'currency', 'USD')
  WHERE NOT EXISTS (SELECT 1 FROM travel_arrangements t
                    WHERE t.booking_id = $1::uuid AND t.deleted IS NOT TRUE)
  RETURNING id, booking_id, visa_status
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip)
  SELECT $4::uuid, $5, 'create', 'travel_arrangements', ta.id::text, $2::uuid, $6, $7::inet
  FROM ta
),
event AS (
  SELECT record_journey_event($2::uuid, 'travel', 'travel_arranged', $4::uuid,
                              jsonb_build_object('booking_id', ta.booking_id,
                                                 'travel_arrangement_id', ta.id,
                                                 'visa_status', ta.visa_status)) AS id
  FROM ta
)
SELECT ta.id, (SELECT count(*) FROM event) FROM ta
