#include "domains/marketing/lead_resources.hpp"

#include <string>

#include "records/common_fields.hpp"

namespace imedic::marketing {

namespace {

using records::Access;
using records::Field;
using records::FieldType;
using records::Format;
using records::ServerField;

constexpr std::size_t kMaxConsents = 10;

// consents: {"<purpose>": true|false, ...}, at most ten purposes of
// 1–40 characters; the consent ledger (issue 14) gives purposes a list.
void CheckConsents(const nlohmann::json& value, std::string_view prefix,
                   std::vector<core::FieldError>& errors) {
  const std::string name(prefix);
  if (!value.is_object()) {
    errors.push_back({name, "must be an object of purpose: true|false"});
    return;
  }
  if (value.size() > kMaxConsents) errors.push_back({name, "at most 10 purposes"});
  for (const auto& [purpose, given] : value.items()) {
    if (purpose.empty() || purpose.size() > 40) {
      errors.push_back({name, "a purpose is 1 to 40 characters"});
    } else if (!given.is_boolean()) {
      errors.push_back({name + "." + purpose, "must be true or false"});
    }
  }
}

nlohmann::json ConsentsSchema() {
  return {{"type", "object"},
          {"maxProperties", kMaxConsents},
          {"additionalProperties", {{"type", "boolean"}}}};
}

Field Input(std::string_view name, std::size_t max_len, std::string_view description,
            Format format = Format::kNone) {
  return {.name = name,
          .access = Access::kCreateOnly,
          .max_len = max_len,
          .format = format,
          .description = description};
}

Field Stage(std::string_view name, Access access, std::string_view description) {
  Field f{.name = name,
          .access = access,
          .required = access != Access::kServer,
          .nullable = false,
          .description = description};
  f.values = kStages;
  return f;
}

}  // namespace

const records::Resource& CaptureResource() {
  static const records::Resource r{
      .name = "LeadCapture",
      .table = "leads",
      .description = "A submission of the public lead form; email or phone (or both) required",
      .fields = {
          {.name = "form_token",
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .max_len = 200,
           .description = "GET /leads/capture/token's token, at least 3 s old and at most 2 h"},
          Input("website", 200,
                "Honeypot: a field hidden from people; a submission that fills it is dropped"),
          Input("first_name", 100, "Given name"),
          Input("last_name", 100, "Family name"),
          Input("email", 254, "Email address (stored lower-cased)", Format::kEmail),
          Input("phone", 32,
                "Phone in international form: +90 532 123 45 67 or 0090…; stored as E.164",
                Format::kE164),
          Input("country", 2, "ISO 3166-1 alpha-2 country", Format::kCountry),
          Input("language", 35, "BCP 47 language tag", Format::kLanguage),
          Input("procedure_interest", 100, "The procedure asked about"),
          Input("message", 2000, "Free text"),
          {.name = "consents",
           .type = FieldType::kJson,
           .access = Access::kCreateOnly,
           .shape = CheckConsents,
           .shape_schema = ConsentsSchema,
           .description = "Consents given, by purpose: {\"privacy\": true, \"marketing\": false}"},
          Input("consent_text_version", 40,
                "The version of the consent text shown (required with consents)"),
          Input("utm_source", 200, "UTM source"),
          Input("utm_medium", 200, "UTM medium"),
          Input("utm_campaign", 200, "UTM campaign (mapped to a campaign when known)"),
          Input("utm_term", 200, "UTM term"),
          Input("utm_content", 200, "UTM content"),
          Input("gclid", 500, "Google click id"),
          Input("fbclid", 500, "Facebook click id"),
          Input("referrer", 2000, "The page that linked to the form"),
          Input("landing_page", 2000, "The page the form is on"),
      }};
  return r;
}

const records::Resource& FormTokenResource() {
  static const records::Resource r{
      .name = "LeadFormToken",
      .table = "leads",
      .description = "A signed form token for POST /leads/capture",
      .fields = {
          ServerField("token", FieldType::kString, "Send it back as form_token", false),
          ServerField("min_fill_seconds", FieldType::kInt,
                      "Submissions sooner than this after issue are dropped", false),
          ServerField("expires_in", FieldType::kInt, "Seconds the token stays valid", false),
      }};
  return r;
}

const records::Resource& LeadResource() {
  static const records::Resource r{
      .name = "Lead",
      .table = "leads",
      .description = "A lead in the sales pipeline",
      .fields = {
          records::IdField(),
          ServerField("user_id", FieldType::kUuid, "The user this lead became or is known as"),
          ServerField("email", FieldType::kString, "Email (lower-cased)"),
          ServerField("phone", FieldType::kString, "Phone (E.164)"),
          ServerField("first_name", FieldType::kString, "Given name"),
          ServerField("last_name", FieldType::kString, "Family name"),
          ServerField("source", FieldType::kString, "Where it came from first", false),
          ServerField("campaign_id", FieldType::kUuid, "The campaign of its first touch"),
          Stage("stage", Access::kServer, "Where it stands in the pipeline"),
          ServerField("status", FieldType::kString,
                      "The coarse funnel status derived from the stage", false),
          ServerField("lost_reason", FieldType::kString, "Why it was lost"),
          ServerField("stage_changed_at", FieldType::kTimestamp, "Last stage change"),
          ServerField("lead_score", FieldType::kInt, "0–100"),
          ServerField("assigned_to", FieldType::kUuid, "The sales rep"),
          ServerField("country", FieldType::kString, "ISO 3166-1 alpha-2"),
          ServerField("city", FieldType::kString, "City"),
          ServerField("language", FieldType::kString, "BCP 47"),
          ServerField("procedure_interest", FieldType::kString, "The procedure asked about"),
          ServerField("message", FieldType::kString, "The first message"),
          ServerField("merged_into", FieldType::kUuid, "The lead it was merged into"),
          ServerField("first_contact_due_at", FieldType::kTimestamp,
                      "By when a rep should have answered (set by the assignment rule)"),
          ServerField("first_contact_overdue_at", FieldType::kTimestamp,
                      "When the lead job found it still new past that time"),
          ServerField("last_interaction_at", FieldType::kTimestamp, "Last touch"),
          ServerField("patient_profile_id", FieldType::kUuid,
                      "The patient it became (POST /leads/{id}/convert or self-registration)"),
          ServerField("converted_at", FieldType::kTimestamp, "When it was converted"),
          ServerField("touches", FieldType::kJson,
                      "GET /leads/{id} only: every touch, oldest first (time, channel, "
                      "campaign, UTM values, click ids, referrer, landing page, consents)"),
          records::TimeField("created_at", "Created"),
          records::TimeField("updated_at", "Last changed"),
      }};
  return r;
}

const records::Resource& StageChangeResource() {
  static const records::Resource r{
      .name = "LeadStageChange",
      .table = "leads",
      .description = "A move along the pipeline; losing a lead needs a reason",
      .fields = {
          Stage("stage", Access::kCreateOnly, "The stage to move to"),
          {.name = "reason",
           .access = Access::kCreateOnly,
           .min_len = 1,
           .max_len = 1000,
           .description = "Why (required for lost; kept on the stage_change activity)"},
      }};
  return r;
}

const records::Resource& MergeResource() {
  static const records::Resource r{
      .name = "LeadMerge",
      .table = "leads",
      .description = "The lead to merge into this one (its touches and activities move here)",
      .fields = {
          {.name = "other_lead_id",
           .type = FieldType::kUuid,
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .description = "The duplicate; it is marked merged_into and deleted"},
      }};
  return r;
}

const records::Resource& ActivityResource() {
  static const records::Resource r{
      .name = "LeadActivity",
      .table = "lead_activities",
      .description = "A call, note or task on a lead, or a stage change it went through",
      .fields = {
          records::IdField(),
          ServerField("lead_id", FieldType::kUuid, "The lead", false),
          records::ServerEnum("kind", {"call", "note", "task", "stage_change"}, "What it is"),
          ServerField("body", FieldType::kString, "What was said or is to do"),
          ServerField("due_at", FieldType::kTimestamp, "Tasks: when it is due"),
          ServerField("completed_at", FieldType::kTimestamp, "Tasks: when it was done"),
          ServerField("completed_by", FieldType::kUuid, "Tasks: who did it"),
          ServerField("created_by", FieldType::kUuid, "Who recorded it"),
          ServerField("merged_from", FieldType::kUuid, "The merged lead it came from"),
          records::TimeField("created_at", "Recorded"),
          records::TimeField("updated_at", "Last changed"),
      }};
  return r;
}

const records::Resource& NewActivityResource() {
  static const records::Resource r{
      .name = "NewLeadActivity",
      .table = "lead_activities",
      .description = "A call, note or task to record on a lead",
      .fields = {
          {.name = "kind",
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .values = {"call", "note", "task"},
           .description = "call, note or task"},
          {.name = "body",
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .min_len = 1,
           .max_len = 5000,
           .description = "What was said or is to do"},
          {.name = "due_at",
           .access = Access::kCreateOnly,
           .max_len = 40,
           .format = Format::kInstant,
           .description = "Tasks only: when it is due (RFC 3339 with an offset)"},
      }};
  return r;
}

const records::Resource& ActivityPatchResource() {
  static const records::Resource r{
      .name = "LeadActivityPatch",
      .table = "lead_activities",
      .description = "A change of an activity: its text, a task's due time or completion",
      .fields = {
          {.name = "body",
           .access = Access::kCreateOnly,
           .min_len = 1,
           .max_len = 5000,
           .description = "New text"},
          {.name = "due_at",
           .access = Access::kCreateOnly,
           .max_len = 40,
           .format = Format::kInstant,
           .description = "Tasks only: the new due time"},
          {.name = "completed",
           .type = FieldType::kBool,
           .access = Access::kCreateOnly,
           .description = "Tasks only: true marks it done now, false reopens it"},
      }};
  return r;
}

}  // namespace imedic::marketing
