// The lead pipeline's background work: purging the capture rate limits'
// past windows (they only matter while their window lasts).
#pragma once

#include <chrono>
#include <cstdint>

#include "core/error.hpp"
#include "db/pool.hpp"
#include "jobs/periodic_jobs.hpp"

namespace imedic::marketing {

// Deletes rate-limit windows that ended over an hour ago; returns how many.
core::Result<std::int64_t> PurgeCaptureLimits(db::Pool& pool);

void AddLeadJobs(jobs::PeriodicJobs& jobs, db::Pool& pool,
                 std::chrono::milliseconds interval = std::chrono::minutes(10));

}  // namespace imedic::marketing
