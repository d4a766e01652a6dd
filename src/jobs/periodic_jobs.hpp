// Background jobs that run every so often in the server process (the audit
// sealer, later reminders, retention sweeps…), on ONE thread of their own.
//
// The thread sleeps on a condition variable until the next job is due or
// Stop() is called. Jobs run one at a time, each first when Start() is called
// and then `interval` after its previous run ENDED (a slow run never piles
// up). A job that throws is logged (job name and exception type only: an
// exception's message may quote data) and runs again at its next turn.
//
// Jobs that must not run on two nodes at once take their own lock in the
// database (an advisory lock or SELECT … FOR UPDATE SKIP LOCKED).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"

namespace imedic::jobs {

// Called by a job from its run when the run failed (a statement failed, the
// database was away); a run that throws counts as failed too. The outcome of
// each run feeds /metrics (last run, last success, runs by result).
void ReportRunFailed();

class PeriodicJobs {
 public:
  // Times the jobs by `clock` (tests pass a core::ManualClock); it must
  // outlive this object.
  explicit PeriodicJobs(const core::Clock& clock = core::SystemClockInstance()) : clock_(clock) {}
  PeriodicJobs(const PeriodicJobs&) = delete;
  PeriodicJobs& operator=(const PeriodicJobs&) = delete;
  ~PeriodicJobs();  // Stop()

  // The clock the jobs are timed by; jobs that measure time use it too.
  const core::Clock& clock() const { return clock_; }

  // Registers a job; allowed before or after Start(). REQUIRES: interval > 0.
  void Add(std::string name, std::chrono::milliseconds interval, std::function<void()> run);
  // Starts the thread (no-op when running).
  void Start();
  // Wakes the thread, waits for a running job to finish, joins. Idempotent;
  // Start() may be called again afterwards.
  void Stop();

 private:
  struct Job {
    std::string name;
    std::chrono::milliseconds interval;
    std::function<void()> run;
    core::Clock::time_point next;
  };
  void Loop();

  const core::Clock& clock_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Job>> jobs_;  // guarded by mu_ (a Job's `run` is immutable)
  bool stopping_ = false;                   // guarded by mu_
  std::thread thread_;                      // touched by Start/Stop only
  std::mutex start_stop_mu_;                // serialises Start and Stop
};

}  // namespace imedic::jobs
