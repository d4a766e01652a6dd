// The real HTTP server over a real database: endpoints, limits, timeouts,
// malformed input and graceful shutdown, all answered as problem+json.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace imedic::testing {
namespace {

using namespace std::chrono_literals;

void ExpectProblem(const std::optional<HttpResponse>& r, int status) {
  ASSERT_TRUE(r.has_value()) << "no answer";
  EXPECT_EQ(r->status, status);
  EXPECT_EQ(r->Header("content-type"), "application/problem+json");
  auto body = nlohmann::json::parse(r->body, nullptr, false);
  ASSERT_FALSE(body.is_discarded()) << r->body;
  EXPECT_EQ(body["status"], status);
  EXPECT_TRUE(body.contains("title"));
  EXPECT_TRUE(body.contains("detail"));
  EXPECT_EQ(r->body.find("<html"), std::string::npos);
}

class HttpServerTest : public ::testing::Test {
 protected:
  TestDatabase db_;
};

TEST_F(HttpServerTest, HealthzReadyzVersion) {
  TestServer server(db_.conninfo());
  auto health = Get(server.port(), "/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto ready = Get(server.port(), "/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200) << ready->body;
  EXPECT_EQ(nlohmann::json::parse(ready->body)["status"], "ready");
  auto version = Get(server.port(), "/version");
  ASSERT_TRUE(version);
  EXPECT_EQ(version->status, 200);
  auto v = nlohmann::json::parse(version->body);
  EXPECT_EQ(v["name"], "imedic");
  EXPECT_GT(v["schema_version"].get<int>(), 0);
}

TEST_F(HttpServerTest, ReadyzIs503WhenTheSchemaIsNotMigrated) {
  TestDatabase empty(TestDatabase::Kind::kEmpty);
  TestServer server(empty.conninfo());
  auto r = Get(server.port(), "/readyz");
  ExpectProblem(r, 503);
  EXPECT_EQ(r->Header("retry-after"), "1");
  EXPECT_NE(r->body.find("pending"), std::string::npos) << r->body;
}

// HEAD answers like GET without the body; every answer has a Date; a JSON
// read carries its ETag and is answered 304 when If-None-Match names it.
TEST_F(HttpServerTest, HeadDateAndConditionalGet) {
  TestServer server(db_.conninfo());
  auto get = Get(server.port(), "/version");
  ASSERT_TRUE(get);
  ASSERT_EQ(get->status, 200);
  ASSERT_FALSE(get->body.empty());
  const std::string tag = get->Header("etag");
  EXPECT_EQ(tag.size(), 34u) << tag;
  // IMF-fixdate: "Thu, 03 Dec 2026 15:04:05 GMT".
  const std::string date = get->Header("date");
  ASSERT_EQ(date.size(), 29u) << date;
  EXPECT_EQ(date.substr(3, 2), ", ");
  EXPECT_EQ(date.substr(25), " GMT");

  auto head = Request(server.port(), "HEAD", "/version");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  EXPECT_EQ(head->Header("content-length"), std::to_string(get->body.size()));
  EXPECT_EQ(head->Header("etag"), tag);
  EXPECT_EQ(head->Header("content-type"), get->Header("content-type"));

  auto cached = Request(server.port(), "GET", "/version", "", "", {{"If-None-Match", tag}});
  ASSERT_TRUE(cached);
  EXPECT_EQ(cached->status, 304);
  EXPECT_TRUE(cached->body.empty());
  EXPECT_EQ(cached->Header("etag"), tag);
  auto changed = Request(server.port(), "GET", "/version", "", "",
                         {{"If-None-Match", "\"stale\""}});
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->status, 200);
  EXPECT_EQ(changed->body, get->body);
  // HEAD of a path without a GET route: 405 naming what is allowed.
  auto no_get = Request(server.port(), "HEAD", "/auth/login");
  ASSERT_TRUE(no_get);
  EXPECT_EQ(no_get->status, 405);
}

TEST_F(HttpServerTest, UnknownPathIs404AndWrongMethodIs405) {
  TestServer server(db_.conninfo());
  ExpectProblem(Get(server.port(), "/no/such/thing"), 404);
  auto r = Request(server.port(), "DELETE", "/healthz");
  ExpectProblem(r, 405);
  EXPECT_EQ(r->Header("allow"), "GET, HEAD");
}

TEST_F(HttpServerTest, MalformedRequestLineIs400) {
  TestServer server(db_.conninfo());
  for (const char* bad : {"GARBAGE\r\n\r\n", "GET /healthz HTTP/9.9\r\n\r\n",
                          "GET  HTTP/1.1\r\nHost: x\r\n\r\n", "G(T /healthz HTTP/1.1\r\n\r\n"}) {
    RawConnection c(server.port());
    ASSERT_TRUE(c.Send(bad));
    ExpectProblem(c.Read(), 400);
  }
}

