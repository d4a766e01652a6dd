// The audit trail on a real PostgreSQL: the append-only guard, sealing into a
// keyed hash chain, verification catching altered / deleted / inserted rows
// (tampering as a superuser who bypasses the trigger), concurrent sealers,
// key rotation, the non-owner application role, and the query API.
#include <gtest/gtest.h>

#include <sodium.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/application.hpp"
#include "core/base64.hpp"
#include "core/clock.hpp"
#include "core/keyring.hpp"
#include "core/rfc3339.hpp"
#include "db/migrator.hpp"
#include "db/pool.hpp"
#include "db/transaction.hpp"
#include "domains/privacy/audit_chain.hpp"
#include "domains/privacy/audit_jobs.hpp"
#include "domains/privacy/audit_routes.hpp"
#include "domains/privacy/audit_writer.hpp"
#include "http/router.hpp"
#include "jobs/periodic_jobs.hpp"
#include "support/child_process.hpp"
#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace imedic::privacy {
namespace {

using testing::RandomKeyring;
using testing::TestDatabase;

bool HasSqlState(const core::Error& e, const std::string& state) {
  return e.internal_detail.find("sqlstate " + state) != std::string::npos;
}

std::int64_t Int(db::Connection& c, const std::string& sql) {
  auto r = c.Exec(sql);
  if (!r || r->rows() == 0 || r->IsNull(0, 0)) return -1;
  return std::stoll(std::string(r->Get(0, 0)));
}

class AuditChainTest : public ::testing::Test {
 protected:
  // n rows with every column filled the way business statements fill them.
  void AppendRows(int n, db::Connection* on = nullptr) {
    auto r =
        (on ? *on : db_.conn())
            .ExecParams(
                "INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, "
                "row_id, subject_patient_profile_id, request_id, ip, changed_columns) "
                "SELECT gen_random_uuid(), 'admin', (ARRAY['read','update','create'])[1 + g % 3], "
                "'patient_profiles', g::text, gen_random_uuid(), 'req-' || g, '10.0.0.1', "
                "ARRAY['email', 'first name', 'a\"b'] FROM generate_series(1, $1::int) g",
                db::Params{n});
    ASSERT_TRUE(r) << r.error().internal_detail;
  }

  int SealAll(const core::Keyring& keys) {
    int total = 0;
    for (;;) {
      auto r = SealPendingAudit(db_.conn(), keys);
      EXPECT_TRUE(r) << r.error().internal_detail;
      if (!r) return total;
      total += r->sealed;
      if (r->sealed == 0) return total;
    }
  }

  VerifyReport Verify(const core::Keyring& keys) {
    auto r = VerifyAuditChain(db_.conn(), keys);
    EXPECT_TRUE(r) << r.error().internal_detail;
    return r ? *r : VerifyReport{};
  }

  // A superuser session with triggers off: what an attacker with the
  // database's superuser password could do.
  db::Connection Tamperer() {
    auto c = db::Connection::Open(db_.conninfo());
    if (!c) throw std::runtime_error("connect");
    if (!c->Exec("SET session_replication_role = replica")) throw std::runtime_error("replica");
    return std::move(*c);
  }

  std::int64_t IdAt(std::int64_t seq) {
    return Int(db_.conn(), "SELECT id FROM audit_log WHERE chain_seq = " + std::to_string(seq));
  }

  TestDatabase db_;
  core::Keyring keys_ = RandomKeyring("k1");
};

TEST_F(AuditChainTest, ChainCoversEveryNonChainColumnInTableOrder) {
  auto r = db_.conn().Exec(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'audit_log' "
      "AND column_name NOT IN ('chain_seq', 'hash', 'hash_key_id') ORDER BY ordinal_position");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->rows(), static_cast<int>(kAuditContentColumns.size()))
      << "a column was added to audit_log: add it to kAuditContentColumns and the SQL";
  for (int i = 0; i < r->rows(); ++i) EXPECT_EQ(r->Get(i, 0), kAuditContentColumns[i]);
}

TEST_F(AuditChainTest, AppendAuditAcceptsEveryActionAndTheCheckRefusesOthers) {
  for (auto action : kAuditActions) {
    AuditEntry e;
    e.action = std::string(action);
    auto r = AppendAudit(db_.conn(), e);
    EXPECT_TRUE(r) << action << ": " << r.error().internal_detail;
  }
  AuditEntry bad;
  bad.action = "peek";
  auto r = AppendAudit(db_.conn(), bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().constraint, "audit_log_action_check");
  EXPECT_EQ(Int(db_.conn(), "SELECT count(*) FROM audit_log"),
            static_cast<std::int64_t>(kAuditActions.size()));
}

