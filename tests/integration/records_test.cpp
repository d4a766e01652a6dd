// The records API end to end through the real server: patient self-service
// (/me/…), staff access, validation answers naming every bad field, merge
// patch, soft delete and restore, PAT- references under concurrency,
// encryption at rest (no plaintext in the raw columns), master key rotation,
// and the provider catalogue with keyset pages under concurrent inserts.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/opaque_token.hpp"
#include "domains/patients/bindings.hpp"
#include "domains/privacy/data_keys.hpp"
#include "records/record_service.hpp"
#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace imedic::testing {
namespace {

using nlohmann::json;

constexpr const char* kNewPatient = "40000000-0000-4000-8000-000000000001";  // no profile yet
constexpr const char* kPatientUser = "40000000-0000-4000-8000-000000000002";
constexpr const char* kPatient = "20000000-0000-4000-8000-00000000000b";  // kPatientUser's
constexpr const char* kStaff = "40000000-0000-4000-8000-000000000003";    // member of P
constexpr const char* kSales = "40000000-0000-4000-8000-000000000004";
constexpr const char* kDoctor = "40000000-0000-4000-8000-000000000007";  // assigned to kPatient
constexpr const char* kAdmin = "40000000-0000-4000-8000-000000000008";
constexpr const char* kProviderP = "10000000-0000-4000-8000-000000000001";
constexpr const char* kProviderQ = "10000000-0000-4000-8000-000000000002";
constexpr const char* kProcedureQ = "50000000-0000-4000-8000-000000000002";

constexpr const char* kFixture = R"sql(
INSERT INTO procedures (id, provider_id, name, category) VALUES
  ('50000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', 'FUE', 'hair_transplant'),
  ('50000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000002', 'DHI', 'hair_transplant');
INSERT INTO patient_profiles (id, user_id, patient_id, medical_condition) VALUES
  ('20000000-0000-4000-8000-00000000000b', '40000000-0000-4000-8000-000000000002',
   'PAT-2020-000001', 'hair_loss');
INSERT INTO care_assignments (staff_user_id, patient_profile_id, kind) VALUES
  ('40000000-0000-4000-8000-000000000007', '20000000-0000-4000-8000-00000000000b', 'medical');
)sql";

class Records : public ::testing::Test {
 protected:
  void SetUp() override {
    db::Connection& c = db_.conn();
    AddUser(c, kNewPatient, "new.patient@example.com", "patient", {"patient"});
    AddUser(c, kPatientUser, "patient@example.com", "patient", {"patient"});
    AddUser(c, kStaff, "clinic@example.com", "provider", {"provider_staff"});
    AddUser(c, kSales, "sales@example.com", "staff", {"sales"});
    AddUser(c, kDoctor, "doctor@example.com", "staff", {"medical"});
    AddUser(c, kAdmin, "admin@example.com", "admin", {"admin"});
    AddProvider(c, {kProviderP, "Clinic P", R"({"city":"Istanbul","country":"TR"})",
                    R"({"phone":"+902121234567"})", "4.5"});
    AddProvider(c, {kProviderQ, "Clinic Q", R"({"city":"Istanbul","country":"TR"})",
                    R"({"phone":"+902121234568"})"});
    AddProviderMember(c, kStaff, kProviderP);
    ASSERT_TRUE(c.Exec(kFixture)) << "fixture failed";
  }

  HttpResponse Call(const std::string& user, const std::string& method, const std::string& path,
                    const std::string& body = "", std::map<std::string, std::string> headers = {}) {
    auto r = CallAs(server_.port(), db_.conn(), user, method, path, body, "application/json",
                    std::move(headers));
    EXPECT_TRUE(r) << method << " " << path;
    return r ? *r : HttpResponse{};
  }

  TestDatabase db_;
  TestServer server_{db_.conninfo()};
};

