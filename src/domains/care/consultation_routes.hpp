// HTTP routes of consultations (issue 11, item 1) and their quotes:
//   POST /consultations                    a patient's request, or staff booking
//   GET  /consultations, /me/consultations a page, by scheduled time
//   GET  /consultations/{id}
//   POST /consultations/{id}/confirm|decline|complete|cancel|no-show
//   POST /consultations/{id}/quotes, GET /consultations/{id}/quotes
//   POST /quotes/{id}/accept               the patient accepts one
// Notes are sealed with the patient's data key; every step writes its
// audit row and journey event in the transaction that takes it.
#pragma once

#include <string>

#include "core/keyring.hpp"
#include "db/pool.hpp"
#include "http/router.hpp"

namespace imedic::care {

// `pool` and `keys` must outlive the router. Video and Zoom consultations
// get `meeting_base_url` + an unguessable meeting id as their link.
void RegisterConsultationRoutes(http::Router& router, db::Pool& pool, const core::Keyring& keys,
                                std::string meeting_base_url);

}  // namespace imedic::care
