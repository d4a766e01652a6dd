// The aftercare job (issue 11, item 6): marks follow-up items overdue once
// their due time passes, e-mails the patient a reminder through the outbox
// a day before an item falls due, and escalates to the care team (the
// patient's assigned coordinators and clinicians, else the provider's
// staff) when an item is overdue by a configurable number of days or a
// complication is reported (on a follow-up item or a procedure outcome).
// Every reminder and escalation is claimed once in the database (the claim_*
// functions of migrations/0020 and 0021 mark rows in the statement that
// writes the outbox rows), so runs and nodes never send one twice.
#pragma once

#include <chrono>
#include <string_view>

#include "core/error.hpp"
#include "db/pool.hpp"
#include "jobs/periodic_jobs.hpp"

namespace imedic::care {

struct AftercareOptions {
  int escalate_after_days = 3;  // IMEDIC_AFTERCARE_ESCALATE_AFTER_DAYS
  int reminder_lead_hours = 24;
  int batch = 500;  // rows of each kind per statement
};

struct AftercareReport {
  long long overdue = 0;              // items marked overdue
  long long reminders = 0;            // items whose reminder was claimed
  long long reminder_messages = 0;    // outbox rows to patients
  long long escalations = 0;          // overdue items, complications and outcomes escalated
  long long escalation_messages = 0;  // outbox rows to the care team
};

// One pass as of `now` (an RFC 3339 instant, or "now" for the database's
// clock): overdue marks, then reminders, then escalations, each its own
// statement and transaction (a failure leaves the earlier steps done).
core::Result<AftercareReport> RunAftercare(db::Pool& pool, std::string_view now,
                                           const AftercareOptions& options);

// Runs RunAftercare every `interval`.
void AddAftercareJob(jobs::PeriodicJobs& jobs, db::Pool& pool, AftercareOptions options,
                     std::chrono::milliseconds interval = std::chrono::minutes(5));

}  // namespace imedic::care
