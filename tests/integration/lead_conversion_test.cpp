// Lead conversion over HTTP (issue 13, item 5), on the real server and a
// real PostgreSQL: staff convert a lead on the patient's behalf (account
// without a password, patient profile with its reference and data key,
// the lead linked both ways and converted, journey events, audit rows, the
// emailed invitation whose single-use token claims the account), the
// Idempotency-Key replay and the 409 after it, the refusals (scope,
// permission, missing email, lost lead, an email that has an account);
// staff registering a patient without a lead (POST /patients); and a
// person registering themselves with the lead's email, whose verification
// links the lead and whose profile converts it.
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

constexpr const char* kSales1 = "10000000-0000-4000-8000-00000000b001";
constexpr const char* kSales2 = "10000000-0000-4000-8000-00000000b002";
constexpr const char* kMarketer = "10000000-0000-4000-8000-00000000b003";
constexpr const char* kCoordinator = "10000000-0000-4000-8000-00000000b004";
constexpr const char* kLead = "30000000-0000-4000-8000-00000000c001";
constexpr const char* kPhoneOnlyLead = "30000000-0000-4000-8000-00000000c002";
constexpr const char* kLostLead = "30000000-0000-4000-8000-00000000c003";
constexpr const char* kSelfLead = "30000000-0000-4000-8000-00000000c004";

constexpr const char* kFixture = R"sql(
INSERT INTO users (id, email, user_type) VALUES
  ('10000000-0000-4000-8000-00000000b001', 'sales1@example.test', 'staff'),
  ('10000000-0000-4000-8000-00000000b002', 'sales2@example.test', 'staff'),
  ('10000000-0000-4000-8000-00000000b003', 'marketing@example.test', 'staff'),
  ('10000000-0000-4000-8000-00000000b004', 'coordinator@example.test', 'staff');
INSERT INTO user_roles (user_id, role) VALUES
  ('10000000-0000-4000-8000-00000000b001', 'sales'),
  ('10000000-0000-4000-8000-00000000b002', 'sales'),
  ('10000000-0000-4000-8000-00000000b003', 'marketing'),
  ('10000000-0000-4000-8000-00000000b004', 'care_coordinator');
INSERT INTO leads (id, email, phone, first_name, last_name, source, stage, assigned_to,
                   language, procedure_interest, lost_reason, created_at) VALUES
  ('30000000-0000-4000-8000-00000000c001', 'ayse@example.test', '+905321234567', 'Ayse',
   'Yilmaz', 'website', 'qualified', '10000000-0000-4000-8000-00000000b001', 'tr',
   'FUE hair transplant', NULL, now() - interval '3 days'),
  ('30000000-0000-4000-8000-00000000c002', NULL, '+905321234568', 'Mehmet', 'Kaya', 'whatsapp',
   'contacted', '10000000-0000-4000-8000-00000000b001', 'tr', 'DHI', NULL, now()),
  ('30000000-0000-4000-8000-00000000c003', 'lost@example.test', NULL, 'Lost', 'Lead',
   'website', 'lost', '10000000-0000-4000-8000-00000000b001', 'en', 'FUE', 'price', now()),
  ('30000000-0000-4000-8000-00000000c004', 'self@example.test', NULL, 'Selma', 'Demir',
   'website', 'new', NULL, 'de', 'FUE', NULL, now());
)sql";

class LeadConversion : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(db_.conn().Exec(kFixture)) << "fixture failed"; }

  std::optional<HttpResponse> Call(std::string_view user, const std::string& method,
                                   const std::string& path, const Json& body = Json::object(),
                                   std::map<std::string, std::string> headers = {}) {
    return CallAs(server_.port(), db_.conn(), user, method, path, body.dump(), "application/json",
                  std::move(headers));
  }

  std::string Count(const std::string& sql) { return Scalar(db_.conn(), sql); }

  TestDatabase db_;
  TestServer server_{db_.conninfo()};
};

