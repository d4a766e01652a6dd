// Settings, read once at start-up from environment variables. The README's
// configuration table lists every variable read here; keep the two in step.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "core/error.hpp"

namespace imedic::core {

struct Config {
  std::optional<std::string> database_url;  // DATABASE_URL; unset → embedded cluster
  std::string data_dir = "./var";           // IMEDIC_DATA_DIR; embedded cluster in <dir>/postgres
  std::string host = "127.0.0.1";           // IMEDIC_HOST
  int port = 8080;                          // IMEDIC_PORT (0 → any free port)
  int io_threads = 0;                       // IMEDIC_IO_THREADS (0 → number of cores)
  int worker_threads = 0;                   // IMEDIC_WORKER_THREADS (0 → db pool size)
  int db_pool_size = 16;                    // IMEDIC_DB_POOL_SIZE
  int max_pending_requests = 0;             // IMEDIC_MAX_PENDING_REQUESTS (0 → 8 per worker)
  std::chrono::milliseconds queue_timeout{500};  // IMEDIC_QUEUE_TIMEOUT_MS
  int password_hash_threads = 0;  // IMEDIC_PASSWORD_HASH_THREADS (0 → half the cores)
  std::chrono::milliseconds db_acquire_timeout{2000};     // IMEDIC_DB_ACQUIRE_TIMEOUT_MS
  std::chrono::milliseconds db_statement_timeout{30000};  // IMEDIC_DB_STATEMENT_TIMEOUT_MS
  std::size_t max_body_bytes = 1 << 20;                   // IMEDIC_MAX_BODY_BYTES
  std::size_t max_header_bytes = 16 << 10;                // IMEDIC_MAX_HEADER_BYTES
  std::chrono::milliseconds read_timeout{10000};          // IMEDIC_READ_TIMEOUT_MS
  std::chrono::milliseconds idle_timeout{60000};          // IMEDIC_IDLE_TIMEOUT_MS
  std::chrono::milliseconds shutdown_grace{15000};        // IMEDIC_SHUTDOWN_GRACE_MS
  std::string log_level = "info";                         // IMEDIC_LOG_LEVEL

  // Master keys for encryption at rest and the audit chain.
  std::optional<std::string> master_key;  // IMEDIC_MASTER_KEY (base64 of 32 bytes)
  std::string master_key_id = "k1";       // IMEDIC_MASTER_KEY_ID
  std::optional<std::string> key_file;    // IMEDIC_KEY_FILE; default <data_dir>/keys/master.keys

  // Sessions.
  std::chrono::minutes session_idle_timeout{30};  // IMEDIC_SESSION_IDLE_MINUTES
  std::chrono::hours session_max_lifetime{12};    // IMEDIC_SESSION_MAX_HOURS
  std::size_t session_cache_entries = 50000;      // IMEDIC_SESSION_CACHE_ENTRIES (0 → off)

  // Audit rows of single-record reads, written in batches (one commit per
  // batch) before each read is answered; 0 rows → each read inserts its own.
  std::size_t audit_batch_max_rows = 256;             // IMEDIC_AUDIT_BATCH_MAX_ROWS
  std::chrono::microseconds audit_batch_linger{500};  // IMEDIC_AUDIT_BATCH_LINGER_US
  // The public catalog from memory (domains/providers/catalog_cache.hpp) and
  // the HTTP caching of its answers.
  std::size_t catalog_cache_bytes = 64 << 20;  // IMEDIC_CATALOG_CACHE_BYTES (0 → off)
  int catalog_max_age_seconds = 10;            // IMEDIC_CATALOG_MAX_AGE_SECONDS
  int catalog_stale_seconds = 30;              // IMEDIC_CATALOG_STALE_SECONDS

  // Outbound messages until real channel adapters exist: one JSON file per
  // message in this folder (never the log: messages can carry codes).
  std::optional<std::string> outbox_dir;  // IMEDIC_OUTBOX_DIR; default <data_dir>/outbox

  // Uploaded photos and documents, sealed, by content hash.
  std::optional<std::string> files_dir;     // IMEDIC_FILES_DIR; default <data_dir>/files
  std::size_t max_upload_bytes = 10 << 20;  // IMEDIC_MAX_UPLOAD_BYTES (per file)

  // The payment provider's signed webhook (POST /webhooks/payments): the
  // shared HMAC secret (unset: every event is refused) and how far the
  // signed timestamp may be from our clock.
  // GET /metrics answers a scraper sending "Authorization: Bearer <this>";
  // unset, the route answers 404.
  std::string metrics_token;                            // IMEDIC_METRICS_TOKEN
  std::string payment_webhook_secret;                   // IMEDIC_PAYMENT_WEBHOOK_SECRET
  std::chrono::seconds payment_webhook_tolerance{300};  // IMEDIC_PAYMENT_WEBHOOK_TOLERANCE_SECONDS
  // Inbound messaging webhooks (docs/architecture.md, "Messaging"): the
  // providers' signing secrets (unset: that webhook refuses every call), the
  // URL the providers call us at (Twilio signs it), and how long a quiet
  // conversation stays open.
  std::string whatsapp_app_secret;    // IMEDIC_WHATSAPP_APP_SECRET
  std::string whatsapp_verify_token;  // IMEDIC_WHATSAPP_VERIFY_TOKEN
  // (the Twilio auth token, which also signs callbacks: twilio_auth_token below)
  std::string public_base_url;                        // IMEDIC_PUBLIC_BASE_URL (no trailing slash)
  std::string email_webhook_secret;                   // IMEDIC_EMAIL_WEBHOOK_SECRET
  std::chrono::seconds email_webhook_tolerance{300};  // IMEDIC_EMAIL_WEBHOOK_TOLERANCE_SECONDS
  int conversation_timeout_minutes = 1440;            // IMEDIC_CONVERSATION_TIMEOUT_MINUTES
  // Video and Zoom consultations get a link: this base URL followed by an
  // unguessable meeting id.
  std::string meeting_base_url = "https://meet.imedic.example/";  // IMEDIC_MEETING_BASE_URL
  // The aftercare job alerts the care team about a follow-up item overdue
  // by this many days.
  int aftercare_escalate_after_days = 3;  // IMEDIC_AFTERCARE_ESCALATE_AFTER_DAYS

