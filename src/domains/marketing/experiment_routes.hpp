// Routes of A/B/n experiments (issue 13, item 9): create, list, start and
// stop; record the variant a lead is shown (sticky, by hashing the lead id)
// and its conversion; the report with rates, lift, intervals and the
// z-test; the sample-size calculator. Marketing and administrators
// (experiments.read / experiments.write); a lead that converts counts in
// every running experiment it was shown (a trigger of migration 0032).
#pragma once

#include "db/pool.hpp"
#include "http/router.hpp"

namespace imedic::marketing {

void RegisterExperimentRoutes(http::Router& router, db::Pool& pool);

}  // namespace imedic::marketing
