// The consent ledger (issue 14, item 1), on the real server and a real
// PostgreSQL: give → withdraw → give leaves the current state given with
// the whole history; the ledger refuses UPDATE, DELETE and TRUNCATE; a
// withdrawal is seen by consent_allows on another connection at once and
// its NOTIFY arrives there within 1 s; bad bodies are 422s naming the
// fields; evidence comes from the request, not the body; who may record and
// read whose consents; every write (and every staff read) audited.
#include <gtest/gtest.h>

#include <poll.h>

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace imedic::testing {
namespace {

using Json = nlohmann::json;

constexpr const char* kPatientA = "40000000-0000-4000-8000-000000000001";
constexpr const char* kPatientB = "40000000-0000-4000-8000-000000000002";
constexpr const char* kCoordinator = "40000000-0000-4000-8000-000000000006";  // assigned to A
constexpr const char* kSales = "40000000-0000-4000-8000-000000000004";        // B's lead is theirs
constexpr const char* kMarketing = "40000000-0000-4000-8000-000000000005";
constexpr const char* kOfficer = "40000000-0000-4000-8000-00000000000f";  // privacy_officer
constexpr const char* kProvider = "10000000-0000-4000-8000-000000000001";
constexpr const char* kProfileA = "20000000-0000-4000-8000-00000000000a";
const std::string kSha(64, 'a');

constexpr const char* kFixture = R"sql(
INSERT INTO patient_profiles (id, user_id, patient_id, medical_condition) VALUES
  ('20000000-0000-4000-8000-00000000000a', '40000000-0000-4000-8000-000000000001', 'PAT-2026-000001', 'hair loss'),
  ('20000000-0000-4000-8000-00000000000b', '40000000-0000-4000-8000-000000000002', 'PAT-2026-000002', 'hair loss');
INSERT INTO care_assignments (staff_user_id, patient_profile_id, kind) VALUES
  ('40000000-0000-4000-8000-000000000006', '20000000-0000-4000-8000-00000000000a', 'care_coordinator');
INSERT INTO leads (id, user_id, email, source, assigned_to) VALUES
  ('30000000-0000-4000-8000-000000000001', '40000000-0000-4000-8000-000000000002',
   'lead1@example.com', 'website', '40000000-0000-4000-8000-000000000004');
)sql";

Json Given(const std::string& purpose, const std::string& channel = "web") {
  return {{"purpose", purpose},
          {"action", "given"},
          {"text_version", "2026-11"},
          {"text_sha256", kSha},
          {"channel", channel}};
}
Json Withdrawn(const std::string& purpose, const std::string& channel = "web") {
  return {{"purpose", purpose}, {"action", "withdrawn"}, {"channel", channel}};
}

class Consents : public ::testing::Test {
 protected:
  void SetUp() override {
    db::Connection& c = db_.conn();
    AddUser(c, kPatientA, "pat.a@example.com", "patient", {"patient"});
    AddUser(c, kPatientB, "pat.b@example.com", "patient", {"patient"});
    AddUser(c, kSales, "sales@example.com", "staff", {"sales"});
    AddUser(c, kMarketing, "marketing@example.com", "staff", {"marketing"});
    AddUser(c, kCoordinator, "coordinator@example.com", "staff", {"care_coordinator"});
    AddUser(c, kOfficer, "privacy@example.com", "staff", {"privacy_officer"});
    AddProvider(c, {kProvider, "Clinic P"});
    ASSERT_TRUE(c.Exec(kFixture)) << "fixture failed";
  }

  std::optional<HttpResponse> Call(std::string_view user, const std::string& method,
                                   const std::string& path, const Json& body = nullptr) {
    return CallAs(server_.port(), db_.conn(), user, method, path, body.is_null() ? "" : body.dump(),
                  "application/json", {{"User-Agent", "ConsentTest/1.0"}});
  }

  std::string Allows(const std::string& user, const std::string& purpose) {
    return Scalar(db_.conn(), "SELECT consent_allows($1::uuid, $2)", db::Params{user, purpose});
  }

  TestDatabase db_;
  TestServer server_{db_.conninfo()};
};

TEST_F(Consents, GiveWithdrawGiveLeavesGivenWithTheWholeHistory) {
  EXPECT_EQ(Allows(kPatientA, "marketing_email"), "f") << "never presumed";
  for (const Json& body : {Given("marketing_email"), Withdrawn("marketing_email"),
                           Given("marketing_email", "app"), Withdrawn("analytics")}) {
    auto r = Call(kPatientA, "POST", "/me/consents", body);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 201) << r->body;
    Json event = JsonBody(r);
    EXPECT_EQ(event["user_id"], kPatientA);
    EXPECT_EQ(event["action"], body["action"]);
    EXPECT_TRUE(event["recorded_by"].is_null()) << "the subject acted themselves";
    // Evidence from the request.
    EXPECT_EQ(event["user_agent"], "ConsentTest/1.0");
    EXPECT_EQ(event["ip"], "127.0.0.1");
  }
  EXPECT_EQ(Allows(kPatientA, "marketing_email"), "t");
  EXPECT_EQ(Allows(kPatientA, "analytics"), "f");
  EXPECT_EQ(Allows(kPatientB, "marketing_email"), "f") << "another subject's consent";

  auto ledger = Call(kPatientA, "GET", "/me/consents");
  ASSERT_TRUE(ledger && ledger->status == 200) << (ledger ? ledger->body : "no answer");
  Json l = JsonBody(ledger);
  ASSERT_EQ(l["current"].size(), 2u) << l.dump();
  // Ordered by purpose: analytics, marketing_email.
  EXPECT_EQ(l["current"][0]["purpose"], "analytics");
  EXPECT_EQ(l["current"][0]["granted"], false);
  EXPECT_EQ(l["current"][1]["purpose"], "marketing_email");
  EXPECT_EQ(l["current"][1]["granted"], true);
  EXPECT_EQ(l["current"][1]["channel"], "app");
  ASSERT_EQ(l["history"].size(), 4u);
  EXPECT_EQ(l["history"][0]["purpose"], "analytics") << "newest first";
  EXPECT_EQ(l["history"][3]["channel"], "web");

  // Every write audited, with the patient as the subject; the own read is not.
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT count(*) FROM audit_log WHERE table_name = 'consent_events' AND "
                   "action = 'create' AND actor_user_id = $1::uuid AND "
                   "subject_patient_profile_id = $2::uuid",
                   db::Params{std::string(kPatientA), std::string(kProfileA)}),
            "4");
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT count(*) FROM audit_log WHERE table_name = 'consent_events' AND "
                   "action = 'read'"),
            "0");
}

