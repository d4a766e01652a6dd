// POST /leads/{id}/convert (issue 13, item 5): staff turn a lead into a
// patient on the patient's behalf — the account with its invitation and
// the patient profile (patients::PatientRegistrar, the same path as POST
// /patients), then the lead linked both ways and converted with its
// journey events (lead_convert, migration 0029). One transaction, under an
// optional Idempotency-Key; 409 when the lead is converted already. The
// other path, a person registering themselves with a verified email or
// phone that matches an open lead, is migration 0029's triggers.
#pragma once

#include <memory>

#include "db/pool.hpp"
#include "domains/patients/patient_registration.hpp"
#include "http/router.hpp"

namespace imedic::marketing {

void RegisterConversionRoutes(http::Router& router, db::Pool& pool,
                              std::shared_ptr<const patients::PatientRegistrar> registrar);

}  // namespace imedic::marketing
