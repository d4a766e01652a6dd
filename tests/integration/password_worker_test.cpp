// argon2id in `imedic password-worker` child processes: the real binary,
// the same results as in process, and a child that dies is replaced.
#include "core/password_worker.hpp"

#include <gtest/gtest.h>

#include <signal.h>  // NOLINT(modernize-deprecated-headers): kill() is POSIX, not <csignal>
#include <sys/wait.h>

#include "core/password_hasher.hpp"

namespace imedic::core {
namespace {

const PasswordPolicy kCheap{1, 8u << 20};

TEST(PasswordWorker, HashesAndVerifiesLikeTheLibrary) {
  PasswordWorkerProcess worker(IMEDIC_BINARY_PATH);
  auto hash = worker.Hash("correct horse battery", kCheap);
  ASSERT_TRUE(hash) << hash.error().internal_detail;
  EXPECT_TRUE(hash->starts_with("$argon2id$v=19$m=8192,t=1,p=1$"));
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery")) << "a hash the library accepts";
  auto good = worker.Verify(*hash, "correct horse battery");
  auto bad = worker.Verify(*hash, "correct horse batterz");
  ASSERT_TRUE(good && bad);
  EXPECT_TRUE(*good);
  EXPECT_FALSE(*bad);
  auto garbage = worker.Verify("not a hash", "x");
  ASSERT_TRUE(garbage);
  EXPECT_FALSE(*garbage);
}

TEST(PasswordWorker, ADeadChildFailsOneCallWith503AndIsReplaced) {
  PasswordWorkerProcess worker(IMEDIC_BINARY_PATH);
  ASSERT_TRUE(worker.Hash("p", kCheap));
  const pid_t first = worker.pid();
  ASSERT_GT(first, 0);
  ASSERT_EQ(kill(first, SIGKILL), 0);
  auto lost = worker.Hash("p", kCheap);
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().code, ErrorCode::kUnavailable);
  EXPECT_GT(lost.error().retry_after_seconds, 0);
  auto again = worker.Hash("p", kCheap);
  ASSERT_TRUE(again);
  EXPECT_NE(worker.pid(), first);
}

TEST(PasswordWorker, TheHasherCanUseChildProcesses) {
  PasswordHasher hasher({.threads = 2,
                         .queue = 8,
                         .max_wait = std::chrono::seconds(30),
                         .nice = 19,
                         .worker_executable = IMEDIC_BINARY_PATH});
  auto hash = hasher.Hash("correct horse battery", kCheap);
  ASSERT_TRUE(hash);
  auto ok = hasher.Verify(*hash, "correct horse battery");
  ASSERT_TRUE(ok);
  EXPECT_TRUE(*ok);
}

}  // namespace
}  // namespace imedic::core
