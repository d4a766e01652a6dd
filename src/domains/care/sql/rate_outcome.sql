-- The patient's satisfaction rating of their booking's outcome, audited and
-- put on the journey (stage 'recovery') in the same statement. $1 booking, $2 patient, $3 rating 1–5, $4 caller,
-- $5 caller role, $6 request id, $7 ip. Columns: the outcome's id, booking,
-- rating. No row when the patient has no outcome on such a booking.
WITH o AS (
  UPDATE procedure_outcomes o SET satisfaction_rating = $3::int
  FROM bookings b
  WHERE o.booking_id = $1::uuid AND o.deleted IS NOT TRUE AND b.id = o.booking_id
    AND b.patient_profile_id = $2::uuid AND b.deleted IS NOT TRUE
  RETURNING o.id, o.booking_id, o.satisfaction_rating
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $4::uuid, $5, 'update', 'procedure_outcomes', o.id::text, $2::uuid, $6, $7::inet,
         ARRAY['satisfaction_rating']
  FROM o
),
event AS (
  SELECT record_journey_event($2::uuid, 'recovery', 'satisfaction_rated', $4::uuid,
                              jsonb_build_object('booking_id', o.booking_id, 'outcome_id', o.id,
                                                 'rating', o.satisfaction_rating)) AS id
  FROM o
)
SELECT json_build_object('id', o.id, 'booking_id', o.booking_id,
                         'satisfaction_rating', o.satisfaction_rating)::text
FROM o, (SELECT count(*) FROM event) e
