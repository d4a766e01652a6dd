// The read side of the patient journey (issue 11, item 8): a patient's
// timeline of events in the order they happened (created_at, then seq for
// events of one moment), in keyset pages.
//   GET /me/journey             the caller's own
//   GET /patients/{id}/journey  a patient in the caller's scope
#pragma once

#include "db/pool.hpp"
#include "http/router.hpp"

namespace imedic::care {

// `pool` must outlive the router.
void RegisterJourneyRoutes(http::Router& router, db::Pool& pool);

}  // namespace imedic::care
