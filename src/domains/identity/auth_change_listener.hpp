// Hears the 'imedic_auth' notifications (migration 0016) on a connection of
// its own (db::NotifyListener) and applies them to this node's SessionCache:
// a user id evicts that user's tokens, '*' empties the cache.
//
// The cache is enabled only while the listener is connected and answering
// (db/notify_listener.hpp: a ping after a second of silence, the connection
// given up when the answer takes longer than a second), so a revocation
// reaches this node's requests within about a second even when the network
// drops packets silently; while disconnected, every request asks the database.
#pragma once

#include <chrono>
#include <string>

#include "db/notify_listener.hpp"
#include "db/pool.hpp"
#include "domains/identity/session_cache.hpp"

namespace imedic::identity {

inline constexpr const char* kAuthChannel = "imedic_auth";

class AuthChangeListener {
 public:
  AuthChangeListener(std::string conninfo, SessionCache& cache);
  AuthChangeListener(const AuthChangeListener&) = delete;
  AuthChangeListener& operator=(const AuthChangeListener&) = delete;

  void Start() { listener_.Start(); }
  void Stop() { listener_.Stop(); }

  // Waits until every notification committed before this call has been
  // applied. True when it did within `timeout`; false when the listener is
  // not connected (then the cache is disabled anyway) or timed out.
  bool Sync(db::Pool& pool, std::chrono::milliseconds timeout) {
    return listener_.Sync(pool, timeout);
  }

  // Connections made so far (a test can see a reconnect).
  int connections() const { return listener_.connections(); }

 private:
  db::NotifyListener listener_;
};

}  // namespace imedic::identity
