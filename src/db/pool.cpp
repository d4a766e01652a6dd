#include "db/pool.hpp"

#include "core/metrics.hpp"
#include "db/transaction.hpp"

namespace imedic::db {

PooledConnection::~PooledConnection() {
  if (pool_ && conn_) pool_->Release(std::move(*conn_));
}

Pool::Pool(PoolOptions options) : options_(std::move(options)) {}

int Pool::idle_count() {
  std::lock_guard lock(mu_);
  return static_cast<int>(idle_.size());
}

PoolStats Pool::Stats() {
  std::lock_guard lock(mu_);
  return {.size = options_.size,
          .open = open_,
          .idle = static_cast<int>(idle_.size()),
          .waiting = waiting_};
}

core::Result<PooledConnection> Pool::Acquire() {
  const auto started = std::chrono::steady_clock::now();
  auto waited = [started] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  auto lent = AcquireFrom(started + options_.acquire_timeout);
  core::metrics::ObservePoolWait(waited(), lent.has_value());
  return lent;
}

core::Result<PooledConnection> Pool::AcquireFrom(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mu_);
  for (;;) {
    while (!idle_.empty()) {
      Connection c = std::move(idle_.back());
      idle_.pop_back();
      if (!c.IsBroken()) return PooledConnection(this, std::move(c));
      --open_;  // drop the dead one and look again
    }
    if (open_ < options_.size) {
      ++open_;
      lock.unlock();  // connecting takes a round trip; don't hold the lock
      auto opened = Connection::Open(options_.conninfo);
      if (opened && options_.statement_timeout.count() > 0) {
        // A number from configuration, not caller data.
        auto set = opened->Exec("SET statement_timeout = " +
                                std::to_string(options_.statement_timeout.count()));
        if (!set) opened = core::Fail(set.error());
      }
      if (!opened) {
        lock.lock();
        --open_;
        cv_.notify_one();
        return core::Fail(opened.error());
      }
      return PooledConnection(this, std::move(*opened));
    }
    ++waiting_;
    const auto woke = cv_.wait_until(lock, deadline);
    --waiting_;
    if (woke == std::cv_status::timeout && idle_.empty() && open_ >= options_.size) {
      return core::Fail(core::Error::Unavailable("pool exhausted"));
    }
  }
}

void Pool::Release(Connection conn) {
  std::lock_guard lock(mu_);
  // A connection left inside a transaction (a bug) or broken is not reused.
  if (conn.IsBroken() || PQtransactionStatus(conn.raw()) != PQTRANS_IDLE) {
    --open_;
  } else {
    idle_.push_back(std::move(conn));
  }
  cv_.notify_one();
}

core::Result<void> Pool::WithTransaction(const std::function<core::Result<void>(Connection&)>& fn,
                                         int attempts) {
  core::Result<void> last{};
  for (int i = 0; i < attempts; ++i) {
    auto conn = Acquire();
    if (!conn) return core::Fail(conn.error());
    Transaction tx(**conn);
    if (auto b = tx.Begin(); !b) return b;
    last = fn(**conn);
    if (last) last = tx.Commit();
    if (last || !last.error().retryable) return last;
  }
  return last;
}

}  // namespace imedic::db