TEST_F(AuditChainTest, AppendAuditStoresEveryFieldAndNamesOnly) {
  http::Request req;
  req.request_id = "req-42";
  req.remote_address = "2001:db8::7";
  core::Principal who;
  who.user_id = "11111111-1111-4111-8111-111111111111";
  who.user_type = "staff";
  who.roles = {"care_coordinator"};
  http::RequestContext ctx{req, {}, &who};
  AuditEntry e = AuditFromRequest(ctx, "break_glass");
  e.table_name = "patient_profiles";
  e.row_id = "22222222-2222-4222-8222-222222222222";
  e.subject_patient_profile_id = "22222222-2222-4222-8222-222222222222";
  e.changed_columns = {"medical_notes", "odd \"name\"", "back\\slash"};
  e.reason = "patient unconscious in ER";
  IMEDIC_ASSERT_OK(AppendAudit(db_.conn(), e));
  auto r = db_.conn().Exec(
      "SELECT actor_user_id, actor_role, action, table_name, row_id, subject_patient_profile_id, "
      "request_id, host(ip), changed_columns[1], changed_columns[2], changed_columns[3], reason, "
      "chain_seq IS NULL FROM audit_log");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->rows(), 1);
  EXPECT_EQ(r->Get(0, 0), who.user_id);
  EXPECT_EQ(r->Get(0, 1), "care_coordinator");
  EXPECT_EQ(r->Get(0, 2), "break_glass");
  EXPECT_EQ(r->Get(0, 3), "patient_profiles");
  EXPECT_EQ(r->Get(0, 6), "req-42");
  EXPECT_EQ(r->Get(0, 7), "2001:db8::7");
  EXPECT_EQ(r->Get(0, 8), "medical_notes");
  EXPECT_EQ(r->Get(0, 9), "odd \"name\"");
  EXPECT_EQ(r->Get(0, 10), "back\\slash");
  EXPECT_EQ(r->Get(0, 11), "patient unconscious in ER");
  EXPECT_EQ(r->Get(0, 12), "t");

  // An address that is not an IP never reaches the ::inet cast.
  req.remote_address = "not-an-ip";
  EXPECT_FALSE(AuditFromRequest(ctx, "read").ip);
  http::RequestContext anonymous{req, {}, nullptr};
  EXPECT_FALSE(AuditFromRequest(anonymous, "login_failed").actor_user_id);
}

TEST_F(AuditChainTest, SealedRowsFormAVerifiableChainAndSealingIsIdempotent) {
  AppendRows(10);
  AuditEntry sparse;  // NULLs everywhere they are allowed
  sparse.action = "login_failed";
  IMEDIC_ASSERT_OK(AppendAudit(db_.conn(), sparse));

  auto first = SealPendingAudit(db_.conn(), keys_);
  IMEDIC_ASSERT_OK(first);
  EXPECT_EQ(first->sealed, 11);
  EXPECT_EQ(first->head_seq, 11);
  auto again = SealPendingAudit(db_.conn(), keys_);
  IMEDIC_ASSERT_OK(again);
  EXPECT_EQ(again->sealed, 0);
  EXPECT_EQ(again->head_seq, 11);
  EXPECT_EQ(again->head_hash_hex, first->head_hash_hex);

  EXPECT_EQ(Int(db_.conn(),
                "SELECT count(*) FROM audit_log WHERE hash_key_id = 'k1' "
                "AND octet_length(hash) = 32"),
            11);
  EXPECT_EQ(Int(db_.conn(), "SELECT count(*) FROM audit_log WHERE chain_seq = id"), 11);

  VerifyReport v = Verify(keys_);
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.rows_checked, 11);
  EXPECT_EQ(v.unsealed, 0);
  EXPECT_EQ(v.head_seq, 11);
  EXPECT_EQ(v.head_hash_hex, first->head_hash_hex);

  // Later rows extend the same chain.
  AppendRows(3);
  EXPECT_EQ(SealAll(keys_), 3);
  v = Verify(keys_);
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.rows_checked, 14);
}

TEST_F(AuditChainTest, TriggerRefusesUpdateDeleteAndTruncate) {
  AppendRows(2);
  const std::int64_t unsealed_id = Int(db_.conn(), "SELECT min(id) FROM audit_log");
  auto& c = db_.conn();
  for (const char* sql : {
           "UPDATE audit_log SET action = 'delete'",
           "UPDATE audit_log SET reason = 'x'",
           // Sealing columns together with a content column: refused.
           // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one statement on two lines
           "UPDATE audit_log SET chain_seq = 1, hash = '\\x00', hash_key_id = 'k1', "
           "row_id = 'other'",
           "DELETE FROM audit_log",
           "TRUNCATE audit_log",
       }) {
    auto r = c.Exec(sql);
    ASSERT_FALSE(r) << sql;
    EXPECT_TRUE(HasSqlState(r.error(), "42501")) << sql << ": " << r.error().internal_detail;
  }
  // The one allowed change: sealing an unsealed row's chain columns alone.
  IMEDIC_ASSERT_OK(
      c.Exec("UPDATE audit_log SET chain_seq = 1, hash = '\\x00', "
             "hash_key_id = 'k1' WHERE id = " +
             std::to_string(unsealed_id)));
  // Once sealed, never again (re-sealing or un-sealing).
  for (const char* sql : {"UPDATE audit_log SET chain_seq = 5 WHERE chain_seq = 1",
                          "UPDATE audit_log SET chain_seq = NULL, hash = NULL, hash_key_id = NULL "
                          "WHERE chain_seq = 1"}) {
    auto r = c.Exec(sql);
    ASSERT_FALSE(r) << sql;
    EXPECT_TRUE(HasSqlState(r.error(), "42501")) << sql;
  }
  // The chain columns come all three or none.
  auto half = c.Exec("UPDATE audit_log SET chain_seq = 9 WHERE chain_seq IS NULL");
  ASSERT_FALSE(half);
  EXPECT_EQ(half.error().constraint, "audit_log_chain_columns_together");
  EXPECT_EQ(Int(c, "SELECT count(*) FROM audit_log"), 2);
}

TEST_F(AuditChainTest, DetectsAnAlteredRow) {
  AppendRows(20);
  SealAll(keys_);
  const std::int64_t victim = IdAt(8);
  auto t = Tamperer();
  IMEDIC_ASSERT_OK(
      t.Exec("UPDATE audit_log SET action = CASE action WHEN 'create' THEN 'read' "
             "ELSE 'create' END WHERE chain_seq = 8"));

  VerifyReport v = Verify(keys_);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.kind, "altered") << v.problem;
  EXPECT_EQ(v.first_bad_id, victim);
  EXPECT_EQ(v.rows_checked, 7);
  EXPECT_NE(v.problem.find("row id " + std::to_string(victim) + " (chain_seq 8)"),
            std::string::npos)
      << v.problem;
}

