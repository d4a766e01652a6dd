#include "domains/messaging/outbox_backlog.hpp"

#include "db/typed_get.hpp"
#include "domains/messaging/sql/queries.hpp"

namespace imedic::messaging {

core::Result<OutboxBacklog> ReadOutboxBacklog(db::Connection& conn) {
  auto r = conn.Execute(sql::kOutboxBacklog);
  if (!r) return core::Fail(r.error());
  auto undelivered = db::GetInt64(*r, 0, 0);
  auto oldest_ms = db::GetInt64(*r, 0, 1);
  auto dead = db::GetInt64(*r, 0, 2);
  if (!undelivered || !oldest_ms || !dead) {
    return core::Fail(core::Error::Internal("unexpected outbox backlog row"));
  }
  return OutboxBacklog{.undelivered = *undelivered,
                       .oldest_undelivered_age = static_cast<double>(*oldest_ms) / 1000.0,
                       .dead = *dead};
}

}  // namespace imedic::messaging
