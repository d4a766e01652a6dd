-- The coordinators' arrivals board: a page of the travel arrangements in
-- the caller's care scope, by arrival in Istanbul (the last inbound flight's
-- landing; the procedure's start while no flight is booked) then id, each
-- with what check_travel finds. $1 caller, $2 patient scopes, $3 visa status
-- or NULL, $4 provider or NULL, $5 patient or NULL, $6 arriving from or
-- NULL, $7 arriving before or NULL, $8 + $9 the cursor (arrival, id of the
-- last row shown) or NULL, $10 rows to return (page size + 1). Columns: the
-- row as JSON, its arrival as cursor text, its id. Not audited: travel.read
-- is of moderate sensitivity (no medical data), as GET …/travel.
WITH scope AS MATERIALIZED (
  SELECT kind, id FROM care_scope($1::uuid, $2::text)
),
t AS (
  SELECT ta.id, ta.booking_id, ta.visa_status, ta.airport_transfer, b.booking_reference,
         b.patient_profile_id, b.provider_id, b.status AS booking_status, b.starts_at,
         b.timezone, inbound.arrives_at, outbound.departs_at,
         coalesce(inbound.arrives_at, b.starts_at) AS arrival
  FROM travel_arrangements ta
  JOIN bookings b ON b.id = ta.booking_id AND b.deleted IS NOT TRUE
  LEFT JOIN LATERAL (
    SELECT max(f.arrives_at) AS arrives_at FROM travel_flights f
    WHERE f.travel_arrangement_id = ta.id AND f.direction = 'inbound' AND NOT f.deleted
  ) inbound ON TRUE
  LEFT JOIN LATERAL (
    SELECT min(f.departs_at) AS departs_at FROM travel_flights f
    WHERE f.travel_arrangement_id = ta.id AND f.direction = 'outbound' AND NOT f.deleted
  ) outbound ON TRUE
  WHERE ta.deleted IS NOT TRUE
    AND (EXISTS (SELECT 1 FROM scope WHERE kind = 'all')
         OR b.provider_id IN (SELECT id FROM scope WHERE kind = 'provider')
         OR b.patient_profile_id IN (SELECT id FROM scope WHERE kind = 'patient'))
    AND ($3::text IS NULL OR ta.visa_status = $3::text)
    AND ($4::uuid IS NULL OR b.provider_id = $4::uuid)
    AND ($5::uuid IS NULL OR b.patient_profile_id = $5::uuid)
),
page AS (
  SELECT * FROM t
  WHERE ($6::timestamptz IS NULL OR t.arrival >= $6::timestamptz)
    AND ($7::timestamptz IS NULL OR t.arrival < $7::timestamptz)
    AND ($8::timestamptz IS NULL OR (t.arrival, t.id) > ($8::timestamptz, $9::uuid))
  ORDER BY t.arrival, t.id
  LIMIT $10::int
)
SELECT json_build_object(
         'id', p.id, 'booking_id', p.booking_id, 'booking_reference', p.booking_reference,
         'booking_status', p.booking_status, 'patient_profile_id', p.patient_profile_id,
         'provider_id', p.provider_id, 'procedure_starts_at', p.starts_at,
         'timezone', p.timezone, 'arrives_at', p.arrives_at, 'departs_at', p.departs_at,
         'visa_status', p.visa_status, 'airport_transfer', p.airport_transfer,
         'problems', to_json(check_travel(p.id)))::text,
       to_json(p.arrival) #>> '{}', p.id
FROM page p
ORDER BY p.arrival, p.id
