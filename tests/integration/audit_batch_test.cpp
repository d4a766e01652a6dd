// Audit rows of reads written in batches (privacy/audit_batcher.hpp): many
// concurrent reads share one commit, a read returns only once its row is
// committed, a batch that cannot be written fails its reads, and when
// PostgreSQL dies mid-batch no 200 leaves without its audit row.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "db/migrator.hpp"
#include "domains/privacy/audit_batcher.hpp"
#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace imedic::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kReader = "40000000-0000-4000-8000-0000000000a1";
constexpr const char* kPatient = "20000000-0000-4000-8000-0000000000a2";

records::ReadAudit ReadOf(const std::string& request_id) {
  return {.actor_user_id = kReader,
          .actor_role = "medical",
          .table_name = "patient_profiles",
          .row_id = kPatient,
          .subject_patient_profile_id = kPatient,
          .request_id = request_id,
          .ip = std::nullopt};
}

long long Count(db::Connection& conn, const std::string& request_id_like) {
  auto r = conn.ExecParams(
      "SELECT count(*) FROM audit_log WHERE action = 'read' AND request_id LIKE $1",
      db::Params{request_id_like});
  return r && r->rows() == 1 ? std::stoll(std::string(r->Get(0, 0))) : -1;
}

TEST(AuditBatcher, ConcurrentReadsShareCommitsAndEachReturnsAfterItsRowIsCommitted) {
  TestDatabase db;
  privacy::AuditBatcher batcher({.conninfo = db.conninfo(), .max_rows = 64, .linger = 2ms});
  constexpr int kThreads = 12, kEach = 40;
  std::atomic<int> failures{0}, unseen{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < kThreads; ++t) {
    readers.emplace_back([&, t] {
      auto own = db::Connection::Open(db.conninfo());
      if (!own) {
        ++failures;
        return;
      }
      for (int i = 0; i < kEach; ++i) {
        const std::string id = "batch-" + std::to_string(t) + "-" + std::to_string(i);
        std::vector<records::ReadAudit> rows;
        rows.push_back(ReadOf(id));
        if (!batcher.Record(std::move(rows))) ++failures;
        // Committed means visible to any other connection at once.
        if (Count(*own, id) != 1) ++unseen;
      }
    });
  }
  for (auto& r : readers) r.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(unseen.load(), 0) << "a read returned before its audit row was committed";
  EXPECT_EQ(Count(db.conn(), "batch-%"), kThreads * kEach);
  const auto stats = batcher.Stats();
  EXPECT_EQ(stats.rows, static_cast<std::uint64_t>(kThreads * kEach));
  EXPECT_EQ(stats.failed_rows, 0u);
  // Concurrent readers share commits: fewer batches than reads.
  EXPECT_LT(stats.batches, stats.rows);
  // The rows are what was read, with their subject, and NULL for no address.
  auto r = db.conn().Exec(
      "SELECT count(*) FROM audit_log WHERE request_id LIKE 'batch-%' AND actor_role = "
      "'medical' AND table_name = 'patient_profiles' AND subject_patient_profile_id = "
      "'20000000-0000-4000-8000-0000000000a2' AND ip IS NULL AND hash IS NULL");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->Get(0, 0), std::to_string(kThreads * kEach));
}

TEST(AuditBatcher, AFullBatchIsWrittenWithoutWaitingForItsLinger) {
  TestDatabase db;
  // A linger far longer than the test: only max_rows can flush these.
  privacy::AuditBatcher batcher({.conninfo = db.conninfo(), .max_rows = 3, .linger = 60s});
  std::vector<std::thread> readers;
  std::atomic<int> ok{0};
  const auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&, t] {
      std::vector<records::ReadAudit> rows;
      rows.push_back(ReadOf("full-" + std::to_string(t)));
      if (batcher.Record(std::move(rows))) ++ok;
    });
  }
  for (auto& r : readers) r.join();
  EXPECT_EQ(ok.load(), 3);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 30s);
  EXPECT_EQ(batcher.Stats().batches, 1u);
}

TEST(AuditBatcher, ABatchThatCannotBeWrittenFailsItsReadsWith503) {
  // Nothing listens there: the batch fails, and so does the read.
  privacy::AuditBatcher batcher(
      {.conninfo = "host=/nonexistent-imedic port=1 dbname=none connect_timeout=1",
       .max_rows = 8,
       .linger = 0ms});
  std::vector<records::ReadAudit> rows;
  rows.push_back(ReadOf("lost"));
  auto r = batcher.Record(std::move(rows));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(batcher.Stats().failed_rows, 1u);
  batcher.Stop();
  std::vector<records::ReadAudit> after;
  after.push_back(ReadOf("after-stop"));
  EXPECT_FALSE(batcher.Record(std::move(after)));
}

