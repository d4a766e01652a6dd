// Routes of the marketing domain: a lead, read within the caller's lead
// scope (lead_visible in SQL); a lead outside it is a 404.
#pragma once

#include "db/pool.hpp"
#include "http/router.hpp"

namespace imedic::marketing {

void RegisterLeadRoutes(http::Router& router, db::Pool& pool);

}  // namespace imedic::marketing
