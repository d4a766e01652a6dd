#include "domains/messaging/webhook_routes.hpp"

#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/contact.hpp"
#include "core/log.hpp"
#include "domains/messaging/inbound_signature.hpp"
#include "domains/messaging/inbound_store.hpp"
#include "domains/messaging/whatsapp_payload.hpp"
#include "http/json_body.hpp"
#include "http/query_string.hpp"

namespace imedic::messaging {

namespace {

using http::RequestContext;
using http::Response;
using nlohmann::json;

struct Webhooks {
  WebhookSettings settings;
  InboundStore store;
};

RequestFacts FactsOf(const RequestContext& ctx) {
  RequestFacts f{ctx.request.request_id, std::nullopt};
  if (!ctx.request.remote_address.empty()) f.ip = ctx.request.remote_address;
  return f;
}

// What one POST did, for the answer and the log line (counts only: no
// number, address or text ever reaches the log).
struct Tally {
  int stored = 0, replayed = 0, statuses = 0, unmatched_statuses = 0, ignored = 0;

  json Json() const {
    return {{"stored", stored},
            {"replayed", replayed},
            {"statuses", statuses},
            {"unmatched_statuses", unmatched_statuses},
            {"ignored", ignored}};
  }
  void Log(std::string_view source) const {
    core::log::Info("inbound_webhook")
        .Str("source", source)
        .Int("stored", stored)
        .Int("replayed", replayed)
        .Int("statuses", statuses)
        .Int("unmatched_statuses", unmatched_statuses)
        .Int("ignored", ignored)
        .Emit();
  }
};

// A storage failure: the database being away is 503 (the provider retries,
// and replays are harmless); anything else about one message is logged by
// kind and skipped, so an odd message never turns the batch into a 5xx.
core::Result<void> Absorb(const core::Error& e, std::string_view source, Tally& tally) {
  if (e.code == core::ErrorCode::kUnavailable) return core::Fail(e);
  core::log::Warn("inbound_message_skipped")
      .Str("source", source)
      .Int("code", static_cast<int>(e.code))
      .Emit();
  ++tally.ignored;
  return {};
}

core::Result<void> Store(Webhooks& w, const InboundMessage& m, const RequestFacts& facts,
                         std::string_view source, Tally& tally) {
  auto r = w.store.Ingest(m, facts);
  if (!r) return Absorb(r.error(), source, tally);
  ++(r->stored ? tally.stored : tally.replayed);
  return {};
}

core::Result<void> Apply(Webhooks& w, const StatusUpdate& u, const RequestFacts& facts,
                         std::string_view source, Tally& tally) {
  auto r = w.store.ApplyStatus(u, facts);
  if (!r) return Absorb(r.error(), source, tally);
  ++(r->found ? tally.statuses : tally.unmatched_statuses);
  return {};
}

// ---- WhatsApp Cloud API --------------------------------------------------------

core::Result<Response> WhatsAppHandshake(const Webhooks& w, RequestContext& ctx) {
  auto pairs = http::ParseQueryString(ctx.request.query);
  std::string mode, token, challenge;
  if (pairs) {
    for (const auto& [k, v] : *pairs) {
      if (k == "hub.mode") mode = v;
      if (k == "hub.verify_token") token = v;
      if (k == "hub.challenge") challenge = v;
    }
  }
  const std::string& expected = w.settings.whatsapp_verify_token;
  if (mode != "subscribe" || expected.empty() || !SameSecret(token, expected) ||
      challenge.empty() || challenge.size() > 256) {
    return core::Fail(core::Error(core::ErrorCode::kForbidden, "webhook verification refused"));
  }
  Response r;
  r.status = 200;
  r.content_type = "text/plain; charset=utf-8";
  r.body = challenge;
  return r;
}

core::Result<Response> WhatsAppEvents(Webhooks& w, RequestContext& ctx) {
  // The signature first: nothing of an unsigned body is read.
  auto verified = VerifyWhatsAppSignature(ctx.request.HeaderValue(kWhatsAppSignatureHeader),
                                          ctx.request.body, w.settings.whatsapp_app_secret);
  if (!verified) return core::Fail(verified.error());
  Tally tally;
  auto payload = http::ParseJsonObject(ctx.request.body);
  if (!payload) {
    if (payload.error().code == core::ErrorCode::kMalformed) return core::Fail(payload.error());
    ++tally.ignored;  // valid JSON, but not an object: nothing for us
  } else {
    const WhatsAppBatch batch = ReadWhatsAppPayload(*payload);
    tally.ignored += batch.ignored;
    const RequestFacts facts = FactsOf(ctx);
    for (const InboundMessage& m : batch.messages) {
      if (auto r = Store(w, m, facts, "whatsapp", tally); !r) return core::Fail(r.error());
    }
    for (const StatusUpdate& u : batch.statuses) {
      if (auto r = Apply(w, u, facts, "whatsapp", tally); !r) return core::Fail(r.error());
    }
  }
  tally.Log("whatsapp");
  return Response::Json(200, tally.Json().dump());
}

// ---- Twilio ---------------------------------------------------------------------

core::Result<http::QueryPairs> TwilioForm(const Webhooks& w, const RequestContext& ctx) {
  const std::string_view type = ctx.request.HeaderValue("content-type");
  if (type.substr(0, 33) != "application/x-www-form-urlencoded") {
    return core::Fail(core::Error(core::ErrorCode::kUnsupportedMedia,
                                  "expected application/x-www-form-urlencoded"));
  }
  auto pairs = http::ParseQueryString(ctx.request.body);
  // Twilio signs the URL it called (ours, as the proxy in front shows it)
  // and the decoded parameters.
  const std::string url = w.settings.public_base_url + ctx.request.target;
  auto verified = VerifyTwilioSignature(ctx.request.HeaderValue(kTwilioSignatureHeader),
                                        w.settings.twilio_auth_token, url,
                                        pairs ? *pairs : http::QueryPairs{});
  if (!verified) return core::Fail(verified.error());
  if (!pairs) {
    return core::Fail(core::Error(core::ErrorCode::kMalformed, "the form body is malformed"));
  }
  return *pairs;
}

std::optional<std::string> FormValue(const http::QueryPairs& form, std::string_view name) {
  for (const auto& [k, v] : form) {
    if (k == name) return v;
  }
  return std::nullopt;
}

Response EmptyTwiml() {
  Response r;
  r.status = 200;
  r.content_type = "text/xml; charset=utf-8";
  r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
  return r;
}

std::string TypeOfMime(std::string_view mime) {
  for (std::string_view t : {"image", "video", "audio"}) {
    if (mime.substr(0, t.size()) == t && mime.size() > t.size() && mime[t.size()] == '/') {
      return std::string(t);
    }
  }
  return "document";
}

core::Result<Response> TwilioInbound(Webhooks& w, RequestContext& ctx) {
  auto form = TwilioForm(w, ctx);
  if (!form) return core::Fail(form.error());
  Tally tally;
  auto sid = FormValue(*form, "MessageSid");
  if (!sid) sid = FormValue(*form, "SmsMessageSid");
  std::string from = FormValue(*form, "From").value_or("");
  InboundMessage m;
  m.channel_type = "sms";
  m.provider = "twilio";
  // Twilio's WhatsApp senders come as "whatsapp:+90…": the same person's
  // WhatsApp channel, carried by Twilio.
  if (from.rfind("whatsapp:", 0) == 0) {
    m.channel_type = "whatsapp";
    from.erase(0, 9);
  }
  auto phone = core::NormalizePhone(from);
  if (!sid || sid->empty() || sid->size() > 64 || !phone) {
    ++tally.ignored;
    tally.Log("twilio");
    return EmptyTwiml();
  }
  m.provider_message_id = *sid;
  m.from = *phone;
  m.metadata["type"] = m.channel_type == "sms" ? "sms" : "whatsapp";
  if (auto body = FormValue(*form, "Body"); body && !body->empty()) m.text = *body;
  if (auto segments = FormValue(*form, "NumSegments")) m.metadata["segments"] = *segments;
  int media = 0;
  if (auto n = FormValue(*form, "NumMedia");
      n && n->size() == 1 && (*n)[0] >= '0' && (*n)[0] <= '9') {
    media = (*n)[0] - '0';
  }
  json kinds = json::array();
  for (int i = 0; i < media; ++i) {
    auto url = FormValue(*form, "MediaUrl" + std::to_string(i));
    auto mime = FormValue(*form, "MediaContentType" + std::to_string(i));
    if (!url) continue;
    // The media URL is Twilio's id for the file (fetched with the account's credentials).
    m.media.push_back({{"id", *url}, {"mime_type", mime.value_or("")}});
    kinds.push_back(mime.value_or(""));
    if (i == 0 && mime) m.message_type = TypeOfMime(*mime);
  }
  if (!kinds.empty()) m.metadata["media_types"] = kinds;
  if (auto r = Store(w, m, FactsOf(ctx), "twilio", tally); !r) return core::Fail(r.error());
  tally.Log("twilio");
  return EmptyTwiml();
}

// Twilio's message states, in ours (delivery_status's five).
std::optional<std::string> TwilioStatus(std::string_view s) {
  if (s == "accepted" || s == "scheduled" || s == "queued" || s == "sending") return "queued";
  if (s == "sent" || s == "delivered" || s == "read") return std::string(s);
  if (s == "failed" || s == "undelivered" || s == "canceled") return "failed";
  return std::nullopt;  // receiving, received: our inbound messages
}

core::Result<Response> TwilioStatusCallback(Webhooks& w, RequestContext& ctx) {
  auto form = TwilioForm(w, ctx);
  if (!form) return core::Fail(form.error());
  Tally tally;
  auto sid = FormValue(*form, "MessageSid");
  if (!sid) sid = FormValue(*form, "SmsSid");
  auto status = TwilioStatus(FormValue(*form, "MessageStatus").value_or(""));
  if (!sid || sid->empty() || sid->size() > 64 || !status) {
    ++tally.ignored;
  } else {
    StatusUpdate u{"twilio", *sid, *status, static_cast<long long>(std::time(nullptr)), {}};
    if (*status == "failed") {
      json error = json::object();
      if (auto code = FormValue(*form, "ErrorCode")) error["code"] = *code;
      error["status"] = FormValue(*form, "MessageStatus").value_or("");
      u.error = json{{"errors", json::array({error})}};
    }
    if (auto r = Apply(w, u, FactsOf(ctx), "twilio", tally); !r) return core::Fail(r.error());
  }
  tally.Log("twilio_status");
  return EmptyTwiml();
}

// ---- inbound e-mail ---------------------------------------------------------------

// "<id@host>" → "id@host"; empty when nothing is left.
std::string BareMessageId(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '<')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '>')) v.remove_suffix(1);
  return std::string(v);
}

