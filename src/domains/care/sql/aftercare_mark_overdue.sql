-- The aftercare job's first step: open items whose due time has passed
-- become overdue (mark_follow_ups_overdue, SKIP LOCKED), each with a
-- journey event, in one statement. $1 now, $2 at most this many. Columns:
-- items marked, events written.
WITH m AS (
  SELECT * FROM mark_follow_ups_overdue($1::timestamptz, $2::int)
),
e AS (
  SELECT record_journey_event(b.patient_profile_id, 'follow_up', 'follow_up_overdue', NULL,
                              jsonb_build_object('follow_up_id', m.id, 'booking_id', m.booking_id,
                                                 'follow_up_type', m.follow_up_type,
                                                 'due_at', m.due_at),
                              'job') AS id
  FROM m
  JOIN bookings b ON b.id = m.booking_id
)
SELECT (SELECT count(*) FROM m), (SELECT count(*) FROM e)
