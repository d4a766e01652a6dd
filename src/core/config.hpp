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
  std::string data_dir = "./var";            // IMEDIC_DATA_DIR; embedded cluster in <dir>/postgres
  std::string host = "127.0.0.1";            // IMEDIC_HOST
  int port = 8080;                           // IMEDIC_PORT (0 → any free port)
  int io_threads = 0;                        // IMEDIC_IO_THREADS (0 → number of cores)
  int worker_threads = 0;                    // IMEDIC_WORKER_THREADS (0 → db pool size)
  int db_pool_size = 16;                     // IMEDIC_DB_POOL_SIZE
  std::chrono::milliseconds db_acquire_timeout{2000};  // IMEDIC_DB_ACQUIRE_TIMEOUT_MS
  std::size_t max_body_bytes = 1 << 20;      // IMEDIC_MAX_BODY_BYTES
  std::size_t max_header_bytes = 16 << 10;   // IMEDIC_MAX_HEADER_BYTES
  std::chrono::milliseconds read_timeout{10000};     // IMEDIC_READ_TIMEOUT_MS
  std::chrono::milliseconds idle_timeout{60000};     // IMEDIC_IDLE_TIMEOUT_MS
  std::chrono::milliseconds shutdown_grace{15000};   // IMEDIC_SHUTDOWN_GRACE_MS
  std::string log_level = "info";            // IMEDIC_LOG_LEVEL

  // The embedded cluster's folder: <data_dir>/postgres.
  std::string EmbeddedPostgresDir() const { return data_dir + "/postgres"; }
};

// Reads the environment. A malformed value fails with kInvalidInput naming
// the variable (start-up refuses to guess).
Result<Config> LoadConfigFromEnv();

}  // namespace imedic::core
