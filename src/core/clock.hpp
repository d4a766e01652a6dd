// Time as a dependency: code that waits or expires things asks a Clock, so
// tests move a ManualClock forward instead of sleeping.
//
// Two time lines: Now() is monotonic (intervals, deadlines, expiry in
// memory); WallNow() is calendar time (what is written down or shown).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <vector>

namespace imedic::core {

class Clock {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  using duration = std::chrono::steady_clock::duration;

  virtual ~Clock() = default;
  virtual time_point Now() const = 0;
  virtual std::chrono::system_clock::time_point WallNow() const = 0;

  // Blocks on `cv` (REQUIRES: `lock` holds its mutex) until it is notified,
  // or until Now() >= deadline. May return early (spuriously): callers loop
  // and re-check their state and the time, as with any condition variable.
  virtual void WaitUntil(std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
                         time_point deadline) const = 0;
};

// The real clocks (steady_clock, system_clock).
class SystemClock final : public Clock {
 public:
  time_point Now() const override;
  std::chrono::system_clock::time_point WallNow() const override;
  void WaitUntil(std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
                 time_point deadline) const override;
};

// The process-wide real clock, the default wherever a Clock is optional.
const Clock& SystemClockInstance();

// A clock for tests: time stands still until Advance. Both time lines move
// together. Threads blocked in WaitUntil are woken by every Advance, so a
// background loop sees the new time at once.
class ManualClock final : public Clock {
 public:
  // Starts at an arbitrary fixed point (steady) and at `wall` (calendar).
  explicit ManualClock(
      std::chrono::system_clock::time_point wall = std::chrono::system_clock::time_point{
          std::chrono::seconds(1767225600)});  // 2026-01-01T00:00:00Z

  time_point Now() const override;
  std::chrono::system_clock::time_point WallNow() const override;
  void WaitUntil(std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
                 time_point deadline) const override;

  // Moves both time lines forward by `d` (REQUIRES: d >= 0) and wakes waiters.
  void Advance(duration d);

  // How many threads are blocked in WaitUntil and have not been woken by an
  // Advance since: a test waits for a background loop to have seen the new
  // time and be asleep again before it looks at the loop's work.
  std::size_t Waiters() const;

 private:
  mutable std::mutex mu_;
  time_point now_;                                         // guarded by mu_
  std::chrono::system_clock::time_point wall_;             // guarded by mu_
  mutable std::vector<std::condition_variable*> waiters_;  // guarded by mu_
};

}  // namespace imedic::core
