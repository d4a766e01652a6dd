// A bounded pool of PostgreSQL connections, shared by all worker threads.
// Connections are opened lazily and replaced after a failure, so the server
// rides out a PostgreSQL restart: while the database is away Acquire() and
// queries answer kUnavailable (503), and the next request after it returns
// gets a fresh connection.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "db/connection.hpp"

namespace imedic::db {

class Pool;

// A connection on loan from the pool; returns itself when destroyed.
class PooledConnection {
 public:
  PooledConnection(Pool* pool, Connection conn) : pool_(pool), conn_(std::move(conn)) {}
  PooledConnection(PooledConnection&& o) noexcept : pool_(o.pool_), conn_(std::move(o.conn_)) {
    o.pool_ = nullptr;
  }
  PooledConnection& operator=(PooledConnection&&) = delete;
  ~PooledConnection();

  Connection& operator*() { return *conn_; }
  Connection* operator->() { return &*conn_; }

 private:
  Pool* pool_;
  std::optional<Connection> conn_;
};

struct PoolOptions {
  std::string conninfo;
  int size = 8;
  std::chrono::milliseconds acquire_timeout{2000};
  // Bounds every statement, so a stuck query cannot hold a worker (or a
  // graceful shutdown) forever. 0 leaves PostgreSQL's default.
  std::chrono::milliseconds statement_timeout{30000};
};

// What the pool holds now, for /metrics.
struct PoolStats {
  int size = 0;  // the bound
  int open = 0;  // idle + on loan
  int idle = 0;
  int waiting = 0;  // callers blocked in Acquire
};

class Pool {
 public:
  explicit Pool(PoolOptions options);
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // Lends a healthy connection, opening one if below the size. Fails with
  // kUnavailable when none is free within the timeout or PostgreSQL is away.
  core::Result<PooledConnection> Acquire();

  // Runs fn inside one transaction, committing if it succeeds; serialization
  // failures and deadlocks are retried up to `attempts` times.
  core::Result<void> WithTransaction(const std::function<core::Result<void>(Connection&)>& fn,
                                     int attempts = 3);

  int size() const { return options_.size; }
  int idle_count();
  PoolStats Stats();

 private:
  friend class PooledConnection;
  core::Result<PooledConnection> AcquireFrom(std::chrono::steady_clock::time_point deadline);
  void Release(Connection conn);

  PoolOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Connection> idle_;  // guarded by mu_
  int open_ = 0;                  // guarded by mu_: idle + on loan
  int waiting_ = 0;               // guarded by mu_
};

}  // namespace imedic::db