TEST_F(LeadConversion, StaffConvertLinksBothWaysWritesTheJourneyAndInvites) {
  const std::map<std::string, std::string> key{{"Idempotency-Key", "convert-ayse-1"}};
  auto r = Call(kSales1, "POST", std::string("/leads/") + kLead + "/convert",
                Json{{"profile", {{"budget_range", "$5k-10k"}}}}, key);
  ASSERT_EQ(r->status, 201) << r->body;
  const Json out = JsonBody(r);
  const std::string user = out["user_id"], patient = out["patient_profile_id"];
  EXPECT_EQ(out["lead_id"], kLead);
  EXPECT_EQ(out["patient_reference"].get<std::string>().rfind("PAT-", 0), 0u);

  // The lead → user → patient, and back: the patient's leads.
  EXPECT_EQ(
      Count(std::string("SELECT user_id::text || ' ' || patient_profile_id::text || ' ' || "
                        "stage || ' ' || (converted_at IS NOT NULL) FROM leads WHERE id = '") +
            kLead + "'"),
      user + " " + patient + " converted true");
  EXPECT_EQ(Count("SELECT string_agg(l.id::text, ',') FROM patient_profiles pp JOIN leads l ON "
                  "l.patient_profile_id = pp.id WHERE pp.user_id = '" +
                  user + "'"),
            kLead);
  // The account: the lead's details, no password, waiting to be claimed;
  // the profile: the lead's procedure as its condition, with its data key.
  EXPECT_EQ(Count("SELECT u.email || ' ' || u.phone_number || ' ' || u.status || ' ' || "
                  "p.first_name || ' ' || p.preferred_language FROM users u JOIN user_profiles p "
                  "ON p.user_id = u.id WHERE u.id = '" +
                  user + "'"),
            "ayse@example.test +905321234567 pending_verification Ayse tr");
  EXPECT_EQ(Count("SELECT count(*) FROM user_credentials WHERE user_id = '" + user +
                  "' AND password_hash IS NOT NULL"),
            "0");
  EXPECT_EQ(
      Count("SELECT count(*) FROM patient_data_keys WHERE patient_profile_id = '" + patient + "'"),
      "1");
  auto lead = Call(kSales1, "GET", std::string("/leads/") + kLead);
  ASSERT_EQ(lead->status, 200);
  EXPECT_EQ(JsonBody(lead)["patient_profile_id"], patient);
  EXPECT_EQ(JsonBody(lead)["user_id"], user);
  EXPECT_FALSE(JsonBody(lead)["converted_at"].is_null());
  auto profile = Call(kCoordinator, "GET", "/patients/" + patient);
  EXPECT_EQ(profile->status, 404) << "the coordinator is not assigned to this patient";
  // The journey: captured, registered, converted, in that order.
  EXPECT_EQ(Count("SELECT string_agg(event_type, ',' ORDER BY created_at, seq) FROM "
                  "patient_journey_events WHERE patient_profile_id = '" +
                  patient + "'"),
            "account_registered,lead_captured,lead_converted");
  EXPECT_EQ(Count("SELECT event_data->>'lead_id' FROM patient_journey_events WHERE event_type = "
                  "'lead_converted' AND patient_profile_id = '" +
                  patient + "'"),
            kLead);
  // Audited: the account, its invitation, the profile, the lead.
  EXPECT_EQ(Count(std::string("SELECT string_agg(DISTINCT table_name, ',') FROM audit_log WHERE "
                              "actor_user_id = '") +
                  kSales1 + "' AND action IN ('create', 'update')"),
            "account_invitations,lead_activities,leads,patient_profiles,users");

  // The same request under the same key answers the same; another is 409.
  auto again = Call(kSales1, "POST", std::string("/leads/") + kLead + "/convert",
                    Json{{"profile", {{"budget_range", "$5k-10k"}}}}, key);
  ASSERT_EQ(again->status, 201) << again->body;
  EXPECT_EQ(JsonBody(again)["user_id"], user);
  auto twice = Call(kSales1, "POST", std::string("/leads/") + kLead + "/convert");
  EXPECT_EQ(twice->status, 409) << twice->body;
  EXPECT_EQ(Count("SELECT count(*) FROM users WHERE email = 'ayse@example.test'"), "1");

  // The invitation: one email, the token only hashed at rest, single use.
  const std::string token = Count(
      "SELECT payload->>'token' FROM outbox WHERE template = 'account_invitation' AND "
      "user_id = '" +
      user + "'");
  ASSERT_EQ(token.rfind("imd_inv_", 0), 0u) << token;
  EXPECT_EQ(Count("SELECT count(*) FROM account_invitations WHERE token_hash = '" + token + "'"),
            "0");
  auto wrong = PostJson(server_.port(), "/auth/invitations/accept",
                        Json{{"token", "imd_inv_nope"}, {"new_password", "a long new pass 42"}});
  EXPECT_EQ(wrong->status, 422);
  EXPECT_EQ(ProblemFields(*wrong), std::set<std::string>{"token"});
  auto claim = PostJson(server_.port(), "/auth/invitations/accept",
                        Json{{"token", token}, {"new_password", "a long new pass 42"}});
  ASSERT_EQ(claim->status, 200) << claim->body;
  EXPECT_EQ(JsonBody(claim)["user_id"], user);
  EXPECT_EQ(Count("SELECT status || ' ' || email_verified FROM users WHERE id = '" + user + "'"),
            "active true");
  auto login = PostJson(server_.port(), "/auth/login",
                        Json{{"email", "ayse@example.test"}, {"password", "a long new pass 42"}});
  EXPECT_EQ(login->status, 200) << login->body;
  auto reuse = PostJson(server_.port(), "/auth/invitations/accept",
                        Json{{"token", token}, {"new_password", "another long pass 43"}});
  EXPECT_EQ(reuse->status, 422);
  EXPECT_EQ(Count("SELECT count(*) FROM patient_journey_events WHERE event_type = "
                  "'account_claimed' AND patient_profile_id = '" +
                  patient + "'"),
            "1");
}

