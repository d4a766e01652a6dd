// Routes of lead scoring: a lead's score with its reasons, what a rep
// learned of its fit (budget, timeline), the rule's weights (administrators,
// audited; every lead is re-scored) and the trained models.
#pragma once

#include "db/pool.hpp"
#include "http/router.hpp"

namespace imedic::marketing {

void RegisterScoringRoutes(http::Router& router, db::Pool& pool);

}  // namespace imedic::marketing