TEST_F(AuditChainTest, DetectsAnAlteredColumnOfAnyKind) {
  AppendRows(6);
  SealAll(keys_);
  // Each change goes to its own fresh copy of the chain state: alter, verify,
  // put back, verify clean again.
  const std::vector<std::pair<std::string, std::string>> changes = {
      {"actor_role = 'patient'", "actor_role = 'admin'"},
      {"ip = '10.0.0.2'", "ip = '10.0.0.1'"},
      {"changed_columns = ARRAY['email']", "changed_columns = ARRAY['email','first name','a\"b']"},
      {"occurred_at = occurred_at + interval '1 microsecond'",
       "occurred_at = occurred_at - interval '1 microsecond'"},
      {"reason = ''", "reason = NULL"},
  };
  auto t = Tamperer();
  for (const auto& [change, undo] : changes) {
    IMEDIC_ASSERT_OK(t.Exec("UPDATE audit_log SET " + change + " WHERE chain_seq = 3"));
    VerifyReport v = Verify(keys_);
    EXPECT_FALSE(v.ok) << change;
    EXPECT_EQ(v.kind, "altered") << change << ": " << v.problem;
    EXPECT_EQ(v.first_bad_id, IdAt(3)) << change;
    IMEDIC_ASSERT_OK(t.Exec("UPDATE audit_log SET " + undo + " WHERE chain_seq = 3"));
    VerifyReport clean = Verify(keys_);
    EXPECT_TRUE(clean.ok) << change << " undone: " << clean.problem;
  }
}

TEST_F(AuditChainTest, DetectsADeletedRow) {
  AppendRows(20);
  SealAll(keys_);
  const std::int64_t after = IdAt(13);
  auto t = Tamperer();
  IMEDIC_ASSERT_OK(t.Exec("DELETE FROM audit_log WHERE chain_seq = 12"));

  VerifyReport v = Verify(keys_);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.kind, "deleted") << v.problem;
  EXPECT_EQ(v.first_bad_id, after);
  EXPECT_EQ(v.rows_checked, 11);
  EXPECT_NE(v.problem.find("chain_seq 12 is missing"), std::string::npos) << v.problem;

  // Closing the gap by renumbering does not hide it: the next row's hash was
  // computed over the deleted row's hash.
  IMEDIC_ASSERT_OK(
      t.Exec("UPDATE audit_log SET chain_seq = 1 - chain_seq WHERE chain_seq > 12; "
             "UPDATE audit_log SET chain_seq = -chain_seq WHERE chain_seq < 0"));
  v = Verify(keys_);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_id, after) << v.problem;
  EXPECT_NE(v.problem.find("deleted"), std::string::npos) << v.problem;
}

TEST_F(AuditChainTest, DetectsAnInsertedRow) {
  AppendRows(20);
  SealAll(keys_);
  auto t = Tamperer();
  auto forged = t.Exec(
      "INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, "
      "chain_seq, hash, hash_key_id) VALUES (gen_random_uuid(), 'admin', 'read', 'users', 'x', "
      "21, '\\x" +
      std::string(64, 'a') + "', 'k1') RETURNING id");
  IMEDIC_ASSERT_OK(forged);
  const std::int64_t forged_id = std::stoll(std::string(forged->Get(0, 0)));

  VerifyReport v = Verify(keys_);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.kind, "inserted") << v.problem;
  EXPECT_EQ(v.first_bad_id, forged_id);
  EXPECT_EQ(v.rows_checked, 20);
  EXPECT_NE(v.problem.find("row id " + std::to_string(forged_id) + " (chain_seq 21)"),
            std::string::npos)
      << v.problem;

  // Genuine rows sealed on top of the forgery still leave it named.
  AppendRows(3);
  SealAll(keys_);
  v = Verify(keys_);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_id, forged_id) << v.problem;
}

TEST_F(AuditChainTest, DetectsARowInsertedIntoTheMiddle) {
  AppendRows(10);
  SealAll(keys_);
  auto t = Tamperer();
  // Make room at position 5 and slip a forged row in.
  IMEDIC_ASSERT_OK(
      t.Exec("UPDATE audit_log SET chain_seq = -chain_seq WHERE chain_seq >= 5; "
             "UPDATE audit_log SET chain_seq = 1 - chain_seq WHERE chain_seq < 0"));
  auto forged = t.Exec(
      "INSERT INTO audit_log (action, chain_seq, hash, hash_key_id) VALUES ('erase', 5, '\\x" +
      std::string(64, '0') + "', 'k1') RETURNING id");
  IMEDIC_ASSERT_OK(forged);
  VerifyReport v = Verify(keys_);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.kind, "inserted") << v.problem;
  EXPECT_EQ(v.first_bad_id, std::stoll(std::string(forged->Get(0, 0))));
  EXPECT_EQ(v.rows_checked, 4);
}

TEST_F(AuditChainTest, DetectsADuplicatePosition) {
  AppendRows(5);
  SealAll(keys_);
  auto t = Tamperer();
  IMEDIC_ASSERT_OK(t.Exec("ALTER TABLE audit_log DROP CONSTRAINT audit_log_chain_seq_key"));
  // A copy of row 3 (same content, new id) at the same position.
  auto forged = t.Exec(
      "INSERT INTO audit_log (actor_user_id, actor_role, action, table_name, row_id, chain_seq, "
      "hash, hash_key_id) SELECT actor_user_id, actor_role, action, table_name, row_id, "
      "chain_seq, hash, hash_key_id FROM audit_log WHERE chain_seq = 3 RETURNING id");
  IMEDIC_ASSERT_OK(forged);
  VerifyReport v = Verify(keys_);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.kind, "inserted") << v.problem;
  EXPECT_EQ(v.first_bad_id, std::stoll(std::string(forged->Get(0, 0))));
  EXPECT_NE(v.problem.find("already taken"), std::string::npos) << v.problem;
}

