#include "core/password_hasher.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

namespace imedic::core {

struct PasswordHasher::Job {
  std::function<void()> work;
  std::mutex mu;
  std::condition_variable cv;
  bool started = false;    // guarded by mu
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

PasswordHasher::PasswordHasher(PasswordHasherOptions options) : options_(options) {
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
  if (options_.nice > 0) {
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
      job->started = true;
    }
    job->work();
    {
      std::lock_guard lock(job->mu);
      job->done = true;
    }
    job->cv.notify_all();
  }
}

Result<void> PasswordHasher::Run(std::function<void()> work) {
  const auto deadline = std::chrono::steady_clock::now() + options_.max_wait;
  auto job = std::make_shared<Job>();
  job->work = std::move(work);
  {
    std::lock_guard lock(mu_);
    if (stopping_) return Fail(TooSlow());
    if (queue_.size() >= options_.queue) {
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
  // its thread (argon2 cannot be interrupted) and its result is dropped —
  // `work` only writes into state the job's closure owns.
  job->abandoned = true;
  lock.unlock();
  std::lock_guard stats_lock(mu_);
  ++stats_.timed_out;
  return Fail(TooSlow());
}

Result<bool> PasswordHasher::Verify(std::string stored_hash, std::string password) {
  auto ok = std::make_shared<bool>(false);
  auto r = Run(
      [ok, h = std::move(stored_hash), p = std::move(password)] { *ok = VerifyPassword(h, p); });
  if (!r) return Fail(r.error());
  return *ok;
}

Result<std::string> PasswordHasher::Hash(std::string password, PasswordPolicy policy) {
  auto out = std::make_shared<Result<std::string>>(Fail(Error::Internal("not hashed")));
  auto r = Run([out, p = std::move(password), policy] { *out = HashPassword(p, policy); });
  if (!r) return Fail(r.error());
  return *out;
}

PasswordHasherStats PasswordHasher::Stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

}  // namespace imedic::core
