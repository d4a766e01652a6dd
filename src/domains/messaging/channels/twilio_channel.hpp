// Twilio Programmable Messaging: POST {base}/2010-04-01/Accounts/{sid}/
// Messages.json, basic auth (account sid : auth token), a form body with To,
// From or MessagingServiceSid, Body, an optional MediaUrl and the
// StatusCallback URL our inbound webhook answers. The answer's "sid" (SM…)
// is the provider id.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "domains/messaging/channels/http_client.hpp"
#include "domains/messaging/outbox.hpp"

namespace imedic::messaging {

struct TwilioConfig {
  std::string api_base = "https://api.twilio.com";
  std::string account_sid;
  std::string auth_token;             // secret: never logged
  std::string from;                   // E.164 sender, or empty with a messaging service
  std::string messaging_service_sid;  // MG…; used instead of From when set
  std::string status_callback_url;    // empty: none
  HttpClientOptions http;
};

// The form fields, in the order they are sent.
core::Result<std::vector<std::pair<std::string, std::string>>> BuildTwilioForm(
    const TwilioConfig& config, const OutboundMessage& message);

class TwilioChannel : public OutboundChannel {
 public:
  explicit TwilioChannel(TwilioConfig config);
  core::Result<DeliveryReceipt> Deliver(const OutboundMessage& message) override;

 private:
  TwilioConfig config_;
  HttpClient http_;
};

}  // namespace imedic::messaging
