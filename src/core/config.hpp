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

  // Outbound messages until real channel adapters exist: one JSON file per
  // message in this folder (never the log: messages can carry codes).
  std::optional<std::string> outbox_dir;  // IMEDIC_OUTBOX_DIR; default <data_dir>/outbox

  // Uploaded photos and documents, sealed, by content hash.
  std::optional<std::string> files_dir;     // IMEDIC_FILES_DIR; default <data_dir>/files
  std::size_t max_upload_bytes = 10 << 20;  // IMEDIC_MAX_UPLOAD_BYTES (per file)

  // The payment provider's signed webhook (POST /webhooks/payments): the
  // shared HMAC secret (unset: every event is refused) and how far the
  // signed timestamp may be from our clock.
  std::string payment_webhook_secret;                   // IMEDIC_PAYMENT_WEBHOOK_SECRET
  std::chrono::seconds payment_webhook_tolerance{300};  // IMEDIC_PAYMENT_WEBHOOK_TOLERANCE_SECONDS
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
