// The background job of the file store: the orphan sweep.
#pragma once

#include <chrono>
#include <string>

#include "core/keyring.hpp"
#include "db/pool.hpp"
#include "jobs/periodic_jobs.hpp"

namespace imedic::files {

// Every `interval`, removes files under `dir` that no stored_files row names
// (and temporary files) once they are older than `min_age`: what an upload
// interrupted between its file write and its insert leaves behind. Safe on
// several nodes sharing the folder (removal is idempotent, and young files
// are never touched). `pool` and `keys` must outlive `jobs`.
void AddFileSweepJob(jobs::PeriodicJobs& jobs, db::Pool& pool, const core::Keyring& keys,
                     std::string dir, std::chrono::milliseconds interval = std::chrono::hours(1),
                     std::chrono::seconds min_age = std::chrono::hours(1));

}  // namespace imedic::files
