#include "domains/messaging/channels/whatsapp_channel.hpp"

#include "domains/messaging/channels/http_outcome.hpp"
#include "domains/messaging/channels/plain_text.hpp"

namespace imedic::messaging {

namespace {

using nlohmann::json;

bool IsMediaType(const std::string& type) {
  return type == "image" || type == "document" || type == "audio" || type == "video";
}

std::string StringField(const json& payload, const char* key) {
  return payload.contains(key) && payload[key].is_string() ? payload[key].get<std::string>() : "";
}

// Meta's throttling codes come with HTTP 400 but pass: retry them.
// (4 app rate limit, 80007 WABA rate limit, 130429 throughput, 131056 pair rate limit)
bool IsThrottlingCode(long code) {
  return code == 4 || code == 80007 || code == 130429 || code == 131056;
}

}  // namespace

core::Result<json> BuildWhatsAppBody(const OutboundMessage& m) {
  json payload = json::parse(m.payload_json, nullptr, false);
  if (payload.is_discarded()) return core::Fail(PermanentFailure("whatsapp: payload not JSON"));
  json body = {{"messaging_product", "whatsapp"}, {"recipient_type", "individual"}, {"to", ""}};
  // The Cloud API takes the number without the leading '+'.
  body["to"] = !m.recipient.empty() && m.recipient[0] == '+' ? m.recipient.substr(1) : m.recipient;
  const std::string type = payload.is_object() ? StringField(payload, "type") : "";
  // A reply quoting one of the contact's messages (its wamid).
  if (payload.is_object()) {
    if (auto quoted = StringField(payload, "context_message_id"); !quoted.empty()) {
      body["context"] = {{"message_id", quoted}};
    }
  }
  if (type.empty() || type == "text") {
    body["type"] = "text";
    body["text"] = {{"preview_url", false}, {"body", MessageText(m.template_name, payload)}};
    return body;
  }
  if (IsMediaType(type)) {
    json media = json::object();
    if (auto id = StringField(payload, "media_id"); !id.empty()) {
      media["id"] = id;
    } else if (auto link = StringField(payload, "link"); !link.empty()) {
      media["link"] = link;
    } else {
      return core::Fail(PermanentFailure("whatsapp: media without media_id or link"));
    }
    if (auto caption = StringField(payload, "caption"); !caption.empty() && type != "audio") {
      media["caption"] = caption;
    }
    if (auto filename = StringField(payload, "filename"); !filename.empty() && type == "document") {
      media["filename"] = filename;
    }
    body["type"] = type;
    body[type] = media;
    return body;
  }
  if (type == "template") {
    const std::string name = StringField(payload, "name");
    const std::string language = StringField(payload, "language");
    if (name.empty() || language.empty()) {
      return core::Fail(PermanentFailure("whatsapp: template without name or language"));
    }
    json tmpl = {{"name", name}, {"language", {{"code", language}}}};
    if (payload.contains("components")) {
      if (!payload["components"].is_array()) {
        return core::Fail(PermanentFailure("whatsapp: template components not an array"));
      }
      tmpl["components"] = payload["components"];
    }
    body["type"] = "template";
    body["template"] = tmpl;
    return body;
  }
  return core::Fail(PermanentFailure("whatsapp: unsupported message type"));
}

WhatsAppChannel::WhatsAppChannel(WhatsAppConfig config)
    : config_(std::move(config)), http_(config_.http) {}

core::Result<DeliveryReceipt> WhatsAppChannel::Deliver(const OutboundMessage& m) {
  auto body = BuildWhatsAppBody(m);
  if (!body) return core::Fail(body.error());
  HttpRequest request;
  request.url = config_.api_base + "/" + config_.api_version + "/" + config_.phone_number_id +
                "/messages";
  request.headers = {"Authorization: Bearer " + config_.access_token,
                     "Content-Type: application/json"};
  request.body = body->dump();
  auto response = http_.Send(request);
  if (!response) return core::Fail(TransportFailure("whatsapp", response.error()));
  const json answer = json::parse(response->body, nullptr, false);
  if (response->status >= 200 && response->status < 300) {
    if (answer.is_object() && answer.contains("messages") && answer["messages"].is_array() &&
        !answer["messages"].empty() && answer["messages"][0].contains("id") &&
        answer["messages"][0]["id"].is_string()) {
      return DeliveryReceipt{answer["messages"][0]["id"].get<std::string>()};
    }
    // Accepted but unreadable: retrying could send it twice, so it is
    // recorded as sent without an id.
    return DeliveryReceipt{};
  }
  // Graph API errors: {"error":{"message":…,"type":…,"code":131030,…}}. Only
  // the numeric code goes into the reason: the message may quote the number.
  long code = 0;
  if (answer.is_object() && answer.contains("error") && answer["error"].is_object() &&
      answer["error"].contains("code") && answer["error"]["code"].is_number_integer()) {
    code = answer["error"]["code"].get<long>();
  }
  if (IsThrottlingCode(code)) {
    return core::Fail(TransientFailure("whatsapp " + std::to_string(response->status) + " code " +
                                       std::to_string(code)));
  }
  return core::Fail(HttpStatusFailure("whatsapp", response->status, code));
}

}  // namespace imedic::messaging
