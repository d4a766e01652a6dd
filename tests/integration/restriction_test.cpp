// Restriction of processing (issue 14, item 5: GDPR Art. 18) on the real
// server and a real PostgreSQL: a privacy officer restricts a patient with a
// reason; marketing consent checks answer false (for the user and their
// lead), a lead score change is not kept, the medical records refuse writes
// (409) while reads go on; staff see the state; release undoes all of it;
// both acts are audited with the reason; nobody else may set it.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace imedic::testing {
namespace {

using Json = nlohmann::json;
using namespace std::string_literals;

constexpr const char* kUserA = "40000000-0000-4000-8000-000000000001";
constexpr const char* kSales = "40000000-0000-4000-8000-000000000004";
constexpr const char* kOfficer = "40000000-0000-4000-8000-00000000000f";
constexpr const char* kPatientA = "20000000-0000-4000-8000-00000000000a";
constexpr const char* kLeadA = "30000000-0000-4000-8000-000000000001";

constexpr const char* kFixture = R"sql(
INSERT INTO patient_profiles (id, user_id, patient_id, medical_condition) VALUES
  ('20000000-0000-4000-8000-00000000000a', '40000000-0000-4000-8000-000000000001', 'PAT-2026-000001', 'hair loss');
INSERT INTO leads (id, user_id, email, source, assigned_to, lead_score) VALUES
  ('30000000-0000-4000-8000-000000000001', '40000000-0000-4000-8000-000000000001',
   'pat.a@example.com', 'website', '40000000-0000-4000-8000-000000000004', 10);
INSERT INTO consent_events (user_id, purpose, action, text_version, text_sha256, channel) VALUES
  ('40000000-0000-4000-8000-000000000001', 'marketing_email', 'given', '2026-11', repeat('a', 64), 'web'),
  ('40000000-0000-4000-8000-000000000001', 'care_processing', 'given', '2026-11', repeat('a', 64), 'web');
INSERT INTO consent_events (lead_id, purpose, action, text_version, text_sha256, channel) VALUES
  ('30000000-0000-4000-8000-000000000001', 'marketing_sms', 'given', '2026-11', repeat('b', 64), 'web');
)sql";

class Restriction : public ::testing::Test {
 protected:
  void SetUp() override {
    db::Connection& c = db_.conn();
    AddUser(c, kUserA, "pat.a@example.com", "patient", {"patient"});
    AddUser(c, kSales, "sales@example.com", "staff", {"sales"});
    AddUser(c, kOfficer, "privacy@example.com", "staff", {"privacy_officer"});
    auto fixture = c.Exec(kFixture);
    ASSERT_TRUE(fixture) << "fixture failed: " << fixture.error().internal_detail;
  }

  std::optional<HttpResponse> Call(std::string_view user, const std::string& method,
                                   const std::string& path, const Json& body = nullptr) {
    return CallAs(server_.port(), db_.conn(), user, method, path,
                  body.is_null() ? "" : body.dump());
  }

  std::string Q(const std::string& sql) { return Scalar(db_.conn(), sql); }

  TestDatabase db_;
  TestServer server_{db_.conninfo()};
};

