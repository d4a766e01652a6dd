#include "domains/marketing/campaign_resources.hpp"

#include "records/common_fields.hpp"

namespace imedic::marketing {

namespace {

using records::Access;
using records::Field;
using records::FieldType;
using records::Format;
using records::ServerField;

// target_audience: an object of criteria ({"countries": ["DE"], "age":
// "35-54", ...}); the platforms' vocabularies differ, so only its shape
// (an object of at most 20 members) is checked.
void CheckAudience(const nlohmann::json& value, std::string_view prefix,
                   std::vector<core::FieldError>& errors) {
  if (!value.is_object()) {
    errors.push_back({std::string(prefix), "must be an object of criteria"});
  } else if (value.size() > 20) {
    errors.push_back({std::string(prefix), "at most 20 criteria"});
  }
}

nlohmann::json AudienceSchema() { return {{"type", "object"}, {"maxProperties", 20}}; }

Field Figure(std::string_view name, std::string_view description) {
  return ServerField(name, FieldType::kNumber, description);
}

}  // namespace

const records::Resource& CampaignResource() {
  static const records::Resource r{
      .name = "Campaign",
      .table = "marketing_campaigns",
      .description = "A marketing campaign: budget, channels, audience, dates and status",
      .fields = {
          records::IdField(),
          {.name = "name",
           .required = true,
           .nullable = false,
           .min_len = 1,
           .max_len = 200,
           .filterable = true,
           .sortable = true,
           .description = "Name"},
          {.name = "type",
           .required = true,
           .nullable = false,
           .values = {"email", "social_media", "google_ads", "facebook_ads", "referral"},
           .filterable = true,
           .description = "Kind of campaign"},
          {.name = "status",
           .nullable = false,
           .values = {"draft", "active", "paused", "completed"},
           .default_json = "\"draft\"",
           .filterable = true,
           .description = "draft → active ⇄ paused → completed (illegal moves 409)"},
          {.name = "channels",
           .type = FieldType::kStringArray,
           .nullable = false,
           .min_len = 1,
           .max_len = 50,
           .max_items = 20,
           .default_json = "[]",
           .description = "Where it runs (google_search, instagram, newsletter, ...)"},
          {.name = "target_audience",
           .type = FieldType::kJson,
           .shape = CheckAudience,
           .shape_schema = AudienceSchema,
           .description = "Audience criteria, as an object"},
          {.name = "budget",
           .type = FieldType::kNumber,
           .min = 0,
           .max = 99999999.99,
           .description = "Budget in the campaign's currency (major units)"},
          {.name = "currency",
           .nullable = false,
           .max_len = 3,
           .format = Format::kCurrency,
           .default_json = "\"EUR\"",
           .description = "ISO 4217; spend and revenue are reported in it"},
          {.name = "start_date",
           .type = FieldType::kDate,
           .filterable = true,
           .description = "First day"},
          {.name = "end_date", .type = FieldType::kDate, .description = "Last day"},
          records::TimeField("created_at", "Created"),
          records::TimeField("updated_at", "Last changed"),
      }};
  return r;
}

const records::Resource& SpendResource() {
  static const records::Resource r{
      .name = "CampaignSpend",
      .table = "campaign_spend",
      .description = "What a campaign cost on one day, from one source (written again to correct)",
      .fields = {
          ServerField("campaign_id", FieldType::kUuid, "The campaign", false),
          {.name = "day",
           .type = FieldType::kDate,
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .description = "The day (YYYY-MM-DD)"},
          {.name = "source",
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .min_len = 1,
           .max_len = 50,
           .description = "Where the figure comes from (google_ads export, manual, ...)"},
          {.name = "amount_minor",
           .type = FieldType::kInt,
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .min = 0,
           .description = "The cost in minor units (cents)"},
          {.name = "currency",
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .max_len = 3,
           .format = Format::kCurrency,
           .description = "ISO 4217; must be the campaign's currency"},
          ServerField("recorded_by", FieldType::kUuid, "Who wrote it last"),
          records::TimeField("created_at", "First written"),
          records::TimeField("updated_at", "Last written"),
      }};
  return r;
}

const records::Resource& UtmMappingResource() {
  static const records::Resource r{
      .name = "CampaignUtmMapping",
      .table = "campaign_utm_mappings",
      .description = "A utm_campaign value (stored lower-cased) whose touches count for a campaign",
      .fields = {
          {.name = "utm_campaign",
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .min_len = 1,
           .max_len = 200,
           .description = "The utm_campaign value the campaign's links carry"},
          ServerField("campaign_id", FieldType::kUuid, "The campaign", false),
          records::TimeField("created_at", "Mapped"),
      }};
  return r;
}

const records::Resource& CampaignReportRowResource() {
  static const records::Resource r{
      .name = "CampaignReportRow",
      .table = "marketing_campaigns",
      .description = "One campaign under the chosen attribution model (counts are credit sums)",
      .fields = {
          ServerField("campaign_id", FieldType::kUuid, "The campaign", false),
          ServerField("name", FieldType::kString, "Its name", false),
          ServerField("status", FieldType::kString, "Its status", false),
          ServerField("currency", FieldType::kString, "Currency of spend and revenue", false),
          Figure("leads", "Leads created in the period, by credit"),
          Figure("qualified", "Of those, qualified or beyond"),
          Figure("consultations", "Of those, with a consultation booked or held"),
          Figure("conversions", "Of those, converted to a patient"),
          Figure("bookings", "Of those, with a booking not cancelled"),
          Figure("revenue_minor", "Their patients' net succeeded payments (minor units)"),
          Figure("spend_minor", "Spend on the period's days (minor units)"),
          Figure("cost_per_lead_minor", "spend / leads (null without leads)"),
          Figure("cost_per_acquisition_minor", "spend / bookings (null without bookings)"),
          Figure("roas", "revenue / spend (null without spend)"),
      }};
  return r;
}

}  // namespace imedic::marketing
