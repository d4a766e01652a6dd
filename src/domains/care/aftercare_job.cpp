#include "domains/care/aftercare_job.hpp"

#include <string>

#include "core/log.hpp"
#include "db/typed_get.hpp"
#include "domains/care/sql/queries.hpp"

namespace imedic::care {

core::Result<AftercareReport> RunAftercare(db::Pool& pool, std::string_view now,
                                           const AftercareOptions& options) {
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  AftercareReport report;
  // Overdue first: the escalation claim takes overdue items only.
  auto overdue = (*conn)->Execute(sql::kAftercareMarkOverdue, db::Params{now, options.batch});
  if (!overdue) return core::Fail(overdue.error());
  auto marked = db::GetInt64(*overdue, 0, 0);
  if (!marked) return core::Fail(marked.error());
  report.overdue = *marked;
  const std::string lead = std::to_string(options.reminder_lead_hours) + " hours";
  auto reminders = (*conn)->Execute(sql::kEnqueueFollowUpReminders,
                                    db::Params{now, lead, options.batch});
  if (!reminders) return core::Fail(reminders.error());
  auto claimed = db::GetInt64(*reminders, 0, 0);
  auto sent = db::GetInt64(*reminders, 0, 1);
  if (!claimed || !sent) return core::Fail(!claimed ? claimed.error() : sent.error());
  report.reminders = *claimed;
  report.reminder_messages = *sent;
  const std::string overdue_for = std::to_string(options.escalate_after_days) + " days";
  auto escalations = (*conn)->Execute(sql::kEnqueueAftercareEscalations,
                                      db::Params{now, overdue_for, options.batch});
  if (!escalations) return core::Fail(escalations.error());
  auto escalated = db::GetInt64(*escalations, 0, 0);
  auto told = db::GetInt64(*escalations, 0, 1);
  if (!escalated || !told) return core::Fail(!escalated ? escalated.error() : told.error());
  report.escalations = *escalated;
  report.escalation_messages = *told;
  return report;
}

void AddAftercareJob(jobs::PeriodicJobs& jobs, db::Pool& pool, AftercareOptions options,
                     std::chrono::milliseconds interval) {
  jobs.Add("aftercare", interval, [&pool, options] {
    auto r = RunAftercare(pool, "now", options);
    if (!r) {
      jobs::ReportRunFailed();
      core::log::Warn("aftercare_job_failed")
          .Str("code", core::ErrorCodeName(r.error().code))
          .Emit();
    } else if (r->overdue + r->reminders + r->escalations > 0) {
      core::log::Info("aftercare_job")
          .Int("overdue", r->overdue)
          .Int("reminders", r->reminder_messages)
          .Int("escalations", r->escalations)
          .Int("escalation_messages", r->escalation_messages)
          .Emit();
    }
  });
}

}  // namespace imedic::care