TEST_F(AuditChainTest, VerificationStreamsInBatchesAndCatchesTamperingAtABatchBorder) {
  AppendRows(12001);
  EXPECT_EQ(SealAll(keys_), 12001);
  VerifyReport v = Verify(keys_);
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.rows_checked, 12001);

  // Row 5000 is the last of the first batch: its check looks ahead into the next.
  const std::int64_t victim = IdAt(5000);
  auto t = Tamperer();
  IMEDIC_ASSERT_OK(t.Exec("UPDATE audit_log SET row_id = 'x' WHERE chain_seq = 5000"));
  v = Verify(keys_);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.kind, "altered") << v.problem;
  EXPECT_EQ(v.first_bad_id, victim);
  EXPECT_EQ(v.rows_checked, 4999);
}

TEST_F(AuditChainTest, StaleUnsealedRowsAreAProblemUntilSealed) {
  AppendRows(3);
  SealAll(keys_);
  AppendRows(2);  // fresh: not a problem yet
  VerifyReport v = Verify(keys_);
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.unsealed, 2);

  auto stale = db_.conn().Exec(
      "INSERT INTO audit_log (occurred_at, action) VALUES (now() - interval '2 minutes', "
      "'logout') RETURNING id");
  IMEDIC_ASSERT_OK(stale);
  v = Verify(keys_);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.kind, "unsealed") << v.problem;
  EXPECT_EQ(v.first_bad_id, std::stoll(std::string(stale->Get(0, 0))));
  EXPECT_EQ(v.unsealed, 3);

  EXPECT_EQ(SealAll(keys_), 3);
  v = Verify(keys_);
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.rows_checked, 6);
}

TEST_F(AuditChainTest, ConcurrentSealersAndWritersKeepOneChain) {
  constexpr int kWriters = 3, kSealers = 3, kTxPerWriter = 40, kRowsPerTx = 5;
  std::atomic<bool> writing{true};
  std::atomic<int> busy{0}, failures{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      auto c = db::Connection::Open(db_.conninfo());
      if (!c) return (void)++failures;
      for (int i = 0; i < kTxPerWriter; ++i) {
        db::Transaction tx(*c);
        if (!tx.Begin()) return (void)++failures;
        for (int k = 0; k < kRowsPerTx; ++k) {
          AuditEntry e;
          e.action = "update";
          e.table_name = "bookings";
          e.row_id = std::to_string(w) + "-" + std::to_string(i) + "-" + std::to_string(k);
          if (!AppendAudit(*c, e)) return (void)++failures;
        }
        // Some transactions stay open a while, so commits land out of id order.
        if (i % 7 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(15));
        if (i % 10 == 9) continue;  // rolled back: leaves a hole in the ids
        if (!tx.Commit()) return (void)++failures;
      }
    });
  }
  for (int s = 0; s < kSealers; ++s) {
    threads.emplace_back([&] {
      auto c = db::Connection::Open(db_.conninfo());
      if (!c) return (void)++failures;
      for (;;) {
        const bool last_round = !writing.load();
        auto r = SealPendingAudit(*c, keys_, 17);
        if (!r) return (void)++failures;
        if (r->busy) ++busy;
        if (last_round && r->sealed == 0 && !r->busy) return;
      }
    });
  }
  for (int i = 0; i < kWriters; ++i) threads[i].join();
  writing = false;
  for (std::size_t i = kWriters; i < threads.size(); ++i) threads[i].join();
  EXPECT_EQ(failures.load(), 0);

  const std::int64_t committed = kWriters * (kTxPerWriter - kTxPerWriter / 10) * kRowsPerTx;
  EXPECT_EQ(SealAll(keys_), 0);
  auto& c = db_.conn();
  EXPECT_EQ(Int(c, "SELECT count(*) FROM audit_log"), committed);
  EXPECT_EQ(Int(c, "SELECT count(DISTINCT chain_seq) FROM audit_log"), committed);
  EXPECT_EQ(Int(c, "SELECT max(chain_seq) FROM audit_log"), committed);
  EXPECT_EQ(Int(c, "SELECT min(chain_seq) FROM audit_log"), 1);
  VerifyReport v = Verify(keys_);
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.rows_checked, committed);
  std::printf("[ info ] concurrent sealers: %d turns found the lock busy\n", busy.load());
}

