// argon2id on a few threads of its own, at low CPU priority, behind a short
// queue. Each hash takes ~40 ms of one core and 64 MiB of memory by design;
// run on request workers, a burst of sign-ins would take every core and
// 64 MiB per worker. Here:
//  - at most `threads` hashes run at once: memory is bounded by threads × m;
//  - the threads run at nice 19, so search and record requests (and
//    PostgreSQL) get the CPU first and sign-ins use what is left;
//  - at most `queue` more wait; beyond that the answer is 429 at once, and a
//    request that waited `max_wait` in all gets 503, both with Retry-After:
//    a sign-in flood is refused quickly instead of piling up workers.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "core/password.hpp"
#include "core/password_worker.hpp"

namespace imedic::core {

struct PasswordHasherOptions {
  int threads = 1;                           // IMEDIC_PASSWORD_HASH_THREADS
  std::size_t queue = 8;                     // waiting beyond the running ones
  std::chrono::milliseconds max_wait{5000};  // queue + hashing, then 503
  int nice = 19;                             // the threads' CPU priority (0 = as the process)
  // When set, each thread hands its hashes to a child process running
  // `<worker_executable> password-worker` (core/password_worker.hpp says
  // why); empty: the threads hash in this process (tests, CLI commands).
  std::string worker_executable{};
};

struct PasswordHasherStats {
  std::uint64_t done = 0;
  std::uint64_t refused = 0;    // queue full: 429
  std::uint64_t timed_out = 0;  // waited max_wait: 503
  std::size_t queued = 0;       // waiting for a hashing thread now
};

class PasswordHasher {
 public:
  explicit PasswordHasher(PasswordHasherOptions options = {});
  ~PasswordHasher();  // finishes the running hashes; queued ones are answered 503
  PasswordHasher(const PasswordHasher&) = delete;
  PasswordHasher& operator=(const PasswordHasher&) = delete;

  // core::VerifyPassword on a hashing thread.
  Result<bool> Verify(std::string stored_hash, std::string password);
  // core::HashPassword on a hashing thread.
  Result<std::string> Hash(std::string password, PasswordPolicy policy);

  PasswordHasherStats Stats() const;
  // The answer a new request would get now if the queue is full (429), so a
  // sign-in can be refused before it spends database round trips.
  Result<void> Admit() const;

 private:
  struct Job;
  // Queues `job` for a hashing thread and waits for it, or fails 429/503.
  Result<void> Run(const std::shared_ptr<Job>& job);
  void Loop();
  bool FullLocked() const;  // REQUIRES: mu_ held

  const PasswordHasherOptions options_;
  mutable std::mutex mu_;
  std::condition_variable work_cv_;
  std::deque<std::shared_ptr<Job>> queue_;  // guarded by mu_
  bool stopping_ = false;                   // guarded by mu_
  PasswordHasherStats stats_{};             // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace imedic::core
