// GET /travel: the care coordinators' arrivals board. The travel
// arrangements in the caller's care scope, by arrival in Istanbul, with
// what check_travel finds for each; filters and keyset pages.
#pragma once

#include "db/pool.hpp"
#include "http/router.hpp"

namespace imedic::care {

void RegisterTripList(http::Router& router, db::Pool& pool);

}  // namespace imedic::care
