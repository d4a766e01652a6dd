-- The events of a booking's itinerary in the caller's care scope: the
-- procedure (its period in the clinic's zone), then the live flight legs
-- (departure in the departure airport's zone, arrival in the arrival
-- airport's), hotel stays (local dates, check-out exclusive) and transfers
-- (a pick-up instant in its zone) of the booking's travel arrangement.
-- $1 booking, $2 caller, $3 patient scopes. Columns: uid, summary,
-- location, description, start (UTC, YYYYMMDDTHHMMSSZ), start zone, end
-- (UTC), end zone, start date (YYYYMMDD, all-day), end date, stamp (UTC),
-- cancelled (the procedure of a cancelled booking). No row when the booking
-- is missing or out of scope.
WITH b AS (
  SELECT b.id, b.booking_reference, b.status, b.starts_at, b.ends_at, b.timezone, b.updated_at,
         b.procedure_date, pr.name AS procedure_name, pv.name AS provider_name,
         pv.location->>'address' AS address, pv.location->>'city' AS city
  FROM bookings b
  JOIN procedures pr ON pr.id = b.procedure_id
  JOIN providers pv ON pv.id = b.provider_id
  WHERE b.id = $1::uuid AND b.deleted IS NOT TRUE
    AND care_row_visible(b.provider_id, b.patient_profile_id, $2::uuid, $3)
),
ta AS (
  SELECT ta.id FROM travel_arrangements ta JOIN b ON ta.booking_id = b.id
  WHERE ta.deleted IS NOT TRUE
  ORDER BY ta.created_at, ta.id
  LIMIT 1
),
events AS (
  SELECT 0 AS part, b.starts_at AS at, b.id AS row_id,
         'procedure-' || b.id || '@imedic' AS uid,
         b.procedure_name || ' at ' || b.provider_name AS summary,
         concat_ws(', ', b.provider_name, b.address, b.city) AS location,
         'Booking ' || b.booking_reference AS description,
         b.starts_at AS start_at, b.timezone AS start_zone,
         b.ends_at AS end_at, b.timezone AS end_zone,
         NULL::date AS start_date, NULL::date AS end_date, b.updated_at AS stamp,
         b.status = 'cancelled' AS cancelled
  FROM b
  UNION ALL
  SELECT 1, f.departs_at, f.id, 'flight-' || f.id || '@imedic',
         'Flight ' || f.flight_number || ' ' || f.departure_airport || ' → ' || f.arrival_airport,
         f.departure_airport, initcap(f.direction) || ' flight',
         f.departs_at, f.departure_timezone, f.arrives_at, f.arrival_timezone, NULL, NULL,
         f.updated_at, FALSE
  FROM travel_flights f JOIN ta ON f.travel_arrangement_id = ta.id
  WHERE NOT f.deleted
  UNION ALL
  SELECT 2, timezone(h.timezone, h.check_in::timestamp), h.id, 'hotel-' || h.id || '@imedic',
         'Hotel: ' || h.hotel_name, h.address,
         coalesce('Confirmation ' || h.confirmation_number, ''),
         NULL, NULL, NULL, NULL, h.check_in, h.check_out, h.updated_at, FALSE
  FROM travel_hotel_stays h JOIN ta ON h.travel_arrangement_id = ta.id
  WHERE NOT h.deleted
  UNION ALL
  SELECT 3, t.pickup_at, t.id, 'transfer-' || t.id || '@imedic',
         'Transfer: ' || replace(t.kind, '_', ' '), t.pickup_place, 'To ' || t.dropoff_place,
         t.pickup_at, t.timezone, NULL, NULL, NULL, NULL, t.updated_at, FALSE
  FROM travel_transfers t JOIN ta ON t.travel_arrangement_id = ta.id
  WHERE NOT t.deleted
)
SELECT uid, summary, coalesce(location, ''), coalesce(description, ''),
       coalesce(to_char(start_at AT TIME ZONE 'UTC', 'YYYYMMDD"T"HH24MISS"Z"'), ''),
       coalesce(start_zone, ''),
       coalesce(to_char(end_at AT TIME ZONE 'UTC', 'YYYYMMDD"T"HH24MISS"Z"'), ''),
       coalesce(end_zone, ''),
       coalesce(to_char(start_date, 'YYYYMMDD'), ''), coalesce(to_char(end_date, 'YYYYMMDD'), ''),
       to_char(stamp AT TIME ZONE 'UTC', 'YYYYMMDD"T"HH24MISS"Z"'), cancelled
FROM events
ORDER BY part = 0 DESC, at, part, row_id
