#include "domains/care/consultation_reminders.hpp"

#include <string>

#include "core/log.hpp"
#include "domains/care/sql/queries.hpp"

namespace imedic::care {

core::Result<ReminderReport> EnqueueConsultationReminders(db::Pool& pool, std::string_view now,
                                                          std::string_view kind, int limit) {
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  // One statement: the claim and the messages commit together or not at all.
  auto r = (*conn)->Execute(sql::kEnqueueConsultationReminders, db::Params{now, kind, limit});
  if (!r) return core::Fail(r.error());
  return ReminderReport{std::stoll(std::string(r->Get(0, 0))),
                        std::stoll(std::string(r->Get(0, 1)))};
}

void AddConsultationReminderJob(jobs::PeriodicJobs& jobs, db::Pool& pool,
                                std::chrono::milliseconds interval) {
  jobs.Add("consultation_reminders", interval, [&pool] {
    for (const char* kind : {"24h", "1h"}) {
      auto r = EnqueueConsultationReminders(pool, "now", kind);
      if (!r) {
        jobs::ReportRunFailed();
        core::log::Warn("consultation_reminders_failed")
            .Str("kind", kind)
            .Str("code", core::ErrorCodeName(r.error().code))
            .Emit();
      } else if (r->enqueued > 0) {
        core::log::Info("consultation_reminders")
            .Str("kind", kind)
            .Int("enqueued", r->enqueued)
            .Emit();
      }
    }
  });
}

}  // namespace imedic::care
