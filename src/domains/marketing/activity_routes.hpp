// Activities on a lead: calls, notes and tasks with due times, recorded and
// listed under the lead (POST/GET /leads/{id}/activities) and changed by
// their own id (PATCH /lead-activities/{id}: text, due time, completion).
// Within the caller's lead scope, like the lead itself.
#pragma once

#include "db/pool.hpp"
#include "http/router.hpp"

namespace imedic::marketing {

void RegisterActivityRoutes(http::Router& router, db::Pool& pool);

}  // namespace imedic::marketing
