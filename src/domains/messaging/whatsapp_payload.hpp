// The WhatsApp Cloud API webhook payload (object "whatsapp_business_account";
// entry[].changes[].value with messages[], contacts[] and statuses[]), read
// into InboundMessage and StatusUpdate after the signature was verified.
// Whatever does not fit (another object, a change without messages, a
// message without id or a valid sender number, an unknown status) is
// counted as ignored, never an error: the provider would only retry it.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "domains/messaging/inbound_message.hpp"

namespace imedic::messaging {

struct WhatsAppBatch {
  std::vector<InboundMessage> messages;
  std::vector<StatusUpdate> statuses;
  int ignored = 0;
};

WhatsAppBatch ReadWhatsAppPayload(const nlohmann::json& payload);

}  // namespace imedic::messaging
