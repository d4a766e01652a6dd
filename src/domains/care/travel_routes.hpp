// HTTP routes of travel arrangements and the itinerary calendar (issue 11,
// item 4). Care coordinators (travel.write) own a booking's arrangement;
// whoever holds travel.read and reaches the booking (the patient their own;
// provider staff of the booking's provider only if they held travel.read)
// reads it:
//   POST   /bookings/{id}/travel               create the booking's arrangement (one per booking)
//   GET    /bookings/{id}/travel               the arrangement, its live rows, check_travel's
//   problems PATCH  /bookings/{id}/travel               visa status, packages, cost POST
//   /bookings/{id}/travel/flights       add a flight leg (…/hotel-stays, …/transfers,
//                                              …/companions likewise)
//   PATCH  /travel/flights/{id}                change a leg (hotel-stays, transfers, companions)
//   DELETE /travel/flights/{id}                soft-delete a leg (likewise)
//   GET    /bookings/{id}/itinerary.ics        the itinerary as iCalendar (RFC 5545)
//   GET    /me/bookings/{id}/itinerary.ics     the same for the signed-in patient's own booking
// Every write is audited and writes its journey event (stage 'travel') in
// the same statement. Travel data is of moderate sensitivity: reads are not
// audited (docs/architecture.md, care).
#pragma once

#include "db/pool.hpp"
#include "http/router.hpp"

namespace imedic::care {

// `pool` must outlive the router.
void RegisterTravelRoutes(http::Router& router, db::Pool& pool);

}  // namespace imedic::care
