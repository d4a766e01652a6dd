// Hears the 'imedic_auth' notifications (migration 0016) on a connection of
// its own and applies them to this node's SessionCache: a user id evicts
// that user's tokens, '*' empties the cache.
//
// The cache is enabled only while the listener is connected and answering:
// it pings the database after a second of silence and gives the connection
// up when the answer takes longer than a second, so a revocation reaches
// this node's requests within about a second even when the network drops
// packets silently; while disconnected, every request asks the database.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "core/error.hpp"
#include "db/pool.hpp"
#include "domains/identity/session_cache.hpp"

namespace imedic::identity {

inline constexpr const char* kAuthChannel = "imedic_auth";

class AuthChangeListener {
 public:
  AuthChangeListener(std::string conninfo, SessionCache& cache);
  ~AuthChangeListener();  // Stop()
  AuthChangeListener(const AuthChangeListener&) = delete;
  AuthChangeListener& operator=(const AuthChangeListener&) = delete;

  void Start();
  void Stop();

  // Waits until every notification committed before this call has been
  // applied (it sends a marker through the same channel and waits for it to
  // come back). True when it did within `timeout`; false when the listener is
  // not connected (then the cache is disabled anyway) or timed out.
  bool Sync(db::Pool& pool, std::chrono::milliseconds timeout);

  // Connections made so far (a test can see a reconnect).
  int connections() const { return connections_.load(); }

 private:
  void Run();
  // One connected session: returns when the connection is lost or on Stop().
  void Listen(void* conn);
  void Apply(std::string_view payload);

  const std::string conninfo_;
  SessionCache& cache_;
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

}  // namespace imedic::identity