  // Sign-in with Google/Facebook/Apple: the JWKS file with the provider's
  // public keys and our client id (the token audience), per provider.
  std::optional<std::string> google_jwks_file,
      google_client_id;  // IMEDIC_GOOGLE_JWKS_FILE, IMEDIC_GOOGLE_CLIENT_ID
  std::optional<std::string> facebook_jwks_file, facebook_client_id;  // IMEDIC_FACEBOOK_*
  std::optional<std::string> apple_jwks_file, apple_client_id;        // IMEDIC_APPLE_*

  // The npm package swagger-ui-dist, whose files the API reference page at
  // /docs serves (web/package.json; `npm ci` in web/ installs it). Default:
  // web/node_modules/swagger-ui-dist of the source tree the binary was built from.
  std::string web_assets_dir;  // IMEDIC_WEB_ASSETS_DIR

  // Browser origins allowed to call the API (comma-separated); none by default.
  std::string cors_origins;  // IMEDIC_CORS_ORIGINS
  // The sites whose public lead form may post to POST /leads/capture from a
  // browser (comma-separated); none by default.
  std::string lead_origins;  // IMEDIC_LEAD_ORIGINS
  // Production behind a TLS proxy: refuse requests without X-Forwarded-Proto: https.
  bool require_https = false;  // IMEDIC_REQUIRE_HTTPS=1
  // Behind a reverse proxy: take the client address from X-Forwarded-For.
  bool trust_proxy = false;  // IMEDIC_TRUST_PROXY=1

  // ---- Outbound messaging: the delivery adapters (issue 12, outbound) ----
  // Per channel, "file" writes each message into outbox_dir (development;
  // the default, so `./dev run` needs no provider) and the other value
  // speaks to the provider, whose settings must then be complete.
  std::string email_delivery = "file";     // IMEDIC_EMAIL_DELIVERY=file|smtp
  std::string sms_delivery = "file";       // IMEDIC_SMS_DELIVERY=file|twilio
  std::string whatsapp_delivery = "file";  // IMEDIC_WHATSAPP_DELIVERY=file|cloud
  // WhatsApp Cloud API (secrets are never logged).
  std::string whatsapp_api_base = "https://graph.facebook.com";  // IMEDIC_WHATSAPP_API_BASE
  std::string whatsapp_api_version = "v21.0";                    // IMEDIC_WHATSAPP_API_VERSION
  std::string whatsapp_phone_number_id;                          // IMEDIC_WHATSAPP_PHONE_NUMBER_ID
  std::string whatsapp_token;                                    // IMEDIC_WHATSAPP_TOKEN
  // Twilio Programmable Messaging.
  std::string twilio_api_base = "https://api.twilio.com";  // IMEDIC_TWILIO_API_BASE
  std::string twilio_account_sid;                          // IMEDIC_TWILIO_ACCOUNT_SID
  std::string twilio_auth_token;                           // IMEDIC_TWILIO_AUTH_TOKEN
  std::string twilio_from;                                 // IMEDIC_TWILIO_FROM (E.164)
  std::string
      twilio_messaging_service_sid;        // IMEDIC_TWILIO_MESSAGING_SERVICE_SID (instead of From)
  std::string twilio_status_callback_url;  // IMEDIC_TWILIO_STATUS_CALLBACK_URL
  // SMTP: smtp://host:587 with STARTTLS required, or smtps://host:465.
  std::string smtp_url;       // IMEDIC_SMTP_URL
  std::string smtp_user;      // IMEDIC_SMTP_USER (empty: no AUTH)
  std::string smtp_password;  // IMEDIC_SMTP_PASSWORD
  // STARTTLS may be switched off only for a sink on the loopback interface.
  bool smtp_require_tls = true;             // IMEDIC_SMTP_STARTTLS=required|off
  std::optional<std::string> smtp_ca_file;  // IMEDIC_SMTP_CA_FILE (extra trust anchor)
  std::string mail_from = "iMedic <noreply@imedic.example>";  // IMEDIC_MAIL_FROM
  std::string mail_domain;  // IMEDIC_MAIL_DOMAIN (Message-ID domain; default From's)
  // Provider calls: the whole exchange and the connection (TCP + TLS).
  std::chrono::milliseconds outbound_timeout{15000};         // IMEDIC_OUTBOUND_TIMEOUT_MS
  std::chrono::milliseconds outbound_connect_timeout{5000};  // IMEDIC_OUTBOUND_CONNECT_TIMEOUT_MS
  // ---- end of outbound messaging ----

  std::string KeyFile() const { return key_file.value_or(data_dir + "/keys/master.keys"); }
  std::string OutboxDir() const { return outbox_dir.value_or(data_dir + "/outbox"); }
  std::string FilesDir() const { return files_dir.value_or(data_dir + "/files"); }

  // The embedded cluster's folder: <data_dir>/postgres.
  std::string EmbeddedPostgresDir() const { return data_dir + "/postgres"; }
};

// Reads the environment. A malformed value fails with kInvalidInput naming
// the variable (start-up refuses to guess).
Result<Config> LoadConfigFromEnv();

}  // namespace imedic::core
