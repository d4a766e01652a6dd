#include "support/test_server.hpp"

#include <stdexcept>

namespace imedic::testing {

const core::Keyring& TestKeyring() {
  static const core::Keyring ring = [] {
    auto r = core::Keyring::FromBase64("test1", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    if (!r) throw std::runtime_error("test keyring");
    return std::move(*r);
  }();
  return ring;
}

TestServer::TestServer(const std::string& conninfo, void (*tweak)(http::ServerOptions&),
                       void (*tweak_app)(app::ApplicationOptions&)) {
  app::ApplicationOptions options;
  options.conninfo = conninfo;
  options.pool_size = 4;
  options.acquire_timeout = std::chrono::milliseconds(1000);
  options.version = "test";
  options.files_dir = files_dir_.path() + "/files";
  // Cheap argon2id in tests: the production parameters are tested in unit tests.
  options.identity.password_policy = {1, 8 << 20};
  if (tweak_app) tweak_app(options);
  app_ = std::make_unique<app::Application>(std::move(options), TestKeyring());
  http::ServerOptions server_options{.host = "127.0.0.1",
                                     .port = 0,
                                     .io_threads = 2,
                                     .worker_threads = 4,
                                     .handle_signals = false};
  if (tweak) tweak(server_options);
  server_ = std::make_unique<http::Server>(server_options, app_->router(), app_->authenticator(),
                                           app_->http_policy());
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
