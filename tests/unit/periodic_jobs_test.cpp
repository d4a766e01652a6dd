#include "jobs/periodic_jobs.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace imedic::jobs {
namespace {

using namespace std::chrono_literals;

template <typename Pred>
bool WaitFor(Pred pred, std::chrono::milliseconds limit = 5000ms) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

TEST(PeriodicJobs, RunsEachJobRepeatedlyAtItsInterval) {
  std::atomic<int> fast{0}, slow{0};
  PeriodicJobs jobs;
  jobs.Add("fast", 5ms, [&] { ++fast; });
  jobs.Add("slow", 10s, [&] { ++slow; });
  jobs.Start();
  EXPECT_TRUE(WaitFor([&] { return fast.load() >= 5; }));
  jobs.Stop();
  EXPECT_EQ(slow.load(), 1);  // due once at start, then not for 10 s
  const int after_stop = fast.load();
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(fast.load(), after_stop);
}

TEST(PeriodicJobs, AThrowingJobIsLoggedAndTheThreadSurvives) {
  std::atomic<int> throws{0}, other{0};
  PeriodicJobs jobs;
  jobs.Add("thrower", 5ms, [&] {
    ++throws;
    throw std::runtime_error("patient data must not reach the log");
  });
  jobs.Add("other", 5ms, [&] { ++other; });
  jobs.Start();
  EXPECT_TRUE(WaitFor([&] { return throws.load() >= 3 && other.load() >= 3; }));
}

TEST(PeriodicJobs, StopWakesALongSleepAtOnce) {
  PeriodicJobs jobs;
  std::atomic<int> runs{0};
  jobs.Add("hourly", std::chrono::hours(1), [&] { ++runs; });
  jobs.Start();
  ASSERT_TRUE(WaitFor([&] { return runs.load() == 1; }));
  const auto t0 = std::chrono::steady_clock::now();
  jobs.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s);
}

TEST(PeriodicJobs, AddAfterStartAndRestart) {
  PeriodicJobs jobs;
  jobs.Start();
  std::atomic<int> runs{0};
  jobs.Add("late", 5ms, [&] { ++runs; });
  EXPECT_TRUE(WaitFor([&] { return runs.load() >= 2; }));
  jobs.Stop();
  jobs.Stop();  // idempotent
  const int before = runs.load();
  jobs.Start();
  EXPECT_TRUE(WaitFor([&] { return runs.load() > before; }));
}  // destructor stops

}  // namespace
}  // namespace imedic::jobs
