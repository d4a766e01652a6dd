// One inbound message or delivery status as the providers' webhooks give
// them, in one shape for WhatsApp, SMS and e-mail, before it is stored.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace imedic::messaging {

struct InboundMessage {
  std::string channel_type;         // whatsapp | sms | email (communication_channels)
  std::string provider;             // whatsapp | twilio | email (messages.provider)
  std::string provider_message_id;  // wamid, MessageSid, Message-ID
  std::string from;                 // canonical: E.164, or a lower-case address
  std::optional<std::string> first_name, last_name;  // the sender's profile name, if given
  std::optional<long long> sent_at_unix;             // the provider's timestamp
  std::string message_type = "text";                 // one of messages.message_type's five values
  // The readable text (text body, caption, reply title, reaction emoji,
  // e-mail subject and text): sealed into messages.content.
  std::optional<std::string> text;
  // Structural facts kept in the clear in messages.metadata: the original
  // type, provider ids, media ids and MIME types, referral ids.
  nlohmann::json metadata = nlohmann::json::object();
  // What may carry personal data beyond `text` (a location, contact cards,
  // an unknown type's payload, e-mail HTML): sealed into metadata.sealed.
  std::optional<nlohmann::json> sealed;
  // Media to fetch later: [{"id", "mime_type", "sha256"}].
  nlohmann::json media = nlohmann::json::array();
  std::optional<std::string> referral_source_id;  // click-to-WhatsApp ad id
  std::vector<std::string> thread_refs;           // e-mail In-Reply-To and References
};

// A provider's delivery status for a message we sent.
struct StatusUpdate {
  std::string provider;
  std::string provider_message_id;
  std::string status;  // queued | sent | delivered | read | failed
  std::optional<long long> at_unix;
  std::optional<nlohmann::json> error;  // failed: the provider's codes (no personal data)
};

}  // namespace imedic::messaging