TEST_F(AuditChainTest, KeyRotationKeepsOldRowsVerifiable) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/keys/master.keys";
  bool created = false;
  auto ring = core::Keyring::LoadOrCreateFile(path, &created);
  IMEDIC_ASSERT_OK(ring);
  ASSERT_TRUE(created);
  const std::string old_id = ring->active().id;

  AppendRows(4);
  EXPECT_EQ(SealAll(*ring), 4);
  IMEDIC_ASSERT_OK(ring->AppendNewKeyToFile(path));
  const std::string new_id = ring->active().id;
  ASSERT_NE(new_id, old_id);
  AppendRows(3);
  EXPECT_EQ(SealAll(*ring), 3);
  EXPECT_EQ(Int(db_.conn(), "SELECT count(*) FROM audit_log WHERE hash_key_id = '" + old_id + "'"),
            4);
  EXPECT_EQ(Int(db_.conn(), "SELECT count(*) FROM audit_log WHERE hash_key_id = '" + new_id + "'"),
            3);

  // A fresh process reading the same key file verifies both eras.
  auto reloaded = core::Keyring::LoadFile(path);
  IMEDIC_ASSERT_OK(reloaded);
  VerifyReport v = Verify(*reloaded);
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.rows_checked, 7);

  // Without the old key, the first row cannot be checked.
  VerifyReport missing = Verify(RandomKeyring(new_id));
  EXPECT_FALSE(missing.ok);
  EXPECT_EQ(missing.kind, "unknown key") << missing.problem;
  EXPECT_EQ(missing.first_bad_id, IdAt(1));

  // The right id with the wrong key bytes: nothing fits.
  VerifyReport wrong = Verify(RandomKeyring(old_id));
  EXPECT_FALSE(wrong.ok);
  EXPECT_EQ(wrong.first_bad_id, IdAt(1)) << wrong.problem;
}

// The background job of `imedic serve` seals what requests append, on its
// next turn: time is moved by a ManualClock, one job interval (500 ms) at a
// time once the job is idle again, so only the database work takes real time.
TEST_F(AuditChainTest, SealerJobSealsNewRowsWithinASecond) {
  db::Pool pool({.conninfo = db_.conninfo(), .size = 2});
  core::ManualClock clock;
  jobs::PeriodicJobs jobs(clock);
  AddAuditSealerJob(jobs, pool, keys_);
  auto unsealed = [&] {
    return Int(db_.conn(), "SELECT count(*) FROM audit_log WHERE chain_seq IS NULL");
  };
  // Waits (real time, for the jobs thread) until its turn is over.
  auto idle = [&] {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (clock.Waiters() != 1 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return clock.Waiters() == 1;
  };
  jobs.Start();
  ASSERT_TRUE(idle()) << "the turn at start";
  AppendRows(7);
  EXPECT_EQ(unsealed(), 7);
  clock.Advance(std::chrono::milliseconds(499));
  ASSERT_TRUE(idle());
  EXPECT_EQ(unsealed(), 7) << "not before the interval";
  clock.Advance(std::chrono::milliseconds(1));
  ASSERT_TRUE(idle());
  EXPECT_EQ(unsealed(), 0);
  AppendRows(3);
  clock.Advance(std::chrono::milliseconds(500));
  ASSERT_TRUE(idle());
  EXPECT_EQ(unsealed(), 0);
  jobs.Stop();
  VerifyReport v = Verify(keys_);
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.rows_checked, 10);
  EXPECT_EQ(v.unsealed, 0);
}

// `imedic audit seal` and `imedic audit verify`, the real binary: tampering
// with one row (changed, deleted, inserted) is reported naming the row.
TEST_F(AuditChainTest, CommandLineSealsAndVerifyNamesTheTamperedRow) {
  using namespace std::chrono_literals;
  std::string raw(32, '\0');
  randombytes_buf(raw.data(), raw.size());
  auto ring = core::Keyring::FromBase64("cli1", core::Base64Encode(raw));
  IMEDIC_ASSERT_OK(ring);
  testing::TempDir dir("imedic-audit-cli");
  const std::map<std::string, std::string> env = {{"DATABASE_URL", db_.conninfo()},
                                                  {"IMEDIC_DATA_DIR", dir.path()},
                                                  {"IMEDIC_MASTER_KEY", core::Base64Encode(raw)},
                                                  {"IMEDIC_MASTER_KEY_ID", "cli1"},
                                                  {"IMEDIC_LOG_LEVEL", "warn"}};
  int runs = 0;
  auto run = [&](const std::string& sub, std::string* out) {
    testing::ChildProcess p({"audit", sub}, env,
                            dir.path() + "/run" + std::to_string(++runs) + ".log");
    auto code = p.Wait(60s);
    *out = p.Log();
    return code.value_or(-1);
  };
  std::string out;
  AppendRows(30);
  ASSERT_EQ(run("seal", &out), 0) << out;
  EXPECT_NE(out.find("sealed 30 rows"), std::string::npos) << out;
  ASSERT_EQ(run("verify", &out), 0) << out;
  EXPECT_NE(out.find("audit chain OK: 30 rows"), std::string::npos) << out;

  auto t = Tamperer();
  const std::string id7 = std::to_string(IdAt(7));
  IMEDIC_ASSERT_OK(t.Exec("UPDATE audit_log SET table_name = 'users' WHERE chain_seq = 7"));
  EXPECT_EQ(run("verify", &out), 1) << out;
  EXPECT_NE(out.find("altered: row id " + id7 + " (chain_seq 7)"), std::string::npos) << out;
  IMEDIC_ASSERT_OK(
      t.Exec("UPDATE audit_log SET table_name = 'patient_profiles' WHERE chain_seq = 7"));
  ASSERT_EQ(run("verify", &out), 0) << out;

  // Delete row 12 (kept aside), then put it back exactly: the chain heals.
  IMEDIC_ASSERT_OK(
      t.Exec("CREATE TABLE kept AS SELECT * FROM audit_log WHERE chain_seq = 12; "
             "DELETE FROM audit_log WHERE chain_seq = 12"));
  EXPECT_EQ(run("verify", &out), 1) << out;
  EXPECT_NE(out.find("deleted: chain_seq 12 is missing"), std::string::npos) << out;
  EXPECT_NE(out.find("row id " + std::to_string(IdAt(13)) + " (chain_seq 13)"), std::string::npos)
      << out;
  IMEDIC_ASSERT_OK(t.Exec("INSERT INTO audit_log OVERRIDING SYSTEM VALUE SELECT * FROM kept"));
  ASSERT_EQ(run("verify", &out), 0) << out;

  auto forged = t.Exec(
      "INSERT INTO audit_log (action, table_name, chain_seq, hash, hash_key_id) "
      "SELECT 'read', 'users', 31, hash, hash_key_id FROM audit_log WHERE chain_seq = 30 "
      "RETURNING id");
  IMEDIC_ASSERT_OK(forged);
  EXPECT_EQ(run("verify", &out), 1) << out;
  EXPECT_NE(out.find("inserted: row id " + std::string(forged->Get(0, 0)) + " (chain_seq 31)"),
            std::string::npos)
      << out;
}

