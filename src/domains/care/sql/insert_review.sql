-- A patient's review of one of their bookings, with its audit row and
-- journey event in the same statement. The provider is the booking's; the
-- triggers mark the review verified (or refuse it: 23514
-- reviews_verified_booking), refuse a second live review of the booking
-- (23505 reviews_booking_live_key) and recount the provider's rating.
-- $1 booking, $2 patient, $3 rating, $4 title or NULL, $5 text,
-- $6 caller, $7 caller role, $8 request id, $9 ip. Columns: the review as
-- JSON. No row when the patient has no such live booking (someone else's
-- booking is looked up no further, so the answer cannot tell whether it
-- exists or was reviewed).
WITH b AS MATERIALIZED (
  SELECT b.id, b.provider_id
  FROM bookings b
  WHERE b.id = $1::uuid AND b.patient_profile_id = $2::uuid AND b.deleted IS NOT TRUE
),
r AS (
  INSERT INTO reviews (patient_profile_id, provider_id, booking_id, rating, title, content)
  SELECT $2::uuid, b.provider_id, b.id, $3::int, $4::text, $5::text FROM b
  RETURNING *
),
audit AS (
  INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id,
                         subject_patient_profile_id, request_id, ip)
  SELECT $6::uuid, $7, 'create', 'reviews', r.id::text, r.patient_profile_id, $8, $9::inet
  FROM r
),
event AS (
  SELECT record_journey_event(r.patient_profile_id, 'follow_up', 'review_submitted', $6::uuid,
                              jsonb_build_object('review_id', r.id, 'booking_id', r.booking_id,
                                                 'provider_id', r.provider_id,
                                                 'rating', r.rating)) AS id
  FROM r
)
SELECT (to_jsonb(r) - 'deleted')::text
FROM r, (SELECT count(*) FROM event) e
