// Every rule of the body validator rejects what it must, names the field,
// and normalises what it accepts.
#include "records/body_validator.hpp"

#include <gtest/gtest.h>

#include <set>

#include "domains/identity/profile_resource.hpp"
#include "domains/patients/resources.hpp"
#include "domains/providers/resources.hpp"
#include "records/json_shapes.hpp"

namespace imedic::records {
namespace {

using nlohmann::json;

const Resource& Sample() {
  static const Resource r{
      .name = "Sample",
      .table = "samples",
      .fields = {
          {.name = "id", .type = FieldType::kUuid, .access = Access::kServer},
          {.name = "title", .required = true, .nullable = false, .min_len = 2, .max_len = 5},
          {.name = "kind", .values = {"a", "b"}},
          {.name = "email", .format = Format::kEmail},
          {.name = "phone", .format = Format::kE164},
          {.name = "country", .format = Format::kCountry},
          {.name = "currency", .format = Format::kCurrency},
          {.name = "lang", .format = Format::kLanguage},
          {.name = "zone", .format = Format::kTimezone},
          {.name = "site", .format = Format::kUrl},
          {.name = "count", .type = FieldType::kInt, .min = 1, .max = 7},
          {.name = "price", .type = FieldType::kNumber, .min = 0, .max = 100},
          {.name = "flag", .type = FieldType::kBool, .default_json = "true"},
          {.name = "day", .type = FieldType::kDate},
          {.name = "at", .type = FieldType::kTime},
          {.name = "ref", .type = FieldType::kUuid},
          {.name = "tags", .type = FieldType::kStringArray, .max_len = 3, .max_items = 2},
          {.name = "list",
           .type = FieldType::kJson,
           .shape = CheckClinicalList,
           .default_json = "[]"},
          {.name = "fixed", .access = Access::kCreateOnly},
          {.name = "created_at", .type = FieldType::kTimestamp, .access = Access::kServer},
      }};
  return r;
}

std::set<std::string> Fields(const core::Result<json>& r) {
  std::set<std::string> out;
  if (r) return out;
  for (const auto& e : r.error().fields) out.insert(e.field);
  return out;
}

TEST(BodyValidator, AcceptsAndNormalises) {
  auto r = ValidateBody(Sample(), json::parse(R"({"title": "  ab ", "email": "A@Example.COM",
                                        "phone": "+90 532 123 45 67", "tags": ["x"],
                                        "fixed": "f", "day": "2024-02-29", "at": "09:30"})"),
                        WriteMode::kCreate);
  ASSERT_TRUE(r) << r.error().public_message;
  EXPECT_EQ((*r)["title"], "ab");
  EXPECT_EQ((*r)["email"], "a@example.com");
  EXPECT_EQ((*r)["phone"], "+905321234567");
  EXPECT_EQ((*r)["flag"], true);           // default applied on create
  EXPECT_EQ((*r)["list"], json::array());  // default applied on create
  EXPECT_FALSE(r->contains("kind"));       // absent, no default: left to the column
}

TEST(BodyValidator, RejectsEveryRuleNamingTheField) {
  auto r = ValidateBody(Sample(), json::parse(R"({
      "id": "00000000-0000-4000-8000-000000000000", "created_at": "2026-01-01T00:00:00Z",
      "title": "toolong", "kind": "c", "email": "nope", "phone": "123", "country": "UK",
      "currency": "EURO", "lang": "english", "zone": "Mars/Base", "site": "ftp://x",
      "count": 8, "price": -1, "flag": "yes", "day": "2023-02-29", "at": "24:00",
      "ref": "x", "tags": ["abcd", "a", "b"], "list": [{"Bad Key": 1}], "extra": 1})"),
                        WriteMode::kCreate);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidInput);
  EXPECT_EQ(Fields(r),
            (std::set<std::string>{
                "id",       "created_at", "title", "kind", "email",           "phone", "country",
                "currency", "lang",       "zone",  "site", "count",           "price", "flag",
                "day",      "at",         "ref",   "tags", "list[0].Bad Key", "extra"}));
}

TEST(BodyValidator, PatchRules) {
  // Create-only fields are fixed; null clears nullable fields only; required
  // fields are not demanded by a patch.
  auto r = ValidateBody(Sample(), json::parse(R"({"fixed": "g", "title": null, "kind": null})"),
                        WriteMode::kPatch);
  EXPECT_EQ(Fields(r), (std::set<std::string>{"fixed", "title"}));
  auto ok = ValidateBody(Sample(), json::parse(R"({"kind": null})"), WriteMode::kPatch);
  ASSERT_TRUE(ok);
  EXPECT_TRUE((*ok)["kind"].is_null());
  EXPECT_FALSE(ok->contains("flag"));  // no defaults on patch
  EXPECT_EQ(Fields(ValidateBody(Sample(), json::parse("{}"), WriteMode::kCreate)),
            std::set<std::string>{"title"});
  EXPECT_FALSE(ValidateBody(Sample(), json::array(), WriteMode::kPatch));
}

TEST(BodyValidator, HostileStrings) {
  auto nul = ValidateBody(Sample(), json{{"title", std::string("a\0b", 3)}}, WriteMode::kCreate);
  EXPECT_EQ(Fields(nul), std::set<std::string>{"title"});
  auto ctl = ValidateBody(Sample(), json{{"title", "a\x01"}}, WriteMode::kCreate);
  EXPECT_EQ(Fields(ctl), std::set<std::string>{"title"});
  // Five code points of multi-byte text fit a five-character cap.
  auto utf8 = ValidateBody(Sample(), json{{"title", "çğışü"}}, WriteMode::kCreate);
  EXPECT_TRUE(utf8);
}

TEST(BodyValidator, ClinicalShapes) {
  std::vector<core::FieldError> errors;
  CheckClinicalList(json::parse(R"(["ok", {"name": "x", "dose_mg": 5, "daily": true}])"), "m",
                    errors);
  EXPECT_TRUE(errors.empty());
  CheckClinicalList(json::parse(R"([1, "", {"a": {"nested": 1}}])"), "m", errors);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].field, "m[0]");
  EXPECT_EQ(errors[1].field, "m[1]");
  EXPECT_EQ(errors[2].field, "m[2].a");
  errors.clear();
  CheckDocument(json::parse(R"({"a": {"b": {"c": {"d": 1}}}})"), "c", errors);
  EXPECT_EQ(errors.size(), 1u);
  errors.clear();
  CheckFileRefs(json::parse(R"(["00000000-0000-4000-8000-000000000001",
                                 "00000000-0000-4000-8000-000000000001"])"),
                "photos", errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "photos[1]");
}

TEST(BodyValidator, ResourcesNeverLetClientsSetServerFields) {
  for (const Resource* r : {&identity::UserProfileResource(), &patients::PatientProfileResource(),
                            &patients::MedicalHistoryResource(),
                            &patients::HairLossProfileResource(), &providers::ProviderResource(),
                            &providers::ProcedureResource(), &providers::AvailabilityResource()}) {
    for (const char* name : {"id", "created_at", "updated_at", "patient_id", "user_id",
                             "patient_profile_id", "provider_id", "rating", "review_count",
                             "is_verified", "current_bookings", "last_updated_by"}) {
      const Field* f = r->Find(name);
      if (f != nullptr) {
        EXPECT_EQ(f->access, Access::kServer) << r->name << "." << name;
      }
    }
    // Sortable columns are never encrypted (no ordering by ciphertext).
    for (const Field& f : r->fields) EXPECT_FALSE(f.encrypted && (f.sortable || f.filterable));
  }
}

}  // namespace
}  // namespace imedic::records
