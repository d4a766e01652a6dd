-- Moves a booking in the caller's care scope to 'completed' or 'no_show'
-- ($7), with its audit row and journey event in the same statement; the
-- status trigger refuses anything but confirmed → … (409
-- bookings_status_transition). $1 booking, $2 caller, $3 patient scopes,
-- $4 request id, $5 ip, $6 caller role, $7 new status, $8 journey stage,
-- $9 journey event type. The booking's id; no row when missing or out of
-- scope.
WITH b AS MATERIALIZED (
  SELECT b.id
  FROM bookings b
  WHERE b.id = $1::uuid AND b.deleted IS NOT TRUE
    AND care_row_visible(b.provider_id, b.patient_profile_id, $2::uuid, $3)
),
changed AS (
  UPDATE bookings SET status = $7
  FROM b WHERE bookings.id = b.id
  RETURNING bookings.id, bookings.patient_profile_id
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $2::uuid, $6, 'update', 'bookings', id::text, patient_profile_id, $4, $5::inet,
         ARRAY['status']
  FROM changed
),
event AS (
  SELECT record_journey_event(patient_profile_id, $8, $9, $2::uuid,
                              jsonb_build_object('booking_id', id, 'status', $7::text)) AS id
  FROM changed
)
SELECT changed.id, (SELECT count(*) FROM event) FROM changed
