// The assembled application: pool, keys, domain services, authenticator and
// the route table. `serve`, the CLI and the tests build the same object.
#pragma once

#include <memory>
#include <string>

#include "api/record_service.hpp"
#include "app/services.hpp"
#include "core/config.hpp"
#include "core/keyring.hpp"
#include "db/pool.hpp"
#include "domains/identity/authenticator.hpp"
#include "domains/identity/identity_service.hpp"
#include "http/authenticator.hpp"
#include "http/router.hpp"

namespace imedic::app {

struct ApplicationOptions {
  std::string conninfo;
  int pool_size = 16;
  std::chrono::milliseconds acquire_timeout{2000};
  std::chrono::milliseconds statement_timeout{30000};
  identity::IdentitySettings identity;
  http::HttpPolicy http;
  std::string version = "dev";
  std::string web_assets_dir;             // core::Config::web_assets_dir (the /docs page's assets)
  std::string files_dir = "./var/files";  // core::Config::FilesDir()
  std::size_t max_upload_bytes = 10 << 20;  // IMEDIC_MAX_UPLOAD_BYTES
};

// Identity and HTTP settings from configuration; fails when a configured
// JWKS file cannot be read.
core::Result<ApplicationOptions> OptionsFromConfig(const core::Config& config,
                                                   std::string conninfo);

class Application {
 public:
  Application(ApplicationOptions options, core::Keyring keys);
  Application(const Application&) = delete;
  Application& operator=(const Application&) = delete;

  const http::Router& router() const { return router_; }
  http::Authenticator* authenticator() { return &authenticator_; }
  const http::HttpPolicy& http_policy() const { return options_.http; }
  db::Pool& pool() { return pool_; }
  const core::Keyring& keys() const { return keys_; }
  identity::IdentityService& identity() { return identity_; }

 private:
  ApplicationOptions options_;
  core::Keyring keys_;
  db::Pool pool_;
  identity::IdentityService identity_;
  identity::SessionAuthenticator authenticator_;
  api::RecordService records_;
  Services services_;
  http::Router router_;
};

}  // namespace imedic::app
