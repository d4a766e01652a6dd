// The real HTTP server, in process, on an ephemeral port, over a database.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "app/services.hpp"
#include "db/pool.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace imedic::testing {

class TestServer {
 public:
  // `tweak` may change the server options (limits, timeouts) before start.
  explicit TestServer(const std::string& conninfo,
                      void (*tweak)(http::ServerOptions&) = nullptr);
  ~TestServer();  // graceful stop, then join
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  int port() const { return port_; }
  void Stop();

 private:
  db::Pool pool_;
  app::Services services_;
  http::Router router_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace imedic::testing
