// Hears one LISTEN/NOTIFY channel on a connection of its own and hands
// every payload to its owner; the shared part of the in-process caches that
// PostgreSQL invalidates (the session cache, the public catalog cache).
//
// The owner is told when the listener is up (LISTEN took effect: what the
// owner holds may have missed notifications, so it starts empty) and when it
// is down (nothing it holds can be trusted: it must stop answering from
// memory). The listener pings the database after a second of silence and
// gives the connection up when the answer takes longer than a second, so a
// change reaches the owner within about a second even when the network drops
// packets silently; it reconnects with a backoff of 100 ms to 2 s.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "db/pool.hpp"

namespace imedic::db {

struct NotifyHandlers {
  std::function<void()> up;                     // connected and listening
  std::function<void()> down;                   // lost, or stopping
  std::function<void(std::string_view)> apply;  // one payload (never a sync marker)
};

class NotifyListener {
 public:
  // `name` goes into application_name and the log events ("<name>_connected").
  NotifyListener(std::string conninfo, std::string channel, std::string name,
                 NotifyHandlers handlers);
  ~NotifyListener();  // Stop()
  NotifyListener(const NotifyListener&) = delete;
  NotifyListener& operator=(const NotifyListener&) = delete;

  void Start();
  void Stop();  // calls handlers.down when it was running

  // Waits until every notification committed before this call has been
  // applied (it sends a marker through the same channel and waits for it to
  // come back). True when it did within `timeout`; false when the listener is
  // not connected or timed out.
  bool Sync(Pool& pool, std::chrono::milliseconds timeout);

  // Connections made so far (a test can see a reconnect).
  int connections() const { return connections_.load(); }
  const std::string& channel() const { return channel_; }

 private:
  void Run();
  // One connected session: returns when the connection is lost or on Stop().
  void Listen(void* conn);
  void Apply(std::string_view payload);

  const std::string conninfo_;
  const std::string channel_;
  const std::string name_;
  const NotifyHandlers handlers_;
  const std::string marker_prefix_;  // "sync:<random>:": this listener's markers
  std::thread thread_;
  int wake_fd_ = -1;  // eventfd: Stop() wakes the poll
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::atomic<std::uint64_t> next_marker_{0};

  std::mutex sync_mu_;
  std::condition_variable sync_cv_;
  std::uint64_t seen_marker_ = 0;  // guarded by sync_mu_
  bool connected_ = false;         // guarded by sync_mu_
};

}  // namespace imedic::db
