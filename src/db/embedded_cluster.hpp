// A private PostgreSQL cluster that the application (or the test harness)
// creates and runs itself: initdb on first use, Unix socket in the cluster's
// own folder, no TCP listener, stopped cleanly on exit and reused on the
// next run. PostgreSQL refuses to run as root, so when we are root the
// cluster's files and processes belong to the `postgres` system user.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "core/error.hpp"

namespace imedic::db {

struct EmbeddedClusterOptions {
  std::filesystem::path dir;        // the cluster's data folder (PGDATA)
  std::string database = "imedic";  // created on first start if missing
  // Test clusters trade durability for speed (fsync off); never for real data.
  bool ephemeral = false;
};

class EmbeddedCluster {
 public:
  // Creates (first run) and starts the cluster, then makes sure the
  // database exists. Fails with kUnavailable and a clear message when the
  // PostgreSQL server binaries are missing or the server will not start.
  static core::Result<std::unique_ptr<EmbeddedCluster>> Start(EmbeddedClusterOptions options);

  ~EmbeddedCluster();  // stops the cluster if still running
  EmbeddedCluster(const EmbeddedCluster&) = delete;
  EmbeddedCluster& operator=(const EmbeddedCluster&) = delete;

  // Fast shutdown (`pg_ctl stop -m fast`): waits until the server is down.
  core::Result<void> Stop();
  // Immediate shutdown (`pg_ctl stop -m immediate`), as in a crash: every
  // backend ends at once, mid-statement; Restart() then replays the WAL.
  core::Result<void> Crash();
  // Starts it again after Stop() (used by the outage tests).
  core::Result<void> Restart();
  bool IsRunning() const;

  // Whether the postmaster named by postmaster.pid is alive: a cheap check
  // (a signal 0, no child process) for the supervisor to run twice a second.
  bool PostmasterAlive() const;
  // Starts the cluster after its postmaster died (crash recovery replays the
  // WAL), retrying with backoff until `patience` has passed: backends of the
  // dead postmaster may still hold its shared memory for a while, and a new
  // postmaster refuses to start until they are gone. This object owns the
  // cluster afterwards (stops it at exit) unless another process started it
  // first, which it then reuses.
  core::Result<void> Recover(std::chrono::milliseconds patience);

  // libpq connection string for a database of this cluster.
  std::string ConnInfo(const std::string& database) const;
  std::string ConnInfo() const { return ConnInfo(options_.database); }
  const std::filesystem::path& dir() const { return options_.dir; }

 private:
  explicit EmbeddedCluster(EmbeddedClusterOptions options, std::filesystem::path bindir);
  core::Result<void> StartServer();
  core::Result<void> StopWith(const std::string& mode);  // pg_ctl stop -m <mode>
  // StartServer once no backend of a dead postmaster is left on the folder.
  core::Result<void> StartAfterDeath();
  // StartAfterDeath, retried with backoff for `patience`; the attempts it took.
  core::Result<int> StartPatiently(std::chrono::milliseconds patience);
  core::Result<void> EnsureDatabase();
  std::filesystem::path ControlLog() const;

  EmbeddedClusterOptions options_;
  std::filesystem::path bindir_;
  bool running_ = false;  // started by this object, so stopped by it
};

// The directory holding initdb/pg_ctl/postgres: IMEDIC_PG_BINDIR, else the
// newest /usr/lib/postgresql/<v>/bin, else `pg_config --bindir`.
core::Result<std::filesystem::path> FindPostgresBinDir();

}  // namespace imedic::db
