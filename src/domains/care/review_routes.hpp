// HTTP routes of reviews (issue 11, item 7):
//   POST /reviews                  a patient reviews one of their completed bookings
//   GET  /providers/{id}/reviews   public: a provider's published reviews (keyset pages)
//   GET  /me/reviews               the signed-in patient's reviews, with their moderation
//   POST /reviews/{id}/moderate    reviews.moderate: publish, or hide with a reason
// The database verifies a review (a completed booking of the same patient
// at the provider), keeps one live review per booking and keeps
// providers.rating and review_count exact (docs/care-journey-schema.md).
#pragma once

#include "db/pool.hpp"
#include "http/router.hpp"

namespace imedic::care {

// `pool` must outlive the router.
void RegisterReviewRoutes(http::Router& router, db::Pool& pool);

}  // namespace imedic::care
