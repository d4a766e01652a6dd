// HTTP routes of procedure outcomes (issue 11, item 5):
//   POST /bookings/{id}/outcome               outcomes.write: record a completed booking's outcome
//   GET  /bookings/{id}/outcome               outcomes.read, in scope (the patient reads their own)
//   POST /bookings/{id}/outcome/satisfaction  the patient rates the outcome 1–5
// Procedure notes, complications and doctor notes are sealed with the
// patient's data key (docs/encryption.md); photos are ids of the patient's
// stored files (photos_of_patient in migrations/0020_care_after.sql).
#pragma once

#include "core/keyring.hpp"
#include "db/pool.hpp"
#include "http/router.hpp"

namespace imedic::care {

// `pool` and `keys` must outlive the router.
void RegisterOutcomeRoutes(http::Router& router, db::Pool& pool, const core::Keyring& keys);

}  // namespace imedic::care
