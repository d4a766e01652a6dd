// Load shedding: past the backlog limit, or after waiting too long for a
// worker, a request gets 503 with Retry-After at once instead of queueing;
// routes exempt on their row (health checks) are never shed. A server with one worker and a route
// that blocks until the test lets it go makes the backlog exact.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "core/clock.hpp"
#include "http/server.hpp"
#include "support/http_client.hpp"

namespace imedic::testing {
namespace {

using namespace std::chrono_literals;

// A gate the /slow route waits at.
class Gate {
 public:
  void Wait() {
    std::unique_lock lock(mu_);
    ++waiting_;
    cv_.notify_all();
    cv_.wait(lock, [&] { return open_; });
  }
  void Open() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  bool WaitForWaiters(int n, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return waiting_ >= n; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int waiting_ = 0;
  bool open_ = false;
};

class OverloadTest : public ::testing::Test {
 protected:
  void Start(int max_pending, std::chrono::milliseconds queue_timeout,
             const core::Clock* clock = nullptr) {
    router_.Add({"GET", "/slow",
                 [this](http::RequestContext&) -> core::Result<http::Response> {
                   gate_.Wait();
                   return http::Response::Json(200, R"({"slow":true})");
                 },
                 http::kPublic, "none", "blocks until the test opens the gate"});
    router_.Add({"GET", "/fast",
                 [](http::RequestContext&) -> core::Result<http::Response> {
                   return http::Response::Json(200, R"({"fast":true})");
                 },
                 http::kPublic, "none", "answers at once"});
    router_.Add({"GET", "/healthz",
                 [](http::RequestContext&) -> core::Result<http::Response> {
                   return http::Response::Json(200, R"({"status":"ok"})");
                 },
                 http::kPublic, "none", "liveness"})
        << http::Shedding::kIoThread;
    router_.Add({"GET", "/ready",
                 [](http::RequestContext&) -> core::Result<http::Response> {
                   return http::Response::Json(200, R"({"ready":true})");
                 },
                 http::kPublic, "none", "exempt from shedding, on a worker"})
        << http::Shedding::kExempt;
    // Named like the application's readiness route, but its row says nothing.
    router_.Add({"GET", "/readyz",
                 [](http::RequestContext&) -> core::Result<http::Response> {
                   return http::Response::Json(200, R"({"ready":true})");
                 },
                 http::kPublic, "none", "no shedding fact"});
    http::ServerOptions o{.host = "127.0.0.1",
                          .port = 0,
                          .io_threads = 1,
                          .worker_threads = 1,
                          .handle_signals = false,
                          .max_pending = max_pending,
                          .queue_timeout = queue_timeout,
                          .clock = clock};
    server_ = std::make_unique<http::Server>(o, router_);
    port_ = server_->Listen();
    thread_ = std::thread([this] { server_->Run(); });
  }

  void TearDown() override {
    gate_.Open();
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
  }

  std::future<std::optional<HttpResponse>> GetAsync(std::string path) {
    return std::async(std::launch::async,
                      [this, path = std::move(path)] { return Get(port_, path); });
  }

  http::Router router_;
  Gate gate_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

// Waits (real time, for the server's threads) until `n` requests are
// running or queued; false after 5 s.
bool WaitUntilPending(const http::Server& server, int n) {
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (server.pending() != n) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

TEST_F(OverloadTest, BeyondTheBacklogTheAnswerIs503WithRetryAfterAtOnce) {
  Start(/*max_pending=*/2, /*queue_timeout=*/10s);
  auto running = GetAsync("/slow");
  ASSERT_TRUE(gate_.WaitForWaiters(1, 5s));
  auto queued = GetAsync("/fast");  // waits for the one worker
  ASSERT_TRUE(WaitUntilPending(*server_, 2));
  const auto start = std::chrono::steady_clock::now();
  auto shed = Get(port_, "/fast");
  ASSERT_TRUE(shed);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s) << "shed without waiting";
  EXPECT_EQ(shed->status, 503);
  EXPECT_EQ(shed->Header("retry-after"), "1");
  EXPECT_EQ(shed->Header("content-type"), "application/problem+json");
  // Health checks are never shed: a busy node is alive.
  auto health = Get(port_, "/healthz");
  ASSERT_TRUE(health);
  EXPECT_NE(health->status, 503);
  gate_.Open();
  auto r1 = running.get();
  auto r2 = queued.get();
  ASSERT_TRUE(r1 && r2);
  EXPECT_EQ(r1->status, 200);
  EXPECT_EQ(r2->status, 200) << "what was queued within the limit is served";
  auto after = Get(port_, "/fast");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200) << "the backlog count came back down";
}

TEST_F(OverloadTest, ARouteExemptOnItsRowWaitsForAWorkerInsteadOfBeingShed) {
  Start(/*max_pending=*/2, /*queue_timeout=*/10s);
  auto running = GetAsync("/slow");
  ASSERT_TRUE(gate_.WaitForWaiters(1, 5s));
  auto queued = GetAsync("/fast");
  std::this_thread::sleep_for(100ms);
  auto shed = Get(port_, "/readyz");  // the path is not what exempts a route
  ASSERT_TRUE(shed);
  EXPECT_EQ(shed->status, 503);
  auto exempt = GetAsync("/ready");
  EXPECT_EQ(exempt.wait_for(300ms), std::future_status::timeout)
      << "queued behind the busy worker, not answered 503 at once";
  gate_.Open();
  auto ready = exempt.get();
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);
  ASSERT_TRUE(running.get() && queued.get());
  auto after = Get(port_, "/fast");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200) << "the exempt request left the backlog count as it was";
}

TEST_F(OverloadTest, ARequestThatWaitedPastTheQueueTimeoutIsShed) {
  core::ManualClock clock;
  Start(/*max_pending=*/100, /*queue_timeout=*/200ms, &clock);
  auto running = GetAsync("/slow");
  ASSERT_TRUE(gate_.WaitForWaiters(1, 5s));
  auto queued = GetAsync("/fast");
  ASSERT_TRUE(WaitUntilPending(*server_, 2)) << "/slow running, /fast queued";
  clock.Advance(201ms);  // on the server's clock, longer than the queue timeout
  gate_.Open();
  auto r1 = running.get();
  auto r2 = queued.get();
  ASSERT_TRUE(r1 && r2);
  EXPECT_EQ(r1->status, 200);
  EXPECT_EQ(r2->status, 503);
  EXPECT_EQ(r2->Header("retry-after"), "1");
  auto after = Get(port_, "/fast");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
}

TEST_F(OverloadTest, ARequestQueuedWithinTheTimeoutIsServed) {
  core::ManualClock clock;
  Start(/*max_pending=*/100, /*queue_timeout=*/200ms, &clock);
  auto running = GetAsync("/slow");
  ASSERT_TRUE(gate_.WaitForWaiters(1, 5s));
  auto queued = GetAsync("/fast");
  ASSERT_TRUE(WaitUntilPending(*server_, 2));
  clock.Advance(200ms);  // exactly the timeout: not past it
  gate_.Open();
  auto r2 = queued.get();
  ASSERT_TRUE(r2 && running.get());
  EXPECT_EQ(r2->status, 200);
}

}  // namespace
}  // namespace imedic::testing
