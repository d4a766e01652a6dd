#include "db/notify_listener.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <optional>
#include <utility>

#include <libpq-fe.h>

#include "core/log.hpp"
#include "core/random.hpp"

namespace imedic::db {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kQuietBeforePing = std::chrono::seconds(1);
constexpr auto kPingDeadline = std::chrono::seconds(1);
constexpr auto kRetryMin = std::chrono::milliseconds(100);
constexpr auto kRetryMax = std::chrono::seconds(2);

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

// "auth_listener" → "imedic-auth-listener": how the backend shows in
// pg_stat_activity (tests find it there to cut it).
std::string ApplicationName(std::string_view name) {
  std::string out = "imedic-" + std::string(name);
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

}  // namespace

NotifyListener::NotifyListener(std::string conninfo, std::string channel, std::string name,
                               NotifyHandlers handlers)
    : conninfo_(std::move(conninfo)),
      channel_(std::move(channel)),
      name_(std::move(name)),
      handlers_(std::move(handlers)),
      marker_prefix_("sync:" + core::RandomHex(8) + ":") {}

NotifyListener::~NotifyListener() { Stop(); }

void NotifyListener::Start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  thread_ = std::thread([this] { Run(); });
}

void NotifyListener::Stop() {
  if (!thread_.joinable()) return;
  stopping_ = true;
  const std::uint64_t one = 1;
  [[maybe_unused]] auto n = write(wake_fd_, &one, sizeof one);
  thread_.join();
  close(wake_fd_);
  wake_fd_ = -1;
  handlers_.down();
}

void NotifyListener::Run() {
  auto retry = kRetryMin;
  const std::string application = ApplicationName(name_);
  // The channel is ours (a constant of the caller), quoted as an identifier anyway.
  const std::string listen = "LISTEN \"" + channel_ + "\"";
  while (!stopping_) {
    // conninfo may be a URL or key=value pairs; the timeout bounds a dead host.
    const char* keys[] = {"dbname", "connect_timeout", "application_name", nullptr};
    const char* values[] = {conninfo_.c_str(), "2", application.c_str(), nullptr};
    PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
    // Server notices ("terminating connection…") are not for stderr; the
    // disconnect is logged below.
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
    if (PQstatus(conn) == CONNECTION_OK) {
      PGresult* r = PQexec(conn, listen.c_str());
      const bool listening = PQresultStatus(r) == PGRES_COMMAND_OK;
      PQclear(r);
      if (listening && PQsetnonblocking(conn, 1) == 0) {
        retry = kRetryMin;
        ++connections_;
        Listen(conn);
      }
    } else {
      // The message may hold the host name, never a password; keep it out anyway.
      core::log::Warn(name_ + "_connect_failed").Emit();
    }
    PQfinish(conn);
    if (stopping_) break;
    // Poll the wake fd while backing off, so Stop() is prompt.
    pollfd wake{wake_fd_, POLLIN, 0};
    poll(&wake, 1, static_cast<int>(retry.count()));
    retry = std::min<std::chrono::milliseconds>(retry * 2, kRetryMax);
  }
}

void NotifyListener::Listen(void* raw) {
  auto* conn = static_cast<PGconn*>(raw);
  // Everything that happened before LISTEN took effect was missed.
  handlers_.up();
  {
    std::lock_guard lock(sync_mu_);
    connected_ = true;
  }
  sync_cv_.notify_all();
  core::log::Info(name_ + "_connected").Emit();
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
  // Lost (or stopping): nothing held can be trusted from here on.
  handlers_.down();
  {
    std::lock_guard lock(sync_mu_);
    connected_ = false;
  }
  sync_cv_.notify_all();
  if (!stopping_) core::log::Warn(name_ + "_disconnected").Emit();
}

void NotifyListener::Apply(std::string_view payload) {
  if (payload.starts_with("sync:")) {
    // Other nodes' markers are ignored.
    if (!payload.starts_with(marker_prefix_)) return;
    std::uint64_t n = 0;
    auto digits = payload.substr(marker_prefix_.size());
    std::from_chars(digits.data(), digits.data() + digits.size(), n);
    {
      std::lock_guard lock(sync_mu_);
      seen_marker_ = std::max(seen_marker_, n);
    }
    sync_cv_.notify_all();
    return;
  }
  handlers_.apply(payload);
}

bool NotifyListener::Sync(Pool& pool, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  {
    // Just started, or reconnecting: wait for the connection first.
    std::unique_lock lock(sync_mu_);
    if (!sync_cv_.wait_until(lock, deadline, [&] { return connected_; })) return false;
  }
  const std::uint64_t marker = ++next_marker_;
  auto conn = pool.Acquire();
  if (!conn) return false;
  auto r = (*conn)->ExecParams("SELECT pg_notify($1, $2)",
                               Params{channel_, marker_prefix_ + std::to_string(marker)});
  if (!r) return false;
  std::unique_lock lock(sync_mu_);
  sync_cv_.wait_until(lock, deadline, [&] { return seen_marker_ >= marker || !connected_; });
  return seen_marker_ >= marker;
}

}  // namespace imedic::db
