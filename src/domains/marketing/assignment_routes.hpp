// Lead assignment (issue 13, item 3): the rules that pick a team by a new
// lead's language, country and procedure interest, the teams' reps with
// their caps (administrators), and a lead's reassignment by hand or by the
// rules (sales, within their lead scope). The round-robin itself is
// lead_assign() in SQL, which the capture calls for every new lead.
#pragma once

#include "db/pool.hpp"
#include "http/router.hpp"

namespace imedic::marketing {

void RegisterAssignmentRoutes(http::Router& router, db::Pool& pool);

}  // namespace imedic::marketing
