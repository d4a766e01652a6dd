#include "domains/marketing/score_worker.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>

#include <libpq-fe.h>

#include "core/log.hpp"
#include "core/metrics.hpp"
#include "domains/marketing/scoring_store.hpp"

namespace imedic::marketing {

namespace {

double UnixNow() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

LeadScoreWorker::LeadScoreWorker(std::string conninfo, db::Pool& pool,
                                 std::chrono::milliseconds poll)
    : conninfo_(std::move(conninfo)), pool_(pool), poll_(poll) {}

LeadScoreWorker::~LeadScoreWorker() { Stop(); }

void LeadScoreWorker::Start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  thread_ = std::thread([this] { Run(); });
}

void LeadScoreWorker::Stop() {
  if (!thread_.joinable()) return;
  stopping_ = true;
  const std::uint64_t one = 1;
  [[maybe_unused]] auto n = write(wake_fd_, &one, sizeof one);
  thread_.join();
  close(wake_fd_);
  wake_fd_ = -1;
}

void LeadScoreWorker::Drain() {
  const auto started = std::chrono::steady_clock::now();
  bool ok = true;
  // Batch after batch, each its own transaction, while they come back full.
  while (!stopping_) {
    auto conn = pool_.Acquire();
    if (!conn) {
      ok = false;
      break;
    }
    auto taken = RecomputeQueuedScores(**conn);
    if (!taken) {
      ok = false;
      core::log::Warn("lead_score_failed")
          .Str("code", core::ErrorCodeName(taken.error().code))
          .Emit();
      break;
    }
    scored_ += *taken;
    // A short batch emptied the queue (or left only leads that writers
    // hold, which come back with the writer's own notification or the
    // next poll).
    if (*taken < kScoreBatch) break;
  }
  core::metrics::ObserveJobRun(
      "lead_score_worker", UnixNow(),
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(), ok);
}

void LeadScoreWorker::Run() {
  while (!stopping_) {
    const char* keys[] = {"dbname", "connect_timeout", "application_name", nullptr};
    const char* values[] = {conninfo_.c_str(), "2", "imedic-lead-score", nullptr};
    PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
    bool listening = false;
    if (PQstatus(conn) == CONNECTION_OK) {
      PGresult* r = PQexec(conn, (std::string("LISTEN ") + kLeadScoreChannel).c_str());
      listening = PQresultStatus(r) == PGRES_COMMAND_OK;
      PQclear(r);
    }
    if (!listening) core::log::Warn("lead_score_listen_failed").Emit();
    // What was queued before LISTEN took effect (or while disconnected).
    Drain();
    while (listening && !stopping_) {
      pollfd fds[2] = {{PQsocket(conn), POLLIN, 0}, {wake_fd_, POLLIN, 0}};
      const int ready = poll(fds, 2, static_cast<int>(poll_.count()));
      if (ready < 0 && errno != EINTR) break;
      if (fds[0].revents != 0) {
        if (PQconsumeInput(conn) == 0) break;  // lost: reconnect
        while (PGnotify* n = PQnotifies(conn)) PQfreemem(n);
      }
      // A notification, or a quiet `poll`: either way the queue is read.
      if (!stopping_) Drain();
    }
    PQfinish(conn);
    if (stopping_) break;
    pollfd wake{wake_fd_, POLLIN, 0};
    poll(&wake, 1, static_cast<int>(poll_.count()));
  }
}

}  // namespace imedic::marketing
