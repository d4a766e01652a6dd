// The read path after PostgreSQL has rendered the row (json_build_object):
// parse the row, unwrap the patient's data key, open the two encrypted fields
// of a patient profile, dump. These are the steps of OpenFields in
// src/api/record_service.cpp (anonymous namespace, so repeated here with the
// same calls rather than exported); and the list page assembly around
// records::PageBody.
#include <optional>
#include <string>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "domains/privacy/data_keys.hpp"
#include "fixtures.hpp"
#include "records/record_service.hpp"

namespace imedic::micro {
namespace {

using nlohmann::json;

constexpr const char* kEmergency =
    R"({"name":"Zanzibar Quillfeather","phone":"+905321234567","relationship":"sibling"})";
constexpr const char* kInsurance =
    R"({"provider":"Acme Mutual","policy_number":"POL-55501234","cover":"full"})";

struct Row {
  std::string text;     // as PostgreSQL renders it
  std::string wrapped;  // patient_data_keys.wrapped_key, read with the row
};

const Row& PatientProfileRow() {
  static const Row row = [] {
    privacy::NewDataKey key = privacy::NewWrappedDataKey(BenchKeyring(), kPatientId);
    json doc = {
        {"id", kPatientId},
        {"user_id", "40000000-0000-4000-8000-000000000004"},
        {"patient_id", "PAT-2026-000123"},
        {"medical_condition", "hair_loss"},
        {"procedure_interest", {"FUE", "PRP"}},
        {"budget_range", "$3k-5k"},
        {"preferred_timeline", "1-3_months"},
        {"travel_preferences", {{"seat", "window"}, {"nights", 4}, {"departure_country", "GB"}}},
        {"emergency_contact",
         privacy::EncryptField(key.key, kEmergency, "patient_profiles.emergency_contact",
                               kPatientId)},
        {"insurance_info",
         privacy::EncryptField(key.key, kInsurance, "patient_profiles.insurance_info", kPatientId)},
        {"created_at", "2026-01-14T09:30:12.123456+00:00"},
        {"updated_at", "2026-01-15T17:02:45.654321+00:00"},
    };
    return Row{doc.dump(), key.wrapped};
  }();
  return row;
}

// OpenFields for a patient profile read (known_key == nullptr: the key is
// unwrapped per request).
std::optional<std::string> OpenPatientProfile(const Row& row) {
  json doc = json::parse(row.text);
  const std::string row_id = doc.at("id").get<std::string>();
  auto key = privacy::UnwrapDataKey(BenchKeyring(), row.wrapped, row_id);
  if (!key) return std::nullopt;
  for (const char* column : {"emergency_contact", "insurance_info"}) {
    json& v = doc[column];
    if (!v.is_string() || !privacy::LooksEncrypted(v.get_ref<const std::string&>())) {
      return std::nullopt;
    }
    auto plain = privacy::DecryptField(*key, v.get<std::string>(),
                                       std::string("patient_profiles.") + column, row_id);
    if (!plain) return std::nullopt;
    v = json::parse(*plain, nullptr, false);
    if (v.is_discarded()) return std::nullopt;
  }
  return doc.dump();
}

void OpenRow(benchmark::State& state) {
  const Row& row = PatientProfileRow();
  if (!OpenPatientProfile(row)) {
    state.SkipWithError("row does not open");
    return;
  }
  for (auto _ : state) {
    auto out = OpenPatientProfile(row);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(row.text.size()));
}
BENCHMARK(OpenRow)->Name("RenderPatientProfile/open_2_fields");

// A row with nothing encrypted is passed through; parse + dump alone, for scale.
void ParseDumpRow(benchmark::State& state) {
  const Row& row = PatientProfileRow();
  for (auto _ : state) {
    std::string out = json::parse(row.text).dump();
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(ParseDumpRow)->Name("RenderPatientProfile/parse_dump_only");

// RecordService::List: join the rendered rows, add the next link, PageBody.
void ListPage(benchmark::State& state) {
  const int rows = static_cast<int>(state.range(0));
  const std::string& row = PatientProfileRow().text;
  const std::string next = "/patients?limit=50&cursor=eyJ2IjpbIjIwMjYtMDEtMTQiXSwibyI6MX0";
  for (auto _ : state) {
    std::string items = "[";
    for (int i = 0; i < rows; ++i) {
      if (i > 0) items += ",";
      items += row;
    }
    items += "]";
    std::string body = records::PageBody(items, next, 1234);
    benchmark::DoNotOptimize(body);
  }
  state.SetBytesProcessed(state.iterations() * rows * static_cast<int64_t>(row.size()));
}
BENCHMARK(ListPage)->Name("ListPage/PageBody")->Arg(50)->Arg(200);

}  // namespace
}  // namespace imedic::micro
