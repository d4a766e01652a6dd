// POST /conversations/{id}/messages: a staff message into a conversation.
// In one transaction (under the Idempotency-Key when one is given): the
// messages row (outgoing, queued, its text sealed with the contact's
// envelope key as inbound messages are) and the outbox row that carries it,
// linked by outbox.message_id, so the dispatcher writes the provider's id
// onto the message and the provider's status webhooks land on it.
//
// The rules, checked at send time on the locked conversation:
//   - an opted-out channel takes nothing: 409 naming "channel";
//   - a marketing send (purpose marketing, or a marketing template) needs
//     the contact's marketing consent for the channel (consent_allows):
//     409 naming "purpose";
//   - WhatsApp outside 24 hours of the contact's last message: only an
//     approved template; free text is 422 naming "text".
// Each refusal is kept in message_send_refusals with its reason.
#pragma once

#include <string>

#include "core/keyring.hpp"
#include "core/principal.hpp"
#include "db/pool.hpp"
#include "http/router.hpp"

namespace imedic::messaging {

// The patient and lead scopes the staff routes read conversations with: the
// caller's, but none for a patient, who uses /me/conversations (and writes
// on their own channel, not through the staff route).
struct StaffScope {
  std::string patients, leads;
};
StaffScope StaffScopeOf(const core::Principal& principal);

core::Result<http::Response> SendConversationMessage(db::Pool& pool, const core::Keyring& keys,
                                                     http::RequestContext& ctx);

}  // namespace imedic::messaging