TEST_F(Records, PatientCreatesAndReadsOwnRecordsEncryptedAtRest) {
  auto created = Call(kNewPatient, "POST", "/me/patient-profile", R"({
      "medical_condition": "hair_loss",
      "procedure_interest": ["FUE", "PRP"],
      "budget_range": "$3k-5k",
      "preferred_timeline": "1-3_months",
      "travel_preferences": {"seat": "window", "nights": 4},
      "emergency_contact": {"name": "Zanzibar Quillfeather", "phone": "+905321234567",
                            "relationship": "sibling"},
      "insurance_info": {"provider": "Acme Mutual", "policy_number": "POL-55501234"}})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto profile = json::parse(created.body);
  const std::string ref = profile["patient_id"];
  ASSERT_EQ(ref.size(), 15u) << ref;
  EXPECT_TRUE(ref.starts_with("PAT-") && ref[8] == '-') << ref;
  EXPECT_TRUE(std::all_of(ref.begin() + 4, ref.begin() + 8, ::isdigit)) << ref;
  EXPECT_TRUE(std::all_of(ref.begin() + 9, ref.end(), ::isdigit)) << ref;
  EXPECT_EQ(profile["emergency_contact"]["name"], "Zanzibar Quillfeather");
  EXPECT_EQ(profile["user_id"], kNewPatient);
  const std::string id = profile["id"];

  auto again = Call(kNewPatient, "GET", "/me/patient-profile");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(json::parse(again.body), profile);
  EXPECT_EQ(Call(kNewPatient, "POST", "/me/patient-profile", R"({"medical_condition":"x"})").status,
            409);

  auto history = Call(kNewPatient, "POST", "/me/medical-history", R"({
      "allergies": ["penicillin-xq7"], "current_medications": [{"name": "finasteride",
      "dose": "1 mg"}], "lifestyle_factors": {"smoking": "never"},
      "additional_notes": "NOTE-MARKER-991"})");
  ASSERT_EQ(history.status, 201) << history.body;
  auto h = json::parse(history.body);
  EXPECT_EQ(h["allergies"], json::array({"penicillin-xq7"}));
  EXPECT_EQ(h["chronic_conditions"], json::array());  // default, sealed too
  EXPECT_EQ(h["last_updated_by"], "patient");
  EXPECT_EQ(h["patient_profile_id"], id);

  // The clinician assigned later reads it; the change is recorded as theirs.
  ASSERT_TRUE(db_.conn().ExecParams(
      "INSERT INTO care_assignments (staff_user_id, patient_profile_id, kind) "
      "VALUES ($1, $2, 'medical')",
      db::Params{kDoctor, id}));
  auto by_doctor = Call(kDoctor, "PATCH", "/patients/" + id + "/medical-history",
                        R"({"chronic_conditions": ["asthma"], "additional_notes": null})");
  ASSERT_EQ(by_doctor.status, 200) << by_doctor.body;
  auto d = json::parse(by_doctor.body);
  EXPECT_EQ(d["chronic_conditions"], json::array({"asthma"}));
  EXPECT_TRUE(d["additional_notes"].is_null());
  EXPECT_EQ(d["allergies"], json::array({"penicillin-xq7"}));  // untouched by the patch
  EXPECT_EQ(d["last_updated_by"], "doctor");

  // No plaintext in the raw columns; every sealed value is an envelope.
  for (const char* probe : {"penicillin", "finasteride", "asthma", "NOTE-MARKER", "never",
                            "Zanzibar", "Acme Mutual", "POL-555"}) {
    EXPECT_EQ(Scalar(db_.conn(),
                     std::string("SELECT count(*) FROM medical_histories m, patient_profiles p "
                                 "WHERE (m::text || p::text) ILIKE '%") +
                         probe + "%'"),
              "0")
        << probe;
  }
  EXPECT_EQ(
      Scalar(db_.conn(),
             "SELECT count(*) FROM medical_histories WHERE current_medications::text NOT LIKE "
             "'\"e1.%' OR allergies::text NOT LIKE '\"e1.%' OR chronic_conditions::text NOT "
             "LIKE '\"e1.%' OR lifestyle_factors::text NOT LIKE '\"e1.%'"),
      "0");
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT count(*) FROM patient_profiles WHERE id = '" + id +
                       "' AND emergency_contact::text LIKE '\"e1.%' AND insurance_info::text LIKE "
                       "'\"e1.%'"),
            "1");
  // Queryable columns stay plain.
  EXPECT_EQ(Scalar(db_.conn(), "SELECT budget_range FROM patient_profiles WHERE id = '" + id + "'"),
            "$3k-5k");

  // Every step is in the audit trail, with the names (never values) of changed columns.
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT string_agg(action || ':' || table_name, ',' ORDER BY id) FROM audit_log "
                   "WHERE subject_patient_profile_id = '" +
                       id + "'"),
            "create:patient_profiles,read:patient_profiles,create:medical_histories,"
            "update:medical_histories");
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT changed_columns::text FROM audit_log WHERE action = 'update' AND "
                   "table_name = 'medical_histories'"),
            "{additional_notes,chronic_conditions,last_updated_by}");
}

