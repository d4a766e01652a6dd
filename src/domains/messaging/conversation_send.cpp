#include "domains/messaging/conversation_send.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/log.hpp"
#include "core/uuid.hpp"
#include "domains/care/care_caller.hpp"
#include "domains/care/idempotency.hpp"
#include "domains/messaging/conversation_resources.hpp"
#include "domains/messaging/envelope_keys.hpp"
#include "domains/messaging/sql/queries.hpp"
#include "domains/messaging/template_text.hpp"
#include "domains/privacy/data_keys.hpp"
#include "http/json_body.hpp"
#include "records/body_validator.hpp"

namespace imedic::messaging {

namespace {

using http::RequestContext;
using http::Response;
using nlohmann::json;

struct SendInput {
  std::optional<std::string> text, template_name, template_language;
  std::vector<std::string> variables;
  std::string purpose = "care";
};

std::optional<std::string> OptionalText(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// The body, checked against NewConversationMessageResource; then exactly
// one of text and template_name, and a template's language.
core::Result<SendInput> ReadSendInput(std::string_view body) {
  auto object = http::ParseJsonObject(body);
  if (!object) return core::Fail(object.error());
  auto valid = records::ValidateBody(NewConversationMessageResource(), *object,
                                     records::WriteMode::kCreate);
  if (!valid) return core::Fail(valid.error());
  SendInput in;
  in.text = OptionalText(*valid, "text");
  in.template_name = OptionalText(*valid, "template_name");
  in.template_language = OptionalText(*valid, "template_language");
  if (auto p = OptionalText(*valid, "purpose")) in.purpose = *p;
  if (auto it = valid->find("variables"); it != valid->end() && it->is_array()) {
    for (const auto& v : *it) in.variables.push_back(v.get<std::string>());
  }
  std::vector<core::FieldError> errors;
  if (in.text && in.template_name) {
    errors.push_back({"text", "give text or template_name, not both"});
  } else if (!in.text && !in.template_name) {
    errors.push_back({"text", "required unless template_name is given"});
  }
  if (in.template_name && !in.template_language) {
    errors.push_back({"template_language", "required with template_name"});
  }
  if (!in.template_name && (in.template_language || !in.variables.empty())) {
    errors.push_back(
        {in.template_language ? "template_language" : "variables", "only with template_name"});
  }
  if (!errors.empty()) {
    return core::Fail(core::Error::InvalidInput("invalid message", std::move(errors)));
  }
  return in;
}

// A send a rule refused: answered with `error`, and kept with `reason`
// (message_send_refusals) after the send's transaction has rolled back.
struct Refusal {
  std::string session, user, channel_type, purpose, reason;
  std::optional<std::string> patient;
};

core::Error Refused(core::ErrorCode code, std::string message, std::string field,
                    std::string field_message) {
  return core::Error(code, std::move(message), {{std::move(field), std::move(field_message)}});
}

// The template's WhatsApp payload: name, language and its variables as the
// body component's text parameters.
json TemplatePayload(const SendInput& in) {
  json payload = {
      {"type", "template"}, {"name", *in.template_name}, {"language", *in.template_language}};
  if (!in.variables.empty()) {
    json parameters = json::array();
    for (const auto& v : in.variables) parameters.push_back({{"type", "text"}, {"text", v}});
    payload["components"] = json::array({{{"type", "body"}, {"parameters", parameters}}});
  }
  return payload;
}

json TextPayload(const std::string& channel_type, const std::string& text) {
  if (channel_type == "whatsapp") return {{"type", "text"}, {"text", text}};
  if (channel_type == "email") {
    return {{"subject", "A message from your imedic care team"}, {"text", text}};
  }
  return {{"text", text}};
}

void RecordRefusal(db::Pool& pool, const Refusal& r, const care::Caller& c) {
  auto conn = pool.Acquire();
  if (!conn) return;
  auto done = (*conn)->Execute(sql::kRecordSendRefusal,
                               db::Params{r.session, r.user, r.channel_type, r.purpose, r.reason,
                                          c.user_id, c.request_id, c.role, c.ip, r.patient});
  if (!done) {
    core::log::Warn("send_refusal_not_recorded")
        .Str("code", core::ErrorCodeName(done.error().code))
        .Emit();
  }
}

}  // namespace

StaffScope StaffScopeOf(const core::Principal& principal) {
  if (principal.user_type == "patient") return {"none", "none"};
  return {principal.patient_scopes.ToSql(), core::ScopeName(principal.lead_scope)};
}

core::Result<Response> SendConversationMessage(db::Pool& pool, const core::Keyring& keys,
                                               RequestContext& ctx) {
  const std::string id(ctx.params.Get("id"));
  if (!core::IsUuid(id)) return core::Fail(core::Error::NotFound());
  auto key = care::IdempotencyKeyOf(ctx.request);
  if (!key) return core::Fail(key.error());
  auto input = ReadSendInput(ctx.request.body);
  if (!input) return core::Fail(input.error());
  const care::Caller c = care::CallerOf(ctx);
  const StaffScope scope = StaffScopeOf(*ctx.principal);
  std::optional<Refusal> refusal;

  auto answer = care::RunIdempotent(
      pool, c.user_id, *key, care::RequestFingerprint(ctx.request),
      [&](db::Connection& conn) -> core::Result<Response> {
        auto target = conn.Execute(sql::kSendTarget,
                                   db::Params{id, c.user_id, scope.patients, scope.leads});
        if (!target) return core::Fail(target.error());
        if (target->rows() != 1) return core::Fail(core::Error::NotFound());
        const std::string user(target->Get(0, 0)), channel_type(target->Get(0, 1));
        const std::optional<std::string> channel = target->GetOptional(0, 2);
        const std::optional<std::string> recipient = target->GetOptional(0, 3);
        const bool opted_out = target->Get(0, 4) == "opted_out";
        const bool within_window = target->Get(0, 5) == "t";
        const bool marketing_consent = target->Get(0, 6) == "t";
        const std::optional<std::string> patient = target->GetOptional(0, 7);
        if (channel_type != "whatsapp" && channel_type != "sms" && channel_type != "email") {
          return core::Fail(Refused(core::ErrorCode::kConflict,
                                    "messages cannot be sent on this conversation's channel",
                                    "channel", "no outbound adapter for " + channel_type));
        }
        if (!channel || !recipient) {
          return core::Fail(Refused(core::ErrorCode::kConflict,
                                    "the contact has no live channel of this type", "channel",
                                    "no live " + channel_type + " channel"));
        }

        std::string purpose = input->purpose;
        std::optional<std::string> template_id;
        std::string text;
        json payload;
        json metadata;
        if (input->template_name) {
          if (channel_type != "whatsapp") {
            return core::Fail(core::Error::InvalidInput(
                "invalid message",
                {{"template_name", "templates are WhatsApp's; send text on " + channel_type}}));
          }
          auto t = conn.Execute(sql::kFindTemplate,
                                db::Params{*input->template_name, *input->template_language});
          if (!t) return core::Fail(t.error());
          if (t->rows() != 1 || t->Get(0, 4) != "approved") {
            return core::Fail(core::Error::InvalidInput(
                "invalid message",
                {{"template_name", "no approved template of this name and language"}}));
          }
          const std::string count(t->Get(0, 3));
          if (std::to_string(input->variables.size()) != count) {
            return core::Fail(core::Error::InvalidInput(
                "invalid message", {{"variables", "the template takes " + count + " values"}}));
          }
          template_id = std::string(t->Get(0, 0));
          if (t->Get(0, 1) == "marketing") purpose = "marketing";
          text = RenderTemplate(t->Get(0, 2), input->variables);
          payload = TemplatePayload(*input);
          metadata = {{"type", "template"},
                      {"template", *input->template_name},
                      {"language", *input->template_language}};
        } else {
          text = *input->text;
          payload = TextPayload(channel_type, text);
          metadata = {{"type", "text"}};
        }

        const auto refuse = [&](std::string reason, core::Error error) {
          refusal = Refusal{id, user, channel_type, purpose, std::move(reason), patient};
          return core::Fail(std::move(error));
        };
        if (opted_out) {
          return refuse("opted_out",
                        Refused(core::ErrorCode::kConflict, "the contact opted out of this channel",
                                "channel", "opted out: nothing is sent here"));
        }
        if (purpose == "marketing" && !marketing_consent) {
          return refuse("no_marketing_consent",
                        Refused(core::ErrorCode::kConflict,
                                "the contact has not consented to marketing on this channel",
                                "purpose", "no marketing consent for " + channel_type));
        }
        if (channel_type == "whatsapp" && !input->template_name && !within_window) {
          return refuse(
              "outside_window",
              Refused(core::ErrorCode::kInvalidInput,
                      "WhatsApp's 24-hour customer-service window is closed", "text",
                      "outside 24 hours of the contact's last message only an approved template "
                      "may be sent (template_name)"));
        }

        auto sealing = SealingKey(conn, keys, user, patient);
        if (!sealing) return core::Fail(sealing.error());
        const std::string message_id = core::NewUuidV4();
        const std::string sealed = privacy::EncryptField(sealing->key, text, "messages.content",
                                                         message_id);
        auto sent = conn.Execute(
            sql::kSendMessage,
            db::Params{message_id, id, user, *channel, channel_type, patient, sealed, sealing->kind,
                       metadata.dump(), purpose, template_id, *recipient, payload.dump(), c.user_id,
                       c.role, c.request_id, c.ip});
        if (!sent) return core::Fail(sent.error());
        if (sent->rows() != 1) return core::Fail(core::Error::Internal("send: no row"));
        // The text is not echoed: an Idempotency-Key keeps the answer for
        // 24 hours, and message text is kept sealed only.
        Response resp = Response::Json(201, std::string(sent->Get(0, 0)));
        resp.headers.emplace_back("location", "/conversations/" + id + "/messages");
        return resp;
      });
  if (!answer && refusal) RecordRefusal(pool, *refusal, c);
  return answer;
}

}  // namespace imedic::messaging
