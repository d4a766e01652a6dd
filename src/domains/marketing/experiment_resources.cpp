#include "domains/marketing/experiment_resources.hpp"

#include <set>
#include <string>

#include "records/common_fields.hpp"

namespace imedic::marketing {

namespace {

using records::Access;
using records::FieldType;
using records::ServerField;

constexpr std::size_t kMaxVariants = 10;

// variants: 2–10 of {name: 1–100 characters, unique; weight: 1–1000}.
void CheckVariants(const nlohmann::json& value, std::string_view prefix,
                   std::vector<core::FieldError>& errors) {
  const std::string name(prefix);
  if (!value.is_array() || value.size() < 2 || value.size() > kMaxVariants) {
    errors.push_back({name, "an array of 2 to 10 variants, the control first"});
    return;
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const nlohmann::json& v = value[i];
    const std::string at = name + "[" + std::to_string(i) + "]";
    if (!v.is_object()) {
      errors.push_back({at, "an object {name, weight}"});
      continue;
    }
    for (const auto& [key, ignored] : v.items()) {
      if (key != "name" && key != "weight") errors.push_back({at + "." + key, "unknown field"});
    }
    auto n = v.find("name");
    if (n == v.end() || !n->is_string() || n->get<std::string>().empty() ||
        n->get<std::string>().size() > 100) {
      errors.push_back({at + ".name", "1 to 100 characters"});
    } else if (!names.insert(n->get<std::string>()).second) {
      errors.push_back({at + ".name", "two variants cannot share a name"});
    }
    auto w = v.find("weight");
    if (w == v.end() || !w->is_number_integer() || w->get<long long>() < 1 ||
        w->get<long long>() > 1000) {
      errors.push_back({at + ".weight", "an integer from 1 to 1000"});
    }
  }
}

nlohmann::json VariantsSchema() {
  nlohmann::json item = {{"type", "object"}, {"additionalProperties", false}};
  item["required"] = {"name", "weight"};
  item["properties"]["name"] = {{"type", "string"}, {"minLength", 1}, {"maxLength", 100}};
  item["properties"]["weight"] = {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}};
  return {{"type", "array"}, {"minItems", 2}, {"maxItems", kMaxVariants}, {"items", item}};
}

nlohmann::json ShownVariantsSchema() {
  nlohmann::json item = {{"type", "object"}};
  item["properties"]["name"] = {{"type", "string"}};
  item["properties"]["weight"] = {{"type", "integer"}};
  item["properties"]["control"] = {{"type", "boolean"}};
  return {{"type", "array"}, {"items", item}};
}

nlohmann::json ReportVariantsSchema() {
  nlohmann::json number = {{"type", "number"}};
  nlohmann::json maybe = {{"type", {"number", "null"}}};
  nlohmann::json item = {{"type", "object"}};
  item["properties"]["name"] = {{"type", "string"}};
  item["properties"]["control"] = {{"type", "boolean"}};
  item["properties"]["exposures"] = {{"type", "integer"}};
  item["properties"]["conversions"] = {{"type", "integer"}};
  item["properties"]["conversion_rate"] = number;
  for (const char* k : {"lift", "ci_low", "ci_high", "z", "p_value"}) item["properties"][k] = maybe;
  item["properties"]["significant"] = {{"type", {"boolean", "null"}}};
  return {{"type", "array"}, {"items", item}};
}

}  // namespace

const records::Resource& NewExperimentResource() {
  static const records::Resource r{
      .name = "NewExperiment",
      .table = "experiments",
      .description = "An A/B/n experiment to create (as a draft)",
      .fields = {
          {.name = "name",
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .min_len = 1,
           .max_len = 200,
           .description = "Unique name"},
          {.name = "kind",
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .values = {"landing", "template", "creative"},
           .description = "What varies: a landing page, a message template or a campaign creative"},
          {.name = "variants",
           .type = FieldType::kJson,
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .shape = CheckVariants,
           .shape_schema = VariantsSchema,
           .description = "2 to 10 variants {name, weight}; the first is the control"},
          {.name = "planned_per_variant",
           .type = FieldType::kInt,
           .access = Access::kCreateOnly,
           .min = 1,
           .max = 100000000,
           .description = "Leads per variant before the report gives a verdict "
                          "(GET /experiments/sample-size)"},
      }};
  return r;
}

