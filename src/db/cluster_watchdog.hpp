// Keeps the embedded PostgreSQL cluster up while `imedic serve` runs.
//
// Twice a second it checks that the postmaster is alive. When it is not
// (killed, crashed, or stopped by the serve that owned it on exit), it starts
// the cluster again: crash recovery replays the WAL, so every acknowledged
// write is still there. Meanwhile requests fail over to 503 (/readyz too) and
// the pool replaces its dead connections once the database is back. Starting
// is retried with backoff while backends of the dead postmaster linger. A
// serve that reused a cluster another serve started takes it over this way
// when that serve goes.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "db/embedded_cluster.hpp"

namespace imedic::db {

class ClusterWatchdog {
 public:
  explicit ClusterWatchdog(EmbeddedCluster& cluster,
                           std::chrono::milliseconds interval = std::chrono::milliseconds(500));
  ~ClusterWatchdog();  // Stop()
  ClusterWatchdog(const ClusterWatchdog&) = delete;
  ClusterWatchdog& operator=(const ClusterWatchdog&) = delete;

  // Ends the watch; call it before stopping the cluster on purpose.
  void Stop();

  // Times the cluster was found dead and started again.
  std::uint64_t restarts() const { return restarts_.load(std::memory_order_relaxed); }

 private:
  void Run();

  EmbeddedCluster& cluster_;
  std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::atomic<std::uint64_t> restarts_{0};
  std::thread thread_;
};

}  // namespace imedic::db
