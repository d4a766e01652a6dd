// The consultation reminder job: 24 hours and 1 hour before a confirmed
// consultation, one e-mail in the outbox, stating the time in the
// patient's own zone. Each reminder is claimed once in the database
// (claim_consultation_reminders), so runs and nodes never send it twice.
#pragma once

#include <chrono>
#include <string_view>

#include "core/error.hpp"
#include "db/pool.hpp"
#include "jobs/periodic_jobs.hpp"

namespace imedic::care {

struct ReminderReport {
  long long claimed = 0;   // consultations whose reminder was due
  long long enqueued = 0;  // outbox messages written
};

// One pass for one kind ("24h" or "1h") as of `now` (an RFC 3339 instant,
// or "now" for the database's clock), at most `limit` consultations.
core::Result<ReminderReport> EnqueueConsultationReminders(db::Pool& pool, std::string_view now,
                                                          std::string_view kind, int limit = 500);

// Runs both kinds every `interval`.
void AddConsultationReminderJob(jobs::PeriodicJobs& jobs, db::Pool& pool,
                                std::chrono::milliseconds interval = std::chrono::minutes(1));

}  // namespace imedic::care
