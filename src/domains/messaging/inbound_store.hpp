// Stores what the providers' webhooks bring: one inbound message in one
// transaction (sender resolved or created, content sealed with the user's
// envelope key, session, consent, lead), and delivery statuses forward only.
// Idempotent by the provider's message id.
#pragma once

#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/keyring.hpp"
#include "db/pool.hpp"
#include "domains/messaging/inbound_message.hpp"

namespace imedic::messaging {

// Who delivered the webhook, for the audit rows.
struct RequestFacts {
  std::string request_id;
  std::optional<std::string> ip;
};

struct IngestOutcome {
  bool stored = false;  // false: a replay (this provider message id is stored already)
  std::string message_id, session_id;
  std::optional<std::string> lead_id;
};

struct StatusOutcome {
  bool found = false;    // a message with this provider id exists
  bool changed = false;  // its delivery status moved forward
  std::string delivery_status;
};

class InboundStore {
 public:
  // `keys` must outlive this object. `session_timeout_minutes`: an active
  // conversation idle longer is timed out by the next inbound message,
  // which opens a new one.
  InboundStore(db::Pool& pool, const core::Keyring& keys, int session_timeout_minutes)
      : pool_(pool), keys_(keys), session_timeout_minutes_(session_timeout_minutes) {}

  // kUnavailable when the database is away (the provider retries; a retry
  // is harmless). Never fails for odd but well-formed content.
  core::Result<IngestOutcome> Ingest(const InboundMessage& message, const RequestFacts& facts);

  core::Result<StatusOutcome> ApplyStatus(const StatusUpdate& update, const RequestFacts& facts);

 private:
  db::Pool& pool_;
  const core::Keyring& keys_;
  int session_timeout_minutes_;
};

}  // namespace imedic::messaging
