// The migration runner against a real, empty database.
#include "db/migrator.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "support/test_database.hpp"

namespace imedic::db {
namespace {

using testing::TestDatabase;

std::vector<Migration> Embedded() {
  auto m = EmbeddedMigrations();
  return {m.begin(), m.end()};
}

TEST(Migrator, AppliesEveryEmbeddedMigrationOnAnEmptyDatabase) {
  TestDatabase db(TestDatabase::Kind::kEmpty);
  auto report = Migrate(db.conn(), EmbeddedMigrations());
  IMEDIC_ASSERT_OK(report);
  EXPECT_EQ(report->applied.size(), EmbeddedMigrations().size());
  EXPECT_EQ(report->current_version, EmbeddedMigrations().back().version);
  auto rows = db.conn().Exec("SELECT count(*), max(version) FROM schema_migrations");
  IMEDIC_ASSERT_OK(rows);
  EXPECT_EQ(std::stoul(std::string(rows->Get(0, 0))), EmbeddedMigrations().size());
}

TEST(Migrator, MigratingTwiceIsANoOp) {
  TestDatabase db(TestDatabase::Kind::kEmpty);
  IMEDIC_ASSERT_OK(Migrate(db.conn(), EmbeddedMigrations()));
  auto before =
      db.conn().Exec("SELECT string_agg(version || ':' || applied_at, ',') FROM schema_migrations");
  IMEDIC_ASSERT_OK(before);
  auto again = Migrate(db.conn(), EmbeddedMigrations());
  IMEDIC_ASSERT_OK(again);
  EXPECT_TRUE(again->applied.empty());
  auto after =
      db.conn().Exec("SELECT string_agg(version || ':' || applied_at, ',') FROM schema_migrations");
  IMEDIC_ASSERT_OK(after);
  EXPECT_EQ(before->Get(0, 0), after->Get(0, 0)) << "the ledger changed on a second run";
  auto status = CheckMigrations(db.conn(), EmbeddedMigrations());
  IMEDIC_ASSERT_OK(status);
  EXPECT_TRUE(status->current);
  EXPECT_EQ(status->pending_count, 0);
}

TEST(Migrator, ChangedAppliedMigrationIsRefusedNamingTheFile) {
  TestDatabase db(TestDatabase::Kind::kEmpty);
  IMEDIC_ASSERT_OK(Migrate(db.conn(), EmbeddedMigrations()));
  std::vector<Migration> edited = Embedded();
  std::string changed_sql = std::string(edited[1].sql) + "\n-- an edit after the fact\n";
  edited[1].sql = changed_sql;
  auto r = Migrate(db.conn(), edited);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kConflict);
  EXPECT_NE(r.error().public_message.find(std::string(edited[1].name)), std::string::npos)
      << r.error().public_message;
  auto status = CheckMigrations(db.conn(), edited);
  IMEDIC_ASSERT_OK(status);
  EXPECT_FALSE(status->current);
}

TEST(Migrator, PendingMigrationIsReportedThenApplied) {
  TestDatabase db(TestDatabase::Kind::kEmpty);
  std::vector<Migration> all = Embedded();
  std::vector<Migration> first(all.begin(), all.end() - 1);
  IMEDIC_ASSERT_OK(Migrate(db.conn(), first));
  auto status = CheckMigrations(db.conn(), all);
  IMEDIC_ASSERT_OK(status);
  EXPECT_FALSE(status->current);
  EXPECT_EQ(status->pending_count, 1);
  auto r = Migrate(db.conn(), all);
  IMEDIC_ASSERT_OK(r);
  ASSERT_EQ(r->applied.size(), 1u);
  EXPECT_EQ(r->applied[0], all.back().version);
}

TEST(Migrator, FailingMigrationLeavesNothingBehind) {
  TestDatabase db(TestDatabase::Kind::kEmpty);
  std::vector<Migration> all = Embedded();
  all.push_back(
      {9999, "9999_broken", "CREATE TABLE half_done (id int); SELECT no_such_function();"});
  auto r = Migrate(db.conn(), all);
  ASSERT_FALSE(r);
  auto t = db.conn().Exec(
      "SELECT to_regclass('public.half_done') IS NULL, "
      "(SELECT count(*) FROM schema_migrations WHERE version = 9999)");
  IMEDIC_ASSERT_OK(t);
  EXPECT_EQ(t->Get(0, 0), "t") << "the failed migration's table survived";
  EXPECT_EQ(t->Get(0, 1), "0");
}

TEST(Migrator, ConcurrentRunsApplyEachMigrationOnce) {
  TestDatabase db(TestDatabase::Kind::kEmpty);
  std::vector<std::thread> threads;
  std::vector<std::size_t> applied(4, 0);
  std::vector<bool> ok(4, false);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      auto c = Connection::Open(db.conninfo());
      if (!c) return;
      auto r = Migrate(*c, EmbeddedMigrations());
      ok[i] = r.has_value();
      if (r) applied[i] = r->applied.size();
    });
  }
  for (auto& t : threads) t.join();
  std::size_t total = 0;
  for (int i = 0; i < 4; ++i) {
    EXPECT_TRUE(ok[i]) << "run " << i;
    total += applied[i];
  }
  EXPECT_EQ(total, EmbeddedMigrations().size());
}

}  // namespace
}  // namespace imedic::db
