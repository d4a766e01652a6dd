#include "domains/privacy/audit_jobs.hpp"

#include <chrono>
#include <memory>

#include "core/log.hpp"
#include "domains/privacy/audit_chain.hpp"

namespace imedic::privacy {

namespace {

constexpr int kBatch = 5000;
constexpr int kMaxBatchesPerTurn = 20;
constexpr auto kHeadLogInterval = std::chrono::minutes(1);

struct SealerState {
  bool failing = false;
  std::int64_t sealed_since_log = 0;
  core::Clock::time_point last_head_log{};
};

void SealTurn(db::Pool& pool, const core::Keyring& keys, const core::Clock& clock,
              SealerState& state) {
  auto conn = pool.Acquire();
  core::Result<SealReport> report = conn ? core::Result<SealReport>(SealReport{})
                                         : core::Result<SealReport>(core::Fail(conn.error()));
  for (int i = 0; conn && i < kMaxBatchesPerTurn; ++i) {
    report = SealPendingAudit(**conn, keys, kBatch);
    if (!report) break;
    state.sealed_since_log += report->sealed;
    if (report->busy || report->sealed < kBatch) break;
  }
  if (!report) {
    jobs::ReportRunFailed();
    if (!state.failing) {
      core::log::Error("audit_seal_failed")
          .Str("code", core::ErrorCodeName(report.error().code))
          .Str("detail", report.error().internal_detail)
          .Emit();
    }
    state.failing = true;
    return;
  }
  if (state.failing) core::log::Info("audit_seal_recovered").Emit();
  state.failing = false;
  const auto now = clock.Now();
  if (state.sealed_since_log > 0 && !report->busy &&
      now - state.last_head_log >= kHeadLogInterval) {
    core::log::Info("audit_chain_head")
        .Int("sealed", state.sealed_since_log)
        .Int("head_seq", report->head_seq)
        .Str("head_hash", report->head_hash_hex)
        .Emit();
    state.sealed_since_log = 0;
    state.last_head_log = now;
  }
}

}  // namespace

void AddAuditSealerJob(jobs::PeriodicJobs& jobs, db::Pool& pool, const core::Keyring& keys) {
  auto state = std::make_shared<SealerState>();
  jobs.Add("audit_sealer", std::chrono::milliseconds(500),
           [&pool, &keys, &clock = jobs.clock(), state] { SealTurn(pool, keys, clock, *state); });
}

}  // namespace imedic::privacy