TEST_F(Records, EveryBadFieldIsNamedInOneAnswer) {
  auto r = Call(kNewPatient, "POST", "/me/patient-profile", R"({
      "patient_id": "PAT-1999-000001", "user_id": "40000000-0000-4000-8000-000000000004",
      "budget_range": "lots", "preferred_timeline": 3, "procedure_interest": ["a", "a"],
      "emergency_contact": {"name": "X", "phone": "12"},
      "travel_preferences": {"seat": "roof"}, "favourite_colour": "blue"})");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.Header("content-type"), "application/problem+json");
  EXPECT_EQ(
      ProblemFields(r),
      (std::set<std::string>{"patient_id", "user_id", "budget_range", "preferred_timeline",
                             "procedure_interest[1]", "emergency_contact.phone",
                             "travel_preferences.seat", "favourite_colour", "medical_condition"}));
  EXPECT_EQ(Scalar(db_.conn(), "SELECT count(*) FROM patient_profiles"),
            "1");  // nothing half-written

  auto hair = Call(kPatientUser, "POST", "/me/hair-loss-profile", R"({
      "norwood_scale": 8, "ludwig_scale": 0, "donor_area_quality": "superb",
      "hair_loss_type": "mystery", "photos": ["not-a-uuid"], "expectations": 7})");
  ASSERT_EQ(hair.status, 422) << hair.body;
  EXPECT_EQ(ProblemFields(hair),
            (std::set<std::string>{"norwood_scale", "ludwig_scale", "donor_area_quality",
                                   "hair_loss_type", "photos[0]", "expectations"}));
  auto photo = Call(kPatientUser, "POST", "/me/hair-loss-profile",
                    R"({"photos": ["60000000-0000-4000-8000-000000000001"]})");
  EXPECT_EQ(photo.status, 422) << photo.body;
  EXPECT_EQ(ProblemFields(photo), std::set<std::string>{"photos"});

  auto user = Call(kPatientUser, "POST", "/me/profile", R"j({
      "first_name": "", "last_name": "L", "nationality": "UK", "preferred_language": "english!",
      "timezone": "Mars/Base", "date_of_birth": "1990-02-30", "gender": "x",
      "profile_picture_url": "javascript:alert(1)"})j");
  ASSERT_EQ(user.status, 422) << user.body;
  EXPECT_EQ(ProblemFields(user),
            (std::set<std::string>{"first_name", "nationality", "preferred_language", "timezone",
                                   "date_of_birth", "gender", "profile_picture_url"}));

  auto provider = Call(kAdmin, "POST", "/providers", R"({
      "name": "N", "type": "spa", "location": {"city": "Istanbul"},
      "contact_info": {"email": "not-an-email"}, "languages_spoken": ["en", "??"],
      "is_verified": true, "rating": 5})");
  ASSERT_EQ(provider.status, 422) << provider.body;
  EXPECT_EQ(ProblemFields(provider),
            (std::set<std::string>{"type", "location.country", "contact_info.email",
                                   "languages_spoken[1]", "is_verified", "rating"}));

  auto price = Call(kStaff, "POST", std::string("/providers/") + kProviderP + "/procedures",
                    R"({"name": "FUE", "category": "hair_transplant", "duration_hours": -1,
                        "price_range": {"min": 3000, "max": 2000, "currency": "EURO"}})");
  ASSERT_EQ(price.status, 422) << price.body;
  EXPECT_EQ(ProblemFields(price),
            (std::set<std::string>{"duration_hours", "price_range.min", "price_range.currency"}));

  const std::string slots = std::string("/providers/") + kProviderP + "/availability";
  auto backwards = Call(kStaff, "POST", slots,
                        R"({"date": "2026-12-01", "start_time": "10:00", "end_time": "09:00"})");
  EXPECT_EQ(backwards.status, 422) << backwards.body;
  EXPECT_EQ(ProblemFields(backwards), std::set<std::string>{"end_time"});
  auto foreign = Call(kStaff, "POST", slots,
                      std::string(R"({"date": "2026-12-01", "start_time": "09:00",
                                      "end_time": "10:00", "procedure_id": ")") +
                          kProcedureQ + "\"}");
  EXPECT_EQ(foreign.status, 422) << foreign.body;
  EXPECT_EQ(ProblemFields(foreign), std::set<std::string>{"procedure_id"});

  EXPECT_EQ(Call(kPatientUser, "PATCH", "/me/patient-profile", "{\"x\":").status, 400);
  EXPECT_EQ(Call(kPatientUser, "PATCH", "/me/patient-profile", "[1,2]").status, 422);
  auto nulled = Call(kPatientUser, "PATCH", "/me/patient-profile", R"({"medical_condition":null})");
  EXPECT_EQ(ProblemFields(nulled), std::set<std::string>{"medical_condition"});
  EXPECT_EQ(Scalar(db_.conn(), "SELECT count(*) FROM audit_log WHERE action <> 'read'"), "0");
}