// The migration's privileges, with the trigger switched off so only they
// stand in the way: the non-owner application role may read, append and
// seal, and nothing else.
TEST(AuditPrivileges, ApplicationRoleMayAppendAndSealButNotRewrite) {
  TestDatabase db(TestDatabase::Kind::kEmpty);
  auto& c = db.conn();
  IMEDIC_ASSERT_OK(
      c.Exec("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
             "'imedic_app') THEN CREATE ROLE imedic_app NOLOGIN; END IF; END $$"));
  IMEDIC_ASSERT_OK(db::Migrate(c, db::EmbeddedMigrations()));
  IMEDIC_ASSERT_OK(c.Exec("SET session_replication_role = replica"));
  IMEDIC_ASSERT_OK(c.Exec("SET ROLE imedic_app"));

  AuditEntry e;
  e.action = "login";
  IMEDIC_ASSERT_OK(AppendAudit(c, e));
  IMEDIC_ASSERT_OK(AppendAudit(c, e));
  core::Keyring keys = RandomKeyring("k1");
  auto sealed = SealPendingAudit(c, keys);
  IMEDIC_ASSERT_OK(sealed);
  EXPECT_EQ(sealed->sealed, 2);
  for (const char* sql :
       {"UPDATE audit_log SET action = 'logout'", "DELETE FROM audit_log", "TRUNCATE audit_log",
        "ALTER TABLE audit_log DISABLE TRIGGER audit_log_guard_rows"}) {
    auto r = c.Exec(sql);
    ASSERT_FALSE(r) << sql;
    EXPECT_TRUE(HasSqlState(r.error(), "42501")) << sql << ": " << r.error().internal_detail;
  }
  IMEDIC_ASSERT_OK(c.Exec("RESET ROLE"));
  IMEDIC_ASSERT_OK(c.Exec("RESET session_replication_role"));
  auto v = VerifyAuditChain(c, keys);
  IMEDIC_ASSERT_OK(v);
  EXPECT_TRUE(v->ok) << v->problem;
}

// Sealing throughput; IMEDIC_AUDIT_BENCH_ROWS=100000 for the full measure.
TEST_F(AuditChainTest, SealingThroughput) {
  int rows = 20000;
  if (const char* env = std::getenv("IMEDIC_AUDIT_BENCH_ROWS")) rows = std::atoi(env);
  AppendRows(rows);
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(SealAll(keys_), rows);
  const double seal_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto t1 = std::chrono::steady_clock::now();
  VerifyReport v = Verify(keys_);
  const double verify_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  EXPECT_TRUE(v.ok) << v.problem;
  std::printf("[ info ] sealed %d rows in %.2f s (%.0f rows/s); verified in %.2f s (%.0f rows/s)\n",
              rows, seal_s, rows / seal_s, verify_s, rows / verify_s);
}

// ------------------------------------------------------------- query API

class AuditApiTest : public ::testing::Test {
 protected:
  AuditApiTest() {
    app::ApplicationOptions options;
    options.conninfo = db_.conninfo();
    options.pool_size = 2;
    app_ = std::make_unique<app::Application>(std::move(options), testing::TestKeyring());
    auditor_.user_id = "aaaaaaaa-0000-4000-8000-000000000001";
    auditor_.user_type = "staff";
    auditor_.roles = {"auditor"};
    auditor_.permissions = {"audit.read"};
    patient_.user_id = kPatientUser;
    patient_.user_type = "patient";
    patient_.roles = {"patient"};
    patient_.patient_profile_id = kPatientProfile;
  }

  struct Answer {
    int status = 0;
    nlohmann::json body;
    core::Error error;
  };

  Answer Call(const std::string& path, const std::string& query, const core::Principal* who) {
    http::Request req;
    req.method = "GET";
    req.path = path;
    req.query = query;
    req.target = path + (query.empty() ? "" : "?" + query);
    req.request_id = "req-api-test";
    req.remote_address = "192.0.2.7";
    auto m = app_->router().Match("GET", path);
    EXPECT_EQ(m.kind, http::RouteMatch::Kind::kFound);
    http::RequestContext ctx{req, m.params, who};
    auto r = m.route->handler(ctx);
    Answer a;
    if (!r) {
      a.error = r.error();
      return a;
    }
    a.status = r->status;
    a.body = nlohmann::json::parse(r->body);
    return a;
  }

  // Follows `next` links from the first page; returns every id seen.
  std::vector<std::int64_t> AllPages(const std::string& path, const std::string& query,
                                     const core::Principal* who, int* pages = nullptr) {
    std::vector<std::int64_t> ids;
    std::string q = query;
    for (int n = 1;; ++n) {
      Answer a = Call(path, q, who);
      EXPECT_EQ(a.status, 200) << a.error.public_message;
      if (a.status != 200) break;
      for (const auto& item : a.body["items"]) ids.push_back(item["id"].get<std::int64_t>());
      if (pages) *pages = n;
      if (a.body["next"].is_null()) break;
      std::string next = a.body["next"].get<std::string>();
      EXPECT_EQ(next.rfind(path + "?", 0), 0u) << next;
      q = next.substr(path.size() + 1);
      if (n > 1000) break;
    }
    return ids;
  }

