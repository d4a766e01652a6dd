// How far behind the outbox is, for monitoring (GET /metrics).
#pragma once

#include <cstdint>

#include "core/error.hpp"
#include "db/connection.hpp"

namespace imedic::messaging {

struct OutboxBacklog {
  std::int64_t undelivered = 0;       // pending, failed (to retry) or being sent
  double oldest_undelivered_age = 0;  // seconds
  std::int64_t dead = 0;              // gave up: the dead letters
};

core::Result<OutboxBacklog> ReadOutboxBacklog(db::Connection& conn);

}  // namespace imedic::messaging
