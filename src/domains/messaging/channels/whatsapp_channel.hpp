// WhatsApp Cloud API: POST {base}/{version}/{phone-number-id}/messages with
// a Bearer token. The outbox payload chooses the message:
//   {"type":"text","text":"…"}                                  free-form text
//   {"type":"image|document|audio|video","media_id"|"link":…,
//    "caption":…, "filename":… (document)}                       media
//   {"type":"template","name":…,"language":"tr",
//    "components":[{"type":"body","parameters":[…]}]}           approved template
// and a payload without "type" goes out as text (MessageText); any of them
// may quote a message of the contact ("context_message_id": its wamid). The answer's
// messages[0].id (the wamid) is the provider id.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "domains/messaging/channels/http_client.hpp"
#include "domains/messaging/outbox.hpp"

namespace imedic::messaging {

struct WhatsAppConfig {
  std::string api_base = "https://graph.facebook.com";
  std::string api_version = "v21.0";
  std::string phone_number_id;
  std::string access_token;  // secret: never logged
  HttpClientOptions http;
};

// The request body the API documents for `message`; a payload that cannot
// become one is a permanent failure.
core::Result<nlohmann::json> BuildWhatsAppBody(const OutboundMessage& message);

class WhatsAppChannel : public OutboundChannel {
 public:
  explicit WhatsAppChannel(WhatsAppConfig config);
  core::Result<DeliveryReceipt> Deliver(const OutboundMessage& message) override;

 private:
  WhatsAppConfig config_;
  HttpClient http_;
};

}  // namespace imedic::messaging
