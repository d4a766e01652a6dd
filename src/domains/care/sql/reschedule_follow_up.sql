-- Moves an open follow-up item (locked by follow_up_target.sql) to a new
-- due instant: the local date follows in the item's zone, an overdue item
-- is open again, and the reminder, overdue and escalation marks are
-- cleared so the job treats it afresh. Audited and on the journey in the
-- same statement. $1 item, $2 due instant, $3 zone, $4 caller, $5 caller
-- role, $6 request id, $7 ip, $8 patient. Columns: the item as JSON.
WITH f AS (
  UPDATE follow_up_care SET
    due_at = $2::timestamptz,
    timezone = $3,
    scheduled_date = ($2::timestamptz AT TIME ZONE $3)::date,
    status = 'scheduled',
    reminder_sent_at = NULL,
    overdue_at = NULL,
    escalated_at = NULL
  WHERE id = $1::uuid AND status IN ('scheduled', 'overdue')
  RETURNING *
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $4::uuid, $5, 'update', 'follow_up_care', f.id::text, $8::uuid, $6, $7::inet,
         ARRAY['due_at', 'timezone', 'scheduled_date', 'status']
  FROM f
),
event AS (
  SELECT record_journey_event($8::uuid, 'follow_up', 'follow_up_rescheduled', $4::uuid,
                              jsonb_build_object('follow_up_id', f.id, 'booking_id', f.booking_id,
                                                 'due_at', f.due_at, 'timezone', f.timezone)) AS id
  FROM f
)
SELECT ((to_jsonb(f) - 'deleted')
        || jsonb_build_object('patient_profile_id', b.patient_profile_id,
                              'provider_id', b.provider_id, 'label', i.label))::text
FROM f
JOIN bookings b ON b.id = f.booking_id
LEFT JOIN aftercare_protocol_items i ON i.id = f.protocol_item_id,
(SELECT count(*) FROM event) e
