// The patient records API: patient profiles, medical histories and
// hair-loss profiles, for staff (/patients/{id}/…) and for the patient app
// (/me/…). Row scope is a bound parameter of the SQL (patient_visible); a
// row outside the caller's scope is indistinguishable from a missing one
// (404).
#pragma once

#include "http/router.hpp"
#include "records/record_service.hpp"

namespace imedic::patients {

void RegisterRecordRoutes(http::Router& router, records::RecordService& records);

}  // namespace imedic::patients
