// GET /metrics on the real server: off without a token, 401 without the
// right one, and with it a text exposition that Prometheus's own checker
// (promtool, from Debian's prometheus package) accepts, holding the
// families operators alert on.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "app/application.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace imedic::testing {
namespace {

constexpr const char* kToken = "scrape-token-for-tests";
const std::map<std::string, std::string> kBearer = {
    {"Authorization", std::string("Bearer ") + kToken}};

void WithToken(app::ApplicationOptions& o) { o.metrics_token = kToken; }

class MetricsTest : public ::testing::Test {
 protected:
  TestDatabase db_;
};

bool HasLineStarting(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

// The value of the first sample line that starts with `prefix`, or -1.
double Value(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(prefix, 0) == 0) return std::stod(line.substr(line.rfind(' ') + 1));
  }
  return -1;
}

TEST_F(MetricsTest, OffWithoutAConfiguredToken) {
  TestServer server(db_.conninfo());
  auto r = Request(server.port(), "GET", "/metrics", "", "", kBearer);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
}

TEST_F(MetricsTest, RefusesAMissingOrWrongToken) {
  TestServer server(db_.conninfo(), nullptr, WithToken);
  auto none = Get(server.port(), "/metrics");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  auto wrong = Request(server.port(), "GET", "/metrics", "", "",
                       {{"Authorization", "Bearer scrape-token-for-tests-not"}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  auto basic = Request(server.port(), "GET", "/metrics", "", "",
                       {{"Authorization", std::string("Basic ") + kToken}});
  ASSERT_TRUE(basic);
  EXPECT_EQ(basic->status, 401);
}

TEST_F(MetricsTest, ExpositionPassesPromtoolAndCountsWhatHappened) {
  TestServer server(db_.conninfo(), nullptr, WithToken);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Get(server.port(), "/version"));
  ASSERT_TRUE(Get(server.port(), "/no/such/route"));
  auto first = Request(server.port(), "GET", "/metrics", "", "", kBearer);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  auto r = Request(server.port(), "GET", "/metrics", "", "", kBearer);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string& text = r->body;

  // The counters are per process, and other tests of this binary ran before:
  // compare with what this test did, not absolute values.
  EXPECT_GE(
      Value(text, R"(imedic_http_requests_total{method="GET",route="/version",status="200"})"), 3)
      << text;
  EXPECT_GE(
      Value(text, R"(imedic_http_requests_total{method="GET",route="unmatched",status="404"})"), 1);
  EXPECT_GE(
      Value(text, R"(imedic_http_requests_total{method="GET",route="/metrics",status="200"})"), 1);
  EXPECT_TRUE(HasLineStarting(
      text,
      R"(imedic_http_request_duration_seconds_bucket{method="GET",route="/version",le="+Inf"})"));
  // The first scrape ran the backlog statements, by name.
  EXPECT_GE(
      Value(text,
            R"(imedic_db_statement_duration_seconds_count{statement="messaging.outbox_backlog"})"),
      1)
      << text;
  EXPECT_EQ(Value(text, "imedic_metrics_database_up "), 1);
  for (const char* family :
       {"imedic_http_requests_in_flight ", "imedic_http_requests_shed_total ",
        "imedic_db_pool_size ", "imedic_db_pool_connections_in_use ", "imedic_db_pool_waiting ",
        "imedic_db_pool_wait_seconds_count ", "imedic_session_cache_hits_total ",
        "imedic_session_cache_misses_total ", "imedic_password_hasher_queue ",
        "imedic_outbox_undelivered ", "imedic_outbox_oldest_undelivered_age_seconds ",
        "imedic_outbox_dead_letters ", "imedic_audit_unsealed_rows ",
        "imedic_audit_sealing_lag_seconds "}) {
    EXPECT_TRUE(HasLineStarting(text, family)) << family;
  }
  // The scrape itself is in flight while it is written.
  EXPECT_GE(Value(text, "imedic_http_requests_in_flight "), 1);

  TempDir dir("imedic-metrics");
  const std::string file = dir.path() + "/metrics.txt";
  std::ofstream(file) << text;
  const std::string report = dir.path() + "/promtool.txt";
  const int rc =
      std::system(("promtool check metrics < " + file + " > " + report + " 2>&1").c_str());
  std::ifstream in(report);
  std::string findings((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(rc, 0) << "promtool check metrics (./dev setup installs Debian's prometheus):\n"
                   << findings;

  // Every family the Grafana dashboard queries is one this server exports.
  std::ifstream dashboard_file(std::string(IMEDIC_SOURCE_DIR) +
                               "/docs/grafana/imedic-dashboard.json");
  ASSERT_TRUE(dashboard_file.good());
  const auto dashboard = nlohmann::json::parse(dashboard_file);
  int queried = 0;
  for (const auto& panel : dashboard["panels"]) {
    for (const auto& target : panel["targets"]) {
      const std::string expr = target["expr"];
      for (std::size_t at = expr.find("imedic_"); at != std::string::npos;
           at = expr.find("imedic_", at + 1)) {
        std::size_t end = at;
        while (end < expr.size() &&
               (std::isalnum(static_cast<unsigned char>(expr[end])) || expr[end] == '_')) {
          ++end;
        }
        const std::string family = expr.substr(at, end - at);
        // A sample, or the family's TYPE line (this server runs no jobs).
        EXPECT_TRUE(text.find("\n" + family) != std::string::npos ||
                    text.find("# TYPE " + family + " ") != std::string::npos)
            << panel["title"] << " queries " << family << ", which /metrics does not export";
        ++queried;
        at = end;
      }
    }
  }
  EXPECT_GT(queried, 10);
}

}  // namespace
}  // namespace imedic::testing
