#include "app/application.hpp"

#include <algorithm>
#include <sstream>
#include <thread>

#include "app/routes.hpp"

namespace imedic::app {

namespace {

core::Result<void> AddProvider(identity::IdentitySettings& settings, std::string name,
                               const std::optional<std::string>& jwks_file,
                               const std::optional<std::string>& client_id,
                               std::vector<std::string> issuers) {
  if (!jwks_file && !client_id) return {};
  if (!jwks_file || !client_id) {
    return core::Fail(core::Error::InvalidInput(
        "sign-in with " + name + " needs both its JWKS file and client id",
        {{"IMEDIC_" + name + "_JWKS_FILE", "set both or neither"}}));
  }
  auto keys = core::JwkSet::FromFile(*jwks_file);
  if (!keys) return core::Fail(keys.error());
  settings.providers.push_back({std::move(name), std::move(*keys), *client_id, std::move(issuers)});
  return {};
}

// "a, b" → {"a", "b"}: a comma-separated list of origins.
std::vector<std::string> SplitOrigins(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream origins(list);
  for (std::string origin; std::getline(origins, origin, ',');) {
    origin.erase(0, origin.find_first_not_of(' '));
    origin.erase(origin.find_last_not_of(' ') + 1);
    if (!origin.empty()) out.push_back(origin);
  }
  return out;
}

}  // namespace

core::Result<ApplicationOptions> OptionsFromConfig(const core::Config& config,
                                                   std::string conninfo) {
  ApplicationOptions o;
  o.conninfo = std::move(conninfo);
  o.pool_size = config.db_pool_size;
  o.acquire_timeout = config.db_acquire_timeout;
  o.statement_timeout = config.db_statement_timeout;
  o.identity.session_idle = config.session_idle_timeout;
  o.identity.session_lifetime = config.session_max_lifetime;
  // argon2id uses half the cores at most: the other half keeps serving.
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  o.identity.hashing.threads = config.password_hash_threads > 0 ? config.password_hash_threads
                                                                : std::max(1, cores / 2);
  for (auto r : {AddProvider(o.identity, "google", config.google_jwks_file, config.google_client_id,
                             {"https://accounts.google.com", "accounts.google.com"}),
                 AddProvider(o.identity, "facebook", config.facebook_jwks_file,
                             config.facebook_client_id, {"https://www.facebook.com"}),
                 AddProvider(o.identity, "apple", config.apple_jwks_file, config.apple_client_id,
                             {"https://appleid.apple.com"})}) {
    if (!r) return core::Fail(r.error());
  }
  o.http.cors_origins = SplitOrigins(config.cors_origins);
  o.lead_origins = SplitOrigins(config.lead_origins);
  o.http.require_https = config.require_https;
  o.http.trust_forwarded_for = config.trust_proxy;
  o.web_assets_dir = config.web_assets_dir;
  o.files_dir = config.FilesDir();
  o.max_upload_bytes = config.max_upload_bytes;
  o.payment_webhook_secret = config.payment_webhook_secret;
  o.metrics_token = config.metrics_token;
  o.payment_webhook_tolerance = config.payment_webhook_tolerance;
  o.messaging_webhooks = {.whatsapp_app_secret = config.whatsapp_app_secret,
                          .whatsapp_verify_token = config.whatsapp_verify_token,
                          .twilio_auth_token = config.twilio_auth_token,
                          .public_base_url = config.public_base_url,
                          .email_webhook_secret = config.email_webhook_secret,
                          .email_webhook_tolerance = config.email_webhook_tolerance,
                          .session_timeout_minutes = config.conversation_timeout_minutes};
  o.meeting_base_url = config.meeting_base_url;
  o.session_cache_entries = config.session_cache_entries;
  o.audit_batch_max_rows = config.audit_batch_max_rows;
  o.audit_batch_linger = config.audit_batch_linger;
  o.catalog_cache_bytes = config.catalog_cache_bytes;
  o.catalog_http = {.max_age = std::chrono::seconds(config.catalog_max_age_seconds),
                    .stale_while_revalidate = std::chrono::seconds(config.catalog_stale_seconds)};
  return o;
}

Application::Application(ApplicationOptions options, core::Keyring keys)
    : options_(std::move(options)),
      keys_(std::move(keys)),
      pool_({.conninfo = options_.conninfo,
             .size = options_.pool_size,
             .acquire_timeout = options_.acquire_timeout,
             .statement_timeout = options_.statement_timeout}),
      identity_(pool_, keys_, options_.identity),
      session_cache_({.capacity = options_.session_cache_entries}),
      catalog_cache_(options_.catalog_cache_bytes),
      authenticator_(pool_, options_.session_cache_entries > 0 ? &session_cache_ : nullptr),
      audit_batcher_(options_.audit_batch_max_rows == 0
                         ? nullptr
                         : std::make_unique<privacy::AuditBatcher>(privacy::AuditBatchOptions{
                               .conninfo = options_.conninfo,
                               .max_rows = options_.audit_batch_max_rows,
                               .linger = options_.audit_batch_linger,
                               .statement_timeout = options_.statement_timeout})),
      records_(pool_, keys_, audit_batcher_.get()),
      services_{pool_, options_.version, keys_, identity_} {
  services_.records = &records_;
  services_.files_dir = options_.files_dir;
  services_.max_upload_bytes = options_.max_upload_bytes;
  services_.payment_webhook_secret = options_.payment_webhook_secret;
  services_.metrics_token = options_.metrics_token;
  if (options_.session_cache_entries > 0) services_.session_cache = &session_cache_;
  services_.audit_batcher = audit_batcher_.get();
  services_.payment_webhook_tolerance = options_.payment_webhook_tolerance;
  services_.messaging_webhooks = options_.messaging_webhooks;
  services_.meeting_base_url = options_.meeting_base_url;
  services_.lead_origins = options_.lead_origins;
  services_.web_assets_dir = options_.web_assets_dir;
  const bool catalog_on = options_.catalog_cache_bytes > 0;
  if (catalog_on) services_.catalog_cache = &catalog_cache_;
  RegisterRoutes(router_, services_);
  // A catalog write through this node is seen by this node's next read.
  providers::CacheCatalogRoutes(router_, catalog_on ? &catalog_cache_ : nullptr,
                                options_.catalog_http,
                                [this] { SyncCatalogChanges(std::chrono::seconds(1)); });
  if (catalog_on) {
    providers::CatalogCache& cache = catalog_cache_;
    catalog_listener_ = std::make_unique<db::NotifyListener>(
        options_.conninfo, providers::kCatalogChannel, "catalog_listener",
        db::NotifyHandlers{.up = [&cache] { cache.SetEnabled(true); },
                           .down = [&cache] { cache.SetEnabled(false); },
                           .apply = [&cache](std::string_view p) { cache.Invalidate(p); }});
    catalog_listener_->Start();
  }
  if (options_.session_cache_entries > 0) {
    auth_listener_ = std::make_unique<identity::AuthChangeListener>(options_.conninfo,
                                                                    session_cache_);
    auth_listener_->Start();
  }
}

Application::~Application() {
  if (auth_listener_) auth_listener_->Stop();
  if (catalog_listener_) catalog_listener_->Stop();
}

bool Application::SyncCatalogChanges(std::chrono::milliseconds timeout) {
  return catalog_listener_ != nullptr && catalog_listener_->Sync(pool_, timeout);
}

bool Application::SyncAccessChanges(std::chrono::milliseconds timeout) {
  return auth_listener_ != nullptr && auth_listener_->Sync(pool_, timeout);
}

}  // namespace imedic::app
