// What a patient-profile create does with its body before any SQL: parse it as
// a JSON object and check it against the resource definition.
#include <benchmark/benchmark.h>

#include "domains/patients/resources.hpp"
#include "http/json_body.hpp"
#include "records/body_validator.hpp"

namespace imedic::micro {
namespace {

constexpr const char* kValidBody = R"({
  "medical_condition": "hair_loss",
  "procedure_interest": ["FUE", "PRP"],
  "budget_range": "$3k-5k",
  "preferred_timeline": "1-3_months",
  "travel_preferences": {"seat": "window", "nights": 4, "departure_country": "GB",
                         "accommodation": "hotel", "needs_airport_transfer": true},
  "emergency_contact": {"name": "Zanzibar Quillfeather", "phone": "+905321234567",
                        "relationship": "sibling", "email": "Z.Quill@Example.com"},
  "insurance_info": {"provider": "Acme Mutual", "policy_number": "POL-55501234"}})";

// Eight bad fields and a missing required one: every problem is collected.
constexpr const char* kInvalidBody = R"({
  "patient_id": "PAT-1999-000001", "user_id": "40000000-0000-4000-8000-000000000004",
  "budget_range": "lots", "preferred_timeline": 3, "procedure_interest": ["a", "a"],
  "emergency_contact": {"name": "X", "phone": "12"},
  "travel_preferences": {"seat": "roof"}, "favourite_colour": "blue"})";

void ParseAndValidate(benchmark::State& state, const char* text, bool expect_ok) {
  const records::Resource& resource = patients::PatientProfileResource();
  {
    auto body = http::ParseJsonObject(text);
    if (!body ||
        ValidateBody(resource, *body, records::WriteMode::kCreate).has_value() != expect_ok) {
      state.SkipWithError("unexpected validation outcome");
      return;
    }
  }
  for (auto _ : state) {
    auto body = http::ParseJsonObject(text);
    auto checked = records::ValidateBody(resource, *body, records::WriteMode::kCreate);
    benchmark::DoNotOptimize(checked);
  }
}
BENCHMARK_CAPTURE(ParseAndValidate, patient_profile_valid, kValidBody, true);
BENCHMARK_CAPTURE(ParseAndValidate, patient_profile_8_bad_fields, kInvalidBody, false);

// The parse alone, to split the figure above.
void ParseOnly(benchmark::State& state) {
  for (auto _ : state) {
    auto body = http::ParseJsonObject(kValidBody);
    benchmark::DoNotOptimize(body);
  }
}
BENCHMARK(ParseOnly);

}  // namespace
}  // namespace imedic::micro