// The Message-IDs of a References or In-Reply-To header: "<a@x> <b@y>".
void AddReferences(std::string_view header, std::vector<std::string>& out) {
  while (!header.empty()) {
    const std::size_t start = header.find_first_not_of(" \t\r\n,");
    if (start == std::string_view::npos) break;
    header.remove_prefix(start);
    const std::size_t end = header.find_first_of(" \t\r\n,");
    std::string id = BareMessageId(header.substr(0, end));
    if (!id.empty() && id.size() <= 998 && out.size() < 100) out.push_back(std::move(id));
    if (end == std::string_view::npos) break;
    header.remove_prefix(end);
  }
}

// "Jane Doe <jane@example.com>" or "jane@example.com": the address and the name.
std::pair<std::string, std::string> SplitMailbox(std::string_view v) {
  const std::size_t lt = v.rfind('<'), gt = v.rfind('>');
  if (lt != std::string_view::npos && gt != std::string_view::npos && gt > lt) {
    std::string_view name = v.substr(0, lt);
    while (!name.empty() && (name.back() == ' ' || name.back() == '"')) name.remove_suffix(1);
    while (!name.empty() && (name.front() == ' ' || name.front() == '"')) name.remove_prefix(1);
    return {std::string(v.substr(lt + 1, gt - lt - 1)), std::string(name)};
  }
  return {std::string(v), {}};
}

