// The session cache against a real database: a known token costs no
// session query, and every kind of revocation — made through this server,
// or behind its back as another node or an operator would — ends access
// within a second.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/opaque_token.hpp"
#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace imedic::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr const char* kUser = "50000000-0000-4000-8000-000000000001";
constexpr const char* kAdmin = "50000000-0000-4000-8000-000000000002";

class SessionCacheIT : public ::testing::Test {
 protected:
  void SetUp() override {
    AddUser(db_.conn(), kUser, "cached@example.com", "staff", {"sales"});
    AddUser(db_.conn(), kAdmin, "root@example.com", "admin", {"admin"});
    ASSERT_TRUE(server_.app().SyncAccessChanges()) << "the listener is not connected";
  }

  int Status(const std::string& token, const std::string& path = "/me") {
    auto r = Authed(server_.port(), token, "GET", path);
    return r ? r->status : -1;
  }

  // How long until `path` answers `status` for `token` (polling), or 5 s.
  std::chrono::milliseconds TimeUntil(const std::string& token, int status,
                                      const std::string& path = "/me") {
    const auto start = Clock::now();
    while (Clock::now() - start < 5s) {
      if (Status(token, path) == status) break;
      std::this_thread::sleep_for(5ms);
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  }

  TestDatabase db_;
  TestServer server_{db_.conninfo()};
};

TEST_F(SessionCacheIT, AKnownTokenIsAnsweredFromMemory) {
  std::string token = MintSession(db_.conn(), kUser);
  const auto before = server_.app().session_cache_stats();
  EXPECT_EQ(Status(token), 200);
  EXPECT_EQ(Status(token), 200);
  EXPECT_EQ(Status(token), 200);
  const auto after = server_.app().session_cache_stats();
  EXPECT_EQ(after.misses - before.misses, 1u) << "only the first request asks the database";
  EXPECT_EQ(after.hits - before.hits, 2u);
  EXPECT_TRUE(after.enabled);
  // A token nobody knows is never cached: each try asks the database.
  EXPECT_EQ(Status("imd_s_unknown"), 401);
  EXPECT_EQ(Status("imd_s_unknown"), 401);
  EXPECT_EQ(server_.app().session_cache_stats().stored, after.stored);
}

TEST_F(SessionCacheIT, RevocationBehindTheServersBackEndsAccessWithinASecond) {
  std::string token = MintSession(db_.conn(), kUser);
  ASSERT_EQ(Status(token), 200);
  ASSERT_EQ(Status(token), 200);  // cached
  // As another node (or an operator) would: straight in the database.
  ASSERT_TRUE(db_.conn().ExecParams(
      "UPDATE sessions SET revoked_at = now(), revoke_reason = 'admin' WHERE token_hash = $1",
      db::Params{core::TokenHash(token)}));
  EXPECT_LT(TimeUntil(token, 401), 1000ms);
}

TEST_F(SessionCacheIT, RoleAndStatusChangesReachCachedTokensWithinASecond) {
  std::string token = MintSession(db_.conn(), kUser);
  ASSERT_EQ(Status(token, "/admin/roles"), 403);  // sales may not manage roles
  ASSERT_TRUE(db_.conn().ExecParams("INSERT INTO user_roles (user_id, role) VALUES ($1, 'admin')",
                                    db::Params{kUser}));
  EXPECT_LT(TimeUntil(token, 200, "/admin/roles"), 1000ms);
  ASSERT_TRUE(db_.conn().ExecParams("UPDATE users SET status = 'suspended' WHERE id = $1",
                                    db::Params{kUser}));
  EXPECT_LT(TimeUntil(token, 401), 1000ms);
}

TEST_F(SessionCacheIT, ARolesPermissionsChangeReachesEveryone) {
  std::string token = MintSession(db_.conn(), kUser);
  ASSERT_EQ(Status(token, "/admin/roles"), 403);
  ASSERT_TRUE(db_.conn().Exec(
      "INSERT INTO role_permissions (role, permission) VALUES ('sales', 'roles.manage')"));
  EXPECT_LT(TimeUntil(token, 200, "/admin/roles"), 1000ms);
}

TEST_F(SessionCacheIT, ChangesMadeThroughThisServerTakeEffectOnTheNextRequest) {
  std::string token = MintSession(db_.conn(), kUser);
  std::string admin = MintSession(db_.conn(), kAdmin);
  ASSERT_EQ(Status(token), 200);
  ASSERT_EQ(Status(admin), 200);
  // The admin suspends the user: the very next request of the user fails,
  // without waiting for the database's notification.
  auto r = Authed(server_.port(), admin, "POST", std::string("/admin/users/") + kUser + "/suspend",
                  "{}");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Status(token), 401);
  // Logout: the same token is refused at once.
  ASSERT_EQ(Status(admin), 200);
  auto out = Authed(server_.port(), admin, "POST", "/auth/logout", "{}");
  ASSERT_TRUE(out);
  ASSERT_EQ(out->status, 200) << out->body;
  EXPECT_EQ(Status(admin), 401);
}

TEST_F(SessionCacheIT, ALostListenerConnectionDisablesTheCacheUntilItIsBack) {
  std::string token = MintSession(db_.conn(), kUser);
  ASSERT_EQ(Status(token), 200);
  const auto* listener = server_.app().auth_listener();
  ASSERT_NE(listener, nullptr);
  const int connections = listener->connections();
  ASSERT_TRUE(db_.conn().Exec(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
      "WHERE application_name = 'imedic-auth-listener' AND datname = current_database()"));
  // While it is away nothing is served from memory, so a revocation made
  // now is seen at once; once it is back the cache starts empty.
  ASSERT_TRUE(db_.conn().ExecParams("UPDATE sessions SET revoked_at = now() WHERE token_hash = $1",
                                    db::Params{core::TokenHash(token)}));
  EXPECT_LT(TimeUntil(token, 401), 1000ms);
  const auto start = Clock::now();
  while (listener->connections() == connections && Clock::now() - start < 5s) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_GT(listener->connections(), connections) << "the listener reconnects";
  EXPECT_TRUE(server_.app().SyncAccessChanges());
  std::string fresh = MintSession(db_.conn(), kUser);
  EXPECT_EQ(Status(fresh), 200);
  const auto before = server_.app().session_cache_stats();
  EXPECT_EQ(Status(fresh), 200);
  EXPECT_EQ(server_.app().session_cache_stats().hits - before.hits, 1u) << "caching again";
  EXPECT_EQ(Status(token), 401);
}

}  // namespace
}  // namespace imedic::testing
