// The staff inbox and the patient's own conversations (issue 12, item 11):
//
//   GET  /conversations                    list: status, assignee, channel, unread; keyset
//   GET  /conversations/{id}               one conversation
//   GET  /conversations/{id}/messages      its messages, opened (an audited read)
//   POST /conversations/{id}/messages      send (conversation_send.hpp)
//   POST /conversations/{id}/assign        assign or transfer, first-response due time
//   POST /conversations/{id}/close         close
//   POST /conversations/{id}/read          mark read
//   GET  /me/conversations                 the caller's own
//   GET  /me/conversations/{id}/messages   the messages of one of them
//
// Staff see a conversation when their patient scope reaches its user's
// patient profile or their lead scope a lead of that user
// (conversation_visible, migration 0028); anything else is 404.
#pragma once

#include "core/keyring.hpp"
#include "db/pool.hpp"
#include "http/router.hpp"

namespace imedic::messaging {

// `keys` must outlive the router.
void RegisterConversationRoutes(http::Router& router, db::Pool& pool, const core::Keyring& keys);

}  // namespace imedic::messaging
