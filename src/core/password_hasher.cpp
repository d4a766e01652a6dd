#include "core/password_hasher.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <utility>

namespace imedic::core {

struct PasswordHasher::Job {
  // What to do: hash `a` with `policy`, or verify `b` against the hash `a`.
  bool verify = false;
  std::string a, b;
  PasswordPolicy policy{};
  Result<std::string> hashed = Fail(Error::Internal("not hashed"));
  Result<bool> verified = false;

  std::mutex mu;
  std::condition_variable cv;
  bool done = false;       // guarded by mu
  bool abandoned = false;  // guarded by mu: the caller gave up before it started
};

namespace {

Error Busy() {
  Error e(ErrorCode::kRateLimited, "too many sign-ins at once: try again in a second");
  e.retry_after_seconds = 1;
  return e;
}

Error TooSlow() {
  Error e(ErrorCode::kUnavailable, "the service is busy: try again in a few seconds");
  e.retry_after_seconds = 2;
  return e;
}

}  // namespace

PasswordHasher::PasswordHasher(PasswordHasherOptions options) : options_(std::move(options)) {
  const int n = std::max(1, options_.threads);
  threads_.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) threads_.emplace_back([this] { Loop(); });
}

PasswordHasher::~PasswordHasher() {
  std::deque<std::shared_ptr<Job>> left;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    left.swap(queue_);
  }
  work_cv_.notify_all();
  for (auto& job : left) {
    std::lock_guard lock(job->mu);
    job->abandoned = true;
    job->cv.notify_all();
  }
  for (auto& t : threads_) t.join();
}

void PasswordHasher::Loop() {
  std::unique_ptr<PasswordWorkerProcess> process;
  if (!options_.worker_executable.empty()) {
    process = std::make_unique<PasswordWorkerProcess>(options_.worker_executable);
  } else if (options_.nice > 0) {
    // Linux: nice is per thread (a thread id is a process id to setpriority).
    setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), options_.nice);
  }
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lock(mu_);
      work_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    {
      std::lock_guard lock(job->mu);
      if (job->abandoned) continue;
    }
    if (job->verify) {
      job->verified = process ? process->Verify(job->a, job->b) : VerifyPassword(job->a, job->b);
    } else {
      job->hashed = process ? process->Hash(job->a, job->policy)
                            : HashPassword(job->a, job->policy);
    }
    {
      std::lock_guard lock(job->mu);
      job->done = true;
    }
    job->cv.notify_all();
  }
}

Result<void> PasswordHasher::Run(const std::shared_ptr<Job>& job) {
  const auto deadline = std::chrono::steady_clock::now() + options_.max_wait;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return Fail(TooSlow());
    if (FullLocked()) {
      ++stats_.refused;
      return Fail(Busy());
    }
    queue_.push_back(job);
  }
  work_cv_.notify_one();
  std::unique_lock lock(job->mu);
  if (job->cv.wait_until(lock, deadline, [&] { return job->done || job->abandoned; }) &&
      job->done) {
    lock.unlock();
    std::lock_guard stats_lock(mu_);
    ++stats_.done;
    return {};
  }
  // Gave up. A job not started yet is skipped; a started one finishes on
  // its thread (argon2 cannot be interrupted) and nobody reads its result.
  job->abandoned = true;
  lock.unlock();
  std::lock_guard stats_lock(mu_);
  ++stats_.timed_out;
  return Fail(TooSlow());
}

Result<bool> PasswordHasher::Verify(std::string stored_hash, std::string password) {
  auto job = std::make_shared<Job>();
  job->verify = true;
  job->a = std::move(stored_hash);
  job->b = std::move(password);
  if (auto r = Run(job); !r) return Fail(r.error());
  return job->verified;  // done: the thread no longer touches the job
}

Result<std::string> PasswordHasher::Hash(std::string password, PasswordPolicy policy) {
  auto job = std::make_shared<Job>();
  job->a = std::move(password);
  job->policy = policy;
  if (auto r = Run(job); !r) return Fail(r.error());
  return job->hashed;
}

bool PasswordHasher::FullLocked() const { return queue_.size() >= options_.queue; }

Result<void> PasswordHasher::Admit() const {
  std::lock_guard lock(mu_);
  if (FullLocked()) return Fail(Busy());
  return {};
}

PasswordHasherStats PasswordHasher::Stats() const {
  std::lock_guard lock(mu_);
  PasswordHasherStats stats = stats_;
  stats.queued = queue_.size();
  return stats;
}

}  // namespace imedic::core