core::Error BadEmail(std::string field, std::string message) {
  return core::Error::InvalidInput("invalid inbound e-mail",
                                   {{std::move(field), std::move(message)}});
}

core::Result<Response> EmailInbound(Webhooks& w, RequestContext& ctx) {
  auto verified = VerifyTimestampedSignature(ctx.request.HeaderValue(kEmailSignatureHeader),
                                             ctx.request.body, w.settings.email_webhook_secret,
                                             static_cast<std::int64_t>(std::time(nullptr)),
                                             w.settings.email_webhook_tolerance);
  if (!verified) return core::Fail(verified.error());
  auto parsed = http::ParseJsonObject(ctx.request.body);
  if (!parsed) return core::Fail(parsed.error());
  const json& e = *parsed;
  auto str = [&e](const char* k) -> std::optional<std::string> {
    auto it = e.find(k);
    if (it == e.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  auto from = str("from");
  if (!from) return core::Fail(BadEmail("from", "required string"));
  auto [address, name] = SplitMailbox(*from);
  auto email = core::NormalizeEmail(address);
  if (!email) return core::Fail(BadEmail("from", "not an e-mail address"));
  const std::string message_id = BareMessageId(str("message_id").value_or(""));
  if (message_id.empty() || message_id.size() > 998) {
    return core::Fail(BadEmail("message_id", "required: the Message-ID header"));
  }
  InboundMessage m;
  m.channel_type = "email";
  m.provider = "email";
  m.provider_message_id = message_id;
  m.from = *email;
  if (!name.empty()) {
    const std::size_t space = name.find(' ');
    m.first_name = name.substr(0, space);
    m.last_name = space == std::string::npos ? std::string() : name.substr(space + 1);
  }
  m.metadata["type"] = "email";
  if (auto text = str("text"); text && !text->empty()) m.text = *text;
  json sealed = json::object();
  for (const char* k : {"subject", "html", "to"}) {
    if (auto it = e.find(k); it != e.end() && (it->is_string() || it->is_array())) sealed[k] = *it;
  }
  if (!sealed.empty()) m.sealed = sealed;
  m.metadata["has_html"] = sealed.contains("html");
  if (auto v = str("in_reply_to")) AddReferences(*v, m.thread_refs);
  if (auto it = e.find("references"); it != e.end()) {
    if (it->is_string()) AddReferences(it->get<std::string>(), m.thread_refs);
    if (it->is_array()) {
      for (const json& r : *it) {
        if (r.is_string()) AddReferences(r.get<std::string>(), m.thread_refs);
      }
    }
  }
  Tally tally;
  if (auto r = Store(w, m, FactsOf(ctx), "email", tally); !r) return core::Fail(r.error());
  tally.Log("email");
  return Response::Json(200, tally.Json().dump());
}

const std::vector<http::DocParam>& HandshakeParameters() {
  static const std::vector<http::DocParam> params{
      {"hub.mode", "string", "subscribe"},
      {"hub.verify_token", "string", "the verify token configured with Meta"},
      {"hub.challenge", "string", "echoed back on success"}};
  return params;
}

}  // namespace

void RegisterWebhookRoutes(http::Router& router, db::Pool& pool, const core::Keyring& keys,
                           WebhookSettings settings) {
  using http::BodyKind;
  using http::DocShape;
  using http::RouteDoc;
  using http::RowKind;
  const int timeout = settings.session_timeout_minutes;
  auto w = std::make_shared<Webhooks>(Webhooks{std::move(settings), {pool, keys, timeout}});
  RouteDoc handshake{nullptr, DocShape::kNone, DocShape::kObject, 200, &HandshakeParameters()};
  handshake.media = {"text/plain"};
  router.Add({"GET", "/webhooks/whatsapp",
              [w](RequestContext& ctx) { return WhatsAppHandshake(*w, ctx); }, http::kPublic,
              "none",
              "The WhatsApp Cloud API's verification handshake: hub.mode=subscribe with the "
              "configured hub.verify_token echoes hub.challenge; anything else is 403",
              BodyKind::kNone, RowKind::kNone, std::move(handshake)})
      << http::Documents{403};
  router.Add({"POST", "/webhooks/whatsapp",
              [w](RequestContext& ctx) { return WhatsAppEvents(*w, ctx); }, http::kPublic, "write",
              "WhatsApp Cloud API events (X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the "
              "body with the app secret>): inbound messages of every type stored once per wamid "
              "(unknown senders become users and leads), statuses moving delivery forward only",
              BodyKind::kJson, RowKind::kNone,
              RouteDoc{nullptr, DocShape::kObject, DocShape::kObject, 200}})
      << http::Documents{401};
  RouteDoc twiml{nullptr, DocShape::kBinary, DocShape::kObject, 200};
  twiml.media = {"text/xml"};
  router.Add({"POST", "/webhooks/twilio/sms",
              [w](RequestContext& ctx) { return TwilioInbound(*w, ctx); }, http::kPublic, "write",
              "An inbound SMS from Twilio (form-encoded, X-Twilio-Signature: base64 HMAC-SHA1 of "
              "the public URL and the sorted parameters), stored once per MessageSid; answers an "
              "empty TwiML <Response/>",
              BodyKind::kBinary, RowKind::kNone, twiml})
      << http::Documents{400, 401};
  router.Add({"POST", "/webhooks/twilio/status",
              [w](RequestContext& ctx) { return TwilioStatusCallback(*w, ctx); }, http::kPublic,
              "write",
              "Twilio's status callback for a message we sent (signed as /webhooks/twilio/sms): "
              "MessageStatus moves delivery_status forward only",
              BodyKind::kBinary, RowKind::kNone, std::move(twiml)})
      << http::Documents{400, 401};
  router.Add({"POST", "/webhooks/email", [w](RequestContext& ctx) { return EmailInbound(*w, ctx); },
              http::kPublic, "write",
              "A parsed inbound e-mail (Imedic-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "
              "\"<t>.<body>\"> with the e-mail webhook secret, within the tolerance): from, to, "
              "subject, text, html, message_id, in_reply_to, references; threaded by its "
              "references, stored once per Message-ID",
              BodyKind::kJson, RowKind::kNone,
              RouteDoc{nullptr, DocShape::kObject, DocShape::kObject, 200}})
      << http::Documents{401};
}

}  // namespace imedic::messaging