TEST_F(Records, SoftDeleteHidesAndAdminRestores) {
  const std::string path = std::string("/patients/") + kPatient + "/hair-loss-profile";
  ASSERT_EQ(Call(kPatientUser, "POST", "/me/hair-loss-profile",
                 R"({"norwood_scale": 4, "expectations": "dense hairline"})")
                .status,
            201);
  EXPECT_EQ(Call(kPatientUser, "DELETE", path).status, 204);
  EXPECT_EQ(Call(kPatientUser, "GET", path).status, 410);
  EXPECT_EQ(Call(kDoctor, "GET", path).status, 410);
  EXPECT_EQ(Call(kPatientUser, "DELETE", path).status, 410);
  EXPECT_EQ(Call(kPatientUser, "PATCH", path, R"({"norwood_scale": 5})").status, 410);
  EXPECT_EQ(Call(kPatientUser, "POST", path + "/restore").status, 403);
  auto restored = Call(kAdmin, "POST", path + "/restore");
  EXPECT_EQ(restored.status, 200) << restored.body;
  EXPECT_EQ(json::parse(restored.body)["expectations"], "dense hairline");
  EXPECT_EQ(Call(kAdmin, "POST", path + "/restore").status, 409);
  EXPECT_EQ(Call(kPatientUser, "GET", path).status, 200);

  // A deleted patient profile is gone from lists and reads, with its records.
  EXPECT_EQ(Call(kPatientUser, "DELETE", std::string("/patients/") + kPatient).status, 204);
  EXPECT_EQ(Call(kDoctor, "GET", std::string("/patients/") + kPatient).status, 410);
  EXPECT_EQ(Call(kDoctor, "GET", path).status, 404);
  auto list = Call(kAdmin, "GET", "/patients");
  EXPECT_EQ(json::parse(list.body)["items"].size(), 0u) << list.body;
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT string_agg(action, ',' ORDER BY id) FROM audit_log WHERE action IN "
                   "('delete', 'restore')"),
            "delete,restore,delete");
}

TEST_F(Records, StaffScopeAndMassAssignment) {
  const std::string me = std::string("/patients/") + kPatient;
  EXPECT_EQ(Call(kSales, "GET", me).status, 403);
  EXPECT_EQ(Call(kStaff, "GET", me).status, 404);  // no booking at the staff's clinic
  EXPECT_EQ(Call(kDoctor, "GET", me).status, 200);
  EXPECT_EQ(Call(kDoctor, "PATCH", me, R"({"budget_range": "$20k+"})").status, 403);
  auto sneaky = Call(
      kPatientUser, "PATCH", me,
      std::string(R"({"user_id": ")") + kSales +
          R"(", "patient_id": "PAT-2020-999999", "created_at": "2020-01-01T00:00:00Z"})");
  EXPECT_EQ(sneaky.status, 422);
  EXPECT_EQ(ProblemFields(sneaky), (std::set<std::string>{"user_id", "patient_id", "created_at"}));
  auto merge = Call(kPatientUser, "PATCH", me,
                    R"({"travel_preferences": {"seat": "aisle"}, "budget_range": null})");
  ASSERT_EQ(merge.status, 200) << merge.body;
  auto m = json::parse(merge.body);
  EXPECT_EQ(m["travel_preferences"], json({{"seat", "aisle"}}));
  EXPECT_TRUE(m["budget_range"].is_null());
  EXPECT_EQ(m["medical_condition"], "hair_loss");
  EXPECT_EQ(m["patient_id"], "PAT-2020-000001");
}

