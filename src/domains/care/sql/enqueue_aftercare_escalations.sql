-- Claims what the care team must hear of — items overdue by at least the
-- configured time (claim_follow_up_escalations), complications reported on
-- follow-up items (claim_follow_up_complications) and outcomes recorded
-- with complications (claim_outcome_escalations), each marked escalated in
-- the same statement so it is handed out once across runs and nodes — and
-- writes one outbox e-mail per escalation and recipient (the patient's
-- assigned coordinators and clinicians, else the provider's staff:
-- aftercare_escalation_recipients) and one journey event per escalation,
-- in the same transaction. No medical text leaves: ids, references, the
-- reason and the due date. $1 now, $2 overdue for (interval), $3 at most
-- this many of each kind. Columns: escalations, messages, events.
WITH overdue AS (
  SELECT * FROM claim_follow_up_escalations($1::timestamptz, $2::interval, $3::int)
),
complication AS (
  SELECT * FROM claim_follow_up_complications($1::timestamptz, $3::int)
),
outcome AS (
  SELECT * FROM claim_outcome_escalations($1::timestamptz, $3::int)
),
ev AS (
  SELECT x.reason, x.follow_up_id, x.outcome_id, x.follow_up_type, x.due_at, b.id AS booking_id,
         b.booking_reference, b.patient_profile_id AS patient, b.provider_id AS provider,
         pp.patient_id AS patient_reference
  FROM (
    SELECT 'overdue' AS reason, id AS follow_up_id, NULL::uuid AS outcome_id, booking_id,
           follow_up_type, due_at
    FROM overdue
    UNION ALL
    SELECT 'follow_up_complication', id, NULL::uuid, booking_id, follow_up_type, due_at
    FROM complication
    UNION ALL
    SELECT 'outcome_complication', NULL::uuid, id, booking_id, NULL::text, NULL::timestamptz
    FROM outcome
  ) x
  JOIN bookings b ON b.id = x.booking_id
  JOIN patient_profiles pp ON pp.id = b.patient_profile_id
),
o AS (
  INSERT INTO outbox (user_id, channel, recipient, template, payload)
  SELECT r.user_id, 'email', r.email, 'aftercare_escalation',
         jsonb_build_object(
           'reason', ev.reason, 'booking_id', ev.booking_id,
           'booking_reference', ev.booking_reference, 'patient_profile_id', ev.patient,
           'patient_reference', ev.patient_reference, 'follow_up_id', ev.follow_up_id,
           'outcome_id', ev.outcome_id, 'follow_up_type', ev.follow_up_type,
           'due_at', ev.due_at,
           'text', CASE ev.reason
                     WHEN 'overdue' THEN 'Aftercare item overdue'
                     WHEN 'follow_up_complication' THEN 'Complication reported at a follow-up'
                     ELSE 'Procedure outcome recorded with complications' END
                   || ' for patient ' || coalesce(ev.patient_reference, ev.patient::text)
                   || ', booking ' || ev.booking_reference || '.')
  FROM ev
  CROSS JOIN LATERAL aftercare_escalation_recipients(ev.patient, ev.provider) r
  RETURNING id
),
j AS (
  SELECT record_journey_event(ev.patient, 'recovery', 'aftercare_escalated', NULL,
                              jsonb_build_object('reason', ev.reason, 'booking_id', ev.booking_id,
                                                 'follow_up_id', ev.follow_up_id,
                                                 'outcome_id', ev.outcome_id),
                              'job') AS id
  FROM ev
)
SELECT (SELECT count(*) FROM ev), (SELECT count(*) FROM o), (SELECT count(*) FROM j)
