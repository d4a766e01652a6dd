#include "domains/identity/auth_change_listener.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <optional>

#include <libpq-fe.h>

#include "core/log.hpp"
#include "core/random.hpp"

namespace imedic::identity {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kQuietBeforePing = std::chrono::seconds(1);
constexpr auto kPingDeadline = std::chrono::seconds(1);
constexpr auto kRetryMin = std::chrono::milliseconds(100);
constexpr auto kRetryMax = std::chrono::seconds(2);

// Markers of this process: "sync:<node>:<n>". Other nodes' markers are ignored.
const std::string& NodeMarkerPrefix() {
  static const std::string prefix = "sync:" + core::RandomHex(8) + ":";
  return prefix;
}

// Drains every result of a finished query; false if one of them failed.
bool DrainResults(PGconn* conn) {
  bool ok = true;
  while (PGresult* r = PQgetResult(conn)) {
    const auto status = PQresultStatus(r);
    ok = ok && (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK);
    PQclear(r);
  }
  return ok;
}

}  // namespace

AuthChangeListener::AuthChangeListener(std::string conninfo, SessionCache& cache)
    : conninfo_(std::move(conninfo)), cache_(cache) {}

AuthChangeListener::~AuthChangeListener() { Stop(); }

void AuthChangeListener::Start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  thread_ = std::thread([this] { Run(); });
}

void AuthChangeListener::Stop() {
  if (!thread_.joinable()) return;
  stopping_ = true;
  const std::uint64_t one = 1;
  [[maybe_unused]] auto n = write(wake_fd_, &one, sizeof one);
  thread_.join();
  close(wake_fd_);
  wake_fd_ = -1;
  cache_.SetEnabled(false);
}

void AuthChangeListener::Run() {
  auto retry = kRetryMin;
  while (!stopping_) {
    // conninfo may be a URL or key=value pairs; the timeout bounds a dead host.
    const char* keys[] = {"dbname", "connect_timeout", "application_name", nullptr};
    const char* values[] = {conninfo_.c_str(), "2", "imedic-auth-listener", nullptr};
    PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
    // Server notices ("terminating connection…") are not for stderr; the
    // disconnect is logged below.
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
    if (PQstatus(conn) == CONNECTION_OK) {
      PGresult* r = PQexec(conn, (std::string("LISTEN ") + kAuthChannel).c_str());
      const bool listening = PQresultStatus(r) == PGRES_COMMAND_OK;
      PQclear(r);
      if (listening && PQsetnonblocking(conn, 1) == 0) {
        retry = kRetryMin;
        ++connections_;
        Listen(conn);
      }
    } else {
      // The message may hold the host name, never a password; keep it out anyway.
      core::log::Warn("auth_listener_connect_failed").Emit();
    }
    PQfinish(conn);
    if (stopping_) break;
    // Poll the wake fd while backing off, so Stop() is prompt.
    pollfd wake{wake_fd_, POLLIN, 0};
    poll(&wake, 1, static_cast<int>(retry.count()));
    retry = std::min<std::chrono::milliseconds>(retry * 2, kRetryMax);
  }
}

void AuthChangeListener::Listen(void* raw) {
  auto* conn = static_cast<PGconn*>(raw);
  // Everything that happened before LISTEN took effect was missed: start empty.
  cache_.SetEnabled(true);
  {
    std::lock_guard lock(sync_mu_);
    connected_ = true;
  }
  sync_cv_.notify_all();
  core::log::Info("auth_listener_connected").Emit();
  auto last_heard = Clock::now();
  std::optional<Clock::time_point> ping_sent;
  bool healthy = true;
  while (!stopping_ && healthy) {
    pollfd fds[2] = {{PQsocket(conn), POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    const int ready = poll(fds, 2, 250);
    if (ready < 0 && errno != EINTR) break;
    const auto now = Clock::now();
    if (fds[0].revents != 0) {
      if (PQconsumeInput(conn) == 0) break;
      last_heard = now;
      while (PGnotify* n = PQnotifies(conn)) {
        Apply(n->extra != nullptr ? std::string_view(n->extra) : std::string_view());
        PQfreemem(n);
      }
      if (ping_sent && PQisBusy(conn) == 0) {
        healthy = DrainResults(conn);
        ping_sent.reset();
      }
    }
    if (ping_sent && now - *ping_sent > kPingDeadline) healthy = false;
    if (!ping_sent && now - last_heard > kQuietBeforePing) {
      if (PQsendQuery(conn, "SELECT 1") == 0) break;
      PQflush(conn);
      ping_sent = now;
    }
  }
  // Lost (or stopping): nothing cached can be trusted from here on.
  cache_.SetEnabled(false);
  {
    std::lock_guard lock(sync_mu_);
    connected_ = false;
  }
  sync_cv_.notify_all();
  if (!stopping_) core::log::Warn("auth_listener_disconnected").Emit();
}

void AuthChangeListener::Apply(std::string_view payload) {
  if (payload == "*") {
    cache_.EvictAll();
    return;
  }
  if (payload.starts_with("sync:")) {
    const std::string& prefix = NodeMarkerPrefix();
    if (!payload.starts_with(prefix)) return;
    std::uint64_t n = 0;
    auto digits = payload.substr(prefix.size());
    std::from_chars(digits.data(), digits.data() + digits.size(), n);
    {
      std::lock_guard lock(sync_mu_);
      seen_marker_ = std::max(seen_marker_, n);
    }
    sync_cv_.notify_all();
    return;
  }
  cache_.EvictUser(payload);
}

bool AuthChangeListener::Sync(db::Pool& pool, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  {
    // Just started, or reconnecting: wait for the connection first.
    std::unique_lock lock(sync_mu_);
    if (!sync_cv_.wait_until(lock, deadline, [&] { return connected_; })) return false;
  }
  const std::uint64_t marker = ++next_marker_;
  auto conn = pool.Acquire();
  if (!conn) return false;
  auto r = (*conn)->ExecParams(
      "SELECT pg_notify($1, $2)",
      db::Params{kAuthChannel, NodeMarkerPrefix() + std::to_string(marker)});
  if (!r) return false;
  std::unique_lock lock(sync_mu_);
  sync_cv_.wait_until(lock, deadline, [&] { return seen_marker_ >= marker || !connected_; });
  return seen_marker_ >= marker;
}

}  // namespace imedic::identity
