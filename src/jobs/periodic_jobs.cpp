#include "jobs/periodic_jobs.hpp"

#include <cxxabi.h>

#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <typeinfo>

#include "core/log.hpp"
#include "core/metrics.hpp"

namespace imedic::jobs {

namespace {

// Set by ReportRunFailed on the jobs' thread during a run.
thread_local bool g_run_failed = false;

// The demangled type of the exception in flight (never its message).
std::string CurrentExceptionType() {
  std::type_info* t = abi::__cxa_current_exception_type();
  if (t == nullptr) return "unknown";
  int status = 0;
  char* name = abi::__cxa_demangle(t->name(), nullptr, nullptr, &status);
  std::string out = (status == 0 && name) ? name : t->name();
  std::free(name);
  return out;
}

}  // namespace

void ReportRunFailed() { g_run_failed = true; }

PeriodicJobs::~PeriodicJobs() { Stop(); }

void PeriodicJobs::Add(std::string name, std::chrono::milliseconds interval,
                       std::function<void()> run) {
  if (interval.count() <= 0) throw std::invalid_argument("periodic job interval must be > 0");
  auto job = std::make_unique<Job>(Job{std::move(name), interval, std::move(run), clock_.Now()});
  {
    std::lock_guard lock(mu_);
    jobs_.push_back(std::move(job));
  }
  cv_.notify_all();
}

void PeriodicJobs::Start() {
  std::lock_guard ss(start_stop_mu_);
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
    const auto now = clock_.Now();
    for (auto& j : jobs_) j->next = now;
  }
  thread_ = std::thread([this] { Loop(); });
}

void PeriodicJobs::Stop() {
  std::lock_guard ss(start_stop_mu_);
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PeriodicJobs::Loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    Job* due = nullptr;
    for (auto& j : jobs_) {
      if (due == nullptr || j->next < due->next) due = j.get();
    }
    if (due == nullptr) {
      cv_.wait(lock);
      continue;
    }
    if (clock_.Now() < due->next) {
      // Woken early by Add or Stop: look again.
      clock_.WaitUntil(lock, cv_, due->next);
      continue;
    }
    lock.unlock();  // Jobs are never removed, so `due` stays valid.
    g_run_failed = false;
    const auto started = std::chrono::steady_clock::now();
    try {
      due->run();
    } catch (...) {
      g_run_failed = true;
      core::log::Error("periodic_job_failed")
          .Str("job", due->name)
          .Str("exception", CurrentExceptionType())
          .Emit();
    }
    core::metrics::ObserveJobRun(
        due->name,
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count(),
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
        !g_run_failed);
    lock.lock();
    due->next = clock_.Now() + due->interval;
  }
}

}  // namespace imedic::jobs
