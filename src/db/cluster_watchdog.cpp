#include "db/cluster_watchdog.hpp"

#include "core/log.hpp"
#include "core/metrics.hpp"

namespace imedic::db {

ClusterWatchdog::ClusterWatchdog(EmbeddedCluster& cluster, std::chrono::milliseconds interval)
    : cluster_(cluster), interval_(interval) {
  thread_ = std::thread([this] { Run(); });
}

ClusterWatchdog::~ClusterWatchdog() { Stop(); }

void ClusterWatchdog::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ClusterWatchdog::Run() {
  std::unique_lock lock(mu_);
  while (!wake_.wait_for(lock, interval_, [&] { return stopping_; })) {
    lock.unlock();
    if (!cluster_.PostmasterAlive()) {
      const auto since = std::chrono::steady_clock::now();
      core::log::Warn("embedded_postgres_died").Emit();
      // Up to 10 s of attempts per round; if it is still down the next round
      // tries again, and Stop() is heard in between.
      auto recovered = cluster_.Recover(std::chrono::seconds(10));
      if (recovered) {
        restarts_.fetch_add(1, std::memory_order_relaxed);
        core::metrics::CountEmbeddedRestart();
        core::log::Info("embedded_postgres_restarted")
            .Int("ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now() - since)
                           .count())
            .Emit();
      } else {
        core::log::Error("embedded_postgres_restart_failed")
            .Str("reason", recovered.error().public_message)
            .Emit();
      }
    }
    lock.lock();
  }
}

}  // namespace imedic::db