  std::vector<std::int64_t> IdsWhere(const std::string& where) {
    auto r = db_.conn().Exec("SELECT id FROM audit_log WHERE " + where + " ORDER BY id DESC");
    std::vector<std::int64_t> ids;
    if (!r) return ids;
    for (int i = 0; i < r->rows(); ++i) ids.push_back(std::stoll(std::string(r->Get(i, 0))));
    return ids;
  }

  // 3 actors × 40 rows over 40 days, about 2 patients and 3 tables.
  void Seed() {
    IMEDIC_ASSERT_OK(db_.conn().Exec(
        "INSERT INTO audit_log (occurred_at, actor_user_id, actor_role, action, table_name, "
        "row_id, subject_patient_profile_id) "
        "SELECT timestamptz '2026-01-01 00:00:00+00' + (g % 40) * interval '1 day', "
        "(ARRAY['bbbbbbbb-0000-4000-8000-000000000001', 'bbbbbbbb-0000-4000-8000-000000000002', "
        "'" +
        std::string(kPatientUser) +
        "'])[1 + g % 3]::uuid, 'staff', "
        "(ARRAY['read', 'update', 'create', 'read'])[1 + g % 4], "
        "(ARRAY['patient_profiles', 'bookings', 'consultations'])[1 + g % 3], g::text, "
        "(ARRAY['" +
        std::string(kPatientProfile) +
        "', 'cccccccc-0000-4000-8000-000000000009'])"
        "[1 + g % 2]::uuid FROM generate_series(1, 120) g"));
  }

  static constexpr const char* kPatientUser = "bbbbbbbb-0000-4000-8000-000000000003";
  static constexpr const char* kPatientProfile = "cccccccc-0000-4000-8000-000000000001";

  TestDatabase db_;
  std::unique_ptr<app::Application> app_;
  core::Principal auditor_, patient_;
};

TEST_F(AuditApiTest, RoutesDeclareTheirPolicy) {
  auto m = app_->router().Match("GET", "/audit-log");
  ASSERT_EQ(m.kind, http::RouteMatch::Kind::kFound);
  EXPECT_EQ(m.route->permission, "audit.read");
  EXPECT_EQ(m.route->audit_tag, "read");
  auto me = app_->router().Match("GET", "/me/access-log");
  ASSERT_EQ(me.kind, http::RouteMatch::Kind::kFound);
  EXPECT_EQ(me.route->permission, http::kAuthenticated);
  EXPECT_EQ(me.route->audit_tag, "read");
}

TEST_F(AuditApiTest, PaginationReturnsEveryRowExactlyOnceNewestFirst) {
  Seed();
  const std::vector<std::int64_t> expected = IdsWhere("true");
  int pages = 0;
  std::vector<std::int64_t> seen = AllPages("/audit-log", "limit=7", &auditor_, &pages);
  EXPECT_EQ(seen, expected);  // same ids, same (descending) order, no repeats
  EXPECT_EQ(pages, 18);       // 120 rows / 7 per page
  // Each page read was audited; none of those rows appeared in the pages.
  EXPECT_EQ(IdsWhere("action = 'read' AND table_name = 'audit_log'").size(), 18u);
}

TEST_F(AuditApiTest, FiltersSelectExactlyTheMatchingRows) {
  Seed();
  const std::string actor = "bbbbbbbb-0000-4000-8000-000000000002";
  const std::string other_patient = "cccccccc-0000-4000-8000-000000000009";
  struct Case {
    std::string query, where;
  } cases[] = {
      {"actor_user_id=" + actor, "actor_user_id = '" + actor + "'"},
      {"patient_profile_id=" + other_patient,
       "subject_patient_profile_id = '" + other_patient + "'"},
      {"table=bookings", "table_name = 'bookings'"},
      {"action=read", "action = 'read'"},
      {"from=2026-01-10T00:00:00Z&to=2026-01-20T00:00:00Z",
       "occurred_at >= '2026-01-10T00:00:00Z' AND occurred_at < '2026-01-20T00:00:00Z'"},
      {"from=2026-01-10T03:00:00%2B03:00", "occurred_at >= '2026-01-10T00:00:00Z'"},
      {"actor_user_id=" + actor + "&table=consultations&action=update&to=2026-01-30T00:00:00Z",
       "actor_user_id = '" + actor +
           "' AND table_name = 'consultations' AND action = 'update' "
           "AND occurred_at < '2026-01-30T00:00:00Z'"},
      {"action=erase", "false"},
  };
  for (const auto& c : cases) {
    // Only the seeded rows: the reads' own audit rows have higher ids.
    const std::vector<std::int64_t> expected = IdsWhere("id <= 120 AND " + c.where);
    std::vector<std::int64_t> seen = AllPages("/audit-log", c.query + "&limit=9&before_id=121",
                                              &auditor_);
    EXPECT_EQ(seen, expected) << c.query;
  }
}

