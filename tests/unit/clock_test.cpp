// The manual clock: time moves only when told, and waiters wake when it does.
#include "core/clock.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace imedic::core {
namespace {

using namespace std::chrono_literals;

TEST(ManualClock, StandsStillUntilAdvanced) {
  ManualClock clock;
  const auto t0 = clock.Now();
  const auto w0 = clock.WallNow();
  EXPECT_EQ(clock.Now(), t0);
  clock.Advance(90s);
  EXPECT_EQ(clock.Now() - t0, 90s);
  EXPECT_EQ(clock.WallNow() - w0, 90s);
  EXPECT_EQ(w0, std::chrono::system_clock::time_point{std::chrono::seconds(1767225600)});
}

TEST(ManualClock, AWaiterWakesWhenTheDeadlinePasses) {
  ManualClock clock;
  std::mutex mu;
  std::condition_variable cv;
  std::atomic<bool> woke{false};
  const auto deadline = clock.Now() + 1h;
  std::thread waiter([&] {
    std::unique_lock lock(mu);
    while (clock.Now() < deadline) clock.WaitUntil(lock, cv, deadline);
    woke = true;
  });
  clock.Advance(59min);
  EXPECT_FALSE(woke.load());
  clock.Advance(1min);
  waiter.join();  // returns only once the waiter saw the hour pass
  EXPECT_TRUE(woke.load());
}

TEST(ManualClock, WaitUntilAPastDeadlineReturnsAtOnce) {
  ManualClock clock;
  std::mutex mu;
  std::condition_variable cv;
  std::unique_lock lock(mu);
  const auto real_start = std::chrono::steady_clock::now();
  for (int i = 0; i < 100; ++i) clock.WaitUntil(lock, cv, clock.Now());
  EXPECT_LT(std::chrono::steady_clock::now() - real_start, 50ms) << "no waiting at all";
}

TEST(SystemClock, FollowsTheRealClocks) {
  const Clock& c = SystemClockInstance();
  const auto before = std::chrono::steady_clock::now();
  EXPECT_GE(c.Now(), before);
  EXPECT_LE(c.WallNow() - std::chrono::system_clock::now(), 1s);
}

}  // namespace
}  // namespace imedic::core
