#include "domains/privacy/consent_resources.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "records/common_fields.hpp"

namespace imedic::privacy {

namespace {

using records::Access;
using records::FieldType;

records::Field CreateEnum(std::string_view name, const std::vector<std::string_view>& values,
                          bool required, std::string_view description) {
  return {.name = name,
          .access = Access::kCreateOnly,
          .required = required,
          .nullable = !required,
          .values = values,
          .description = description};
}

nlohmann::json EventSchema() {
  nlohmann::json s = {{"type", "object"}};
  s["properties"] = {{"id", {{"type", "string"}, {"format", "uuid"}}},
                     {"user_id", {{"type", "string"}, {"format", "uuid"}}},
                     {"purpose", {{"type", "string"}, {"enum", ConsentPurposes()}}},
                     {"provider_id", {{"type", {"string", "null"}}, {"format", "uuid"}}},
                     {"action", {{"type", "string"}, {"enum", {"given", "withdrawn"}}}},
                     {"text_version", {{"type", {"string", "null"}}}},
                     {"text_sha256", {{"type", {"string", "null"}}}},
                     {"channel", {{"type", "string"}, {"enum", ConsentChannels()}}},
                     {"occurred_at", {{"type", "string"}, {"format", "date-time"}}},
                     {"ip", {{"type", {"string", "null"}}}},
                     {"user_agent", {{"type", {"string", "null"}}}},
                     {"recorded_by", {{"type", {"string", "null"}}, {"format", "uuid"}}}};
  return s;
}

nlohmann::json CurrentSchema() {
  nlohmann::json item = {{"type", "object"}};
  item["properties"] = {{"purpose", {{"type", "string"}, {"enum", ConsentPurposes()}}},
                        {"provider_id", {{"type", {"string", "null"}}, {"format", "uuid"}}},
                        {"granted", {{"type", "boolean"}}},
                        {"action", {{"type", "string"}, {"enum", {"given", "withdrawn"}}}},
                        {"text_version", {{"type", {"string", "null"}}}},
                        {"text_sha256", {{"type", {"string", "null"}}}},
                        {"channel", {{"type", "string"}}},
                        {"occurred_at", {{"type", "string"}, {"format", "date-time"}}},
                        {"event_id", {{"type", "string"}, {"format", "uuid"}}}};
  return {{"type", "array"}, {"items", item}};
}

nlohmann::json HistorySchema() { return {{"type", "array"}, {"items", EventSchema()}}; }

}  // namespace

const std::vector<std::string_view>& ConsentPurposes() {
  static const std::vector<std::string_view> v = {
      "care_processing",    "medical_sharing",  "marketing_email", "marketing_sms",
      "marketing_whatsapp", "photos_marketing", "analytics"};
  return v;
}

const std::vector<std::string_view>& ConsentChannels() {
  static const std::vector<std::string_view> v = {"web",   "app",   "whatsapp",  "sms",
                                                  "email", "phone", "in_person", "api"};
  return v;
}

const records::Resource& ConsentChangeResource() {
  static const std::vector<std::string_view> actions = {"given", "withdrawn"};
  static const records::Resource r{
      .name = "ConsentChange",
      .table = "consent_events",
      .description =
          "One purpose given or withdrawn. The address and user agent are taken from "
          "the request as evidence, never from the body",
      .fields = {
          CreateEnum("purpose", ConsentPurposes(), true, "What the consent is for"),
          {.name = "provider_id",
           .type = FieldType::kUuid,
           .access = Access::kCreateOnly,
           .description = "The provider medical data is shared with: required for "
                          "medical_sharing, refused for every other purpose"},
          CreateEnum("action", actions, true, "given or withdrawn"),
          {.name = "text_version",
           .access = Access::kCreateOnly,
           .min_len = 1,
           .max_len = 50,
           .description = "The version of the consent text shown (required when given)"},
          {.name = "text_sha256",
           .access = Access::kCreateOnly,
           .min_len = 64,
           .max_len = 64,
           .description = "SHA-256 of the consent text shown, 64 lower-case hex digits "
                          "(required when given)"},
          CreateEnum("channel", ConsentChannels(), true, "Where the consent was captured"),
      }};
  return r;
}

const records::Resource& ConsentEventResource() {
  static const records::Resource r{
      .name = "ConsentEvent",
      .table = "consent_events",
      .description = "One event of the append-only consent ledger",
      .fields = {
          records::IdField(),
          records::ServerField("user_id", FieldType::kUuid, "The subject", false),
          records::ServerEnum("purpose", ConsentPurposes(), "What the consent is for"),
          records::ServerField("provider_id", FieldType::kUuid,
                               "The provider (medical_sharing only)"),
          records::ServerEnum("action", {"given", "withdrawn"}, "given or withdrawn"),
          records::ServerField("text_version", FieldType::kString, "The text's version"),
          records::ServerField("text_sha256", FieldType::kString, "SHA-256 of the text (hex)"),
          records::ServerEnum("channel", ConsentChannels(), "Where it was captured"),
          records::TimeField("occurred_at", "When it was recorded"),
          records::ServerField("ip", FieldType::kString, "The request's address (evidence)"),
          records::ServerField("user_agent", FieldType::kString,
                               "The request's user agent (evidence)"),
          records::ServerField("recorded_by", FieldType::kUuid,
                               "Who recorded it on the subject's behalf; null when self"),
      }};
  return r;
}

const records::Resource& ConsentLedgerResource() {
  static const records::Resource r{
      .name = "ConsentLedger",
      .table = "consent_events",
      .description =
          "A person's consents: the current state per purpose (and provider), and "
          "every event, newest first",
      .fields = {
          records::ServerField("user_id", FieldType::kUuid, "The subject", false),
          {.name = "current",
           .type = FieldType::kJson,
           .access = Access::kServer,
           .nullable = false,
           .shape_schema = CurrentSchema,
           .description = "The latest event per purpose and provider; granted is true only "
                          "when it is 'given'"},
          {.name = "history",
           .type = FieldType::kJson,
           .access = Access::kServer,
           .nullable = false,
           .shape_schema = HistorySchema,
           .description = "Every event (the latest 1000), newest first"},
      }};
  return r;
}

namespace {

// The purposes a registration may consent to: all but medical_sharing.
std::vector<std::string_view> RegistrationPurposes() {
  std::vector<std::string_view> out;
  for (std::string_view p : ConsentPurposes()) {
    if (p != "medical_sharing") out.push_back(p);
  }
  return out;
}

bool IsLowerHexSha256(const nlohmann::json& v) {
  if (!v.is_string()) return false;
  const auto& s = v.get_ref<const std::string&>();
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

}  // namespace

void CheckRegistrationConsents(const nlohmann::json& value, std::string_view prefix,
                               std::vector<core::FieldError>& errors) {
  const std::string path(prefix);
  const auto purposes = RegistrationPurposes();
  if (!value.is_array()) {
    errors.push_back({path, "must be an array"});
    return;
  }
  if (value.size() > purposes.size()) {
    errors.push_back({path, "at most one entry per purpose"});
    return;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string at = path + "[" + std::to_string(i) + "]";
    const nlohmann::json& item = value[i];
    if (!item.is_object()) {
      errors.push_back({at, "must be an object"});
      continue;
    }
    for (const auto& [key, v] : item.items()) {
      if (key != "purpose" && key != "text_version" && key != "text_sha256" && key != "channel") {
        errors.push_back({at + "." + key, "unknown field"});
      }
    }
    const auto purpose = item.find("purpose");
    if (purpose == item.end() || !purpose->is_string() ||
        std::find(purposes.begin(), purposes.end(), purpose->get<std::string>()) ==
            purposes.end()) {
      errors.push_back(
          {at + ".purpose", "must be one of the consent purposes but medical_sharing"});
    } else if (!seen.insert(purpose->get<std::string>()).second) {
      errors.push_back({at + ".purpose", "given twice"});
    }
    const auto version = item.find("text_version");
    if (version == item.end() || !version->is_string() || version->get<std::string>().empty() ||
        version->get<std::string>().size() > 50) {
      errors.push_back({at + ".text_version", "required, 1 to 50 characters"});
    }
    const auto sha = item.find("text_sha256");
    if (sha == item.end() || !IsLowerHexSha256(*sha)) {
      errors.push_back({at + ".text_sha256", "required, 64 lower-case hex digits (SHA-256)"});
    }
    if (const auto channel = item.find("channel");
        channel != item.end() && *channel != "web" && *channel != "app") {
      errors.push_back({at + ".channel", "must be web or app"});
    }
  }
}

nlohmann::json RegistrationConsentsSchema() {
  nlohmann::json item = {{"type", "object"},
                         {"additionalProperties", false},
                         {"required", {"purpose", "text_version", "text_sha256"}}};
  item["properties"] = {{"purpose", {{"type", "string"}, {"enum", RegistrationPurposes()}}},
                        {"text_version", {{"type", "string"}, {"minLength", 1}, {"maxLength", 50}}},
                        {"text_sha256", {{"type", "string"}, {"pattern", "^[0-9a-f]{64}$"}}},
                        {"channel", {{"type", "string"}, {"enum", {"web", "app"}}}}};
  return {{"type", "array"}, {"maxItems", RegistrationPurposes().size()}, {"items", item}};
}

}  // namespace imedic::privacy