TEST_F(AuditApiTest, ItemsCarryTheTrailButTheReadIsAuditedToo) {
  AuditEntry e;
  e.actor_user_id = "bbbbbbbb-0000-4000-8000-000000000001";
  e.actor_role = "medical";
  e.action = "update";
  e.table_name = "medical_histories";
  e.row_id = "r1";
  e.subject_patient_profile_id = kPatientProfile;
  e.ip = "10.1.2.3";
  e.changed_columns = {"medications"};
  IMEDIC_ASSERT_OK(AppendAudit(db_.conn(), e));
  Answer a = Call("/audit-log", "patient_profile_id=" + std::string(kPatientProfile), &auditor_);
  ASSERT_EQ(a.status, 200) << a.error.public_message;
  ASSERT_EQ(a.body["items"].size(), 1u);
  const auto& item = a.body["items"][0];
  EXPECT_EQ(item["actor_role"], "medical");
  EXPECT_EQ(item["action"], "update");
  EXPECT_EQ(item["table"], "medical_histories");
  EXPECT_EQ(item["patient_profile_id"], kPatientProfile);
  EXPECT_EQ(item["ip"], "10.1.2.3");
  EXPECT_EQ(item["changed_columns"], nlohmann::json::array({"medications"}));
  EXPECT_TRUE(item["chain_seq"].is_null());
  EXPECT_TRUE(a.body["next"].is_null());
  ASSERT_TRUE(item["occurred_at"].is_string());
  EXPECT_TRUE(core::IsRfc3339(item["occurred_at"].get<std::string>())) << item["occurred_at"];

  auto r = db_.conn().Exec(
      "SELECT actor_user_id, actor_role, request_id, host(ip), subject_patient_profile_id "
      "FROM audit_log WHERE action = 'read' AND table_name = 'audit_log'");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->rows(), 1);
  EXPECT_EQ(r->Get(0, 0), auditor_.user_id);
  EXPECT_EQ(r->Get(0, 1), "auditor");
  EXPECT_EQ(r->Get(0, 2), "req-api-test");
  EXPECT_EQ(r->Get(0, 3), "192.0.2.7");
  EXPECT_EQ(r->Get(0, 4), kPatientProfile);
}

TEST_F(AuditApiTest, BadParametersAre422NamingTheParameterAndNothingIsAudited) {
  for (const auto& [query, field] :
       std::vector<std::pair<std::string, std::string>>{{"actor_user_id=nope", "actor_user_id"},
                                                        {"from=yesterday", "from"},
                                                        {"limit=500", "limit"},
                                                        {"before_id=abc", "before_id"},
                                                        {"sort=id", "sort"},
                                                        {"table=a%zz", "query"}}) {
    Answer a = Call("/audit-log", query, &auditor_);
    EXPECT_EQ(a.status, 0) << query;
    EXPECT_EQ(a.error.code, core::ErrorCode::kInvalidInput) << query;
    ASSERT_FALSE(a.error.fields.empty()) << query;
    EXPECT_EQ(a.error.fields[0].field, field) << query;
  }
  EXPECT_EQ(Int(db_.conn(), "SELECT count(*) FROM audit_log"), 0);
}

TEST_F(AuditApiTest, WithoutAuditReadTheHandlerRefuses) {
  Answer a = Call("/audit-log", "", &patient_);
  EXPECT_EQ(a.error.code, core::ErrorCode::kForbidden);
  Answer anonymous = Call("/audit-log", "", nullptr);
  EXPECT_EQ(anonymous.error.code, core::ErrorCode::kUnauthenticated);
}

TEST_F(AuditApiTest, PatientSeesWhoElseTouchedTheirDataPageByPage) {
  Seed();
  const std::vector<std::int64_t> expected =
      IdsWhere("subject_patient_profile_id = '" + std::string(kPatientProfile) +
               "' AND actor_user_id IS DISTINCT FROM '" + kPatientUser + "'");
  ASSERT_FALSE(expected.empty());
  int pages = 0;
  std::vector<std::int64_t> seen = AllPages("/me/access-log", "limit=6", &patient_, &pages);
  EXPECT_EQ(seen, expected);

  Answer a = Call("/me/access-log", "limit=1", &patient_);
  ASSERT_EQ(a.status, 200);
  ASSERT_EQ(a.body["items"].size(), 1u);
  std::set<std::string> keys;
  for (auto it = a.body["items"][0].begin(); it != a.body["items"][0].end(); ++it) {
    keys.insert(it.key());
  }
  EXPECT_EQ(keys, (std::set<std::string>{"id", "time", "action", "table", "actor_role",
                                         "actor_user_id"}));
  // Their own reads of the log are audited, about them, but not shown to them.
  EXPECT_EQ(IdsWhere("action = 'read' AND table_name = 'audit_log' AND actor_user_id = '" +
                     std::string(kPatientUser) + "' AND subject_patient_profile_id = '" +
                     kPatientProfile + "'")
                .size(),
            static_cast<std::size_t>(pages + 1));

  // An auditor reading that patient's trail shows up in the patient's list.
  ASSERT_EQ(Call("/audit-log", "patient_profile_id=" + std::string(kPatientProfile) + "&limit=1",
                 &auditor_)
                .status,
            200);
  Answer after = Call("/me/access-log", "limit=1", &patient_);
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(after.body["items"][0]["actor_user_id"], auditor_.user_id);
  EXPECT_EQ(after.body["items"][0]["table"], "audit_log");

  // Not a patient: an empty list.
  Answer staff = Call("/me/access-log", "", &auditor_);
  ASSERT_EQ(staff.status, 200);
  EXPECT_TRUE(staff.body["items"].empty());
  EXPECT_TRUE(staff.body["next"].is_null());
  EXPECT_EQ(Call("/me/access-log", "table=x", &patient_).error.fields.at(0).field, "table");
}

// Through the real server: the routes exist and demand a signed-in caller.
TEST(AuditApiServer, RoutesRequireAuthentication) {
  TestDatabase db;
  testing::TestServer server(db.conninfo());
  for (const char* path : {"/audit-log", "/me/access-log"}) {
    auto r = testing::Get(server.port(), path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 401) << path;
  }
}

}  // namespace
}  // namespace imedic::privacy
