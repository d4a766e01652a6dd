-- Claims the consultations due for one reminder (claim_consultation_reminders
-- marks them in the same statement, so each is reminded once across runs
-- and nodes) and writes one outbox e-mail per consultation, in the same
-- transaction. The text states the time in the patient's own zone
-- (patient_time_zone) with that moment's UTC offset, so a patient whose
-- clocks change between now and the consultation reads the right hour.
-- $1 now, $2 kind (24h | 1h), $3 at most this many. Columns: consultations
-- claimed, messages written.
WITH c AS (
  SELECT * FROM claim_consultation_reminders($1::timestamptz, $2::text, $3::int)
),
r AS (
  SELECT c.id, c.scheduled_at, c.consultation_type, c.meeting_url, u.id AS user_id, u.email,
         pr.name AS provider_name, z.zone,
         c.scheduled_at AT TIME ZONE z.zone AS local_at,
         (c.scheduled_at AT TIME ZONE z.zone) - (c.scheduled_at AT TIME ZONE 'UTC') AS utc_offset
  FROM c
  JOIN patient_profiles pp ON pp.id = c.patient_profile_id
  JOIN users u ON u.id = pp.user_id
  JOIN providers pr ON pr.id = c.provider_id
  CROSS JOIN LATERAL (SELECT patient_time_zone(c.patient_profile_id) AS zone) z
),
o AS (
  INSERT INTO outbox (user_id, channel, recipient, template, payload)
  SELECT r.user_id, 'email', r.email, 'consultation_reminder',
         jsonb_build_object(
           'consultation_id', r.id, 'kind', $2::text, 'timezone', r.zone,
           'local_time', to_char(r.local_at, 'YYYY-MM-DD"T"HH24:MI'),
           'utc_offset', CASE WHEN r.utc_offset < interval '0' THEN '-' ELSE '+' END
                         || to_char(justify_hours(abs_offset.v), 'HH24:MI'),
           'meeting_url', r.meeting_url,
           'text', 'Reminder: your ' || replace(r.consultation_type, '_', ' ')
                   || ' consultation with ' || r.provider_name || ' is on '
                   || to_char(r.local_at, 'FMDay DD FMMonth YYYY "at" HH24:MI') || ' ('
                   || r.zone || ', UTC'
                   || CASE WHEN r.utc_offset < interval '0' THEN '-' ELSE '+' END
                   || to_char(abs_offset.v, 'HH24:MI') || ').')
  FROM r
  CROSS JOIN LATERAL (SELECT CASE WHEN r.utc_offset < interval '0' THEN -r.utc_offset
                                  ELSE r.utc_offset END AS v) abs_offset
  RETURNING id
)
SELECT (SELECT count(*) FROM c), (SELECT count(*) FROM o)