TEST_F(LeadConversion, RefusalsNameTheirReason) {
  const std::string path = std::string("/leads/") + kLead + "/convert";
  // Another rep's lead (scope: assigned) is not there; roles without the
  // permissions are refused.
  EXPECT_EQ(Call(kSales2, "POST", path)->status, 404);
  EXPECT_EQ(Call(kMarketer, "POST", path)->status, 403);
  EXPECT_EQ(Call(kCoordinator, "POST", path)->status, 403);
  // A lead without an email needs one in the body.
  auto no_email = Call(kSales1, "POST", std::string("/leads/") + kPhoneOnlyLead + "/convert");
  EXPECT_EQ(no_email->status, 422);
  EXPECT_EQ(ProblemFields(*no_email), std::set<std::string>{"email"});
  auto bad_profile = Call(kSales1, "POST", std::string("/leads/") + kPhoneOnlyLead + "/convert",
                          Json{{"email", "mehmet@example.test"}, {"profile", {{"x", 1}}}});
  EXPECT_EQ(bad_profile->status, 422) << bad_profile->body;
  // A lost lead is reopened first.
  EXPECT_EQ(Call(kSales1, "POST", std::string("/leads/") + kLostLead + "/convert")->status, 409);
  // An email that has an account: 409 naming it, and nothing is left behind.
  auto taken = Call(kSales1, "POST", std::string("/leads/") + kPhoneOnlyLead + "/convert",
                    Json{{"email", "sales2@example.test"}});
  EXPECT_EQ(taken->status, 409) << taken->body;
  EXPECT_EQ(ProblemFields(*taken), std::set<std::string>{"email"});
  EXPECT_EQ(Count(std::string("SELECT stage FROM leads WHERE id = '") + kPhoneOnlyLead + "'"),
            "contacted");
  EXPECT_EQ(Count("SELECT count(*) FROM patient_profiles"), "0");
  EXPECT_EQ(Count("SELECT count(*) FROM account_invitations"), "0");
  // With an email, a phone-only lead converts (from contacted: any open stage).
  auto ok = Call(kSales1, "POST", std::string("/leads/") + kPhoneOnlyLead + "/convert",
                 Json{{"email", "Mehmet@Example.test"}});
  ASSERT_EQ(ok->status, 201) << ok->body;
  EXPECT_EQ(Count("SELECT email FROM users WHERE id = '" +
                  JsonBody(ok)["user_id"].get<std::string>() + "'"),
            "mehmet@example.test");
  // The stage route still walks one step at a time.
  auto jump = Call(kSales1, "POST", std::string("/leads/") + kSelfLead + "/stage",
                   Json{{"stage", "converted"}});
  EXPECT_EQ(jump->status, 404) << "unassigned: out of sales1's scope";
}