// The whole path: GET /patients/{id} through the server while PostgreSQL is
// killed (immediate shutdown: backends end mid-statement) and started again.
TEST(AuditBatchCrash, EveryReadAnswered200HasItsCommittedAuditRow) {
  TempDir dir("imedic-audit-crash");
  auto cluster = db::EmbeddedCluster::Start({.dir = dir.path() + "/pg", .ephemeral = true});
  IMEDIC_ASSERT_OK(cluster);
  auto setup = db::Connection::Open((*cluster)->ConnInfo());
  IMEDIC_ASSERT_OK(setup);
  IMEDIC_ASSERT_OK(db::Migrate(*setup, db::EmbeddedMigrations()));
  // The throw-away cluster runs with synchronous_commit=off (speed), where a
  // crash loses the last commits by design; production runs with it on, as
  // this database does from here (a database setting beats the command line).
  IMEDIC_ASSERT_OK(
      setup->Exec("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET synchronous_commit = on', "
                  "current_database()); END $$"));
  AddUser(*setup, kReader, "doctor@example.com", "staff", {"medical"});
  AddUser(*setup, "40000000-0000-4000-8000-0000000000a3", "patient@example.com", "patient",
          {"patient"});
  IMEDIC_ASSERT_OK(setup->Exec(
      "INSERT INTO patient_profiles (id, user_id, patient_id, medical_condition) VALUES "
      "('20000000-0000-4000-8000-0000000000a2', '40000000-0000-4000-8000-0000000000a3', "
      "'PAT-2026-000001', 'hair_loss');"
      "INSERT INTO care_assignments (staff_user_id, patient_profile_id, kind) VALUES "
      "('40000000-0000-4000-8000-0000000000a1', '20000000-0000-4000-8000-0000000000a2', "
      "'medical');"));
  const std::string token = MintSession(*setup, kReader);

  TestServer server((*cluster)->ConnInfo(), nullptr, [](app::ApplicationOptions& o) {
    o.audit_batch_linger = 3ms;  // wide batches, so the crash lands inside one
  });
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::vector<std::string> answered;  // request ids of the 200s
  std::atomic<int> ok{0}, unavailable{0}, other{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 6; ++t) {
    clients.emplace_back([&] {
      while (!stop.load()) {
        auto r = Request(server.port(), "GET", std::string("/patients/") + kPatient, "",
                         "application/json", {{"Authorization", "Bearer " + token}});
        if (!r) {
          ++other;
          continue;
        }
        if (r->status == 200) {
          ++ok;
          std::lock_guard lock(mu);
          answered.push_back(r->Header("x-request-id"));
        } else if (r->status == 503) {
          ++unavailable;
          std::this_thread::sleep_for(5ms);
        } else {
          ++other;
        }
      }
    });
  }
  std::this_thread::sleep_for(400ms);
  const int before_crash = ok.load();
  IMEDIC_ASSERT_OK((*cluster)->Crash());
  std::this_thread::sleep_for(300ms);
  IMEDIC_ASSERT_OK((*cluster)->Restart());
  // Reads succeed again once the pool and the batcher have reconnected.
  const int after_restart = ok.load();
  for (int i = 0; i < 100 && ok.load() < after_restart + 20; ++i) {
    std::this_thread::sleep_for(50ms);
  }
  stop = true;
  for (auto& c : clients) c.join();

  EXPECT_GT(before_crash, 0) << "no read succeeded before the crash";
  EXPECT_GE(ok.load(), after_restart + 20) << "reads did not recover after the restart";
  EXPECT_GT(unavailable.load(), 0) << "nothing was refused while the database was down";
  EXPECT_EQ(other.load(), 0) << "answers other than 200 and 503";
  auto check = db::Connection::Open((*cluster)->ConnInfo());
  IMEDIC_ASSERT_OK(check);
  int missing = 0;
  for (const std::string& id : answered) {
    if (Count(*check, id) != 1) ++missing;
  }
  EXPECT_EQ(missing, 0) << missing << " of " << answered.size()
                        << " reads answered 200 have no audit row";
}

}  // namespace
}  // namespace imedic::testing
