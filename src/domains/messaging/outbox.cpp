#include "domains/messaging/outbox.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <optional>

#include <nlohmann/json.hpp>

#include "core/log.hpp"
#include "db/typed_get.hpp"
#include "domains/messaging/sql/queries.hpp"

namespace imedic::messaging {

namespace {

core::Result<void> WriteFileAtomically(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return core::Fail(core::Error::Unavailable("cannot create outbox file"));
  std::size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return core::Fail(core::Error::Unavailable("cannot write outbox file"));
    }
    written += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || std::rename(tmp.c_str(), path.c_str()) != 0) {
    return core::Fail(core::Error::Unavailable("cannot publish outbox file"));
  }
  return {};
}

}  // namespace

core::Error PermanentFailure(std::string reason) {
  core::Error e(core::ErrorCode::kInvalidInput, "message refused by the provider", {},
                std::move(reason));
  return e;
}

core::Error TransientFailure(std::string reason) {
  return core::Error::Unavailable(std::move(reason));
}

bool IsPermanent(const core::Error& error) { return error.code == core::ErrorCode::kInvalidInput; }

core::Result<DeliveryReceipt> FileChannel::Deliver(const OutboundMessage& m) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  ::chmod(dir_.c_str(), 0700);
  nlohmann::json doc = {{"id", m.id},
                        {"channel", m.channel},
                        {"to", m.recipient},
                        {"template", m.template_name},
                        {"data", nlohmann::json::parse(m.payload_json, nullptr, false)}};
  auto written = WriteFileAtomically(
      dir_ + "/" + std::to_string(m.id) + "-" + m.template_name + ".json", doc.dump(2));
  if (!written) return core::Fail(written.error());
  return DeliveryReceipt{};
}

core::Result<DispatchReport> DispatchOutbox(db::Pool& pool, OutboundChannel& channel, int batch) {
  return DispatchOutbox(pool, channel, DispatchOptions{.batch = batch});
}

core::Result<DispatchReport> DispatchOutbox(db::Pool& pool, OutboundChannel& channel,
                                            const DispatchOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto claimed = (*conn)->Execute(sql::kClaimOutbox, db::Params{options.batch});
  if (!claimed) return core::Fail(claimed.error());
  DispatchReport report;
  for (int i = 0; i < claimed->rows(); ++i) {
    auto id = db::GetInt64(*claimed, i, 0);
    if (!id) return core::Fail(id.error());
    if (std::chrono::steady_clock::now() - started > options.budget) {
      // Out of time: the rest of the batch goes back, due now.
      std::string ids = "{";
      for (int j = i; j < claimed->rows(); ++j) {
        if (j > i) ids += ',';
        ids += claimed->Get(j, 0);
      }
      ids += '}';
      if (auto r = (*conn)->Execute(sql::kReleaseOutbox, db::Params{ids}); !r) {
        return core::Fail(r.error());
      }
      report.released = claimed->rows() - i;
      break;
    }
    OutboundMessage m{*id, std::string(claimed->Get(i, 1)), std::string(claimed->Get(i, 2)),
                      std::string(claimed->Get(i, 3)), std::string(claimed->Get(i, 4))};
    auto delivered = channel.Deliver(m);
    if (delivered) {
      std::optional<std::string> provider_id;
      if (!delivered->provider_message_id.empty()) provider_id = delivered->provider_message_id;
      if (auto r = (*conn)->Execute(sql::kMarkOutboxSent, db::Params{m.id, provider_id}); !r) {
        return core::Fail(r.error());
      }
      ++report.sent;
      continue;
    }
    const std::string reason = delivered.error().internal_detail.empty()
                                   ? delivered.error().public_message
                                   : delivered.error().internal_detail;
    if (IsPermanent(delivered.error())) {
      if (auto r = (*conn)->Execute(sql::kMarkOutboxDead, db::Params{m.id, reason}); !r) {
        return core::Fail(r.error());
      }
      ++report.dead;
      core::log::Warn("outbox_dead_letter")
          .Int("outbox_id", m.id)
          .Str("channel", m.channel)
          .Str("reason", reason)
          .Emit();
      continue;
    }
    auto r = (*conn)->Execute(sql::kMarkOutboxFailed, db::Params{m.id, reason});
    if (!r) return core::Fail(r.error());
    if (r->rows() == 1 && r->Get(0, 0) == "dead") {
      ++report.dead;
      core::log::Warn("outbox_dead_letter")
          .Int("outbox_id", m.id)
          .Str("channel", m.channel)
          .Str("reason", "max attempts")
          .Emit();
    } else {
      ++report.failed;
    }
  }
  return report;
}

void AddOutboxJob(jobs::PeriodicJobs& jobs, db::Pool& pool,
                  std::shared_ptr<OutboundChannel> channel) {
  jobs.Add("outbox_dispatch", std::chrono::seconds(1), [&pool, channel] {
    auto report = DispatchOutbox(pool, *channel);
    if (!report) {
      jobs::ReportRunFailed();
      core::log::Warn("outbox_dispatch_failed")
          .Str("code", core::ErrorCodeName(report.error().code))
          .Emit();
    } else if (report->sent + report->failed + report->dead + report->released > 0) {
      core::log::Info("outbox_dispatched")
          .Int("sent", report->sent)
          .Int("failed", report->failed)
          .Int("dead", report->dead)
          .Int("released", report->released)
          .Emit();
    }
  });
}

}  // namespace imedic::messaging
