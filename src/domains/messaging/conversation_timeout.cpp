#include "domains/messaging/conversation_timeout.hpp"

#include <atomic>

#include "core/log.hpp"
#include "db/typed_get.hpp"
#include "domains/messaging/sql/queries.hpp"

namespace imedic::messaging {

namespace {

std::atomic<std::uint64_t> g_timed_out{0};

constexpr int kBatch = 500;
constexpr int kMaxBatchesPerTurn = 20;

}  // namespace

core::Result<int> TimeOutIdleConversations(db::Pool& pool, int timeout_minutes, int batch) {
  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(sql::kCloseIdleConversations,
                            db::Params{std::to_string(timeout_minutes), std::to_string(batch)});
  if (!r) return core::Fail(r.error());
  auto n = db::GetInt(*r, 0, 0);
  if (!n) return core::Fail(n.error());
  g_timed_out.fetch_add(static_cast<std::uint64_t>(*n), std::memory_order_relaxed);
  return *n;
}

void AddConversationTimeoutJob(jobs::PeriodicJobs& jobs, db::Pool& pool, int timeout_minutes,
                               std::chrono::milliseconds interval) {
  jobs.Add("conversation_timeout", interval, [&pool, timeout_minutes] {
    int total = 0;
    for (int turn = 0; turn < kMaxBatchesPerTurn; ++turn) {
      auto n = TimeOutIdleConversations(pool, timeout_minutes, kBatch);
      if (!n) {
        jobs::ReportRunFailed();
        core::log::Warn("conversation_timeout_failed")
            .Str("code", core::ErrorCodeName(n.error().code))
            .Emit();
        return;
      }
      total += *n;
      if (*n < kBatch) break;
    }
    if (total > 0) core::log::Info("conversations_timed_out").Int("count", total).Emit();
  });
}

std::uint64_t ConversationsTimedOutTotal() { return g_timed_out.load(std::memory_order_relaxed); }

}  // namespace imedic::messaging
