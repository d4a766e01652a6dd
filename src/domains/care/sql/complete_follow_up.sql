-- Completes an open follow-up item (locked by follow_up_target.sql), with
-- its audit row and journey event in the same statement. The notes arrive
-- sealed: the patient's answer goes to patient_response, a clinician's to
-- notes. $1 item, $2 sealed patient response (or NULL: kept), $3 sealed
-- staff notes (or NULL: kept), $4 photo ids (JSON array; appended),
-- $5 complication reported, $6 caller, $7 caller role, $8 request id,
-- $9 ip, $10 patient, $11 changed columns (text[]). Columns: the item as
-- JSON (text sealed).
WITH f AS (
  UPDATE follow_up_care SET
    status = 'completed',
    completed_date = (now() AT TIME ZONE coalesce(timezone, patient_time_zone($10::uuid)))::date,
    patient_response = coalesce($2, patient_response),
    notes = coalesce($3, notes),
    photos = photos || $4::jsonb,
    complication_reported = complication_reported OR $5::boolean
  WHERE id = $1::uuid AND status IN ('scheduled', 'overdue')
  RETURNING *
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $6::uuid, $7, 'update', 'follow_up_care', f.id::text, $10::uuid, $8, $9::inet,
         $11::text[]
  FROM f
),
event AS (
  SELECT record_journey_event($10::uuid, CASE WHEN f.complication_reported THEN 'recovery'
                                              ELSE 'follow_up' END,
                              'follow_up_completed', $6::uuid,
                              jsonb_build_object('follow_up_id', f.id, 'booking_id', f.booking_id,
                                                 'follow_up_type', f.follow_up_type,
                                                 'photos', jsonb_array_length(f.photos),
                                                 'complication', f.complication_reported)) AS id
  FROM f
)
SELECT ((to_jsonb(f) - 'deleted')
        || jsonb_build_object('patient_profile_id', b.patient_profile_id,
                              'provider_id', b.provider_id, 'label', i.label))::text
FROM f
JOIN bookings b ON b.id = f.booking_id
LEFT JOIN aftercare_protocol_items i ON i.id = f.protocol_item_id,
(SELECT count(*) FROM event) e
