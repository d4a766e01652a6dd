#include "domains/marketing/scoring_resources.hpp"

#include <string>

#include "domains/marketing/scoring_math.hpp"
#include "records/common_fields.hpp"

namespace imedic::marketing {

namespace {

using records::Access;
using records::FieldType;
using records::ServerField;

// weights: every factor of ScoreFactors() with its points, 0–100 each.
void CheckWeights(const nlohmann::json& value, std::string_view prefix,
                  std::vector<core::FieldError>& errors) {
  const std::string name(prefix);
  if (!value.is_object()) {
    errors.push_back({name, "must be an object of factor: points"});
    return;
  }
  for (const std::string& f : ScoreFactors()) {
    if (!value.contains(f)) errors.push_back({name + "." + f, "missing"});
  }
  for (const auto& [factor, points] : value.items()) {
    bool known = false;
    for (const std::string& f : ScoreFactors()) known = known || f == factor;
    if (!known) {
      errors.push_back({name + "." + factor, "not a scoring factor"});
    } else if (!points.is_number() || points.get<double>() < 0 || points.get<double>() > 100) {
      errors.push_back({name + "." + factor, "a number from 0 to 100"});
    }
  }
}

nlohmann::json WeightsSchema() {
  nlohmann::json props = nlohmann::json::object();
  for (const std::string& f : ScoreFactors()) {
    props[f] = {{"type", "number"}, {"minimum", 0}, {"maximum", 100}};
  }
  return {{"type", "object"},
          {"properties", props},
          {"required", ScoreFactors()},
          {"additionalProperties", false}};
}

nlohmann::json ReasonsSchema() {
  nlohmann::json item = {{"type", "object"}};
  item["properties"]["factor"] = {{"type", "string"}};
  item["properties"]["value"] = {{"type", "number"}};
  item["properties"]["points"] = {{"type", "integer"}};
  return {{"type", "array"}, {"items", item}};
}

nlohmann::json NumbersSchema() {
  nlohmann::json out = {{"type", "array"}};
  out["items"] = {{"type", "number"}};
  return out;
}

nlohmann::json ConfigSchema() {
  nlohmann::json out = {{"type", "object"}};
  out["properties"]["weights"] = WeightsSchema();
  out["properties"]["target_countries"] = {{"type", "array"}};
  out["properties"]["target_countries"]["items"] = {{"type", "string"}};
  return out;
}

}  // namespace

const records::Resource& LeadScoreResource() {
  static const records::Resource r{
      .name = "LeadScore",
      .table = "leads",
      .description =
          "A lead's score (0-100) with the points each factor gave; the points add "
          "up to the score",
      .fields = {
          ServerField("lead_id", FieldType::kUuid, "The lead", false),
          ServerField("score", FieldType::kInt, "0-100", false),
          ServerField("model", FieldType::kString,
                      "'rule', or the id of the learned model that gave the score", false),
          ServerField("scored_at", FieldType::kTimestamp, "When (null: not scored yet)"),
          ServerField("pending", FieldType::kBool,
                      "A change is queued; the score is recomputed within a second", false),
          {.name = "reasons",
           .type = FieldType::kJson,
           .access = Access::kServer,
           .nullable = false,
           .shape_schema = ReasonsSchema,
           .description = "Each factor: its value (0-1; the model's baseline: the score of an "
                          "average lead) and the whole points it gave (a model's may be "
                          "negative), most points first"},
      }};
  return r;
}

const records::Resource& ScoringConfigInput() {
  static const records::Resource r{
      .name = "LeadScoringConfigChange",
      .table = "lead_scoring_config",
      .description = "New weights of the rule score; they must add up to 100",
      .fields = {
          {.name = "weights",
           .type = FieldType::kJson,
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .shape = CheckWeights,
           .shape_schema = WeightsSchema,
           .description = "The most points each factor can give"},
          {.name = "target_countries",
           .type = FieldType::kStringArray,
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .max_items = 250,
           .format = records::Format::kCountry,
           .description = "ISO 3166-1 alpha-2 countries that count as a full country fit"},
          {.name = "version",
           .type = FieldType::kInt,
           .access = Access::kCreateOnly,
           .min = 1,
           .description = "The version read; a stale one is 409 (optional)"},
      }};
  return r;
}

const records::Resource& ScoringConfigResource() {
  static const records::Resource r{
      .name = "LeadScoringConfig",
      .table = "lead_scoring_config",
      .description = "The rule score's weights and target countries",
      .fields = {
          {.name = "config",
           .type = FieldType::kJson,
           .access = Access::kServer,
           .nullable = false,
           .shape_schema = ConfigSchema,
           .description = "{weights, target_countries}"},
          ServerField("version", FieldType::kInt, "Goes up by one per change", false),
          ServerField("updated_by", FieldType::kUuid, "Who changed it last"),
          records::TimeField("updated_at", "Last changed"),
      }};
  return r;
}

const records::Resource& ScoreModelResource() {
  static const records::Resource r{
      .name = "LeadScoreModel",
      .table = "lead_score_models",
      .description = "A logistic regression trained by `imedic scoring train`",
      .fields = {
          records::IdField(),
          ServerField("feature_names", FieldType::kStringArray, "The factors, in order", false),
          {.name = "coefficients",
           .type = FieldType::kJson,
           .access = Access::kServer,
           .nullable = false,
           .shape_schema = NumbersSchema,
           .description = "Log-odds per unit of each factor (an array of numbers)"},
          ServerField("intercept", FieldType::kNumber, "Log-odds of a lead with every factor 0",
                      false),
          ServerField("auc_model", FieldType::kNumber, "The model's AUC on the holdout", false),
          ServerField("auc_rule", FieldType::kNumber, "The rule score's AUC on the holdout", false),
          ServerField("train_count", FieldType::kInt, "Leads trained on", false),
          ServerField("holdout_count", FieldType::kInt, "Leads held out", false),
          ServerField("active", FieldType::kBool, "Scores come from this model", false),
          records::TimeField("trained_at", "Trained"),
      }};
  return r;
}

const records::Resource& QualificationResource() {
  static const records::Resource r{
      .name = "LeadQualification",
      .table = "leads",
      .description = "What a rep learned of a lead's fit (each field replaced; null clears it)",
      .fields = {
          ServerField("lead_id", FieldType::kUuid, "The lead", false),
          {.name = "budget_amount",
           .type = FieldType::kNumber,
           .access = Access::kCreateOnly,
           .min = 0,
           .max = 9999999999.0,
           .description = "What the lead can spend"},
          {.name = "budget_currency",
           .access = Access::kCreateOnly,
           .max_len = 3,
           .format = records::Format::kCurrency,
           .description = "ISO 4217 currency of the budget (required with it)"},
          {.name = "timeline",
           .access = Access::kCreateOnly,
           .values = {"now", "1_3_months", "3_6_months", "6_12_months", "over_12_months"},
           .description = "When the lead wants the procedure"},
      }};
  return r;
}

}  // namespace imedic::marketing
