-- Records a booking's outcome (text columns already sealed with the
-- patient's key), with its audit row and journey event in the same
-- statement. A second live outcome of the booking is refused (23505
-- procedure_outcomes_booking_live_key). $1 outcome id, $2 booking,
-- $3 success, $4 procedure notes, $5 complications, $6 has complications,
-- $7 doctor notes, $8 photos (JSON array), $9 follow-up needed, $10 caller,
-- $11 caller role, $12 request id, $13 ip, $14 patient. Columns: the row
-- as JSON (text sealed).
WITH o AS (
  INSERT INTO procedure_outcomes (id, booking_id, success, procedure_notes, complications,
                                  has_complications, doctor_notes, photos, follow_up_needed,
                                  recorded_by)
  VALUES ($1::uuid, $2::uuid, $3::boolean, $4, $5, $6::boolean, $7, $8::jsonb, $9::boolean,
          $10::uuid)
  RETURNING *
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip)
  SELECT $10::uuid, $11, 'create', 'procedure_outcomes', o.id::text, $14::uuid, $12, $13::inet
  FROM o
),
event AS (
  SELECT record_journey_event($14::uuid, 'procedure', 'outcome_recorded', $10::uuid,
                              jsonb_build_object('booking_id', o.booking_id, 'outcome_id', o.id,
                                                 'success', o.success,
                                                 'follow_up_needed', o.follow_up_needed)) AS id
  FROM o
)
SELECT (to_jsonb(o) - 'deleted')::text FROM o, (SELECT count(*) FROM event) e
