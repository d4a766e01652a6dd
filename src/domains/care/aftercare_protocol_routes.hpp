// HTTP routes of the aftercare protocol templates (issue 11, item 6):
//   GET    /aftercare/protocols       followups.read: the items, by category and position
//   POST   /aftercare/protocols       aftercare.protocols.write (medical staff): a new item
//   PATCH  /aftercare/protocols/{id}  aftercare.protocols.write: change an item
//   DELETE /aftercare/protocols/{id}  aftercare.protocols.write: deactivate an item
// Each write is audited in its own statement. Items are clinical policy,
// not patient data: no journey event, and schedules already made keep
// their due times (schedule_aftercare reads the active items when a
// booking is completed).
#pragma once

#include "db/pool.hpp"
#include "http/router.hpp"

namespace imedic::care {

// `pool` must outlive the router.
void RegisterAftercareProtocolRoutes(http::Router& router, db::Pool& pool);

}  // namespace imedic::care