TEST_F(Consents, MedicalSharingIsPerProvider) {
  Json body = Given("medical_sharing");
  body["provider_id"] = kProvider;
  auto r = Call(kPatientA, "POST", "/me/consents", body);
  ASSERT_TRUE(r && r->status == 201) << (r ? r->body : "no answer");
  EXPECT_EQ(Scalar(db_.conn(), "SELECT consent_allows($1::uuid, 'medical_sharing', $2::uuid)",
                   db::Params{std::string(kPatientA), std::string(kProvider)}),
            "t");
  EXPECT_EQ(Allows(kPatientA, "medical_sharing"), "f") << "no provider named: nothing given";
  // An unknown provider: 422 naming provider_id (the foreign key).
  body["provider_id"] = "10000000-0000-4000-8000-0000000000ee";
  auto unknown = Call(kPatientA, "POST", "/me/consents", body);
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 422) << unknown->body;
  EXPECT_EQ(ProblemFields(*unknown), std::set<std::string>{"provider_id"});
}

TEST_F(Consents, TheLedgerIsAppendOnly) {
  ASSERT_EQ(Call(kPatientA, "POST", "/me/consents", Given("analytics"))->status, 201);
  for (const char* sql : {"UPDATE consent_events SET action = 'withdrawn'",
                          "DELETE FROM consent_events", "TRUNCATE consent_events"}) {
    auto r = db_.conn().Exec(sql);
    ASSERT_FALSE(r) << sql;
    // insufficient_privilege, from the guard trigger (the test runs as the owner).
    EXPECT_NE(r.error().internal_detail.find("sqlstate 42501"), std::string::npos)
        << sql << ": " << r.error().internal_detail;
  }
  EXPECT_EQ(Scalar(db_.conn(), "SELECT action FROM consent_events"), "given");
}