const records::Resource& ExperimentResource() {
  static const records::Resource r{
      .name = "Experiment",
      .table = "experiments",
      .description = "An A/B/n experiment with its variants",
      .fields = {
          records::IdField(),
          ServerField("name", FieldType::kString, "Unique name", false),
          records::ServerEnum("kind", {"landing", "template", "creative"}, "What varies"),
          records::ServerEnum("status", {"draft", "running", "stopped"},
                              "Exposures are recorded only while running"),
          ServerField("planned_per_variant", FieldType::kInt,
                      "Leads per variant before a verdict (null: no plan, no verdict)"),
          ServerField("created_by", FieldType::kUuid, "Who created it"),
          {.name = "variants",
           .type = FieldType::kJson,
           .access = Access::kServer,
           .nullable = false,
           .shape_schema = ShownVariantsSchema,
           .description = "The variants in order {name, weight, control}"},
          records::TimeField("created_at", "Created"),
          records::TimeField("updated_at", "Last changed"),
      }};
  return r;
}

const records::Resource& ExperimentStatusResource() {
  static const records::Resource r{
      .name = "ExperimentStatusChange",
      .table = "experiments",
      .description = "Start (draft → running) or stop (running → stopped) an experiment",
      .fields = {
          {.name = "status",
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .values = {"running", "stopped"},
           .description = "running or stopped"},
      }};
  return r;
}

const records::Resource& ExperimentLeadResource() {
  static const records::Resource r{.name = "ExperimentLead",
                                   .table = "experiment_exposures",
                                   .description = "The lead shown a variant, or converting",
                                   .fields = {
                                       {.name = "lead_id",
                                        .type = FieldType::kUuid,
                                        .access = Access::kCreateOnly,
                                        .required = true,
                                        .nullable = false,
                                        .description = "The lead"},
                                   }};
  return r;
}

const records::Resource& ExposureResource() {
  static const records::Resource r{
      .name = "ExperimentExposure",
      .table = "experiment_exposures",
      .description =
          "The variant a lead was assigned (sticky: a hash of the experiment and "
          "lead ids) and shown",
      .fields = {
          ServerField("experiment_id", FieldType::kUuid, "The experiment", false),
          ServerField("lead_id", FieldType::kUuid, "The lead", false),
          ServerField("variant", FieldType::kString, "The variant's name", false),
          ServerField("exposed_at", FieldType::kTimestamp, "First shown", false),
          ServerField("converted_at", FieldType::kTimestamp, "Converted (null: not yet)"),
      }};
  return r;
}

const records::Resource& ExperimentReportResource() {
  static const records::Resource r{
      .name = "ExperimentReport",
      .table = "experiments",
      .description =
          "Conversion per variant against the control: absolute lift, its 95% Wald "
          "interval and the two-proportion z-test; a verdict only once every variant "
          "has its planned sample",
      .fields = {
          ServerField("experiment_id", FieldType::kUuid, "The experiment", false),
          ServerField("planned_per_variant", FieldType::kInt, "The plan (null: none)"),
          ServerField("alpha", FieldType::kNumber,
                      "The significance level per comparison: 0.05 / (variants − 1) "
                      "(Bonferroni)",
                      false),
          records::ServerEnum("verdict",
                              {"no_plan", "collecting", "significant", "not_significant"},
                              "no_plan and collecting give no verdict (see warning)"),
          ServerField("warning", FieldType::kString,
                      "Why the numbers must not be read as a result yet (null once the plan "
                      "is met)"),
          {.name = "variants",
           .type = FieldType::kJson,
           .access = Access::kServer,
           .nullable = false,
           .shape_schema = ReportVariantsSchema,
           .description = "Per variant: exposures, conversions, conversion_rate; against the "
                          "control: lift, ci_low, ci_high, z, p_value (null for the control), "
                          "significant (null for the control and until the plan is met)"},
      }};
  return r;
}

const records::Resource& SampleSizeResource() {
  static const records::Resource r{
      .name = "ExperimentSampleSize",
      .table = "experiments",
      .description = "Leads needed per variant to detect the change with the given power",
      .fields = {
          ServerField("per_variant", FieldType::kInt, "Leads per variant", false),
          ServerField("total", FieldType::kInt, "Leads over all variants", false),
          ServerField("baseline", FieldType::kNumber, "The control's conversion rate", false),
          ServerField("mde", FieldType::kNumber, "The absolute change to detect", false),
          ServerField("alpha", FieldType::kNumber, "Two-sided significance level", false),
          ServerField("power", FieldType::kNumber, "Power", false),
          ServerField("variants", FieldType::kInt, "Variants, the control included", false),
      }};
  return r;
}

}  // namespace imedic::marketing
