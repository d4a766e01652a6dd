// The real HTTP server, in process, on an ephemeral port, over a database,
// with the whole application (routes, identity, audit) assembled.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "app/application.hpp"
#include "http/server.hpp"
#include "support/test_database.hpp"

namespace imedic::testing {

// The master key every test application uses (32 zero-based bytes, base64).
const core::Keyring& TestKeyring();

class TestServer {
 public:
  // `tweak` may change the server options (limits, timeouts) before start.
  explicit TestServer(const std::string& conninfo, void (*tweak)(http::ServerOptions&) = nullptr,
                      void (*tweak_app)(app::ApplicationOptions&) = nullptr);
  ~TestServer();  // graceful stop, then join
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  int port() const { return port_; }
  app::Application& app() { return *app_; }
  // Where this server stores uploaded files (a fresh folder, removed with it).
  const std::string& files_dir() const { return files_dir_.path(); }
  void Stop();

 private:
  TempDir files_dir_{"imedic-files"};
  std::unique_ptr<app::Application> app_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace imedic::testing