TEST_F(Records, PatientReferencesAreUniqueUnderConcurrency) {
  constexpr int kUsers = 24;
  const int year =
      std::stoi(Scalar(db_.conn(), "SELECT extract(year FROM now() AT TIME ZONE 'UTC')::int"));
  // A number already taken (an import) is skipped, never duplicated.
  ASSERT_TRUE(db_.conn().Exec("UPDATE patient_profiles SET patient_id = 'PAT-" +
                              std::to_string(year) + "-000002'"));
  std::vector<std::string> users;
  for (int i = 0; i < kUsers; ++i) {
    char id[40];
    std::snprintf(id, sizeof id, "70000000-0000-4000-8000-%012d", i);
    users.emplace_back(id);
    AddUser(db_.conn(), users.back(), "u" + std::to_string(i) + "@example.com", "patient",
            {"patient"});
  }
  std::vector<std::string> tokens;
  for (const auto& u : users) tokens.push_back(MintSession(db_.conn(), u));
  std::vector<std::string> refs(kUsers);
  std::vector<std::thread> threads;
  for (int i = 0; i < kUsers; ++i) {
    threads.emplace_back([&, i] {
      auto r = Authed(server_.port(), tokens[i], "POST", "/me/patient-profile",
                      R"({"medical_condition": "dental"})");
      if (r && r->status == 201) refs[i] = json::parse(r->body)["patient_id"];
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> distinct(refs.begin(), refs.end());
  EXPECT_EQ(distinct.size(), static_cast<std::size_t>(kUsers));
  const std::string taken = "PAT-" + std::to_string(year) + "-000002";
  EXPECT_FALSE(distinct.contains(taken));
  for (const auto& ref : refs) {
    EXPECT_TRUE(ref.starts_with("PAT-" + std::to_string(year) + "-")) << ref;
  }
}

TEST_F(Records, ProviderCatalogueWritesAndPagesUnderConcurrentInserts) {
  // An administrator adds a provider; clinic staff manage only their own.
  auto created = Call(kAdmin, "POST", "/providers", R"({
      "name": "Bosphorus Hair", "type": "clinic", "specialty": ["hair_transplant"],
      "location": {"city": "Istanbul", "country": "TR", "district": "Sisli"},
      "contact_info": {"phone": "+902123334455", "website": "https://bosphorus.example"},
      "languages_spoken": ["en", "tr", "ar"]})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto p = json::parse(created.body);
  EXPECT_EQ(p["is_verified"], false);
  EXPECT_EQ(p["is_active"], true);
  const std::string id = p["id"];
  EXPECT_EQ(Call("", "GET", "/providers/" + id).status, 200);
  EXPECT_EQ(Call(kStaff, "PATCH", "/providers/" + id, R"({"name": "Mine now"})").status, 404);
  EXPECT_EQ(Call(kStaff, "PATCH", std::string("/providers/") + kProviderQ, "{}").status, 404);
  EXPECT_EQ(
      Call(kStaff, "PATCH", std::string("/providers/") + kProviderP, R"({"name": "P2"})").status,
      200);
  auto own = Call(kStaff, "POST", "/providers", R"({
      "name": "Dr. Demir", "type": "doctor", "location": {"city": "Istanbul", "country": "TR"},
      "contact_info": {"email": "office@demir.example"}})");
  ASSERT_EQ(own.status, 201) << own.body;
  const std::string own_id = json::parse(own.body)["id"];
  EXPECT_EQ(Call(kStaff, "PATCH", "/providers/" + own_id, R"({"languages_spoken": ["de"]})").status,
            200);

  // 60 more providers, half without a rating; page by rating while others are added.
  ASSERT_TRUE(db_.conn().Exec(
      "INSERT INTO providers (name, type, location, contact_info, rating) SELECT 'Prov ' || i, "
      "'clinic', '{\"city\":\"Istanbul\",\"country\":\"TR\"}', '{\"phone\":\"+902120000000\"}', "
      "CASE WHEN i % 2 = 0 THEN NULL ELSE 1 + (i % 5) * 0.75 END FROM generate_series(1, 60) "
      "i"));
  const std::string before = Scalar(db_.conn(),
                                    "SELECT count(*) FROM providers WHERE deleted IS NOT TRUE");
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    auto conn = db::Connection::Open(db_.conninfo());
    for (int i = 0; !stop && i < 200; ++i) {
      (void)conn->ExecParams(
          "INSERT INTO providers (name, type, location, contact_info, rating, created_at) VALUES "
          "('Late ' || $1::text, 'clinic', '{\"city\":\"Izmir\",\"country\":\"TR\"}', '{}', "
          "CASE WHEN $1::int % 3 = 0 THEN NULL ELSE 3.3 END, now() - interval '1 day')",
          db::Params{std::to_string(i)});
    }
  });
  std::vector<std::string> seen;
  std::string next = "/providers?order=rating.desc,name.asc&limit=7&created_at=gte.2000-01-01";
  auto snapshot = Scalar(db_.conn(), "SELECT now()");
  for (int guard = 0; guard < 100 && !next.empty(); ++guard) {
    auto page = Call("", "GET", next);
    ASSERT_EQ(page.status, 200) << page.body;
    auto j = json::parse(page.body);
    for (const auto& item : j["items"]) {
      if (item["name"].get<std::string>().rfind("Late ", 0) != 0) seen.push_back(item["id"]);
    }
    next = j["next"].is_null() ? "" : j["next"].get<std::string>();
  }
  stop = true;
  writer.join();
  EXPECT_EQ(std::to_string(seen.size()), before);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size());
  (void)snapshot;

  auto counted = Call("", "GET", "/providers?type=eq.doctor", "", {{"Prefer", "count=exact"}});
  EXPECT_EQ(json::parse(counted.body)["total"], 1) << counted.body;
  EXPECT_EQ(Call("", "GET", "/providers?emergency=eq.1").status, 422);
  EXPECT_EQ(Call("", "GET", "/providers?name=eq.x%27%3B%20DROP%20TABLE%20providers%3B--").status,
            200);
}

