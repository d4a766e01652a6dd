// The HTTP/1.1 server: Boost.Beast over Asio with C++20 coroutines. This is
// one of the few translation units that include Beast/Asio; the interface
// here is plain so the rest of the program compiles without them.
//
// Threads: `io_threads` run the sockets; handlers run on a separate pool of
// `worker_threads`, so a handler waiting on PostgreSQL never blocks an I/O
// thread and a slow client never holds a worker.
//
// Overload: requests wait for a worker in a queue. When more than
// `max_pending` are handed to the workers and not yet answered, or a request
// waited longer than `queue_timeout` before a worker took it, the answer is
// 503 with Retry-After at once: beyond saturation clients get a quick "come
// back" instead of a timeout, and the backlog never grows past what the
// workers clear in about `queue_timeout`. Routes say otherwise on their row
// (Route::shedding): readiness is never shed, and liveness is answered on the
// I/O thread (it needs no worker).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "http/authenticator.hpp"
#include "http/router.hpp"

namespace imedic::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 → an ephemeral port (tests)
  int io_threads = 1;
  int worker_threads = 4;
  std::size_t max_body_bytes = 1 << 20;
  std::size_t max_header_bytes = 16 << 10;
  std::chrono::milliseconds read_timeout{10000};  // whole request, first byte to last
  std::chrono::milliseconds idle_timeout{60000};  // keep-alive wait for the next request
  std::chrono::milliseconds shutdown_grace{15000};
  bool handle_signals = true;  // SIGINT/SIGTERM start a graceful shutdown
  int max_pending = 0;         // IMEDIC_MAX_PENDING_REQUESTS; 0 → 8 per worker thread
  std::chrono::milliseconds queue_timeout{500};  // IMEDIC_QUEUE_TIMEOUT_MS
  // Times queue_timeout; null is the system clock. Must outlive the server.
  const core::Clock* clock = nullptr;
};

class Server {
 public:
  // `authenticator` (may be null when every route is public) must outlive the server.
  Server(ServerOptions options, const Router& router, Authenticator* authenticator = nullptr,
         HttpPolicy policy = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; throws std::runtime_error when the address is taken.
  // Returns the bound port (useful with port 0).
  int Listen();

  // Serves until a signal or Stop(), then stops accepting, closes idle
  // keep-alive connections, lets in-flight requests finish (up to the
  // grace period) and returns.
  void Run();

  // Starts the graceful shutdown; safe from any thread.
  void Stop();

  // Requests handed to the workers and not yet answered (running or queued).
  int pending() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace imedic::http