TEST_F(HttpServerTest, BadHeaderAndBadPercentEscapeAre400) {
  TestServer server(db_.conninfo());
  RawConnection c(server.port());
  ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"));
  ExpectProblem(c.Read(), 400);
}

TEST_F(HttpServerTest, OverLimitBodyIs413) {
  TestServer server(db_.conninfo(), [](http::ServerOptions& o) { o.max_body_bytes = 4096; });
  std::string body(5000, 'x');
  ExpectProblem(Request(server.port(), "POST", "/healthz", body), 413);
  // Declared length over the limit is refused before the body is read.
  RawConnection c(server.port());
  ASSERT_TRUE(c.Send("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n"));
  ExpectProblem(c.Read(), 413);
  // Chunked bodies are counted too.
  RawConnection chunked(server.port());
  std::string req = "POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i) req += "800\r\n" + std::string(0x800, 'y') + "\r\n";
  req += "0\r\n\r\n";
  ASSERT_TRUE(chunked.Send(req));
  ExpectProblem(chunked.Read(), 413);
}

TEST_F(HttpServerTest, OversizeHeadersAre431) {
  TestServer server(db_.conninfo(), [](http::ServerOptions& o) { o.max_header_bytes = 2048; });
  RawConnection c(server.port());
  ASSERT_TRUE(
      c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4000, 'a') + "\r\n\r\n"));
  ExpectProblem(c.Read(), 431);
}

TEST_F(HttpServerTest, SlowClientGets408AndIsDisconnected) {
  TestServer server(db_.conninfo(), [](http::ServerOptions& o) { o.read_timeout = 300ms; });
  RawConnection c(server.port());
  ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n"));  // never finishes
  auto r = c.Read(3s);
  ExpectProblem(r, 408);
  EXPECT_TRUE(c.WaitClosed(2s));
}

TEST_F(HttpServerTest, IdleKeepAliveConnectionIsClosedAfterIdleTimeout) {
  TestServer server(db_.conninfo(), [](http::ServerOptions& o) { o.idle_timeout = 300ms; });
  RawConnection c(server.port());
  ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(c.WaitClosed(3s));
}

TEST_F(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  TestServer server(db_.conninfo());
  RawConnection c(server.port());
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(c.Send("GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n"));
    auto r = c.Read();
    ASSERT_TRUE(r) << "request " << i;
    EXPECT_EQ(r->status, 200);
  }
  // Pipelined: two requests in one write, two answers in order.
  ASSERT_TRUE(
      c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto first = c.Read();
  auto second = c.Read();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(second->status, 404);
}

TEST_F(HttpServerTest, SecurityHeadersAndRequestIds) {
  TestServer server(db_.conninfo());
  RawConnection c(server.port());
  ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: abc-123\r\n\r\n"));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->Header("x-request-id"), "abc-123");
  EXPECT_EQ(r->Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r->Header("x-frame-options"), "DENY");
  EXPECT_EQ(r->Header("cache-control"), "no-store");
  // A hostile id is replaced, not echoed.
  ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: <script>\r\n\r\n"));
  auto r2 = c.Read();
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->Header("x-request-id").size(), 16u);
  EXPECT_EQ(r2->Header("x-request-id").find('<'), std::string::npos);
}

TEST_F(HttpServerTest, ManyConcurrentClients) {
  TestServer server(db_.conninfo());
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 16; ++t) {
    clients.emplace_back([&] {
      RawConnection c(server.port());
      for (int i = 0; i < 20; ++i) {
        if (!c.Send("GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n")) return;
        auto r = c.Read();
        if (r && r->status == 200) ++ok;
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok.load(), 16 * 20);
}

TEST_F(HttpServerTest, GracefulStopFinishesInFlightRequestsAndClosesIdleOnes) {
  TestServer server(db_.conninfo());
  RawConnection idle(server.port());
  ASSERT_TRUE(idle.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(idle.Read());
  RawConnection in_flight(server.port());
  ASSERT_TRUE(in_flight.Send("GET /readyz HTTP/1.1\r\nHost: x\r\n"));  // headers not finished
  std::this_thread::sleep_for(100ms);
  std::thread stopper([&] { server.Stop(); });
  std::this_thread::sleep_for(200ms);
  EXPECT_TRUE(idle.WaitClosed(2s)) << "idle keep-alive connection was not closed";
  ASSERT_TRUE(in_flight.Send("\r\n"));
  auto r = in_flight.Read(5s);
  ASSERT_TRUE(r) << "in-flight request was dropped";
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("connection"), "close");
  stopper.join();
  EXPECT_FALSE(RawConnection(server.port()).ok()) << "still accepting after stop";
}

}  // namespace
}  // namespace imedic::testing
