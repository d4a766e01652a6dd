// The outbox state machine: pending → sending → sent, or failed with
// backoff until dead; payloads (one-time codes) scrubbed once done.
#include "domains/messaging/outbox.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "support/test_database.hpp"

namespace imedic::messaging {
namespace {

using testing::TempDir;
using testing::TestDatabase;

class BrokenChannel : public OutboundChannel {
 public:
  core::Result<DeliveryReceipt> Deliver(const OutboundMessage&) override {
    ++calls;
    return core::Fail(core::Error::Unavailable("smtp timeout"));
  }
  int calls = 0;
};

void Enqueue(TestDatabase& db, const std::string& code) {
  ASSERT_TRUE(db.conn().ExecParams(
      "INSERT INTO outbox (channel, recipient, template, payload, max_attempts) "
      "VALUES ('email', 'x@example.com', 'email_verification', jsonb_build_object('code', "
      "$1::text), 3)",
      db::Params{code}));
}

TEST(Outbox, DeliversToFilesAndScrubsPayloads) {
  TestDatabase db;
  TempDir dir("imedic-outbox");
  Enqueue(db, "123456");
  Enqueue(db, "654321");
  db::Pool pool({.conninfo = db.conninfo(), .size = 2});
  FileChannel channel(dir.path() + "/out");
  auto report = DispatchOutbox(pool, channel);
  IMEDIC_ASSERT_OK(report);
  EXPECT_EQ(report->sent, 2);
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path() + "/out")) {
    ++files;
    struct stat st {};
    stat(entry.path().c_str(), &st);
    EXPECT_EQ(st.st_mode & 077, 0u) << "message file readable by others";
  }
  EXPECT_EQ(files, 2);
  std::ifstream first(dir.path() + "/out/1-email_verification.json");
  std::string content((std::istreambuf_iterator<char>(first)), std::istreambuf_iterator<char>());
  EXPECT_NE(content.find("123456"), std::string::npos);
  auto rows =
      db.conn().Exec("SELECT status, payload::text, sent_at IS NOT NULL FROM outbox ORDER BY id");
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(rows->Get(i, 0), "sent");
    EXPECT_EQ(rows->Get(i, 1), "{}") << "payload kept after delivery";
    EXPECT_EQ(rows->Get(i, 2), "t");
  }
  // Nothing is delivered twice.
  EXPECT_EQ(DispatchOutbox(pool, channel)->sent, 0);
}

TEST(Outbox, FailuresBackOffThenDeadLetter) {
  TestDatabase db;
  Enqueue(db, "111111");
  db::Pool pool({.conninfo = db.conninfo(), .size = 1});
  BrokenChannel broken;
  for (int attempt = 1; attempt <= 3; ++attempt) {
    auto report = DispatchOutbox(pool, broken);
    IMEDIC_ASSERT_OK(report);
    auto row = db.conn().Exec(
        "SELECT status, attempts, next_attempt_at > now(), last_error, payload::text FROM outbox");
    EXPECT_EQ(std::stoi(std::string(row->Get(0, 1))), attempt);
    EXPECT_EQ(row->Get(0, 2), "t") << "no backoff";
    EXPECT_EQ(row->Get(0, 3), "smtp timeout");
    if (attempt < 3) {
      EXPECT_EQ(row->Get(0, 0), "failed");
      EXPECT_EQ(report->failed, 1);
      // Not due yet: a dispatch now does nothing.
      EXPECT_EQ(DispatchOutbox(pool, broken)->failed, 0);
      ASSERT_TRUE(db.conn().Exec("UPDATE outbox SET next_attempt_at = now()"));
    } else {
      EXPECT_EQ(row->Get(0, 0), "dead");
      EXPECT_EQ(report->dead, 1);
      EXPECT_EQ(row->Get(0, 4), "{}") << "dead letter kept its code";
    }
  }
  EXPECT_EQ(broken.calls, 3);
}

TEST(Outbox, AbandonedSendingIsClaimedAgainAfterItsLease) {
  TestDatabase db;
  Enqueue(db, "222222");
  ASSERT_TRUE(
      db.conn().Exec("UPDATE outbox SET status = 'sending', attempts = 1, next_attempt_at = now() "
                     "- interval '1 s'"));
  db::Pool pool({.conninfo = db.conninfo(), .size = 1});
  TempDir dir("imedic-outbox");
  FileChannel channel(dir.path());
  EXPECT_EQ(DispatchOutbox(pool, channel)->sent, 1);
}

}  // namespace
}  // namespace imedic::messaging
