// The structured rows of the seeded trips (travel_flights,
// travel_hotel_stays, travel_transfers; migrations/0020_care_after.sql),
// derived in SQL from what WriteTravelArrangements put in the vision's
// JSONB columns, so the free-form notes and the rows the travel routes and
// the itinerary calendar read tell the same trip. Ids are md5s of the
// arrangement's id and the row's role and times are the arrangement's, so
// one seed gives the same rows every time.
#include "seed/rows.hpp"

namespace imedic::seed {

namespace {

core::Result<std::int64_t> Run(const SinkContext& ctx, const char* sql) {
  auto r = ctx.conn.Exec(sql);
  if (!r) return core::Fail(r.error());
  return static_cast<std::int64_t>(r->AffectedRows());
}

}  // namespace

// flight_info's "outbound" leg flies to Istanbul (the API's inbound) from
// the patient's home zone; its "return" leg leaves the clinic's zone.
core::Result<std::int64_t> WriteTravelFlights(const SinkContext& ctx) {
  return Run(ctx, R"sql(
INSERT INTO travel_flights (id, travel_arrangement_id, direction, flight_number,
                            departure_airport, arrival_airport, departs_at, departure_timezone,
                            arrives_at, arrival_timezone, created_at, updated_at)
SELECT md5(ta.id::text || leg.key)::uuid, ta.id,
       CASE leg.key WHEN 'outbound' THEN 'inbound' ELSE 'outbound' END,
       leg.value->>'flight_number', leg.value->>'from', leg.value->>'to',
       (leg.value->>'departure')::timestamptz,
       CASE leg.key WHEN 'outbound' THEN home.zone ELSE b.timezone END,
       (leg.value->>'arrival')::timestamptz,
       CASE leg.key WHEN 'outbound' THEN b.timezone ELSE home.zone END,
       ta.created_at, ta.updated_at
FROM travel_arrangements ta
JOIN bookings b ON b.id = ta.booking_id
CROSS JOIN LATERAL (SELECT patient_time_zone(b.patient_profile_id) AS zone) home
CROSS JOIN LATERAL jsonb_each(ta.flight_info) leg
WHERE leg.key IN ('outbound', 'return')
ORDER BY ta.id, leg.key
)sql");
}

core::Result<std::int64_t> WriteTravelHotelStays(const SinkContext& ctx) {
  return Run(ctx, R"sql(
INSERT INTO travel_hotel_stays (id, travel_arrangement_id, hotel_name, address, check_in,
                                check_out, timezone, confirmation_number, created_at, updated_at)
SELECT md5(ta.id::text || 'hotel')::uuid, ta.id, a->>'hotel',
       concat_ws(', ', a->>'district', 'Istanbul'), (a->>'check_in')::date,
       (a->>'check_out')::date, b.timezone, a->>'confirmation_number', ta.created_at,
       ta.updated_at
FROM travel_arrangements ta
JOIN bookings b ON b.id = ta.booking_id
CROSS JOIN LATERAL (SELECT ta.accommodation_info AS a) info
WHERE a ? 'hotel' AND (a->>'check_out')::date > (a->>'check_in')::date
ORDER BY ta.id
)sql");
}

// Arrangements with airport_transfer: a pick-up 45 minutes after landing
// and one three hours before the return flight.
core::Result<std::int64_t> WriteTravelTransfers(const SinkContext& ctx) {
  return Run(ctx, R"sql(
INSERT INTO travel_transfers (id, travel_arrangement_id, kind, pickup_at, timezone, pickup_place,
                              dropoff_place, created_at, updated_at)
SELECT md5(ta.id::text || r.kind)::uuid, ta.id, r.kind, r.at, b.timezone, r.pickup, r.dropoff,
       ta.created_at, ta.updated_at
FROM travel_arrangements ta
JOIN bookings b ON b.id = ta.booking_id
CROSS JOIN LATERAL (VALUES
  ('airport_to_hotel',
   (ta.flight_info #>> '{outbound,arrival}')::timestamptz + interval '45 minutes',
   (ta.flight_info #>> '{outbound,to}') || ' arrivals', ta.accommodation_info->>'hotel'),
  ('hotel_to_airport',
   (ta.flight_info #>> '{return,departure}')::timestamptz - interval '3 hours',
   ta.accommodation_info->>'hotel', ta.flight_info #>> '{return,from}')
) r (kind, at, pickup, dropoff)
WHERE ta.airport_transfer AND ta.flight_info ? 'outbound' AND ta.flight_info ? 'return'
  AND ta.accommodation_info ? 'hotel'
ORDER BY ta.id, r.kind
)sql");
}

}  // namespace imedic::seed
