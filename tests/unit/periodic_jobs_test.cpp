// The jobs thread, timed by a ManualClock: time passes only when a test
// moves it, and the test waits (in real time) only for the thread to act.
#include "jobs/periodic_jobs.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "core/clock.hpp"

namespace imedic::jobs {
namespace {

using namespace std::chrono_literals;

// Polls `pred` while the jobs thread works; false after `limit` of real time.
template <typename Pred>
bool WaitFor(Pred pred, std::chrono::milliseconds limit = 5000ms) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

// `pred` holds and the jobs thread is asleep again, waiting for its next due time.
template <typename Pred>
bool SettlesWith(const core::ManualClock& clock, Pred pred) {
  return WaitFor([&] { return pred() && clock.Waiters() == 1; });
}

TEST(PeriodicJobs, RunsEachJobRepeatedlyAtItsInterval) {
  core::ManualClock clock;
  std::atomic<int> fast{0}, slow{0};
  PeriodicJobs jobs(clock);
  jobs.Add("fast", 5ms, [&] { ++fast; });
  jobs.Add("slow", 10s, [&] { ++slow; });
  jobs.Start();
  ASSERT_TRUE(SettlesWith(clock, [&] { return fast == 1 && slow == 1; })) << "both due at start";
  for (int i = 2; i <= 5; ++i) {
    clock.Advance(4ms);
    ASSERT_TRUE(SettlesWith(clock, [&] { return fast == i - 1; })) << "not yet due";
    clock.Advance(1ms);
    ASSERT_TRUE(SettlesWith(clock, [&] { return fast == i; })) << "due after 5 ms";
  }
  jobs.Stop();
  EXPECT_EQ(slow.load(), 1);  // due once at start, then not for 10 s
  const int after_stop = fast.load();
  clock.Advance(1h);
  EXPECT_EQ(clock.Waiters(), 0u) << "the thread is gone";
  EXPECT_EQ(fast.load(), after_stop);
}

TEST(PeriodicJobs, TheIntervalCountsFromTheEndOfARun) {
  core::ManualClock clock;
  std::atomic<int> runs{0};
  PeriodicJobs jobs(clock);
  jobs.Add("slow_run", 1min, [&] {
    if (++runs == 1) clock.Advance(30s);  // the first run takes half a minute
  });
  jobs.Start();
  ASSERT_TRUE(SettlesWith(clock, [&] { return runs == 1; }));
  clock.Advance(59s);
  ASSERT_TRUE(SettlesWith(clock, [&] { return runs == 1; }));
  clock.Advance(1s);
  EXPECT_TRUE(SettlesWith(clock, [&] { return runs == 2; }));
}

TEST(PeriodicJobs, AThrowingJobIsLoggedAndTheThreadSurvives) {
  core::ManualClock clock;
  std::atomic<int> throws{0}, other{0};
  PeriodicJobs jobs(clock);
  jobs.Add("thrower", 5ms, [&] {
    ++throws;
    throw std::runtime_error("patient data must not reach the log");
  });
  jobs.Add("other", 5ms, [&] { ++other; });
  jobs.Start();
  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(SettlesWith(clock, [&] { return throws == i && other == i; }));
    clock.Advance(5ms);
  }
}

TEST(PeriodicJobs, StopWakesALongSleepAtOnce) {
  PeriodicJobs jobs;  // the real clock: Stop must not wait out the hour
  std::atomic<int> runs{0};
  jobs.Add("hourly", std::chrono::hours(1), [&] { ++runs; });
  jobs.Start();
  ASSERT_TRUE(WaitFor([&] { return runs.load() == 1; }));
  const auto t0 = std::chrono::steady_clock::now();
  jobs.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s);
}

TEST(PeriodicJobs, AddAfterStartAndRestart) {
  core::ManualClock clock;
  PeriodicJobs jobs(clock);
  jobs.Start();
  std::atomic<int> runs{0};
  jobs.Add("late", 5ms, [&] { ++runs; });
  ASSERT_TRUE(SettlesWith(clock, [&] { return runs == 1; })) << "due when added";
  clock.Advance(5ms);
  EXPECT_TRUE(SettlesWith(clock, [&] { return runs == 2; }));
  jobs.Stop();
  jobs.Stop();  // idempotent
  jobs.Start();
  EXPECT_TRUE(SettlesWith(clock, [&] { return runs == 3; })) << "due again at start";
}  // destructor stops

}  // namespace
}  // namespace imedic::jobs
