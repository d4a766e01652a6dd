#include "core/config.hpp"

#include <charconv>
#include <cstdlib>
#include <initializer_list>
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

// ---- Outbound messaging (issue 12, outbound): delivery adapters ----
Result<void> ReadOutboundMessaging(Config& c) {
  auto choice = [](const char* name, std::string& out, const char* real) -> Result<void> {
    auto v = Env(name);
    if (!v) return {};
    if (*v != "file" && *v != real) {
      return Fail(Error::InvalidInput(std::string(name) + " must be file or " + real,
                                      {{name, "unknown delivery"}}));
    }
    out = *v;
    return {};
  };
  auto url = [](const char* name, std::string& out,
                std::initializer_list<const char*> schemes) -> Result<void> {
    auto v = Env(name);
    if (!v) return {};
    for (const char* scheme : schemes) {
      if (v->rfind(scheme, 0) == 0) {
        out = *v;
        while (!out.empty() && out.back() == '/') out.pop_back();
        return {};
      }
    }
    return Fail(Error::InvalidInput(std::string(name) + " has an unsupported scheme",
                                    {{name, "unsupported URL scheme"}}));
  };
  for (auto r : {choice("IMEDIC_EMAIL_DELIVERY", c.email_delivery, "smtp"),
                 choice("IMEDIC_SMS_DELIVERY", c.sms_delivery, "twilio"),
                 choice("IMEDIC_WHATSAPP_DELIVERY", c.whatsapp_delivery, "cloud"),
                 url("IMEDIC_WHATSAPP_API_BASE", c.whatsapp_api_base, {"https://", "http://"}),
                 url("IMEDIC_TWILIO_API_BASE", c.twilio_api_base, {"https://", "http://"}),
                 url("IMEDIC_SMTP_URL", c.smtp_url, {"smtp://", "smtps://"})}) {
    if (!r) return r;
  }
  if (auto v = Env("IMEDIC_WHATSAPP_API_VERSION")) c.whatsapp_api_version = *v;
  c.whatsapp_phone_number_id = Env("IMEDIC_WHATSAPP_PHONE_NUMBER_ID").value_or("");
  c.whatsapp_token = Env("IMEDIC_WHATSAPP_TOKEN").value_or("");
  c.twilio_account_sid = Env("IMEDIC_TWILIO_ACCOUNT_SID").value_or("");
  c.twilio_auth_token = Env("IMEDIC_TWILIO_AUTH_TOKEN").value_or("");
  c.twilio_from = Env("IMEDIC_TWILIO_FROM").value_or("");
  c.twilio_messaging_service_sid = Env("IMEDIC_TWILIO_MESSAGING_SERVICE_SID").value_or("");
  c.twilio_status_callback_url = Env("IMEDIC_TWILIO_STATUS_CALLBACK_URL").value_or("");
  c.smtp_user = Env("IMEDIC_SMTP_USER").value_or("");
  c.smtp_password = Env("IMEDIC_SMTP_PASSWORD").value_or("");
  c.smtp_ca_file = Env("IMEDIC_SMTP_CA_FILE");
  if (auto v = Env("IMEDIC_MAIL_FROM")) c.mail_from = *v;
  c.mail_domain = Env("IMEDIC_MAIL_DOMAIN").value_or("");
  if (auto v = Env("IMEDIC_SMTP_STARTTLS")) {
    if (*v != "required" && *v != "off") {
      return Fail(Error::InvalidInput("IMEDIC_SMTP_STARTTLS must be required or off",
                                      {{"IMEDIC_SMTP_STARTTLS", "not required or off"}}));
    }
    c.smtp_require_tls = *v == "required";
  }
  // Mail in clear text only to a sink on this machine.
  if (!c.smtp_require_tls && !c.smtp_url.empty() && c.smtp_url.rfind("smtp://127.0.0.1", 0) != 0 &&
      c.smtp_url.rfind("smtp://localhost", 0) != 0 && c.smtp_url.rfind("smtp://[::1]", 0) != 0) {
    return Fail(Error::InvalidInput(
        "IMEDIC_SMTP_STARTTLS=off is allowed only for a loopback IMEDIC_SMTP_URL",
        {{"IMEDIC_SMTP_STARTTLS", "off for a non-loopback server"}}));
  }
  for (auto r : {ReadMillis("IMEDIC_OUTBOUND_TIMEOUT_MS", c.outbound_timeout, 100, 600000),
                 ReadMillis("IMEDIC_OUTBOUND_CONNECT_TIMEOUT_MS", c.outbound_connect_timeout, 100,
                            600000)}) {
    if (!r) return r;
  }
  // A real adapter chosen without its settings would fail every message.
  auto need = [](bool chosen, const std::string& value, const char* name) -> Result<void> {
    if (!chosen || !value.empty()) return {};
    return Fail(Error::InvalidInput(std::string(name) + " is required by the chosen delivery",
                                    {{name, "missing"}}));
  };
  const bool twilio = c.sms_delivery == "twilio";
  for (auto r : {need(c.whatsapp_delivery == "cloud", c.whatsapp_token, "IMEDIC_WHATSAPP_TOKEN"),
                 need(c.whatsapp_delivery == "cloud", c.whatsapp_phone_number_id,
                      "IMEDIC_WHATSAPP_PHONE_NUMBER_ID"),
                 need(twilio, c.twilio_account_sid, "IMEDIC_TWILIO_ACCOUNT_SID"),
                 need(twilio, c.twilio_auth_token, "IMEDIC_TWILIO_AUTH_TOKEN"),
                 need(twilio, c.twilio_from + c.twilio_messaging_service_sid, "IMEDIC_TWILIO_FROM"),
                 need(c.email_delivery == "smtp", c.smtp_url, "IMEDIC_SMTP_URL")}) {
    if (!r) return r;
  }
  return {};
}
// ---- end of outbound messaging ----

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
  c.metrics_token = Env("IMEDIC_METRICS_TOKEN").value_or("");
  if (auto v = Env("IMEDIC_MEETING_BASE_URL")) {
    if (v->rfind("https://", 0) != 0 && v->rfind("http://", 0) != 0) {
      return Fail(Error::InvalidInput("IMEDIC_MEETING_BASE_URL must be an http(s) URL",
                                      {{"IMEDIC_MEETING_BASE_URL", "not an http(s) URL"}}));
    }
    c.meeting_base_url = *v;
  }
  c.whatsapp_app_secret = Env("IMEDIC_WHATSAPP_APP_SECRET").value_or("");
  c.whatsapp_verify_token = Env("IMEDIC_WHATSAPP_VERIFY_TOKEN").value_or("");
  c.email_webhook_secret = Env("IMEDIC_EMAIL_WEBHOOK_SECRET").value_or("");
  if (auto v = Env("IMEDIC_PUBLIC_BASE_URL")) {
    if ((v->rfind("https://", 0) != 0 && v->rfind("http://", 0) != 0) || v->back() == '/') {
      return Fail(Error::InvalidInput(
          "IMEDIC_PUBLIC_BASE_URL must be an http(s) URL without a trailing slash",
          {{"IMEDIC_PUBLIC_BASE_URL", "not an http(s) URL without a trailing slash"}}));
    }
    c.public_base_url = *v;
  }
  long long email_tolerance = c.email_webhook_tolerance.count();
  if (auto r = ReadInt("IMEDIC_EMAIL_WEBHOOK_TOLERANCE_SECONDS", email_tolerance, 1, 86400); !r) {
    return Fail(r.error());
  }
  c.email_webhook_tolerance = std::chrono::seconds(email_tolerance);
  if (auto r = ReadInt("IMEDIC_CONVERSATION_TIMEOUT_MINUTES", c.conversation_timeout_minutes, 1,
                       60 * 24 * 30);
      !r) {
    return Fail(r.error());
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
  long long linger_us = c.audit_batch_linger.count();
  if (auto r = ReadInt("IMEDIC_AUDIT_BATCH_LINGER_US", linger_us, 0, 1000000); !r) {
    return Fail(r.error());
  }
  c.audit_batch_linger = std::chrono::microseconds(linger_us);
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
        ReadInt("IMEDIC_AUDIT_BATCH_MAX_ROWS", c.audit_batch_max_rows, 0, 100000),
        ReadInt("IMEDIC_CATALOG_CACHE_BYTES", c.catalog_cache_bytes, 0, 1LL << 40),
        ReadInt("IMEDIC_CATALOG_MAX_AGE_SECONDS", c.catalog_max_age_seconds, 0, 86400),
        ReadInt("IMEDIC_CATALOG_STALE_SECONDS", c.catalog_stale_seconds, 0, 86400),
        ReadInt("IMEDIC_AFTERCARE_ESCALATE_AFTER_DAYS", c.aftercare_escalate_after_days, 1, 365),
        ReadMillis("IMEDIC_DB_ACQUIRE_TIMEOUT_MS", c.db_acquire_timeout, 1, 600000),
        ReadMillis("IMEDIC_DB_STATEMENT_TIMEOUT_MS", c.db_statement_timeout, 0, 3600000),
        ReadMillis("IMEDIC_READ_TIMEOUT_MS", c.read_timeout, 10, 600000),
        ReadMillis("IMEDIC_IDLE_TIMEOUT_MS", c.idle_timeout, 10, 3600000),
        ReadMillis("IMEDIC_SHUTDOWN_GRACE_MS", c.shutdown_grace, 0, 600000)}) {
    if (!r) return Fail(r.error());
  }
  if (auto r = ReadOutboundMessaging(c); !r) return Fail(r.error());
  return c;
}

}  // namespace imedic::core