TEST_F(Records, UserProfilesSelfServiceAndStaffLists) {
  auto mine = Call(kPatientUser, "POST", "/me/profile", R"({
      "first_name": "Leyla", "last_name": "Kaya", "nationality": "DE",
      "preferred_language": "de", "timezone": "Europe/Berlin", "date_of_birth": "1988-04-12"})");
  ASSERT_EQ(mine.status, 201) << mine.body;
  auto m = json::parse(mine.body);
  EXPECT_EQ(m["user_id"], kPatientUser);
  auto renamed = Call(kPatientUser, "PATCH", "/me/profile", R"({"last_name": "Kaya-Demir"})");
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(json::parse(renamed.body)["timezone"], "Europe/Berlin");
  EXPECT_EQ(Call(kPatientUser, "GET", "/user-profiles").status, 403);
  auto listed = Call(kSales, "GET", "/user-profiles?nationality=eq.DE&order=last_name.asc");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(json::parse(listed.body)["items"].size(), 1u);
  const std::string other = std::string("/users/") + kPatientUser + "/profile";
  EXPECT_EQ(Call(kSales, "GET", other).status, 200);
  EXPECT_EQ(Call(kSales, "PATCH", other, R"({"first_name": "X"})").status, 403);
  EXPECT_EQ(Call(kAdmin, "PATCH", other, R"({"first_name": "Leila"})").status, 200);
  auto procedures = Call("", "GET", "/procedures?category=eq.hair_transplant&order=name.asc");
  ASSERT_EQ(procedures.status, 200) << procedures.body;
  auto items = json::parse(procedures.body)["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["name"], "DHI");
}

// A master key rotation re-wraps data keys only: every record still opens
// with a keyring that no longer holds the old master key at all.
TEST_F(Records, RotatingTheMasterKeyKeepsRecordsReadable) {
  ASSERT_EQ(Call(kPatientUser, "POST", "/me/medical-history",
                 R"({"allergies": ["latex"], "additional_notes": "after rotation"})")
                .status,
            201);
  ASSERT_EQ(Call(kPatientUser, "PATCH", "/me/patient-profile",
                 R"({"emergency_contact": {"name": "Ada", "phone": "+905321234568"}})")
                .status,
            200);
  // The operator's key file holds the test key; `keys rotate` appends a new
  // one and re-wraps every data key under it.
  TempDir dir("imedic-rotate");
  const std::string file = dir.path() + "/master.keys";
  auto write_file = [&](const std::string& text) {
    std::FILE* f = std::fopen(file.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs(text.c_str(), f);
    std::fclose(f);
    ::chmod(file.c_str(), 0600);
  };
  write_file("test1 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n");
  auto both = core::Keyring::LoadFile(file);
  ASSERT_TRUE(both);
  ASSERT_TRUE(both->AppendNewKeyToFile(file));
  auto n = privacy::RewrapAll(db_.conn(), *both);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1);
  // Drop the old key from the file: only the new one is left.
  std::string text;
  {
    std::FILE* f = std::fopen(file.c_str(), "r");
    ASSERT_NE(f, nullptr);
    char line[512];
    while (std::fgets(line, sizeof line, f) != nullptr) {
      if (std::string(line).rfind("test1 ", 0) != 0) text += line;
    }
    std::fclose(f);
  }
  write_file(text);
  auto fresh = core::Keyring::LoadFile(file);
  ASSERT_TRUE(fresh);
  ASSERT_EQ(fresh->size(), 1u);
  ASSERT_EQ(fresh->Find("test1"), nullptr);

  records::RecordService service(server_.app().pool(), *fresh);
  const records::BoundTable& histories = service.Bind(patients::MedicalHistoryBinding());
  const records::BoundTable& profiles = service.Bind(patients::PatientProfileBinding());
  http::Request request;
  request.request_id = "rotation-test";
  core::Principal admin;
  admin.user_id = kAdmin;
  admin.roles = {"admin"};
  admin.patient_scopes.Add(core::PatientScope::kAll);
  http::RequestContext ctx{request, {}, &admin};
  auto h = service.Read(histories, ctx, kPatient);
  ASSERT_TRUE(h) << h.error().internal_detail;
  EXPECT_EQ(json::parse(h->body)["allergies"], json::array({"latex"}));
  EXPECT_EQ(json::parse(h->body)["additional_notes"], "after rotation");
  auto p = service.Read(profiles, ctx, kPatient);
  ASSERT_TRUE(p) << p.error().internal_detail;
  EXPECT_EQ(json::parse(p->body)["emergency_contact"]["name"], "Ada");
}

