// The connection pool, transactions and SQLSTATE mapping on a real server.
#include "db/pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "db/transaction.hpp"
#include "support/test_database.hpp"

namespace imedic::db {
namespace {

using testing::TestDatabase;

constexpr Query kInsertUser{"test_insert_user",
                            "INSERT INTO users (email, user_type) VALUES ($1, $2) RETURNING id"};

TEST(Pool, LendsAtMostItsSizeAndTimesOutWith503Code) {
  TestDatabase db;
  Pool pool(
      {.conninfo = db.conninfo(), .size = 2, .acquire_timeout = std::chrono::milliseconds(200)});
  auto a = pool.Acquire();
  auto b = pool.Acquire();
  IMEDIC_ASSERT_OK(a);
  IMEDIC_ASSERT_OK(b);
  auto c = pool.Acquire();
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, core::ErrorCode::kUnavailable);
}

TEST(Pool, ReturnedConnectionsAreReused) {
  TestDatabase db;
  Pool pool({.conninfo = db.conninfo(), .size = 1});
  std::string pid1, pid2;
  {
    auto c = pool.Acquire();
    IMEDIC_ASSERT_OK(c);
    pid1 = std::string((*c)->Exec("SELECT pg_backend_pid()")->Get(0, 0));
  }
  {
    auto c = pool.Acquire();
    IMEDIC_ASSERT_OK(c);
    pid2 = std::string((*c)->Exec("SELECT pg_backend_pid()")->Get(0, 0));
  }
  EXPECT_EQ(pid1, pid2);
  EXPECT_EQ(pool.idle_count(), 1);
}

TEST(Pool, ManyThreadsShareASmallPool) {
  TestDatabase db;
  Pool pool({.conninfo = db.conninfo(), .size = 3, .acquire_timeout = std::chrono::seconds(10)});
  std::atomic<int> done{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto c = pool.Acquire();
        if (c && (*c)->Exec("SELECT 1")) ++done;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(done.load(), 200);
}

TEST(SqlState, UniqueViolationIsConflictWithConstraintName) {
  TestDatabase db;
  IMEDIC_ASSERT_OK(db.conn().Execute(kInsertUser, Params{"a@example.com", "patient"}));
  auto dup = db.conn().Execute(kInsertUser, Params{"a@example.com", "patient"});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(dup.error().constraint, "users_email_key");
  EXPECT_EQ(dup.error().internal_detail.find("a@example.com"), std::string::npos)
      << "a value reached the error detail";
}

TEST(SqlState, CheckAndForeignKeyViolationsAreInvalidInput) {
  TestDatabase db;
  auto bad_type = db.conn().Execute(kInsertUser, Params{"b@example.com", "alien"});
  ASSERT_FALSE(bad_type);
  EXPECT_EQ(bad_type.error().code, core::ErrorCode::kInvalidInput);
  EXPECT_EQ(bad_type.error().constraint, "users_user_type_check");
  auto fk = db.conn().ExecParams(
      "INSERT INTO user_profiles (user_id, first_name, last_name) VALUES ($1, 'a', 'b')",
      Params{"00000000-0000-4000-8000-000000000000"});
  ASSERT_FALSE(fk);
  EXPECT_EQ(fk.error().code, core::ErrorCode::kInvalidInput);
  EXPECT_EQ(fk.error().constraint, "user_profiles_user_id_fkey");
  auto bad_uuid = db.conn().ExecParams("SELECT $1::uuid", Params{"not-a-uuid"});
  ASSERT_FALSE(bad_uuid);
  EXPECT_EQ(bad_uuid.error().code, core::ErrorCode::kInvalidInput);
}

TEST(SqlState, SerializationFailureIsRetriedByWithTransaction) {
  TestDatabase db;
  IMEDIC_ASSERT_OK(db.conn().Execute(kInsertUser, Params{"c@example.com", "patient"}));
  Pool pool({.conninfo = db.conninfo(), .size = 2});
  // Forced serialization failures on the first two attempts, success after.
  int attempts = 0;
  auto r = pool.WithTransaction([&](Connection& c) -> core::Result<void> {
    ++attempts;
    if (attempts < 3) {
      auto fail = c.Exec("DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '40001'; END $$");
      if (!fail) return core::Fail(fail.error());
    }
    auto u = c.Exec("UPDATE users SET status = 'inactive' WHERE email = 'c@example.com'");
    if (!u) return core::Fail(u.error());
    return {};
  });
  IMEDIC_ASSERT_OK(r);
  EXPECT_EQ(attempts, 3);
  auto s = db.conn().Exec("SELECT status FROM users WHERE email = 'c@example.com'");
  EXPECT_EQ(s->Get(0, 0), "inactive");
}

TEST(Transaction, RollsBackUnlessCommitted) {
  TestDatabase db;
  {
    Transaction tx(db.conn());
    IMEDIC_ASSERT_OK(tx.Begin());
    IMEDIC_ASSERT_OK(db.conn().Execute(kInsertUser, Params{"d@example.com", "patient"}));
  }
  auto n = db.conn().Exec("SELECT count(*) FROM users WHERE email = 'd@example.com'");
  EXPECT_EQ(n->Get(0, 0), "0");
  {
    Transaction tx(db.conn());
    IMEDIC_ASSERT_OK(tx.Begin());
    IMEDIC_ASSERT_OK(db.conn().Execute(kInsertUser, Params{"d@example.com", "patient"}));
    IMEDIC_ASSERT_OK(tx.Commit());
  }
  n = db.conn().Exec("SELECT count(*) FROM users WHERE email = 'd@example.com'");
  EXPECT_EQ(n->Get(0, 0), "1");
}

TEST(Triggers, UpdatedAtIsMaintained) {
  TestDatabase db;
  auto id = db.conn().Execute(kInsertUser, Params{"e@example.com", "patient"});
  IMEDIC_ASSERT_OK(id);
  IMEDIC_ASSERT_OK(
      db.conn().ExecParams("UPDATE users SET created_at = created_at - interval '1 day', "
                           "updated_at = updated_at - interval '1 day' WHERE id = $1",
                           Params{id->Get(0, 0)}));
  // The trigger overrides the explicit value with now().
  auto r = db.conn().ExecParams(
      "SELECT updated_at > created_at + interval '12 hours' FROM users WHERE id = $1",
      Params{id->Get(0, 0)});
  IMEDIC_ASSERT_OK(r);
  EXPECT_EQ(r->Get(0, 0), "t");
}

}  // namespace
}  // namespace imedic::db