TEST_F(Consents, AWithdrawalIsSeenAndNotifiedOnAnotherConnectionAtOnce) {
  ASSERT_EQ(Call(kPatientA, "POST", "/me/consents", Given("marketing_sms"))->status, 201);
  // Another node: its own connection, listening.
  auto other = db::Connection::Open(db_.conninfo());
  ASSERT_TRUE(other);
  ASSERT_TRUE(other->Exec("LISTEN imedic_consent"));
  EXPECT_EQ(Scalar(*other, "SELECT consent_allows($1::uuid, 'marketing_sms')",
                   db::Params{std::string(kPatientA)}),
            "t");

  const auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(Call(kPatientA, "POST", "/me/consents", Withdrawn("marketing_sms", "sms"))->status,
            201);
  // The send-time check reads the table: false as soon as the call returned.
  EXPECT_EQ(Scalar(*other, "SELECT consent_allows($1::uuid, 'marketing_sms')",
                   db::Params{std::string(kPatientA)}),
            "f");
  // And the NOTIFY names the subject, within 1 s of the request.
  PGconn* pg = other->raw();
  std::string payload;
  while (payload.empty()) {
    const auto left = std::chrono::milliseconds(1000) -
                      std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - start);
    ASSERT_GT(left.count(), 0) << "no notification within 1 s";
    ASSERT_EQ(PQconsumeInput(pg), 1);
    while (PGnotify* n = PQnotifies(pg)) {
      if (std::string(n->relname) == "imedic_consent") payload = n->extra;
      PQfreemem(n);
    }
    if (!payload.empty()) break;
    pollfd fd{PQsocket(pg), POLLIN, 0};
    poll(&fd, 1, static_cast<int>(left.count()));
  }
  Json note = Json::parse(payload);
  EXPECT_EQ(note["user_id"], kPatientA);
  EXPECT_EQ(note["purpose"], "marketing_sms");
}

TEST_F(Consents, BadBodiesAre422sNamingTheFields) {
  struct Case {
    Json body;
    std::set<std::string> fields;
  };
  Json no_text = Given("marketing_email");
  no_text.erase("text_version");
  no_text.erase("text_sha256");
  Json bad_sha = Given("marketing_email");
  bad_sha["text_sha256"] = std::string(64, 'G');
  Json upper_sha = Given("marketing_email");
  upper_sha["text_sha256"] = std::string(64, 'A');
  Json sharing_without_provider = Given("medical_sharing");
  Json provider_on_marketing = Given("marketing_email");
  provider_on_marketing["provider_id"] = kProvider;
  Json evidence_in_body = Given("marketing_email");
  evidence_in_body["ip"] = "203.0.113.9";
  const std::vector<Case> cases = {
      {Json::object(), {"purpose", "action", "channel"}},
      {Given("newsletters"), {"purpose"}},
      {Given("marketing_email", "pigeon"), {"channel"}},
      {{{"purpose", "analytics"}, {"action", "maybe"}, {"channel", "web"}}, {"action"}},
      {no_text, {"text_version", "text_sha256"}},
      {bad_sha, {"text_sha256"}},
      {upper_sha, {"text_sha256"}},
      {sharing_without_provider, {"provider_id"}},
      {provider_on_marketing, {"provider_id"}},
      {evidence_in_body, {"ip"}},
  };
  for (const Case& c : cases) {
    auto r = Call(kPatientA, "POST", "/me/consents", c.body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 422) << c.body.dump() << " → " << r->body;
    EXPECT_EQ(ProblemFields(*r), c.fields) << c.body.dump() << " → " << r->body;
  }
  EXPECT_EQ(Scalar(db_.conn(), "SELECT count(*) FROM consent_events"), "0");
}

TEST_F(Consents, WhoMayRecordAndReadWhose) {
  const std::string a = std::string("/users/") + kPatientA + "/consents";
  const std::string b = std::string("/users/") + kPatientB + "/consents";
  // A patient records only their own (no consents.write).
  EXPECT_EQ(Call(kPatientB, "POST", a, Given("analytics"))->status, 403);
  EXPECT_EQ(Call(kPatientB, "GET", a)->status, 403);
  // The coordinator records for their assigned patient A, by phone; B is out of scope.
  auto by_phone = Call(kCoordinator, "POST", a, Withdrawn("marketing_whatsapp", "phone"));
  ASSERT_TRUE(by_phone);
  ASSERT_EQ(by_phone->status, 201) << by_phone->body;
  EXPECT_EQ(JsonBody(by_phone)["recorded_by"], kCoordinator);
  EXPECT_EQ(JsonBody(by_phone)["user_id"], kPatientA);
  EXPECT_EQ(Call(kCoordinator, "POST", b, Given("analytics", "phone"))->status, 404);
  EXPECT_EQ(Call(kCoordinator, "GET", a)->status, 403) << "recording is not reading";
  // Sales record for the user behind their lead (B), not for A.
  EXPECT_EQ(Call(kSales, "POST", b, Given("marketing_email", "phone"))->status, 201);
  EXPECT_EQ(Call(kSales, "POST", a, Given("marketing_email", "phone"))->status, 404);
  // Marketing neither reads nor records.
  EXPECT_EQ(Call(kMarketing, "GET", a)->status, 403);
  EXPECT_EQ(Call(kMarketing, "POST", a, Given("analytics"))->status, 403);
  // The privacy officer reads anyone's ledger; the read is audited.
  auto read = Call(kOfficer, "GET", a);
  ASSERT_TRUE(read);
  ASSERT_EQ(read->status, 200) << read->body;
  EXPECT_EQ(JsonBody(read)["history"].size(), 1u);
  EXPECT_EQ(JsonBody(read)["current"][0]["granted"], false);
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT count(*) FROM audit_log WHERE table_name = 'consent_events' AND "
                   "action = 'read' AND actor_user_id = $1::uuid AND "
                   "subject_patient_profile_id = $2::uuid",
                   db::Params{std::string(kOfficer), std::string(kProfileA)}),
            "1");
  EXPECT_EQ(Call(kOfficer, "GET", "/users/40000000-0000-4000-8000-0000000000ee/consents")->status,
            404);
  EXPECT_EQ(Call(kOfficer, "GET", "/users/not-a-uuid/consents")->status, 404);
  // The staff writes are audited too, with the staff member as the actor.
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT count(*) FROM audit_log WHERE table_name = 'consent_events' AND "
                   "action = 'create' AND actor_user_id IN ($1::uuid, $2::uuid)",
                   db::Params{std::string(kCoordinator), std::string(kSales)}),
            "2");
}

