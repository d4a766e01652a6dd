// The patient records API: patient profiles, medical histories, hair-loss
// profiles and users' profiles, for staff (/patients/{id}/…) and for the
// patient app (/me/…); plus the scoped lead read. Row scope is a bound
// parameter of the SQL (patient_visible / lead_visible); a row outside the
// caller's scope is indistinguishable from a missing one (404).
#pragma once

#include "db/pool.hpp"
#include "http/router.hpp"
#include "records/record_service.hpp"

namespace imedic::patients {

void RegisterRecordRoutes(http::Router& router, db::Pool& pool, api::RecordService& records);

}  // namespace imedic::patients
