#include "domains/files/file_jobs.hpp"

#include <memory>

#include "core/log.hpp"
#include "domains/files/file_service.hpp"

namespace imedic::files {

void AddFileSweepJob(jobs::PeriodicJobs& jobs, db::Pool& pool, const core::Keyring& keys,
                     std::string dir, std::chrono::milliseconds interval,
                     std::chrono::seconds min_age) {
  auto service = std::make_shared<FileService>(pool, keys, std::move(dir), 0);
  jobs.Add("file_sweep", interval, [service, min_age] {
    auto removed = service->SweepOrphans(min_age);
    if (!removed) {
      jobs::ReportRunFailed();
      core::log::Warn("file_sweep_failed")
          .Str("code", core::ErrorCodeName(removed.error().code))
          .Emit();
    } else if (*removed > 0) {
      core::log::Info("file_sweep").Int("removed", *removed).Emit();
    }
  });
}

}  // namespace imedic::files
