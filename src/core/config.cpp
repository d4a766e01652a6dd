#include "core/config.hpp"

#include <charconv>
#include <cstdlib>
#include <string_view>

namespace imedic::core {

namespace {

std::optional<std::string> Env(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return std::nullopt;
  return std::string(v);
}

// Reads an integer variable within [lo, hi]; leaves `out` alone when unset.
template <typename T>
Result<void> ReadInt(const char* name, T& out, long long lo, long long hi) {
  auto v = Env(name);
  if (!v) return {};
  long long n = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || ptr != v->data() + v->size() || n < lo || n > hi) {
    return Fail(Error::InvalidInput(std::string(name) + " must be an integer from " +
                                        std::to_string(lo) + " to " + std::to_string(hi),
                                    {{name, "not an integer in range"}}));
  }
  out = static_cast<T>(n);
  return {};
}

Result<void> ReadMillis(const char* name, std::chrono::milliseconds& out, long long lo,
                        long long hi) {
  long long ms = out.count();
  if (auto r = ReadInt(name, ms, lo, hi); !r) return r;
  out = std::chrono::milliseconds(ms);
  return {};
}

}  // namespace

Result<Config> LoadConfigFromEnv() {
  Config c;
  c.database_url = Env("DATABASE_URL");
  if (auto v = Env("IMEDIC_DATA_DIR")) c.data_dir = *v;
  if (auto v = Env("IMEDIC_HOST")) c.host = *v;
  if (auto v = Env("IMEDIC_LOG_LEVEL")) {
    if (*v != "debug" && *v != "info" && *v != "warn" && *v != "error") {
      return Fail(Error::InvalidInput("IMEDIC_LOG_LEVEL must be debug, info, warn or error",
                                      {{"IMEDIC_LOG_LEVEL", "unknown level"}}));
    }
    c.log_level = *v;
  }
  c.master_key = Env("IMEDIC_MASTER_KEY");
  if (auto v = Env("IMEDIC_MASTER_KEY_ID")) c.master_key_id = *v;
  c.key_file = Env("IMEDIC_KEY_FILE");
  c.outbox_dir = Env("IMEDIC_OUTBOX_DIR");
  c.web_assets_dir = Env("IMEDIC_WEB_ASSETS_DIR").value_or(IMEDIC_DEFAULT_WEB_ASSETS_DIR);
  c.files_dir = Env("IMEDIC_FILES_DIR");
  c.payment_webhook_secret = Env("IMEDIC_PAYMENT_WEBHOOK_SECRET").value_or("");
  if (auto v = Env("IMEDIC_MEETING_BASE_URL")) {
    if (v->rfind("https://", 0) != 0 && v->rfind("http://", 0) != 0) {
      return Fail(Error::InvalidInput("IMEDIC_MEETING_BASE_URL must be an http(s) URL",
                                      {{"IMEDIC_MEETING_BASE_URL", "not an http(s) URL"}}));
    }
    c.meeting_base_url = *v;
  }
  c.google_jwks_file = Env("IMEDIC_GOOGLE_JWKS_FILE");
  c.google_client_id = Env("IMEDIC_GOOGLE_CLIENT_ID");
  c.facebook_jwks_file = Env("IMEDIC_FACEBOOK_JWKS_FILE");
  c.facebook_client_id = Env("IMEDIC_FACEBOOK_CLIENT_ID");
  c.apple_jwks_file = Env("IMEDIC_APPLE_JWKS_FILE");
  c.apple_client_id = Env("IMEDIC_APPLE_CLIENT_ID");
  if (auto v = Env("IMEDIC_CORS_ORIGINS")) c.cors_origins = *v;
  if (auto v = Env("IMEDIC_LEAD_ORIGINS")) c.lead_origins = *v;
  if (auto v = Env("IMEDIC_REQUIRE_HTTPS")) {
    if (*v != "0" && *v != "1") {
      return Fail(Error::InvalidInput("IMEDIC_REQUIRE_HTTPS must be 0 or 1",
                                      {{"IMEDIC_REQUIRE_HTTPS", "not 0 or 1"}}));
    }
    c.require_https = *v == "1";
  }
  if (auto v = Env("IMEDIC_TRUST_PROXY")) {
    if (*v != "0" && *v != "1") {
      return Fail(Error::InvalidInput("IMEDIC_TRUST_PROXY must be 0 or 1",
                                      {{"IMEDIC_TRUST_PROXY", "not 0 or 1"}}));
    }
    c.trust_proxy = *v == "1";
  }
  long long idle_minutes = c.session_idle_timeout.count();
  long long max_hours = c.session_max_lifetime.count();
  for (auto r : {ReadInt("IMEDIC_SESSION_IDLE_MINUTES", idle_minutes, 1, 24 * 60),
                 ReadInt("IMEDIC_SESSION_MAX_HOURS", max_hours, 1, 24 * 90)}) {
    if (!r) return Fail(r.error());
  }
  long long webhook_tolerance = c.payment_webhook_tolerance.count();
  if (auto r = ReadInt("IMEDIC_PAYMENT_WEBHOOK_TOLERANCE_SECONDS", webhook_tolerance, 1, 86400);
      !r) {
    return Fail(r.error());
  }
  c.payment_webhook_tolerance = std::chrono::seconds(webhook_tolerance);
  c.session_idle_timeout = std::chrono::minutes(idle_minutes);
  c.session_max_lifetime = std::chrono::hours(max_hours);
  for (auto r :
       {ReadInt("IMEDIC_PORT", c.port, 0, 65535),
        ReadInt("IMEDIC_IO_THREADS", c.io_threads, 0, 256),
        ReadInt("IMEDIC_WORKER_THREADS", c.worker_threads, 0, 1024),
        ReadInt("IMEDIC_DB_POOL_SIZE", c.db_pool_size, 1, 1000),
        ReadInt("IMEDIC_MAX_PENDING_REQUESTS", c.max_pending_requests, 0, 1000000),
        ReadInt("IMEDIC_PASSWORD_HASH_THREADS", c.password_hash_threads, 0, 256),
        ReadMillis("IMEDIC_QUEUE_TIMEOUT_MS", c.queue_timeout, 1, 600000),
        ReadInt("IMEDIC_MAX_BODY_BYTES", c.max_body_bytes, 1024, 1LL << 30),
        ReadInt("IMEDIC_MAX_HEADER_BYTES", c.max_header_bytes, 1024, 1 << 20),
        ReadInt("IMEDIC_MAX_UPLOAD_BYTES", c.max_upload_bytes, 1024, 1LL << 30),
        ReadInt("IMEDIC_SESSION_CACHE_ENTRIES", c.session_cache_entries, 0, 10000000),
        ReadInt("IMEDIC_AFTERCARE_ESCALATE_AFTER_DAYS", c.aftercare_escalate_after_days, 1, 365),
        ReadMillis("IMEDIC_DB_ACQUIRE_TIMEOUT_MS", c.db_acquire_timeout, 1, 600000),
        ReadMillis("IMEDIC_DB_STATEMENT_TIMEOUT_MS", c.db_statement_timeout, 0, 3600000),
        ReadMillis("IMEDIC_READ_TIMEOUT_MS", c.read_timeout, 10, 600000),
        ReadMillis("IMEDIC_IDLE_TIMEOUT_MS", c.idle_timeout, 10, 3600000),
        ReadMillis("IMEDIC_SHUTDOWN_GRACE_MS", c.shutdown_grace, 0, 600000)}) {
    if (!r) return Fail(r.error());
  }
  return c;
}

}  // namespace imedic::core
