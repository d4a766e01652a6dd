// Routes of the sales pipeline: the lead list and its CSV export, one lead
// with its touches, stage moves and merges. Every route reads and writes
// within the caller's lead scope (lead_visible in SQL); a lead outside it
// is a 404.
#pragma once

#include "db/pool.hpp"
#include "http/router.hpp"

namespace imedic::marketing {

void RegisterLeadRoutes(http::Router& router, db::Pool& pool);

}  // namespace imedic::marketing
