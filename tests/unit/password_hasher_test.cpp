// The argon2id pool: results are the library's, concurrency is bounded,
// and what cannot be served in time is refused with 429/503 + Retry-After.
#include "core/password_hasher.hpp"

#include <gtest/gtest.h>

#include <future>
#include <vector>

#include "core/random.hpp"

namespace imedic::core {
namespace {

using namespace std::chrono_literals;

const PasswordPolicy kCheap{1, 8u << 20};

class PasswordHasherTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { InitCrypto(); }
};

TEST_F(PasswordHasherTest, HashesAndVerifiesOnItsThreads) {
  PasswordHasher hasher({.threads = 2, .queue = 8, .max_wait = 30s, .nice = 19});
  auto hash = hasher.Hash("correct horse battery", kCheap);
  ASSERT_TRUE(hash);
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  auto good = hasher.Verify(*hash, "correct horse battery");
  auto bad = hasher.Verify(*hash, "wrong horse battery");
  ASSERT_TRUE(good && bad);
  EXPECT_TRUE(*good);
  EXPECT_FALSE(*bad);
  EXPECT_EQ(hasher.Stats().done, 3u);
}

TEST_F(PasswordHasherTest, AFullQueueIsRefusedWith429AndRetryAfter) {
  // One thread, one waiting place, and far more callers at once: some are
  // refused at once, none waits unboundedly, every answer is a result or 429.
  PasswordHasher hasher({.threads = 1, .queue = 1, .max_wait = 60s, .nice = 0});
  const PasswordPolicy slow{3, 32u << 20};
  std::vector<std::future<Result<std::string>>> calls;
  for (int i = 0; i < 8; ++i) {
    calls.push_back(std::async(std::launch::async, [&] { return hasher.Hash("p", slow); }));
  }
  int hashed = 0, refused = 0;
  for (auto& c : calls) {
    auto r = c.get();
    if (r) {
      ++hashed;
    } else {
      EXPECT_EQ(r.error().code, ErrorCode::kRateLimited);
      EXPECT_GT(r.error().retry_after_seconds, 0);
      ++refused;
    }
  }
  EXPECT_GE(hashed, 1);
  EXPECT_GE(refused, 1) << "8 callers, 1 running + 1 waiting: some must be refused";
  EXPECT_EQ(hasher.Stats().refused, static_cast<std::uint64_t>(refused));
}

TEST_F(PasswordHasherTest, WaitingPastMaxWaitIs503WithRetryAfter) {
  PasswordHasher hasher({.threads = 1, .queue = 8, .max_wait = 1ms, .nice = 0});
  const PasswordPolicy slow{3, 32u << 20};
  auto r = hasher.Hash("p", slow);  // takes far longer than 1 ms
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_GT(r.error().retry_after_seconds, 0);
  EXPECT_EQ(hasher.Stats().timed_out, 1u);
  // The hasher is still usable afterwards (the abandoned hash finished or was skipped).
  PasswordHasher patient({.threads = 1, .queue = 8, .max_wait = 30s, .nice = 0});
  EXPECT_TRUE(patient.Hash("p", kCheap));
}

}  // namespace
}  // namespace imedic::core
