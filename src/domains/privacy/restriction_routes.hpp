// Restriction of processing over HTTP (issue 14, item 5: GDPR Art. 18;
// docs/privacy.md, "Restriction").
//
//   GET /users/{id}/restriction  (users.read)        whether it is restricted, why, since when
//   PUT /users/{id}/restriction  (privacy.restrict)  {"restricted", "reason"}: set or release
//
// What a restriction does is in the database (migration 0030), so every
// path obeys it: consent_allows answers false for marketing, a lead score
// change is not kept, and writes to the medical records are refused (409).
// Each set and release writes its audit row, with the stated reason.
#pragma once

#include "db/pool.hpp"
#include "http/router.hpp"

namespace imedic::privacy {

void RegisterRestrictionRoutes(http::Router& router, db::Pool& pool);

}  // namespace imedic::privacy
