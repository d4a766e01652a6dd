#include "support/test_server.hpp"

#include "app/routes.hpp"

namespace imedic::testing {

TestServer::TestServer(const std::string& conninfo, void (*tweak)(http::ServerOptions&))
    : pool_({.conninfo = conninfo, .size = 4, .acquire_timeout = std::chrono::milliseconds(1000)}),
      services_{pool_, "test"} {
  app::RegisterRoutes(router_, services_);
  http::ServerOptions options{.host = "127.0.0.1",
                              .port = 0,
                              .io_threads = 2,
                              .worker_threads = 4,
                              .handle_signals = false};
  if (tweak) tweak(options);
  server_ = std::make_unique<http::Server>(options, router_);
  port_ = server_->Listen();
  thread_ = std::thread([this] { server_->Run(); });
}

void TestServer::Stop() {
  if (thread_.joinable()) {
    server_->Stop();
    thread_.join();
  }
}

TestServer::~TestServer() { Stop(); }

}  // namespace imedic::testing
