// The assembled application: pool, keys, domain services, authenticator and
// the route table. `serve`, the CLI and the tests build the same object.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "core/config.hpp"
#include "core/keyring.hpp"
#include "db/notify_listener.hpp"
#include "db/pool.hpp"
#include "domains/identity/auth_change_listener.hpp"
#include "domains/identity/authenticator.hpp"
#include "domains/identity/identity_service.hpp"
#include "domains/identity/session_cache.hpp"
#include "domains/privacy/audit_batcher.hpp"
#include "domains/providers/catalog_cache.hpp"
#include "domains/providers/catalog_routes.hpp"
#include "http/authenticator.hpp"
#include "http/router.hpp"
#include "records/record_service.hpp"

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
  std::string payment_webhook_secret;       // IMEDIC_PAYMENT_WEBHOOK_SECRET
  std::string metrics_token;                // IMEDIC_METRICS_TOKEN (empty: /metrics is off)
  std::chrono::seconds payment_webhook_tolerance{300};
  // The inbound messaging webhooks' secrets and settings (core::Config).
  messaging::WebhookSettings messaging_webhooks;
  // Video and Zoom consultation links (IMEDIC_MEETING_BASE_URL).
  std::string meeting_base_url = "https://meet.imedic.example/";
  // Origins of the public lead form (IMEDIC_LEAD_ORIGINS).
  std::vector<std::string> lead_origins;
  // Remember what bearer tokens stand for (IMEDIC_SESSION_CACHE_ENTRIES; 0
  // turns it off): one round trip per authenticated request instead of two.
  std::size_t session_cache_entries = 50000;
  // Audited single-record reads hand their audit rows to a batcher
  // (privacy/audit_batcher.hpp); 0 rows: each read inserts its own.
  std::size_t audit_batch_max_rows = 256;
  std::chrono::microseconds audit_batch_linger{500};
  // The public catalog from memory (IMEDIC_CATALOG_CACHE_BYTES; 0 turns it
  // off) and its HTTP caching (IMEDIC_CATALOG_MAX_AGE_SECONDS, _STALE_SECONDS).
  std::size_t catalog_cache_bytes = 64 << 20;
  providers::CatalogHttpOptions catalog_http{};
};

// Identity and HTTP settings from configuration; fails when a configured
// JWKS file cannot be read.
core::Result<ApplicationOptions> OptionsFromConfig(const core::Config& config,
                                                   std::string conninfo);

class Application {
 public:
  Application(ApplicationOptions options, core::Keyring keys);
  ~Application();
  Application(const Application&) = delete;
  Application& operator=(const Application&) = delete;

  const http::Router& router() const { return router_; }
  http::Authenticator* authenticator() { return &authenticator_; }
  const http::HttpPolicy& http_policy() const { return options_.http; }
  db::Pool& pool() { return pool_; }
  const core::Keyring& keys() const { return keys_; }
  identity::IdentityService& identity() { return identity_; }
  // Waits until the session cache has applied every access change committed
  // before the call (tests that change sessions or roles in SQL). False when
  // the cache is off or its listener is not connected (then nothing is cached).
  bool SyncAccessChanges(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  identity::SessionCacheStats session_cache_stats() const { return session_cache_.Stats(); }
  // The cache's listener, for tests that cut its connection.
  const identity::AuthChangeListener* auth_listener() const { return auth_listener_.get(); }
  // Waits until the catalog cache has applied every catalog change committed
  // before the call. False when the cache is off or its listener is down.
  bool SyncCatalogChanges(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  providers::CatalogCacheStats catalog_cache_stats() const { return catalog_cache_.Stats(); }
  // The catalog cache's listener (null when the cache is off), for tests that cut it.
  const db::NotifyListener* catalog_listener() const { return catalog_listener_.get(); }

 private:
  ApplicationOptions options_;
  core::Keyring keys_;
  db::Pool pool_;
  identity::IdentityService identity_;
  identity::SessionCache session_cache_;
  std::unique_ptr<identity::AuthChangeListener> auth_listener_;  // null when the cache is off
  providers::CatalogCache catalog_cache_;
  std::unique_ptr<db::NotifyListener> catalog_listener_;  // null when the catalog cache is off
  identity::SessionAuthenticator authenticator_;
  std::unique_ptr<privacy::AuditBatcher> audit_batcher_;  // null when batching is off
  records::RecordService records_;
  Services services_;
  http::Router router_;
};

}  // namespace imedic::app
