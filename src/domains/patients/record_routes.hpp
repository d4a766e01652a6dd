// Scoped reads of patient records and leads. The row scope is a bound
// parameter of the SQL (patient_visible / lead_visible); a row outside the
// caller's scope is indistinguishable from a missing one (404).
#pragma once

#include "db/pool.hpp"
#include "http/router.hpp"

namespace imedic::patients {

void RegisterRecordRoutes(http::Router& router, db::Pool& pool);

}  // namespace imedic::patients
