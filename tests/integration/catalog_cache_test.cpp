// The public catalog cache against a real database: repeated catalog reads
// cost no PostgreSQL work, equivalent URLs share an entry, every change to
// the catalog — through this server, another `serve` process, or straight
// in SQL — is seen within a second, a lost listener turns the cache off
// until it is back, answers carry HTTP caching headers and a 304 for a
// matching If-None-Match, and the byte bound holds.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <map>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "support/child_process.hpp"
#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace imedic::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

constexpr const char* kClinic = "60000000-0000-4000-8000-000000000001";
constexpr const char* kOther = "60000000-0000-4000-8000-000000000002";
constexpr const char* kAdmin = "60000000-0000-4000-8000-0000000000ad";
constexpr const char* kSearch = "/search/providers?country=TR&order=name";

// The names of a search's providers, in order ("" on a failed request).
std::string Names(int port, const std::string& path = kSearch) {
  auto r = Get(port, path);
  if (!r || r->status != 200) return "";
  std::string names;
  const json page = json::parse(r->body);
  for (const auto& p : page["items"]) {
    names += (names.empty() ? "" : ",") + p["name"].get<std::string>();
  }
  return names;
}

// How long until `path` on `port` shows `name`, polling, or 5 s.
std::chrono::milliseconds TimeUntilShown(int port, const std::string& name,
                                         const std::string& path = kSearch) {
  const auto start = Clock::now();
  while (Clock::now() - start < 5s) {
    if (Names(port, path).find(name) != std::string::npos) break;
    std::this_thread::sleep_for(5ms);
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

class CatalogCacheIT : public ::testing::Test {
 protected:
  void SetUp() override {
    AddProvider(db_.conn(), {.id = kClinic,
                             .name = "Bosphorus Hair Clinic",
                             .location_json = R"({"city":"Istanbul","country":"TR"})"});
    AddProvider(db_.conn(), {.id = kOther,
                             .name = "Ankara Dental",
                             .location_json = R"({"city":"Ankara","country":"TR"})"});
    AddUser(db_.conn(), kAdmin, "root@example.com", "admin", {"admin"});
    ASSERT_TRUE(server_.app().SyncCatalogChanges()) << "the catalog listener is not connected";
  }

  void Rename(const char* id, const std::string& name) {
    ASSERT_TRUE(db_.conn().ExecParams("UPDATE providers SET name = $2 WHERE id = $1",
                                      db::Params{id, name}));
  }

  TestDatabase db_;
  TestServer server_{db_.conninfo()};
};

TEST_F(CatalogCacheIT, ARepeatedReadIsAnsweredFromMemoryAndEquivalentUrlsShareAnEntry) {
  const auto before = server_.app().catalog_cache_stats();
  auto first = Get(server_.port(), kSearch);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  // Reordered, other case, defaults spelled out: the same normalised query.
  auto second = Get(server_.port(), "/search/providers?limit=20&order=name&country=tr");
  ASSERT_TRUE(second);
  EXPECT_EQ(second->body, first->body);
  EXPECT_EQ(second->Header("etag"), first->Header("etag"));
  const auto after = server_.app().catalog_cache_stats();
  EXPECT_EQ(after.misses - before.misses, 1u);
  EXPECT_EQ(after.hits - before.hits, 1u);
  EXPECT_TRUE(after.enabled);
  EXPECT_GT(after.bytes, first->body.size());
  // Another filter is another entry.
  EXPECT_EQ(Names(server_.port(), "/search/providers?city=Ankara"), "Ankara Dental");
  EXPECT_EQ(server_.app().catalog_cache_stats().misses - after.misses, 1u);
  // A provider page and its reviews: the second read of each is a hit.
  for (const std::string& path : {std::string("/providers/") + kClinic,
                                  std::string("/providers/") + kClinic + "/reviews?limit=5"}) {
    const auto s0 = server_.app().catalog_cache_stats();
    auto a = Get(server_.port(), path);
    auto b = Get(server_.port(), path);
    ASSERT_TRUE(a && b);
    ASSERT_EQ(a->status, 200) << path << ": " << a->body;
    EXPECT_EQ(b->body, a->body);
    EXPECT_EQ(b->Header("etag"), a->Header("etag")) << "the row version survives the cache";
    const auto s1 = server_.app().catalog_cache_stats();
    EXPECT_EQ(s1.hits - s0.hits, 1u) << path;
  }
  // Refusals are never stored.
  const auto s2 = server_.app().catalog_cache_stats();
  EXPECT_EQ(Get(server_.port(), "/search/providers?country=XX")->status, 422);
  EXPECT_EQ(Get(server_.port(), "/providers/60000000-0000-4000-8000-00000000ffff")->status, 404);
  EXPECT_EQ(server_.app().catalog_cache_stats().stored, s2.stored);
}

TEST_F(CatalogCacheIT, AChangeInSqlIsSeenWithinASecond) {
  ASSERT_EQ(Names(server_.port()), "Ankara Dental,Bosphorus Hair Clinic");
  ASSERT_EQ(Names(server_.port()), "Ankara Dental,Bosphorus Hair Clinic");  // cached
  Rename(kClinic, "Bosphorus Hair Centre");
  EXPECT_LT(TimeUntilShown(server_.port(), "Bosphorus Hair Centre"), 1000ms);
  // A procedure changes what a category search finds.
  const std::string hair = "/search/providers?category=hair_transplant";
  ASSERT_EQ(Names(server_.port(), hair), "");
  ASSERT_TRUE(db_.conn().ExecParams(
      "INSERT INTO procedures (provider_id, name, category, price_range, is_active) "
      "VALUES ($1, 'FUE', 'hair_transplant', '{\"min\":1500,\"currency\":\"EUR\"}', true)",
      db::Params{kClinic}));
  EXPECT_LT(TimeUntilShown(server_.port(), "Bosphorus Hair Centre", hair), 1000ms);
}

TEST_F(CatalogCacheIT, AWriteThroughThisServerIsSeenByItsNextRead) {
  const std::string page = std::string("/providers/") + kClinic;
  ASSERT_EQ(Get(server_.port(), page)->status, 200);
  ASSERT_EQ(Names(server_.port()), "Ankara Dental,Bosphorus Hair Clinic");
  std::string token = MintSession(db_.conn(), kAdmin);
  auto patched = Authed(server_.port(), token, "PATCH", page, R"({"name":"Bosphorus Clinic"})");
  ASSERT_TRUE(patched);
  ASSERT_EQ(patched->status, 200) << patched->body;
  EXPECT_EQ(JsonBody(Get(server_.port(), page))["name"], "Bosphorus Clinic");
  EXPECT_EQ(Names(server_.port()), "Ankara Dental,Bosphorus Clinic");
}

TEST_F(CatalogCacheIT, ALostListenerBypassesTheCacheUntilItIsBack) {
  ASSERT_EQ(Names(server_.port()), "Ankara Dental,Bosphorus Hair Clinic");
  ASSERT_EQ(Names(server_.port()), "Ankara Dental,Bosphorus Hair Clinic");
  const auto* listener = server_.app().catalog_listener();
  ASSERT_NE(listener, nullptr);
  const int connections = listener->connections();
  ASSERT_TRUE(db_.conn().Exec(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
      "WHERE application_name = 'imedic-catalog-listener' AND datname = current_database()"));
  // Wait until this node knows (the cache is then off and empty).
  const auto start = Clock::now();
  while (server_.app().catalog_cache_stats().enabled && Clock::now() - start < 5s) {
    std::this_thread::sleep_for(1ms);
  }
  // Changed while the listener may be away: answers stay true.
  Rename(kClinic, "Renamed While Away");
  const auto b0 = server_.app().catalog_cache_stats();
  EXPECT_LT(TimeUntilShown(server_.port(), "Renamed While Away"), 1000ms);
  while (listener->connections() == connections && Clock::now() - start < 5s) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_GT(listener->connections(), connections) << "the listener reconnects";
  EXPECT_GT(
      server_.app().catalog_cache_stats().bypasses + server_.app().catalog_cache_stats().misses,
      b0.bypasses + b0.misses);
  ASSERT_TRUE(server_.app().SyncCatalogChanges());
  EXPECT_EQ(Names(server_.port()), "Ankara Dental,Renamed While Away");
  const auto s = server_.app().catalog_cache_stats();
  EXPECT_EQ(Names(server_.port()), "Ankara Dental,Renamed While Away");
  EXPECT_EQ(server_.app().catalog_cache_stats().hits - s.hits, 1u) << "caching again";
}

TEST_F(CatalogCacheIT, PublicAnswersCarryCachingHeadersAndAMatchingTagIsA304) {
  auto first = Get(server_.port(), kSearch);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200);
  EXPECT_EQ(first->Header("cache-control"), "public, max-age=10, stale-while-revalidate=30");
  const std::string tag = first->Header("etag");
  ASSERT_FALSE(tag.empty());
  auto again = Request(server_.port(), "GET", kSearch, "", "application/json",
                       {{"If-None-Match", tag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_EQ(again->body, "");
  EXPECT_EQ(again->Header("etag"), tag);
  EXPECT_EQ(again->Header("cache-control"), "public, max-age=10, stale-while-revalidate=30");
  // On a miss too: another node (its cache empty) answers 304 for the same tag.
  TestServer other(db_.conninfo());
  ASSERT_TRUE(other.app().SyncCatalogChanges());
  auto elsewhere = Request(other.port(), "GET", kSearch, "", "application/json",
                           {{"If-None-Match", tag}});
  ASSERT_TRUE(elsewhere);
  EXPECT_EQ(elsewhere->status, 304);
  EXPECT_EQ(other.app().catalog_cache_stats().misses, 1u);
  // A changed catalog no longer matches the old tag.
  Rename(kOther, "Ankara Dental Care");
  ASSERT_LT(TimeUntilShown(server_.port(), "Ankara Dental Care"), 1000ms);
  auto changed = Request(server_.port(), "GET", kSearch, "", "application/json",
                         {{"If-None-Match", tag}});
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->status, 200);
  // Authenticated answers stay private.
  std::string token = MintSession(db_.conn(), kAdmin);
  auto me = Authed(server_.port(), token, "GET", "/me");
  ASSERT_TRUE(me);
  EXPECT_EQ(me->Header("cache-control"), "no-store");
}

TEST(CatalogCacheBound, TheByteBoundHoldsByEvictingTheLeastRecentlyUsed) {
  TestDatabase db;
  for (int i = 0; i < 30; ++i) {
    char id[40];
    std::snprintf(id, sizeof id, "61000000-0000-4000-8000-%012d", i);
    AddProvider(db.conn(), {.id = id,
                            .name = "Clinic " + std::to_string(i),
                            .location_json = R"({"city":"Izmir","country":"TR"})"});
  }
  TestServer server(db.conninfo(), nullptr,
                    [](app::ApplicationOptions& o) { o.catalog_cache_bytes = 96 * 1024; });
  ASSERT_TRUE(server.app().SyncCatalogChanges());
  // 30 distinct pages of 1 to 30 providers (~0.4 KiB each): ~190 KiB, twice the bound.
  for (int limit = 1; limit <= 30; ++limit) {
    auto r = Get(server.port(), "/search/providers?limit=" + std::to_string(limit));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200);
    const auto s = server.app().catalog_cache_stats();
    EXPECT_LE(s.bytes, s.max_bytes);
  }
  const auto s = server.app().catalog_cache_stats();
  EXPECT_GT(s.evictions, 0u);
  EXPECT_LT(s.entries, 30u);
  // The first pages were the least recently used: gone, so a miss again.
  ASSERT_EQ(Get(server.port(), "/search/providers?limit=1")->status, 200);
  EXPECT_EQ(server.app().catalog_cache_stats().misses - s.misses, 1u);
  // The newest is still there.
  ASSERT_EQ(Get(server.port(), "/search/providers?limit=30")->status, 200);
  EXPECT_EQ(server.app().catalog_cache_stats().hits - s.hits, 1u);
}

// Two `serve` processes over one database, as two nodes behind a load
// balancer: a change made through one is in the other's search within 1 s.
TEST(CatalogCacheNodes, AChangeThroughOneNodeIsInTheOthersSearchWithinASecond) {
  TestDatabase db;
  AddProvider(db.conn(), {.id = kClinic,
                          .name = "Bosphorus Hair Clinic",
                          .location_json = R"({"city":"Istanbul","country":"TR"})"});
  AddUser(db.conn(), kAdmin, "root@example.com", "admin", {"admin"});
  TempDir dir_a("imedic-node-a"), dir_b("imedic-node-b");
  const auto env = [&db](const std::string& data_dir) {
    return std::map<std::string, std::string>{
        {"IMEDIC_DATA_DIR", data_dir},   {"IMEDIC_PORT", "0"},
        {"DATABASE_URL", db.conninfo()}, {"IMEDIC_LOG_LEVEL", "info"},
        {"IMEDIC_IO_THREADS", "2"},      {"IMEDIC_METRICS_TOKEN", "metrics-secret"}};
  };
  ChildProcess a({"serve"}, env(dir_a.path()), dir_a.path() + "/a.log");
  ChildProcess b({"serve"}, env(dir_b.path()), dir_b.path() + "/b.log");
  const int port_a = a.WaitForPort(60s), port_b = b.WaitForPort(60s);
  ASSERT_GT(port_a, 0) << a.Log();
  ASSERT_GT(port_b, 0) << b.Log();
  // Node b caches the search (once its listener is up: the first answers
  // may be bypasses).
  const auto hits = [port_b]() {
    auto m = Authed(port_b, "metrics-secret", "GET", "/metrics");
    if (!m || m->status != 200) return -1.0;
    const std::string name = "\nimedic_catalog_cache_hits_total ";
    const auto at = m->body.find(name);
    return at == std::string::npos ? -1.0 : std::stod(m->body.substr(at + name.size()));
  };
  const auto start = Clock::now();
  double cached = 0;
  while ((cached = hits()) < 1 && Clock::now() - start < 10s) {
    ASSERT_EQ(Names(port_b), "Bosphorus Hair Clinic") << b.Log();
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_GE(cached, 1) << "node b never answered from its cache";
  // The change goes through node a's API.
  std::string token = MintSession(db.conn(), kAdmin);
  auto patched = Authed(port_a, token, "PATCH", std::string("/providers/") + kClinic,
                        R"({"name":"Bosphorus Hair Centre"})");
  ASSERT_TRUE(patched);
  ASSERT_EQ(patched->status, 200) << patched->body;
  EXPECT_LT(TimeUntilShown(port_b, "Bosphorus Hair Centre"), 1000ms);
  a.Signal(SIGTERM);
  b.Signal(SIGTERM);
  EXPECT_TRUE(a.Wait(30s));
  EXPECT_TRUE(b.Wait(30s));
}

}  // namespace
}  // namespace imedic::testing
