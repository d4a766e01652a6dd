// PostgreSQL goes away under a running server: 503 while it is down (never a
// crash or a hang), and recovery without a restart when it comes back.
#include <gtest/gtest.h>

#include <thread>

#include "db/migrator.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace imedic::testing {
namespace {

using namespace std::chrono_literals;

TEST(Outage, ServerAnswers503WhileDatabaseIsDownAndRecovers) {
  TempDir dir("imedic-outage");
  auto cluster = db::EmbeddedCluster::Start({.dir = dir.path() + "/pg", .ephemeral = true});
  IMEDIC_ASSERT_OK(cluster);
  {
    auto conn = db::Connection::Open((*cluster)->ConnInfo());
    IMEDIC_ASSERT_OK(conn);
    IMEDIC_ASSERT_OK(db::Migrate(*conn, db::EmbeddedMigrations()));
  }
  TestServer server((*cluster)->ConnInfo());
  auto up = Get(server.port(), "/readyz");
  ASSERT_TRUE(up);
  ASSERT_EQ(up->status, 200);

  IMEDIC_ASSERT_OK((*cluster)->Stop());
  for (int i = 0; i < 5; ++i) {
    auto down = Get(server.port(), "/readyz");
    ASSERT_TRUE(down) << "no answer while the database is down";
    EXPECT_EQ(down->status, 503);
    EXPECT_EQ(down->Header("content-type"), "application/problem+json");
    EXPECT_EQ(down->Header("retry-after"), "1");
  }
  auto alive = Get(server.port(), "/healthz");
  ASSERT_TRUE(alive);
  EXPECT_EQ(alive->status, 200) << "liveness must not depend on the database";

  IMEDIC_ASSERT_OK((*cluster)->Restart());
  int status = 0;
  for (int i = 0; i < 50 && status != 200; ++i) {
    auto r = Get(server.port(), "/readyz");
    status = r ? r->status : 0;
    if (status != 200) std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(status, 200) << "the server did not recover after PostgreSQL returned";
  // Every pooled connection was replaced: a burst succeeds entirely.
  for (int i = 0; i < 10; ++i) {
    auto r = Get(server.port(), "/readyz");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  }
}

}  // namespace
}  // namespace imedic::testing
