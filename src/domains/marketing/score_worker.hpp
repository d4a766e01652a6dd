// Re-scores queued leads within a second of the change that queued them.
//
// The triggers of migration 0032 put a lead on lead_score_queue and notify
// 'imedic_lead_score' when something its score reads changes (the lead, a
// touch, an activity, a message, a consultation, the user's verification). This worker
// LISTENs on a connection of its own and, on a notification (or every
// `poll` without one, in case a notification was missed while it was
// reconnecting), drains the queue through the pool
// (RecomputeQueuedScores: SKIP LOCKED, so nodes share the work). Each
// drain is counted in /metrics as the job `lead_score_worker`.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "db/pool.hpp"

namespace imedic::marketing {

inline constexpr const char* kLeadScoreChannel = "imedic_lead_score";

class LeadScoreWorker {
 public:
  LeadScoreWorker(std::string conninfo, db::Pool& pool,
                  std::chrono::milliseconds poll = std::chrono::milliseconds(1000));
  ~LeadScoreWorker();  // Stop()
  LeadScoreWorker(const LeadScoreWorker&) = delete;
  LeadScoreWorker& operator=(const LeadScoreWorker&) = delete;

  void Start();
  void Stop();

  // Leads scored so far by this worker (tests wait on it).
  long scored() const { return scored_.load(); }

 private:
  void Run();
  void Drain();

  const std::string conninfo_;
  db::Pool& pool_;
  const std::chrono::milliseconds poll_;
  std::thread thread_;
  int wake_fd_ = -1;  // eventfd: Stop() wakes the poll
  std::atomic<bool> stopping_{false};
  std::atomic<long> scored_{0};
};

}  // namespace imedic::marketing
