-- Claims the follow-up items falling due within the lead time whose
-- reminder was not sent (claim_follow_up_reminders marks them in the same
-- statement, so each is reminded once across runs and nodes) and writes
-- one outbox e-mail per item to the patient, in the same transaction. The
-- text states the due time in the item's zone (the patient's when it was
-- scheduled) with that moment's UTC offset. $1 now, $2 lead time
-- (interval), $3 at most this many. Columns: items claimed, messages
-- written.
WITH c AS (
  SELECT * FROM claim_follow_up_reminders($1::timestamptz, $2::interval, $3::int)
),
r AS (
  SELECT c.id, c.booking_id, c.follow_up_type, c.due_at, c.photos_required, u.id AS user_id,
         u.email, pr.name AS provider_name, i.label, z.zone,
         c.due_at AT TIME ZONE z.zone AS local_at,
         (c.due_at AT TIME ZONE z.zone) - (c.due_at AT TIME ZONE 'UTC') AS utc_offset
  FROM c
  JOIN bookings b ON b.id = c.booking_id
  JOIN patient_profiles pp ON pp.id = b.patient_profile_id
  JOIN users u ON u.id = pp.user_id
  JOIN providers pr ON pr.id = b.provider_id
  LEFT JOIN aftercare_protocol_items i ON i.id = c.protocol_item_id
  CROSS JOIN LATERAL (SELECT coalesce(c.timezone, patient_time_zone(b.patient_profile_id))
                      AS zone) z
  WHERE c.due_at IS NOT NULL
),
o AS (
  INSERT INTO outbox (user_id, channel, recipient, template, payload)
  SELECT r.user_id, 'email', r.email, 'follow_up_reminder',
         jsonb_build_object(
           'follow_up_id', r.id, 'booking_id', r.booking_id,
           'follow_up_type', r.follow_up_type, 'photos_required', r.photos_required,
           'timezone', r.zone,
           'local_time', to_char(r.local_at, 'YYYY-MM-DD"T"HH24:MI'),
           'utc_offset', sign.v || to_char(abs_offset.v, 'HH24:MI'),
           'text', 'Reminder: your aftercare ' || coalesce('"' || r.label || '"',
                                                          replace(r.follow_up_type, '_', ' '))
                   || ' with ' || r.provider_name || ' is due on '
                   || to_char(r.local_at, 'FMDay DD FMMonth YYYY "at" HH24:MI') || ' ('
                   || r.zone || ', UTC' || sign.v || to_char(abs_offset.v, 'HH24:MI') || ')'
                   || CASE WHEN r.photos_required THEN '; please add photos.' ELSE '.' END)
  FROM r
  CROSS JOIN LATERAL (SELECT CASE WHEN r.utc_offset < interval '0' THEN -r.utc_offset
                                  ELSE r.utc_offset END AS v) abs_offset
  CROSS JOIN LATERAL (SELECT CASE WHEN r.utc_offset < interval '0' THEN '-' ELSE '+' END AS v) sign
  RETURNING id
)
SELECT (SELECT count(*) FROM c), (SELECT count(*) FROM o)
