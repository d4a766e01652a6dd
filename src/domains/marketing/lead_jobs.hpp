// The lead pipeline's background work: marking new leads whose first
// contact is overdue, and purging the capture rate limits' past windows
// (they only matter while their window lasts).
#pragma once

#include <chrono>
#include <cstdint>

#include "core/error.hpp"
#include "db/pool.hpp"
#include "jobs/periodic_jobs.hpp"

namespace imedic::marketing {

// Deletes rate-limit windows that ended over an hour ago; returns how many.
core::Result<std::int64_t> PurgeCaptureLimits(db::Pool& pool);

// Marks new leads past their first-contact due time (once each, at most
// 1000 a call, audited); returns how many.
core::Result<std::int64_t> MarkFirstContactOverdue(db::Pool& pool);

void AddLeadJobs(jobs::PeriodicJobs& jobs, db::Pool& pool,
                 std::chrono::milliseconds interval = std::chrono::minutes(1));

}  // namespace imedic::marketing