TEST_F(Restriction, BlocksMarketingScoringAndMedicalWritesUntilReleased) {
  const std::string path = "/users/"s + kUserA + "/restriction";
  auto created = Call(kUserA, "POST", "/me/medical-history", {{"allergies", {"latex"}}});
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  EXPECT_EQ(Q("SELECT consent_allows('"s + kUserA + "', 'marketing_email')"), "t");

  // Only the privacy officer (and admins) may restrict; a reason is required.
  auto sales = Call(kSales, "PUT", path, {{"restricted", true}, {"reason", "disputes the data"}});
  ASSERT_TRUE(sales);
  EXPECT_EQ(sales->status, 403);
  auto short_reason = Call(kOfficer, "PUT", path, {{"restricted", true}, {"reason", "no"}});
  ASSERT_TRUE(short_reason);
  EXPECT_EQ(short_reason->status, 422);
  EXPECT_EQ(ProblemFields(*short_reason), std::set<std::string>{"reason"});
  auto set = Call(
      kOfficer, "PUT", path,
      {{"restricted", true}, {"reason", "Patient disputes the accuracy of the history"}});
  ASSERT_TRUE(set);
  ASSERT_EQ(set->status, 200) << set->body;
  EXPECT_EQ(JsonBody(set)["restricted"], true);
  EXPECT_EQ(JsonBody(set)["restricted_by"], kOfficer);

  // Marketing is blocked for the user and their lead; care is not.
  EXPECT_EQ(Q("SELECT consent_allows('"s + kUserA + "', 'marketing_email')"), "f");
  EXPECT_EQ(Q("SELECT consent_allows('"s + kUserA + "', 'care_processing')"), "t");
  EXPECT_EQ(Q("SELECT consent_allows_lead('"s + kLeadA + "', 'marketing_sms')"), "f");
  // No scoring: the score stays, the rest of the change is kept.
  ASSERT_TRUE(db_.conn().Exec("UPDATE leads SET lead_score = 90, notes = 'called' WHERE id = '"s +
                              kLeadA + "'"));
  EXPECT_EQ(Q("SELECT lead_score || ' ' || notes FROM leads WHERE id = '"s + kLeadA + "'"),
            "10 called");
  // The records are read-only: reads answer, writes 409.
  auto read = Call(kUserA, "GET", "/me/medical-history");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->status, 200);
  auto write = Call(kUserA, "PATCH", "/me/medical-history", {{"allergies", {"latex", "nuts"}}});
  ASSERT_TRUE(write);
  EXPECT_EQ(write->status, 409) << write->body;
  auto hair = Call(kUserA, "POST", "/me/hair-loss-profile", {{"norwood_scale", 3}});
  ASSERT_TRUE(hair);
  EXPECT_EQ(hair->status, 409) << hair->body;
  // Staff see it.
  auto seen = Call(kSales, "GET", path);
  ASSERT_TRUE(seen);
  ASSERT_EQ(seen->status, 200);
  EXPECT_EQ(JsonBody(seen)["restricted"], true);
  EXPECT_EQ(JsonBody(seen)["reason"], "Patient disputes the accuracy of the history");

  // Released: everything as before.
  auto released = Call(kOfficer, "PUT", path,
                       {{"restricted", false}, {"reason", "Dispute resolved, data corrected"}});
  ASSERT_TRUE(released);
  ASSERT_EQ(released->status, 200) << released->body;
  EXPECT_EQ(JsonBody(released)["restricted"], false);
  EXPECT_EQ(Q("SELECT consent_allows('"s + kUserA + "', 'marketing_email')"), "t");
  auto again = Call(kUserA, "PATCH", "/me/medical-history", {{"allergies", {"latex", "nuts"}}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200) << again->body;
  ASSERT_TRUE(db_.conn().Exec("UPDATE leads SET lead_score = 90 WHERE id = '"s + kLeadA + "'"));
  EXPECT_EQ(Q("SELECT lead_score FROM leads WHERE id = '"s + kLeadA + "'"), "90");
  // Both acts audited, with the reason and the patient.
  EXPECT_EQ(Q("SELECT string_agg(action || ':' || reason, '|' ORDER BY id) FROM audit_log "
              "WHERE table_name = 'processing_restrictions' AND subject_patient_profile_id = '"s +
              kPatientA + "'"),
            "create:Patient disputes the accuracy of the history|"
            "delete:Dispute resolved, data corrected");
  // Not a user: 404.
  auto nobody = Call(kOfficer, "GET", "/users/40000000-0000-4000-8000-0000000000ee/restriction");
  ASSERT_TRUE(nobody);
  EXPECT_EQ(nobody->status, 404);
}

}  // namespace
}  // namespace imedic::testing