TEST_F(LeadConversion, StaffRegisterAPatientWithoutALead) {
  const Json body = {{"email", "walkin@example.test"},
                     {"first_name", "Walk"},
                     {"last_name", "In"},
                     {"phone", "+49 151 23456789"},
                     {"profile", {{"medical_condition", "hair loss"}}}};
  auto r = Call(kCoordinator, "POST", "/patients", body);
  ASSERT_EQ(r->status, 201) << r->body;
  const Json out = JsonBody(r);
  EXPECT_TRUE(out["lead_id"].is_null());
  const std::string patient = out["patient_profile_id"];
  EXPECT_EQ(Count("SELECT phone_number FROM users WHERE email = 'walkin@example.test'"),
            "+4915123456789");
  EXPECT_EQ(Count("SELECT string_agg(event_type, ',') FROM patient_journey_events WHERE "
                  "patient_profile_id = '" +
                  patient + "'"),
            "account_registered");
  EXPECT_EQ(Call(kMarketer, "POST", "/patients", body)->status, 403);
  auto missing = Call(kSales1, "POST", "/patients", Json{{"email", "x@example.test"}});
  EXPECT_EQ(missing->status, 422);
  EXPECT_EQ(ProblemFields(*missing), (std::set<std::string>{"first_name", "last_name", "profile"}));
  auto no_condition = Call(kSales1, "POST", "/patients",
                           Json{{"email", "y@example.test"},
                                {"first_name", "Y"},
                                {"last_name", "Z"},
                                {"profile", Json::object()}});
  EXPECT_EQ(no_condition->status, 422);
  EXPECT_EQ(ProblemFields(*no_condition), std::set<std::string>{"medical_condition"});
  EXPECT_EQ(Count("SELECT count(*) FROM users WHERE email IN ('x@example.test', 'y@example.test')"),
            "0");
}

TEST_F(LeadConversion, SelfRegistrationWithTheLeadsEmailLinksThenConverts) {
  auto reg = PostJson(server_.port(), "/auth/register",
                      Json{{"email", "SELF@example.test"},
                           {"password", "a long new pass 42"},
                           {"first_name", "Selma"},
                           {"last_name", "Demir"}});
  ASSERT_EQ(reg->status, 202) << reg->body;
  const std::string user = Count("SELECT id FROM users WHERE email = 'self@example.test'");
  // Not verified yet: nothing is linked.
  EXPECT_EQ(Count(std::string("SELECT count(user_id) FROM leads WHERE id = '") + kSelfLead + "'"),
            "0");
  const std::string code = Count(
      "SELECT payload->>'code' FROM outbox WHERE template = 'email_verification' AND user_id = '" +
      user + "'");
  auto verify = PostJson(server_.port(), "/auth/verify-email",
                         Json{{"email", "self@example.test"}, {"code", code}});
  ASSERT_EQ(verify->status, 200) << verify->body;
  EXPECT_EQ(Count(std::string("SELECT user_id::text || ' ' || stage FROM leads WHERE id = '") +
                  kSelfLead + "'"),
            user + " new");
  // The profile, created by the patient, converts the lead.
  auto profile = Call(user, "POST", "/me/patient-profile",
                      Json{{"medical_condition", "hair loss"}});
  ASSERT_EQ(profile->status, 201) << profile->body;
  const std::string patient = JsonBody(profile)["id"];
  EXPECT_EQ(Count(std::string("SELECT patient_profile_id::text || ' ' || stage FROM leads WHERE "
                              "id = '") +
                  kSelfLead + "'"),
            patient + " converted");
  EXPECT_EQ(Count("SELECT string_agg(event_type || ':' || coalesce(event_data->>'how', '-'), ',' "
                  "ORDER BY created_at, seq) FROM patient_journey_events WHERE "
                  "patient_profile_id = '" +
                  patient + "'"),
            "lead_captured:-,account_registered:self,lead_converted:self");
}

}  // namespace
}  // namespace imedic::testing
