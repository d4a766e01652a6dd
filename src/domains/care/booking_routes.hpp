// HTTP routes of bookings (issue 11, item 2):
//   POST /bookings                 staff: a place on a slot (directly, or from an accepted quote)
//   GET  /bookings                 list in the caller's care scope (filters, keyset paging)
//   GET  /bookings/{id}            one booking
//   GET  /me/bookings              the signed-in patient's bookings
//   POST /bookings/{id}/cancel     cancel; answers the refund due (a patient may cancel their own)
//   POST /bookings/{id}/complete   staff: completed (and the aftercare schedule)
//   POST /bookings/{id}/no-show    staff: the patient did not come
// POST /bookings honours Idempotency-Key (domains/care/idempotency.hpp).
#pragma once

#include "db/pool.hpp"
#include "http/router.hpp"

namespace imedic::care {

// `pool` must outlive the router.
void RegisterBookingRoutes(http::Router& router, db::Pool& pool);

}  // namespace imedic::care
