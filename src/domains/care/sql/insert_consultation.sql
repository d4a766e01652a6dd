-- A consultation (a patient's request or a staff booking) with its audit
-- row and its journey event, in one statement. $1 id (chosen by the caller:
-- the sealed notes are bound to it), $2 patient profile, $3 provider,
-- $4 procedure or NULL, $5 type, $6 slot or NULL, $7 proposed time or NULL
-- (RFC 3339 with an offset = that instant; without one = a wall time in
-- $8, else in the clinic's zone), $8 zone or NULL (the clinic's), $9
-- minutes or NULL, $10 meeting url, $11 meeting id, $12 sealed notes,
-- $13 request_status (requested | confirmed), $14 caller, $15 caller role,
-- $16 request id, $17 ip. The row as JSON (notes still sealed).
WITH c AS (
  INSERT INTO consultations (id, patient_profile_id, provider_id, procedure_id, consultation_type,
                             availability_id, scheduled_at, timezone, duration_minutes,
                             meeting_url, meeting_id, notes, request_status)
  SELECT $1::uuid, $2::uuid, pr.id, $4::uuid, $5, $6::uuid,
         CASE
           WHEN $7::text IS NULL THEN NULL
           WHEN $7::text ~ '(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$' THEN $7::text::timestamptz
           ELSE timezone(coalesce($8::text, pr.timezone), $7::text::timestamp)
         END,
         $8::text, coalesce($9::int, 30), $10, $11, $12, $13
  FROM providers pr
  WHERE pr.id = $3::uuid
  RETURNING *
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip, changed_columns)
  SELECT $14, $15, 'create', 'consultations', id::text, patient_profile_id, $16, $17::inet,
         ARRAY['patient_profile_id', 'provider_id', 'procedure_id', 'consultation_type',
               'availability_id', 'scheduled_at', 'timezone', 'duration_minutes', 'meeting_url',
               'meeting_id', 'notes', 'request_status']
  FROM c
),
event AS (
  SELECT record_journey_event(
           c.patient_profile_id, 'consultation',
           CASE WHEN c.request_status = 'requested' THEN 'consultation_requested'
                ELSE 'consultation_scheduled' END,
           $14, jsonb_build_object('consultation_id', c.id, 'provider_id', c.provider_id,
                                   'consultation_type', c.consultation_type,
                                   'scheduled_at', c.scheduled_at, 'timezone', c.timezone)) AS id
  FROM c
)
SELECT (to_jsonb(c) - 'deleted')::text
FROM c CROSS JOIN event
