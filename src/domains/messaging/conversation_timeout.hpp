// The conversation timeout job (issue 12, item 7): active conversations
// quiet for longer than IMEDIC_CONVERSATION_TIMEOUT_MINUTES are marked
// 'timeout'; the contact's next message opens a new one. Each is claimed by
// one node (FOR UPDATE SKIP LOCKED), so several nodes may run the job.
#pragma once

#include <chrono>
#include <cstdint>

#include "core/error.hpp"
#include "db/pool.hpp"
#include "jobs/periodic_jobs.hpp"

namespace imedic::messaging {

// Times out up to `batch` idle conversations; how many it closed.
core::Result<int> TimeOutIdleConversations(db::Pool& pool, int timeout_minutes, int batch = 500);

// Runs TimeOutIdleConversations every `interval` until a turn finds fewer
// than a batch.
void AddConversationTimeoutJob(jobs::PeriodicJobs& jobs, db::Pool& pool, int timeout_minutes,
                               std::chrono::milliseconds interval = std::chrono::minutes(1));

// Conversations this process has timed out since it started (/metrics:
// imedic_conversations_timed_out_total).
std::uint64_t ConversationsTimedOutTotal();

}  // namespace imedic::messaging
