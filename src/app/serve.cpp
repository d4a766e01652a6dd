#include "app/serve.hpp"

#include <algorithm>
#include <exception>
#include <optional>
#include <thread>

#include "app/application.hpp"
#include "app/database.hpp"
#include "app/keys.hpp"
#include "app/version.hpp"
#include "core/log.hpp"
#include "db/cluster_watchdog.hpp"
#include "domains/care/aftercare_job.hpp"
#include "domains/care/consultation_reminders.hpp"
#include "domains/care/idempotency.hpp"
#include "domains/exports/export_job.hpp"
#include "domains/files/file_jobs.hpp"
#include "domains/marketing/lead_jobs.hpp"
#include "domains/marketing/score_worker.hpp"
#include "domains/messaging/channels/channel_router.hpp"
#include "domains/messaging/conversation_timeout.hpp"
#include "domains/messaging/outbox.hpp"
#include "domains/privacy/audit_jobs.hpp"
#include "http/server.hpp"
#include "jobs/periodic_jobs.hpp"

namespace imedic::app {

int Serve(const core::Config& config) {
  auto database = OpenAndMigrate(config);
  if (!database) {
    core::log::Error("startup_failed").Str("reason", database.error().public_message).Emit();
    return 1;
  }
  auto keys = LoadKeyring(config);
  if (!keys) {
    core::log::Error("startup_failed").Str("reason", keys.error().public_message).Emit();
    return 1;
  }
  auto app_options = OptionsFromConfig(config, database->conninfo);
  if (!app_options) {
    core::log::Error("startup_failed").Str("reason", app_options.error().public_message).Emit();
    return 1;
  }
  app_options->version = kVersion;
  // argon2id runs in child processes of this very binary, out of the server's
  // address space (src/core/password_worker.hpp).
  app_options->identity.hashing.worker_executable = "/proc/self/exe";
  Application app(std::move(*app_options), std::move(*keys));
  // The embedded cluster is restarted if its postmaster dies (db/cluster_watchdog.hpp).
  std::optional<db::ClusterWatchdog> watchdog;
  if (database->embedded) watchdog.emplace(*database->embedded);

  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  http::ServerOptions options{
      .host = config.host,
      .port = config.port,
      .io_threads = config.io_threads > 0 ? config.io_threads : cores,
      .worker_threads = config.worker_threads > 0 ? config.worker_threads : config.db_pool_size,
      .max_body_bytes = config.max_body_bytes,
      .max_header_bytes = config.max_header_bytes,
      .read_timeout = config.read_timeout,
      .idle_timeout = config.idle_timeout,
      .shutdown_grace = config.shutdown_grace,
      .max_pending = config.max_pending_requests,
      .queue_timeout = config.queue_timeout,
  };
  try {
    http::Server server(options, app.router(), app.authenticator(), app.http_policy());
    const int port = server.Listen();
    core::log::Info("listening")
        .Str("url", "http://" + config.host + ":" + std::to_string(port))
        .Str("database", database->embedded ? "embedded" : "DATABASE_URL")
        .Int("io_threads", options.io_threads)
        .Int("worker_threads", options.worker_threads)
        .Emit();
    // Background work of this node: sealing the audit chain, delivering the
    // outbox, sweeping orphaned upload files, purging Idempotency-Keys past
    // their 24 hours, consultation reminders, the aftercare job (overdue marks,
    // follow-up reminders, escalations). All are safe with several nodes
    // (advisory lock, SKIP LOCKED, idempotent removal of old files and keys).
    jobs::PeriodicJobs jobs;
    privacy::AddAuditSealerJob(jobs, app.pool(), app.keys());
    auto outbound = messaging::MakeOutboundChannel(config);
    core::log::Info("outbound_channels").Str("delivery", outbound.summary).Emit();
    messaging::AddOutboxJob(jobs, app.pool(), outbound.channel);
    files::AddFileSweepJob(jobs, app.pool(), app.keys(), config.FilesDir());
    care::AddIdempotencyPurgeJob(jobs, app.pool());
    care::AddConsultationReminderJob(jobs, app.pool());
    care::AddAftercareJob(jobs, app.pool(),
                          {.escalate_after_days = config.aftercare_escalate_after_days});
    marketing::AddLeadJobs(jobs, app.pool());
    messaging::AddConversationTimeoutJob(jobs, app.pool(), config.conversation_timeout_minutes);
    exports::AddDataExportJob(jobs, app.pool(), app.keys(), {.files_dir = config.FilesDir()});
    jobs.Start();
    // Re-scores leads within a second of a change (LISTEN imedic_lead_score).
    marketing::LeadScoreWorker lead_scores(database->conninfo, app.pool());
    lead_scores.Start();
    server.Run();
    lead_scores.Stop();
    jobs.Stop();
  } catch (const std::exception& e) {
    core::log::Error("server_failed").Str("reason", e.what()).Emit();
    return 1;
  }
  if (watchdog) watchdog->Stop();  // before the stop on purpose, which it would undo
  if (database->embedded) {
    if (auto r = database->embedded->Stop(); !r) {
      core::log::Error("embedded_postgres_stop_failed")
          .Str("reason", r.error().public_message)
          .Emit();
      return 1;
    }
  }
  return 0;
}

}  // namespace imedic::app
