#include "core/clock.hpp"

#include <algorithm>

namespace imedic::core {

Clock::time_point SystemClock::Now() const { return std::chrono::steady_clock::now(); }

std::chrono::system_clock::time_point SystemClock::WallNow() const {
  return std::chrono::system_clock::now();
}

void SystemClock::WaitUntil(std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
                            time_point deadline) const {
  cv.wait_until(lock, deadline);
}

const Clock& SystemClockInstance() {
  static const SystemClock clock;
  return clock;
}

ManualClock::ManualClock(std::chrono::system_clock::time_point wall)
    : now_(time_point{} + std::chrono::hours(24)), wall_(wall) {}

Clock::time_point ManualClock::Now() const {
  std::lock_guard g(mu_);
  return now_;
}

std::chrono::system_clock::time_point ManualClock::WallNow() const {
  std::lock_guard g(mu_);
  return wall_;
}

void ManualClock::WaitUntil(std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
                            time_point deadline) const {
  {
    std::lock_guard g(mu_);
    if (now_ >= deadline) return;
    waiters_.push_back(&cv);
  }
  // Advance notifies without the caller's mutex, so a notification sent
  // between registering above and blocking below would be missed: the short
  // real-time bound makes such a miss cost a millisecond, not a hang.
  cv.wait_for(lock, std::chrono::milliseconds(1));
  std::lock_guard g(mu_);
  // Advance already dropped it when it was the one that woke us.
  if (auto it = std::find(waiters_.begin(), waiters_.end(), &cv); it != waiters_.end()) {
    waiters_.erase(it);
  }
}

std::size_t ManualClock::Waiters() const {
  std::lock_guard g(mu_);
  return waiters_.size();
}

void ManualClock::Advance(duration d) {
  std::lock_guard g(mu_);
  now_ += d;
  wall_ += std::chrono::duration_cast<std::chrono::system_clock::duration>(d);
  for (std::condition_variable* cv : waiters_) cv->notify_all();
  // Woken threads no longer count as waiting, so Waiters() == 1 after an
  // Advance means the one loop has seen the new time and gone back to sleep.
  waiters_.clear();
}

}  // namespace imedic::core