TEST_F(Consents, RegistrationRecordsTheFormsConsentsWithTheAccount) {
  Json body = {
      {"email", "new.patient@example.com"},
      {"password", "correct horse battery staple 42"},
      {"first_name", "New"},
      {"last_name", "Patient"},
      {"consents",
       {{{"purpose", "care_processing"}, {"text_version", "2026-11"}, {"text_sha256", kSha}},
        {{"purpose", "marketing_email"},
         {"text_version", "2026-11"},
         {"text_sha256", kSha},
         {"channel", "app"}}}}};
  // Refused, naming the entry's field: medical_sharing, a purpose twice, a bad hash.
  Json bad = body;
  bad["consents"][0]["purpose"] = "medical_sharing";
  bad["consents"][1]["text_sha256"] = "abc";
  auto refused = Call("", "POST", "/auth/register", bad);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 422) << refused->body;
  EXPECT_EQ(ProblemFields(*refused),
            (std::set<std::string>{"consents[0].purpose", "consents[1].text_sha256"}));
  Json twice = body;
  twice["consents"][1]["purpose"] = "care_processing";
  auto dup = Call("", "POST", "/auth/register", twice);
  ASSERT_TRUE(dup);
  EXPECT_EQ(dup->status, 422) << dup->body;
  EXPECT_EQ(ProblemFields(*dup), std::set<std::string>{"consents[1].purpose"});
  EXPECT_EQ(
      Scalar(db_.conn(), "SELECT count(*) FROM users WHERE email = 'new.patient@example.com'"),
      "0");

  auto r = Call("", "POST", "/auth/register", body);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 202) << r->body;
  const std::string user = Scalar(db_.conn(),
                                  "SELECT id FROM users WHERE email = 'new.patient@example.com'");
  EXPECT_EQ(Allows(user, "care_processing"), "t");
  EXPECT_EQ(Allows(user, "marketing_email"), "t");
  EXPECT_EQ(Allows(user, "marketing_sms"), "f");
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT string_agg(channel || '/' || user_agent || '/' || "
                   "(recorded_by IS NULL)::text, ',' ORDER BY seq) FROM consent_events "
                   "WHERE user_id = $1::uuid",
                   db::Params{user}),
            "web/ConsentTest/1.0/true,app/ConsentTest/1.0/true");
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT count(*) FROM audit_log WHERE table_name = 'consent_events' AND "
                   "actor_user_id = $1::uuid",
                   db::Params{user}),
            "2");
  // Registering the taken address again records nothing (and answers alike).
  auto again = Call("", "POST", "/auth/register", body);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 202);
  EXPECT_EQ(Scalar(db_.conn(), "SELECT count(*) FROM consent_events"), "2");
}

TEST_F(Consents, ThePrivacyOfficerHoldsThePrivacyPermissions) {
  auto perms = Scalar(db_.conn(),
                      "SELECT string_agg(permission, ',' ORDER BY permission) FROM "
                      "role_permissions WHERE role = 'privacy_officer'");
  for (const char* p :
       {"audit.read", "consents.read", "consents.write", "privacy.erase", "privacy.export"}) {
    EXPECT_NE(perms.find(p), std::string::npos) << p << " in " << perms;
  }
}

}  // namespace
}  // namespace imedic::testing
