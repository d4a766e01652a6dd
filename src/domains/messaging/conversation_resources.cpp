#include "domains/messaging/conversation_resources.hpp"

#include <nlohmann/json.hpp>

#include "records/common_fields.hpp"

namespace imedic::messaging {

namespace {

using records::Access;
using records::FieldType;
using records::ServerEnum;
using records::ServerField;
using records::TimeField;

constexpr std::size_t kMaxText = 4096;
constexpr std::size_t kMaxTemplateBody = 1024;

void CheckComponents(const nlohmann::json& value, std::string_view prefix,
                     std::vector<core::FieldError>& errors) {
  if (!value.is_array()) {
    errors.push_back({std::string(prefix), "an array of template components"});
    return;
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (!value[i].is_object() || !value[i].contains("type") || !value[i]["type"].is_string()) {
      errors.push_back(
          {std::string(prefix) + "[" + std::to_string(i) + "]", "an object with a \"type\""});
    }
  }
}

nlohmann::json ComponentsSchema() {
  return {{"type", "array"},
          {"items",
           {{"type", "object"},
            {"required", {"type"}},
            {"properties", {{"type", {{"type", "string"}}}}},
            {"additionalProperties", true}}}};
}

records::Field TemplateName(Access access, bool required) {
  return {.name = "name",
          .access = access,
          .required = required,
          .nullable = false,
          .min_len = 1,
          .max_len = 512,
          .description = "The template's name as registered with Meta (a-z, 0-9, _)"};
}

}  // namespace

const records::Resource& ConversationResource() {
  static const records::Resource r{
      .name = "Conversation",
      .table = "conversation_sessions",
      .description = "A conversation with a patient or lead on one channel",
      .fields = {
          records::IdField(),
          ServerField("user_id", FieldType::kUuid, "The contact's user account", false),
          ServerField("patient_profile_id", FieldType::kUuid, "The contact's patient profile"),
          ServerField("lead_id", FieldType::kUuid, "The contact's lead"),
          ServerField("contact_name", FieldType::kString, "The contact's name"),
          ServerEnum("channel_type", {"whatsapp", "sms", "email", "phone", "chat", "zoom"},
                     "The channel"),
          ServerEnum("status", {"open", "closed"}, "open: active; closed: ended or timed out"),
          ServerEnum("session_status", {"active", "ended", "timeout"}, "The session's state"),
          ServerField("assigned_to", FieldType::kUuid, "The staff member it is assigned to"),
          ServerField("assigned_at", FieldType::kTimestamp, "When it was assigned"),
          ServerField("unread_count", FieldType::kInt, "Inbound messages not read yet", false),
          TimeField("started_at", "Opened"),
          TimeField("ended_at", "Closed or timed out"),
          TimeField("last_activity_at", "Last message either way"),
          TimeField("last_inbound_at", "The contact's last message"),
          TimeField("last_outbound_at", "Our last message"),
          TimeField("first_response_at", "Our first message after the contact's"),
          TimeField("first_response_due_at", "When the assignee should have answered"),
          ServerField("window_open", FieldType::kBool,
                      "A free-form message may go out now (WhatsApp: within 24 hours of the "
                      "contact's last message; other channels: always)",
                      false),
          ServerField("window_closes_at", FieldType::kTimestamp,
                      "WhatsApp: when the 24-hour window closes"),
      }};
  return r;
}

const records::Resource& ConversationMessageResource() {
  static const records::Resource r{
      .name = "ConversationMessage",
      .table = "messages",
      .description = "One message of a conversation, opened for the reader",
      .fields = {
          records::IdField(),
          ServerField("conversation_session_id", FieldType::kUuid, "Its conversation"),
          ServerEnum("direction", {"incoming", "outgoing"}, "Who wrote it"),
          ServerEnum("message_type", {"text", "image", "video", "audio", "document"},
                     "The vision's type (metadata.type keeps WhatsApp's own)"),
          ServerField("text", FieldType::kString, "The readable text (opened)"),
          ServerField("metadata", FieldType::kJson, "Structural facts: type, media id, referral"),
          ServerField("provider", FieldType::kString, "whatsapp, twilio or email"),
          {.name = "delivery_status",
           .access = Access::kServer,
           .values = {"queued", "sent", "delivered", "read", "failed"},
           .description = "Outgoing: forward only"},
          ServerField("delivery_status_at", FieldType::kTimestamp, "When it last moved"),
          ServerField("delivery_error", FieldType::kJson, "The provider's error code"),
          ServerField("is_read", FieldType::kBool, "Read by staff (incoming)"),
          TimeField("sent_at", "Sent or received"),
          ServerField("sent_by", FieldType::kUuid, "The staff member who wrote it"),
          {.name = "purpose",
           .access = Access::kServer,
           .values = {"care", "marketing"},
           .description = "Outgoing: why it was sent"},
          ServerField("template_id", FieldType::kUuid, "The template it was sent as"),
      }};
  return r;
}

const records::Resource& NewConversationMessageResource() {
  static const records::Resource r{
      .name = "NewConversationMessage",
      .table = "messages",
      .description =
          "A message to send: free text, or (WhatsApp outside the 24-hour window: only) an "
          "approved template with its variables",
      .fields = {
          {.name = "text",
           .access = Access::kCreateOnly,
           .min_len = 1,
           .max_len = kMaxText,
           .description = "Free text (not with template_name)"},
          {.name = "template_name",
           .access = Access::kCreateOnly,
           .min_len = 1,
           .max_len = 512,
           .description = "An approved template's name (not with text)"},
          {.name = "template_language",
           .access = Access::kCreateOnly,
           .min_len = 2,
           .max_len = 6,
           .description = "The template's language code, e.g. tr, en_US (with template_name)"},
          {.name = "variables",
           .type = FieldType::kStringArray,
           .access = Access::kCreateOnly,
           .min_len = 1,
           .max_len = 1024,
           .max_items = 20,
           .description = "One value per placeholder {{1}}..{{n}}"},
          {.name = "purpose",
           .access = Access::kCreateOnly,
           .nullable = false,
           .values = {"care", "marketing"},
           .description = "care (default) or marketing: a marketing send needs the contact's "
                          "marketing consent for the channel"},
      }};
  return r;
}

const records::Resource& AssignConversationResource() {
  static const records::Resource r{
      .name = "ConversationAssignment",
      .table = "conversation_sessions",
      .description = "Assign (or transfer) a conversation to a staff member",
      .fields = {
          {.name = "assigned_to",
           .type = FieldType::kUuid,
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .description = "A staff user who may read the conversation"},
          {.name = "respond_within_minutes",
           .type = FieldType::kInt,
           .access = Access::kCreateOnly,
           .nullable = false,
           .min = 1,
           .max = 10080,
           .description = "First-response due time from now (default 60)"},
      }};
  return r;
}

const records::Resource& MessageTemplateResource() {
  static const records::Resource r{
      .name = "MessageTemplate",
      .table = "message_templates",
      .description =
          "A WhatsApp message template (sendable outside the 24-hour window once "
          "approved)",
      .fields = {
          records::IdField(),
          ServerField("name", FieldType::kString, "Name as registered with Meta", false),
          ServerField("language", FieldType::kString, "Language code", false),
          ServerEnum("category", {"marketing", "utility", "authentication"}, "Meta's category"),
          ServerField("body", FieldType::kString, "Text with {{1}}..{{n}} placeholders", false),
          ServerField("variable_count", FieldType::kInt, "How many placeholders", false),
          ServerField("components", FieldType::kJson, "The definition's components"),
          ServerEnum("status", {"pending", "approved", "rejected", "paused", "disabled"},
                     "Only approved templates are sent"),
          ServerField("version", FieldType::kInt, "Row version (If-Match)", false),
          ServerField("created_by", FieldType::kUuid, "Who registered it"),
          TimeField("created_at", "Registered"),
          TimeField("updated_at", "Last changed"),
      }};
  return r;
}

const records::Resource& NewMessageTemplateResource() {
  static const records::Resource r{
      .name = "NewMessageTemplate",
      .table = "message_templates",
      .description = "Register a template",
      .fields = {
          TemplateName(Access::kCreateOnly, true),
          {.name = "language",
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .min_len = 2,
           .max_len = 6,
           .description = "Language code: tr, en, de, ar, ru, en_US"},
          {.name = "category",
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .values = {"marketing", "utility", "authentication"},
           .description = "Meta's category"},
          {.name = "body",
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .min_len = 1,
           .max_len = kMaxTemplateBody,
           .description = "Text with {{1}}..{{n}} placeholders"},
          {.name = "components",
           .type = FieldType::kJson,
           .access = Access::kCreateOnly,
           .nullable = false,
           .shape = CheckComponents,
           .shape_schema = ComponentsSchema,
           .default_json = "[]",
           .description = "The definition's components (header, buttons)"},
          {.name = "status",
           .access = Access::kCreateOnly,
           .nullable = false,
           .values = {"pending", "approved", "rejected", "paused", "disabled"},
           .description = "pending (default) until Meta approves it"},
      }};
  return r;
}

const records::Resource& MessageTemplatePatchResource() {
  static const records::Resource r{
      .name = "MessageTemplatePatch",
      .table = "message_templates",
      .description = "Change a template's status, category, body or components",
      .fields = {
          {.name = "category",
           .nullable = false,
           .values = {"marketing", "utility", "authentication"},
           .description = "Meta's category"},
          {.name = "body",
           .nullable = false,
           .min_len = 1,
           .max_len = kMaxTemplateBody,
           .description = "Text with {{1}}..{{n}} placeholders"},
          {.name = "components",
           .type = FieldType::kJson,
           .nullable = false,
           .shape = CheckComponents,
           .shape_schema = ComponentsSchema,
           .description = "The definition's components"},
          {.name = "status",
           .nullable = false,
           .values = {"pending", "approved", "rejected", "paused", "disabled"},
           .description = "Meta's verdict, or disabled"},
      }};
  return r;
}

}  // namespace imedic::messaging
