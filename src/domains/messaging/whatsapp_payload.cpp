#include "domains/messaging/whatsapp_payload.hpp"

#include <charconv>
#include <map>
#include <optional>
#include <string>

#include "core/contact.hpp"

namespace imedic::messaging {

namespace {

using nlohmann::json;

const json* Member(const json& o, const char* key) {
  if (!o.is_object()) return nullptr;
  auto it = o.find(key);
  return it == o.end() ? nullptr : &*it;
}

std::optional<std::string> Str(const json& o, const char* key) {
  const json* v = Member(o, key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return v->get<std::string>();
}

const json& Arr(const json& o, const char* key) {
  static const json kEmpty = json::array();
  const json* v = Member(o, key);
  return v != nullptr && v->is_array() ? *v : kEmpty;
}

const json& Obj(const json& o, const char* key) {
  static const json kEmpty = json::object();
  const json* v = Member(o, key);
  return v != nullptr && v->is_object() ? *v : kEmpty;
}

// Unix seconds as WhatsApp sends them: a string of digits.
std::optional<long long> Seconds(const json& o) {
  auto s = Str(o, "timestamp");
  if (!s || s->empty() || s->size() > 12) return std::nullopt;
  long long v = 0;
  auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || end != s->data() + s->size()) return std::nullopt;
  return v;
}

// A wa_id ("905321234567") as E.164, when it is a valid number.
std::optional<std::string> Phone(const std::optional<std::string>& wa_id) {
  if (!wa_id || wa_id->empty() || wa_id->size() > 20) return std::nullopt;
  return core::NormalizePhone("+" + *wa_id);
}

void SplitName(const std::string& name, InboundMessage& m) {
  const std::size_t space = name.find(' ');
  m.first_name = name.substr(0, space);
  m.last_name = space == std::string::npos ? std::string() : name.substr(space + 1);
}

// Copies the listed string members of `from` that are present.
json Pick(const json& from, std::initializer_list<const char*> keys) {
  json out = json::object();
  for (const char* k : keys) {
    if (auto v = Str(from, k)) out[k] = *v;
  }
  return out;
}

void ReadMedia(const json& msg, const std::string& type, InboundMessage& m) {
  const json& media = Obj(msg, type.c_str());
  json facts = Pick(media, {"id", "mime_type", "sha256"});
  if (const json* animated = Member(media, "animated"); animated && animated->is_boolean()) {
    facts["animated"] = *animated;
  }
  if (const json* voice = Member(media, "voice"); voice && voice->is_boolean()) {
    facts["voice"] = *voice;
  }
  m.metadata["media"] = facts;
  if (facts.contains("id")) m.media.push_back(Pick(media, {"id", "mime_type", "sha256"}));
  if (auto caption = Str(media, "caption")) m.text = *caption;
  // A file name can name the patient ("passport_jane_doe.pdf"): sealed.
  if (auto filename = Str(media, "filename")) m.sealed = json{{"filename", *filename}};
  m.message_type = type == "sticker" ? "image" : type;
}

void ReadMessage(const json& msg, const std::map<std::string, std::string>& names,
                 const json& value_metadata, WhatsAppBatch& out) {
  auto id = Str(msg, "id");
  auto from_wa = Str(msg, "from");
  auto from = Phone(from_wa);
  if (!id || id->empty() || id->size() > 256 || !from) {
    ++out.ignored;
    return;
  }
  InboundMessage m;
  m.channel_type = "whatsapp";
  m.provider = "whatsapp";
  m.provider_message_id = *id;
  m.from = *from;
  m.sent_at_unix = Seconds(msg);
  if (auto it = names.find(*from_wa); it != names.end() && !it->second.empty()) {
    SplitName(it->second, m);
  }
  const std::string type = Str(msg, "type").value_or("unknown");
  m.metadata["type"] = type;
  if (auto phone_number_id = Str(value_metadata, "phone_number_id")) {
    m.metadata["phone_number_id"] = *phone_number_id;
  }
  if (auto context_id = Str(Obj(msg, "context"), "id")) m.metadata["context_id"] = *context_id;

  if (type == "text") {
    if (auto body = Str(Obj(msg, "text"), "body")) m.text = *body;
  } else if (type == "image" || type == "video" || type == "audio" || type == "document" ||
             type == "sticker") {
    ReadMedia(msg, type, m);
  } else if (type == "interactive") {
    const json& interactive = Obj(msg, "interactive");
    const std::string kind = Str(interactive, "type").value_or("");
    const json& reply = Obj(interactive, kind.c_str());
    json facts = Pick(reply, {"id"});
    facts["type"] = kind;
    m.metadata["reply"] = facts;
    std::string text = Str(reply, "title").value_or("");
    if (auto description = Str(reply, "description")) text += "\n" + *description;
    if (!text.empty()) m.text = text;
  } else if (type == "button") {
    const json& button = Obj(msg, "button");
    m.metadata["button"] = Pick(button, {"payload"});
    if (auto text = Str(button, "text")) m.text = *text;
  } else if (type == "reaction") {
    const json& reaction = Obj(msg, "reaction");
    m.metadata["reaction"] = Pick(reaction, {"message_id"});
    if (auto emoji = Str(reaction, "emoji")) m.text = *emoji;
  } else if (type == "location") {
    m.sealed = Obj(msg, "location");
  } else if (type == "contacts") {
    m.sealed = json{{"contacts", Arr(msg, "contacts")}};
  } else {
    // unsupported, unknown, order, system, and types not yet documented:
    // kept whole (sealed), with the provider's error codes in the clear.
    m.sealed = msg;
    json codes = json::array();
    for (const json& e : Arr(msg, "errors")) {
      if (const json* code = Member(e, "code"); code && code->is_number_integer()) {
        codes.push_back(*code);
      }
    }
    if (!codes.empty()) m.metadata["error_codes"] = codes;
  }

  const json& referral = Obj(msg, "referral");
  if (!referral.empty()) {
    m.metadata["referral"] = Pick(referral, {"source_url", "source_id", "source_type", "headline",
                                             "body", "media_type", "ctwa_clid"});
    m.referral_source_id = Str(referral, "source_id");
  }
  out.messages.push_back(std::move(m));
}

void ReadStatus(const json& st, WhatsAppBatch& out) {
  auto id = Str(st, "id");
  auto status = Str(st, "status");
  if (!id || id->empty() || id->size() > 256 || !status ||
      (*status != "sent" && *status != "delivered" && *status != "read" && *status != "failed")) {
    ++out.ignored;
    return;
  }
  StatusUpdate u;
  u.provider = "whatsapp";
  u.provider_message_id = *id;
  u.status = *status;
  u.at_unix = Seconds(st);
  if (*status == "failed") {
    json errors = json::array();
    for (const json& e : Arr(st, "errors")) {
      json one = json::object();
      if (const json* code = Member(e, "code"); code && code->is_number_integer()) {
        one["code"] = *code;
      }
      if (auto title = Str(e, "title")) one["title"] = *title;
      errors.push_back(one);
    }
    u.error = json{{"errors", errors}};
  }
  out.statuses.push_back(std::move(u));
}

}  // namespace

WhatsAppBatch ReadWhatsAppPayload(const json& payload) {
  WhatsAppBatch out;
  if (Str(payload, "object") != "whatsapp_business_account") {
    ++out.ignored;
    return out;
  }
  for (const json& entry : Arr(payload, "entry")) {
    for (const json& change : Arr(entry, "changes")) {
      const json& value = Obj(change, "value");
      if (value.empty()) {
        ++out.ignored;
        continue;
      }
      std::map<std::string, std::string> names;
      for (const json& c : Arr(value, "contacts")) {
        auto wa_id = Str(c, "wa_id");
        auto name = Str(Obj(c, "profile"), "name");
        if (wa_id && name) names[*wa_id] = *name;
      }
      for (const json& msg : Arr(value, "messages")) {
        ReadMessage(msg, names, Obj(value, "metadata"), out);
      }
      for (const json& st : Arr(value, "statuses")) ReadStatus(st, out);
    }
  }
  return out;
}

}  // namespace imedic::messaging
