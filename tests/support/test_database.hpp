// The integration-test harness: one throw-away PostgreSQL cluster per test
// process (started on first use, stopped at exit) with a database
// `imedic_template` migrated once; every TestDatabase is a fresh copy of it.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "db/connection.hpp"
#include "db/embedded_cluster.hpp"

namespace imedic::testing {

// The shared cluster of this test process.
db::EmbeddedCluster& SharedCluster();
// Stops the shared cluster and removes its folder (called by test_main).
void ShutdownSharedCluster();

// A folder under /tmp that the postgres user can traverse; removed when
// the object goes away.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "imedic-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class TestDatabase {
 public:
  enum class Kind { kMigrated, kEmpty };
  explicit TestDatabase(Kind kind = Kind::kMigrated);
  ~TestDatabase();  // drops the database (terminating its connections)
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& name() const { return name_; }
  const std::string& conninfo() const { return conninfo_; }
  // A connection owned by this object, opened on first use.
  db::Connection& conn();

 private:
  std::string name_;
  std::string conninfo_;
  std::optional<db::Connection> conn_;
};

// Unwraps a Result in a test, failing the test with the error's detail.
#define IMEDIC_ASSERT_OK(expr)                                                              \
  do {                                                                                      \
    auto&& imedic_r_ = (expr);                                                              \
    ASSERT_TRUE(imedic_r_.has_value()) << #expr << ": " << imedic_r_.error().public_message \
                                       << " / " << imedic_r_.error().internal_detail;       \
  } while (0)

}  // namespace imedic::testing
