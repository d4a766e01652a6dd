#include "domains/marketing/lead_jobs.hpp"

#include <string>

#include "core/log.hpp"
#include "domains/marketing/sql/queries.hpp"

namespace imedic::marketing {

core::Result<std::int64_t> PurgeCaptureLimits(db::Pool& pool) {
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kPurgeCaptureLimits, db::Params{});
  if (!r) return core::Fail(r.error());
  return std::stoll(std::string(r->Get(0, 0)));
}

core::Result<std::int64_t> MarkFirstContactOverdue(db::Pool& pool) {
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kMarkFirstContactOverdue, db::Params{});
  if (!r) return core::Fail(r.error());
  return std::stoll(std::string(r->Get(0, 0)));
}

void AddLeadJobs(jobs::PeriodicJobs& jobs, db::Pool& pool, std::chrono::milliseconds interval) {
  jobs.Add("lead_first_contact_overdue", interval, [&pool] {
    auto r = MarkFirstContactOverdue(pool);
    if (!r) {
      core::log::Warn("lead_first_contact_overdue_failed")
          .Str("code", core::ErrorCodeName(r.error().code))
          .Emit();
    } else if (*r > 0) {
      core::log::Info("lead_first_contact_overdue").Int("leads", *r).Emit();
    }
  });
  jobs.Add("lead_capture_limits_purge", interval, [&pool] {
    auto r = PurgeCaptureLimits(pool);
    if (!r) {
      core::log::Warn("lead_capture_limits_purge_failed")
          .Str("code", core::ErrorCodeName(r.error().code))
          .Emit();
    } else if (*r > 0) {
      core::log::Info("lead_capture_limits_purged").Int("windows", *r).Emit();
    }
  });
}

}  // namespace imedic::marketing