namespace conditional {

// One record route under If-Match: where it is read and changed, by whom,
// a valid merge patch, and whether it can be deleted there.
struct Case {
  std::string pattern;  // as registered
  std::string path;     // with the id filled in
  std::string user;
  std::string patch;
  bool deletable;
};

bool IsVersionTag(const std::string& tag) {
  if (tag.size() != 35 || tag.front() != '"' || tag.back() != '"' || tag[17] != '-') return false;
  return std::all_of(tag.begin() + 1, tag.end() - 1, [](char c) {
    return c == '-' || std::isxdigit(static_cast<unsigned char>(c));
  });
}

}  // namespace conditional

// HEAD, 304 and 412 on every record route that can be changed: a write
// carrying If-Match is made only while the record is at that version, so
// two people editing one record cannot overwrite each other silently.
TEST_F(Records, EveryRecordRouteAnswersHeadNotModifiedAndPreconditionFailed) {
  using conditional::Case;
  ASSERT_EQ(
      Call(kPatientUser, "POST", "/me/medical-history", R"({"allergies": ["latex-q1"]})").status,
      201);
  ASSERT_EQ(Call(kPatientUser, "POST", "/me/hair-loss-profile", R"({"norwood_scale": 4})").status,
            201);
  ASSERT_EQ(Call(kPatientUser, "POST", "/me/profile",
                 R"({"first_name": "Leyla", "last_name": "Kaya", "timezone": "Europe/Berlin"})")
                .status,
            201);
  const std::string campaign = Scalar(
      db_.conn(),
      "INSERT INTO marketing_campaigns (name, type) VALUES ('Winter', 'email') RETURNING id");
  const std::string slot = Scalar(
      db_.conn(),
      "INSERT INTO provider_availability (provider_id, date, start_time, end_time) VALUES "
      "('10000000-0000-4000-8000-000000000001', '2027-03-28', '09:00', '10:00') RETURNING id");
  const std::string patient = std::string("/patients/") + kPatient;
  const std::string message_template = Scalar(
      db_.conn(),
      "INSERT INTO message_templates (name, language, category, body, status) VALUES "
      "('visit_reminder', 'en', 'utility', 'See you soon', 'approved') RETURNING id");
  const std::vector<Case> cases = {
      {"/patients/{id}", patient, kPatientUser, R"({"medical_condition": "alopecia"})", true},
      {"/me/patient-profile", "/me/patient-profile", kPatientUser,
       R"({"medical_condition": "alopecia"})", false},
      {"/patients/{id}/medical-history", patient + "/medical-history", kPatientUser,
       R"({"allergies": ["latex-q2"]})", true},
      {"/me/medical-history", "/me/medical-history", kPatientUser, R"({"allergies": ["latex-q3"]})",
       false},
      {"/patients/{id}/hair-loss-profile", patient + "/hair-loss-profile", kPatientUser,
       R"({"norwood_scale": 5})", true},
      {"/me/hair-loss-profile", "/me/hair-loss-profile", kPatientUser, R"({"norwood_scale": 6})",
       false},
      {"/users/{id}/profile", std::string("/users/") + kPatientUser + "/profile", kAdmin,
       R"({"first_name": "Leila"})", true},
      {"/me/profile", "/me/profile", kPatientUser, R"({"last_name": "Kaya-Demir"})", false},
      {"/providers/{id}", std::string("/providers/") + kProviderQ, kAdmin, R"({"name": "Q2"})",
       true},
      {"/procedures/{id}", std::string("/procedures/") + kProcedureQ, kAdmin,
       R"({"name": "DHI 2"})", true},
      {"/availability/{id}", "/availability/" + slot, kAdmin, R"({"max_bookings": 2})", true},
      {"/message-templates/{id}", "/message-templates/" + message_template, kAdmin,
       R"({"status": "paused"})", false},
      {"/campaigns/{id}", "/campaigns/" + campaign, kAdmin, R"({"name": "Winter 2"})", false},
  };

  // Every route that takes If-Match is in the table above.
  std::set<std::string> covered, conditional_routes;
  for (const Case& c : cases) covered.insert(c.pattern);
  for (const auto& route : server_.app().router().routes()) {
    if (route.doc.if_match) conditional_routes.insert(route.pattern);
  }
  EXPECT_EQ(conditional_routes, covered);

  const std::string never = "\"0123456789abcdef-0123456789abcdef\"";
  for (const Case& c : cases) {
    SCOPED_TRACE(c.path);
    auto read = Call(c.user, "GET", c.path);
    ASSERT_EQ(read.status, 200) << read.body;
    const std::string tag = read.Header("etag");
    EXPECT_TRUE(conditional::IsVersionTag(tag)) << tag;

    auto head = Call(c.user, "HEAD", c.path);
    EXPECT_EQ(head.status, 200);
    EXPECT_TRUE(head.body.empty());
    EXPECT_EQ(head.Header("etag"), tag);
    EXPECT_EQ(Call(c.user, "GET", c.path, "", {{"If-None-Match", tag}}).status, 304);

    // A version that never was, then a weak tag: 412, and nothing changed.
    auto refused = Call(c.user, "PATCH", c.path, c.patch, {{"If-Match", never}});
    EXPECT_EQ(refused.status, 412) << refused.body;
    EXPECT_EQ(refused.Header("content-type"), "application/problem+json");
    EXPECT_EQ(Call(c.user, "PATCH", c.path, c.patch, {{"If-Match", "W/" + tag}}).status, 412);
    EXPECT_EQ(Call(c.user, "GET", c.path).Header("etag"), tag);

    // The current version: changed, with the new version's tag.
    auto changed = Call(c.user, "PATCH", c.path, c.patch, {{"If-Match", never + ", " + tag}});
    ASSERT_EQ(changed.status, 200) << changed.body;
    const std::string next = changed.Header("etag");
    EXPECT_TRUE(conditional::IsVersionTag(next)) << next;
    EXPECT_NE(next.substr(0, 17), tag.substr(0, 17));
    EXPECT_EQ(Call(c.user, "GET", c.path).Header("etag"), next);
    EXPECT_EQ(Call(c.user, "GET", c.path, "", {{"If-None-Match", tag}}).status, 200);

    // The tag read before that change is stale now.
    EXPECT_EQ(Call(c.user, "PATCH", c.path, c.patch, {{"If-Match", tag}}).status, 412);
    EXPECT_EQ(Call(c.user, "PATCH", c.path, c.patch, {{"If-Match", "*"}}).status, 200);
    if (!c.deletable) continue;
    EXPECT_EQ(Call(c.user, "DELETE", c.path, "", {{"If-Match", next}}).status, 412);
    auto still = Call(c.user, "GET", c.path);
    ASSERT_EQ(still.status, 200);
    EXPECT_EQ(Call(c.user, "DELETE", c.path, "", {{"If-Match", still.Header("etag")}}).status, 204);
    EXPECT_EQ(Call(kAdmin, "POST", c.path + "/restore").status, 200);
  }
  // The refused writes left no audit rows; every 200 left one.
  EXPECT_EQ(Scalar(db_.conn(), "SELECT count(*) FROM audit_log WHERE action = 'update'"),
            std::to_string(cases.size() * 2));
}

// Eight writers holding the same version race: one wins, seven get 412.
TEST_F(Records, ConcurrentConditionalPatchesOneWins) {
  const std::string path = std::string("/providers/") + kProviderQ;
  const std::string tag = Call(kAdmin, "GET", path).Header("etag");
  ASSERT_FALSE(tag.empty());
  const std::string token = MintSession(db_.conn(), kAdmin);
  std::atomic<int> ok{0}, stale{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < 8; ++i) {
    writers.emplace_back([&, i] {
      auto r = Request(server_.port(), "PATCH", path,
                       R"({"name": "Q-)" + std::to_string(i) + R"("})", "application/json",
                       {{"If-Match", tag}, {"Authorization", "Bearer " + token}});
      if (r && r->status == 200) ++ok;
      if (r && r->status == 412) ++stale;
    });
  }
  for (auto& w : writers) w.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(stale.load(), 7);
}

}  // namespace
}  // namespace imedic::testing
