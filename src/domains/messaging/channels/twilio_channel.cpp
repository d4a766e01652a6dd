#include "domains/messaging/channels/twilio_channel.hpp"

#include <nlohmann/json.hpp>

#include "domains/messaging/channels/http_outcome.hpp"
#include "domains/messaging/channels/plain_text.hpp"

namespace imedic::messaging {

using nlohmann::json;

core::Result<std::vector<std::pair<std::string, std::string>>> BuildTwilioForm(
    const TwilioConfig& config, const OutboundMessage& m) {
  const json payload = json::parse(m.payload_json, nullptr, false);
  if (payload.is_discarded()) return core::Fail(PermanentFailure("twilio: payload not JSON"));
  std::vector<std::pair<std::string, std::string>> form;
  form.emplace_back("To", m.recipient);
  if (!config.messaging_service_sid.empty()) {
    form.emplace_back("MessagingServiceSid", config.messaging_service_sid);
  } else {
    form.emplace_back("From", config.from);
  }
  form.emplace_back("Body", MessageText(m.template_name, payload));
  if (payload.is_object() && payload.contains("media_url") && payload["media_url"].is_string()) {
    form.emplace_back("MediaUrl", payload["media_url"].get<std::string>());
  }
  if (!config.status_callback_url.empty()) {
    form.emplace_back("StatusCallback", config.status_callback_url);
  }
  return form;
}

TwilioChannel::TwilioChannel(TwilioConfig config)
    : config_(std::move(config)), http_(config_.http) {}

core::Result<DeliveryReceipt> TwilioChannel::Deliver(const OutboundMessage& m) {
  auto form = BuildTwilioForm(config_, m);
  if (!form) return core::Fail(form.error());
  HttpRequest request;
  request.url = config_.api_base + "/2010-04-01/Accounts/" + config_.account_sid + "/Messages.json";
  request.headers = {"Content-Type: application/x-www-form-urlencoded", "Accept: application/json"};
  request.body = FormEncode(*form);
  request.basic_auth = std::make_pair(config_.account_sid, config_.auth_token);
  auto response = http_.Send(request);
  if (!response) return core::Fail(TransportFailure("twilio", response.error()));
  const json answer = json::parse(response->body, nullptr, false);
  if (response->status >= 200 && response->status < 300) {
    if (answer.is_object() && answer.contains("sid") && answer["sid"].is_string()) {
      return DeliveryReceipt{answer["sid"].get<std::string>()};
    }
    return DeliveryReceipt{};  // accepted: never sent twice for a missing sid
  }
  // Twilio errors: {"code":21211,"message":…,"more_info":…,"status":400}.
  long code = 0;
  if (answer.is_object() && answer.contains("code") && answer["code"].is_number_integer()) {
    code = answer["code"].get<long>();
  }
  return core::Fail(HttpStatusFailure("twilio", response->status, code));
}

}  // namespace imedic::messaging
