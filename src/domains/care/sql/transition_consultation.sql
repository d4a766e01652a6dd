-- One step of a consultation (the status triggers refuse illegal ones with
-- 23P01 consultations_status_transition / _request_transition), with its
-- audit row and journey event. $1 id, $2 step (confirm | decline |
-- complete | cancel | no_show), $3 outcome (complete) or NULL, $4 sealed
-- notes or NULL (kept when NULL), $5 caller, $6 caller role, $7 request
-- id, $8 ip, $9 reason or NULL (kept in the event). The row as JSON.
WITH c AS (
  UPDATE consultations c SET
    request_status = CASE $2::text WHEN 'confirm' THEN 'confirmed'
                                   WHEN 'decline' THEN 'declined'
                                   ELSE c.request_status END,
    status = CASE $2::text WHEN 'complete' THEN 'completed'
                           WHEN 'cancel' THEN 'cancelled'
                           WHEN 'no_show' THEN 'no_show'
                           ELSE c.status END,
    outcome = CASE WHEN $2::text = 'complete' THEN $3::text ELSE c.outcome END,
    follow_up_required = CASE WHEN $2::text = 'complete' THEN $3::text = 'needs_follow_up'
                              ELSE c.follow_up_required END,
    notes = coalesce($4::text, c.notes)
  WHERE c.id = $1
  RETURNING c.*
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $5, $6, 'update', 'consultations', id::text, patient_profile_id, $7, $8::inet,
         CASE $2::text
           WHEN 'confirm' THEN ARRAY['request_status']
           WHEN 'decline' THEN ARRAY['request_status', 'status']
           WHEN 'complete' THEN ARRAY['status', 'outcome', 'follow_up_required']
                                || CASE WHEN $4::text IS NULL THEN '{}'::text[]
                                        ELSE ARRAY['notes'] END
           ELSE ARRAY['status']
         END
  FROM c
),
event AS (
  SELECT record_journey_event(
           c.patient_profile_id, 'consultation',
           CASE $2::text WHEN 'confirm' THEN 'consultation_confirmed'
                         WHEN 'decline' THEN 'consultation_declined'
                         WHEN 'complete' THEN 'consultation_completed'
                         WHEN 'cancel' THEN 'consultation_cancelled'
                         ELSE 'consultation_no_show' END,
           $5, jsonb_strip_nulls(jsonb_build_object('consultation_id', c.id,
                                                    'outcome', c.outcome, 'reason', $9::text)))
         AS id
  FROM c
)
SELECT (to_jsonb(c) - 'deleted')::text
FROM c CROSS JOIN event
