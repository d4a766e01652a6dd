// Consultations, quotes, reminders and the journey timeline over HTTP, on
// the real server and a real PostgreSQL: a patient's request confirmed and
// completed with a quote the patient accepts, staff booking at a slot,
// illegal steps (409), steps by the wrong role (403), rows of other
// patients and providers (404), notes sealed at rest, the reminder job
// once only and in the patient's zone across a DST change, and the
// timeline in order with keyset pages.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "domains/care/consultation_reminders.hpp"
#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace imedic::testing {
namespace {

using Json = nlohmann::json;

constexpr const char* kPatientA = "20000000-0000-4000-8000-00000000000a";
constexpr const char* kPatientB = "20000000-0000-4000-8000-00000000000b";
constexpr const char* kUserA = "40000000-0000-4000-8000-000000000001";
constexpr const char* kUserB = "40000000-0000-4000-8000-000000000002";
constexpr const char* kClinicP = "40000000-0000-4000-8000-000000000003";
constexpr const char* kSales = "40000000-0000-4000-8000-000000000004";
constexpr const char* kClinicQ = "40000000-0000-4000-8000-000000000005";
constexpr const char* kCoordinator = "40000000-0000-4000-8000-000000000006";
constexpr const char* kProviderP = "10000000-0000-4000-8000-000000000001";
constexpr const char* kProviderQ = "10000000-0000-4000-8000-000000000002";
constexpr const char* kProcedureP = "50000000-0000-4000-8000-000000000001";
constexpr const char* kSlotP = "60000000-0000-4000-8000-000000000001";
constexpr const char* kSlotQ = "60000000-0000-4000-8000-000000000002";

constexpr const char* kFixture = R"sql(
INSERT INTO user_profiles (user_id, first_name, last_name, timezone)
  SELECT id, 'First', 'Last', 'UTC' FROM users;
UPDATE user_profiles SET timezone = 'Europe/London'
  WHERE user_id = '40000000-0000-4000-8000-000000000001';
INSERT INTO procedures (id, provider_id, name, category) VALUES
  ('50000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', 'FUE',
   'hair_transplant');
INSERT INTO patient_profiles (id, user_id, patient_id, medical_condition) VALUES
  ('20000000-0000-4000-8000-00000000000a', '40000000-0000-4000-8000-000000000001',
   'PAT-2026-000001', 'hair loss'),
  ('20000000-0000-4000-8000-00000000000b', '40000000-0000-4000-8000-000000000002',
   'PAT-2026-000002', 'hair loss');
INSERT INTO provider_availability (id, provider_id, date, start_time, end_time) VALUES
  ('60000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001',
   '2027-03-10', '14:00', '14:30'),
  ('60000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000002',
   '2027-03-10', '14:00', '14:30');
INSERT INTO care_assignments (staff_user_id, patient_profile_id, kind) VALUES
  ('40000000-0000-4000-8000-000000000006', '20000000-0000-4000-8000-00000000000a',
   'care_coordinator');
)sql";

class CareConsultations : public ::testing::Test {
 protected:
  void SetUp() override {
    db::Connection& c = db_.conn();
    AddUser(c, kUserA, "pat.a@example.com", "patient", {"patient"});
    AddUser(c, kUserB, "pat.b@example.com", "patient", {"patient"});
    AddUser(c, kClinicP, "clinic.p@example.com", "provider", {"provider_staff"});
    AddUser(c, kSales, "sales@example.com", "staff", {"sales"});
    AddUser(c, kClinicQ, "clinic.q@example.com", "provider", {"provider_staff"});
    AddUser(c, kCoordinator, "coordinator@example.com", "staff", {"care_coordinator"});
    AddProvider(c, {kProviderP, "Clinic P"});
    AddProvider(c, {kProviderQ, "Clinic Q"});
    AddProviderMember(c, kClinicP, kProviderP);
    AddProviderMember(c, kClinicQ, kProviderQ);
    ASSERT_TRUE(c.Exec(kFixture)) << "fixture failed";
  }

  std::optional<HttpResponse> Call(std::string_view user, const std::string& method,
                                   const std::string& path, const Json& body = nullptr) {
    return CallAs(server_.port(), db_.conn(), user, method, path, body.is_null() ? "" : body.dump(),
                  body.is_null() ? "" : "application/json");
  }

  // A patient's request at a proposed time; returns the consultation's id.
  std::string Request(const std::string& at, const std::string& notes = "") {
    Json body = {{"provider_id", kProviderP},
                 {"procedure_id", kProcedureP},
                 {"consultation_type", "video"},
                 {"scheduled_at", at}};
    if (!notes.empty()) body["notes"] = notes;
    auto r = Call(kUserA, "POST", "/consultations", body);
    EXPECT_TRUE(r && r->status == 201) << (r ? r->body : "no answer");
    return JsonBody(r).value("id", "");
  }

  TestDatabase db_;
  TestServer server_{db_.conninfo()};
};

TEST_F(CareConsultations, RequestConfirmCompleteQuoteAccept) {
  auto created = Call(kUserA, "POST", "/consultations",
                      {{"provider_id", kProviderP},
                       {"procedure_id", kProcedureP},
                       {"consultation_type", "video"},
                       {"scheduled_at", "2027-03-10T15:00"},
                       {"timezone", "Europe/London"},
                       {"notes", "Crown thinning since 2019; minoxidil"}});
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  Json c = JsonBody(created);
  const std::string id = c["id"];
  EXPECT_EQ(c["patient_profile_id"], kPatientA);
  EXPECT_EQ(c["request_status"], "requested");
  EXPECT_EQ(c["status"], "scheduled");
  EXPECT_EQ(c["timezone"], "Europe/London");
  EXPECT_EQ(c["notes"], "Crown thinning since 2019; minoxidil");
  // 15:00 in London in March (GMT) is 15:00Z.
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT scheduled_at = '2027-03-10T15:00Z' FROM consultations "
                   "WHERE id = $1",
                   db::Params{id}),
            "t");
  // The link: the configured base and 32 hex characters of randomness.
  const std::string url = c["meeting_url"];
  EXPECT_EQ(url.rfind("https://meet.imedic.example/", 0), 0u) << url;
  EXPECT_EQ(url.size(), std::string("https://meet.imedic.example/").size() + 32);

  // Sealed at rest, bound to its row.
  const std::string stored = Scalar(db_.conn(), "SELECT notes FROM consultations WHERE id = $1",
                                    db::Params{id});
  EXPECT_EQ(stored.rfind("e1.", 0), 0u) << stored;
  EXPECT_EQ(stored.find("minoxidil"), std::string::npos);

  // The patient may not confirm their own request; the clinic does.
  auto by_patient = Call(kUserA, "POST", "/consultations/" + id + "/confirm");
  ASSERT_TRUE(by_patient);
  EXPECT_EQ(by_patient->status, 403);
  auto confirmed = Call(kClinicP, "POST", "/consultations/" + id + "/confirm");
  ASSERT_TRUE(confirmed);
  ASSERT_EQ(confirmed->status, 200) << confirmed->body;
  EXPECT_EQ(JsonBody(confirmed)["request_status"], "confirmed");
  EXPECT_EQ(JsonBody(confirmed)["notes"], "Crown thinning since 2019; minoxidil");
  // Twice is a conflict, named after the rule.
  auto again = Call(kClinicP, "POST", "/consultations/" + id + "/confirm");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409) << again->body;

  // Completed with an outcome, new notes and a quote in one step.
  auto done = Call(kClinicP, "POST", "/consultations/" + id + "/complete",
                   {{"outcome", "qualified"},
                    {"notes", "Norwood 4; 2800 grafts"},
                    {"quote",
                     {{"price_minor", 250000},
                      {"currency", "EUR"},
                      {"hotel_nights", 3},
                      {"airport_transfers", true},
                      {"valid_until", "2099-01-01T00:00:00Z"}}}});
  ASSERT_TRUE(done);
  ASSERT_EQ(done->status, 200) << done->body;
  Json d = JsonBody(done);
  EXPECT_EQ(d["status"], "completed");
  EXPECT_EQ(d["outcome"], "qualified");
  EXPECT_EQ(d["notes"], "Norwood 4; 2800 grafts");
  EXPECT_EQ(d["quote"]["version"], 1);
  EXPECT_EQ(d["quote"]["procedure_id"], kProcedureP);
  // Completing again, or cancelling a completed consultation: 409.
  for (const char* step : {"complete", "cancel", "no-show"}) {
    auto r = Call(kClinicP, "POST", "/consultations/" + id + "/" + step,
                  std::string(step) == "complete" ? Json{{"outcome", "qualified"}} : Json());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 409) << step << ": " << r->body;
  }

  // A second version; the patient reads both, newest first.
  auto v2 = Call(kClinicP, "POST", "/consultations/" + id + "/quotes",
                 {{"price_minor", 230000},
                  {"currency", "EUR"},
                  {"interpreter", true},
                  {"valid_until", "2099-01-01T00:00:00Z"}});
  ASSERT_TRUE(v2);
  ASSERT_EQ(v2->status, 201) << v2->body;
  EXPECT_EQ(JsonBody(v2)["version"], 2);
  auto quotes = Call(kUserA, "GET", "/consultations/" + id + "/quotes");
  ASSERT_TRUE(quotes);
  ASSERT_EQ(quotes->status, 200);
  Json items = JsonBody(quotes)["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["version"], 2);
  const std::string q2 = items[0]["id"], q1 = items[1]["id"];

  // Only the patient accepts; once; and no second quote of the consultation.
  auto by_clinic = Call(kClinicP, "POST", "/quotes/" + q2 + "/accept");
  ASSERT_TRUE(by_clinic);
  EXPECT_EQ(by_clinic->status, 403);
  auto by_other = Call(kUserB, "POST", "/quotes/" + q2 + "/accept");
  ASSERT_TRUE(by_other);
  EXPECT_EQ(by_other->status, 404);
  auto accepted = Call(kUserA, "POST", "/quotes/" + q2 + "/accept");
  ASSERT_TRUE(accepted);
  ASSERT_EQ(accepted->status, 200) << accepted->body;
  EXPECT_FALSE(JsonBody(accepted)["accepted_at"].is_null());
  auto twice = Call(kUserA, "POST", "/quotes/" + q2 + "/accept");
  ASSERT_TRUE(twice);
  EXPECT_EQ(twice->status, 409);
  auto other_version = Call(kUserA, "POST", "/quotes/" + q1 + "/accept");
  ASSERT_TRUE(other_version);
  EXPECT_EQ(other_version->status, 409);

  // Every step is on the timeline, in order, and audited.
  auto timeline = Call(kUserA, "GET", "/me/journey");
  ASSERT_TRUE(timeline);
  ASSERT_EQ(timeline->status, 200) << timeline->body;
  std::vector<std::string> types;
  const Json events = JsonBody(timeline);
  for (const Json& e : events["items"]) types.push_back(e["event_type"]);
  EXPECT_EQ(types, (std::vector<std::string>{"consultation_requested", "consultation_confirmed",
                                             "consultation_completed", "quote_issued",
                                             "quote_issued", "quote_accepted"}));
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT count(*) FROM audit_log WHERE table_name = 'consultations' AND "
                   "row_id = $1 AND action IN ('create', 'update')",
                   db::Params{id}),
            "3");
}

TEST_F(CareConsultations, ExpiredQuoteIsRefused) {
  const std::string id = Request("2027-03-10T10:00:00Z");
  ASSERT_EQ(Call(kClinicP, "POST", "/consultations/" + id + "/confirm")->status, 200);
  auto q = Call(
      kClinicP, "POST", "/consultations/" + id + "/quotes",
      {{"price_minor", 100000}, {"currency", "EUR"}, {"valid_until", "2099-01-01T00:00:00Z"}});
  ASSERT_EQ(q->status, 201) << q->body;
  const std::string quote = JsonBody(q)["id"];
  // Let it lapse (a quote's terms are immutable: the guard is lifted for this).
  ASSERT_TRUE(
      db_.conn().Exec("ALTER TABLE consultation_quotes DISABLE TRIGGER consultation_quotes_guard"));
  ASSERT_TRUE(db_.conn().ExecParams(
      "UPDATE consultation_quotes SET created_at = now() - interval '2 days', "
      "valid_until = now() - interval '1 day' WHERE id = $1",
      db::Params{quote}));
  ASSERT_TRUE(
      db_.conn().Exec("ALTER TABLE consultation_quotes ENABLE TRIGGER consultation_quotes_guard"));
  ASSERT_EQ(Scalar(db_.conn(), "SELECT valid_until < now() FROM consultation_quotes WHERE id = $1",
                   db::Params{quote}),
            "t");
  auto r = Call(kUserA, "POST", "/quotes/" + quote + "/accept");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409) << r->body;
}

TEST_F(CareConsultations, ConcurrentQuotesTakeConsecutiveVersions) {
  const std::string id = Request("2027-03-10T10:00:00Z");
  constexpr int kQuotes = 6;
  std::vector<std::string> tokens;
  for (int i = 0; i < kQuotes; ++i) tokens.push_back(MintSession(db_.conn(), kClinicP));
  std::vector<int> statuses(kQuotes, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < kQuotes; ++i) {
    threads.emplace_back([&, i] {
      auto r = PostJson(server_.port(), "/consultations/" + id + "/quotes",
                        {{"price_minor", 100000 + i},
                         {"currency", "EUR"},
                         {"valid_until", "2099-01-01T00:00:00Z"}},
                        tokens[i]);
      statuses[i] = r ? r->status : 0;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(statuses, std::vector<int>(kQuotes, 201));
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT string_agg(version::text, ',' ORDER BY version) FROM "
                   "consultation_quotes WHERE consultation_id = $1",
                   db::Params{id}),
            "1,2,3,4,5,6");
}

TEST_F(CareConsultations, StaffBookAtASlotConfirmed) {
  auto r = Call(kClinicP, "POST", "/consultations",
                {{"patient_profile_id", kPatientA},
                 {"provider_id", kProviderP},
                 {"consultation_type", "in_person"},
                 {"availability_id", kSlotP}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  Json c = JsonBody(r);
  EXPECT_EQ(c["request_status"], "confirmed");
  EXPECT_TRUE(c["meeting_url"].is_null());
  EXPECT_EQ(c["timezone"], "Europe/Istanbul");
  // 14:00 in Istanbul (UTC+3) is 11:00Z.
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT scheduled_at = '2027-03-10T11:00Z' FROM consultations WHERE id = $1",
                   db::Params{std::string(c["id"])}),
            "t");
  // A slot of another provider is refused, naming the field.
  auto other_slot = Call(kClinicP, "POST", "/consultations",
                         {{"patient_profile_id", kPatientA},
                          {"provider_id", kProviderP},
                          {"availability_id", kSlotQ}});
  ASSERT_TRUE(other_slot);
  EXPECT_EQ(other_slot->status, 422);
  EXPECT_EQ(ProblemFields(*other_slot), std::set<std::string>{"availability_id"});
  // A closed slot is refused.
  ASSERT_TRUE(db_.conn().ExecParams(
      "UPDATE provider_availability SET is_available = FALSE WHERE id = $1", db::Params{kSlotP}));
  auto closed = Call(kClinicP, "POST", "/consultations",
                     {{"patient_profile_id", kPatientA},
                      {"provider_id", kProviderP},
                      {"availability_id", kSlotP}});
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->status, 422);
  EXPECT_EQ(ProblemFields(*closed), std::set<std::string>{"availability_id"});
  // Staff of another clinic cannot book at P.
  auto q_staff = Call(kClinicQ, "POST", "/consultations",
                      {{"patient_profile_id", kPatientA},
                       {"provider_id", kProviderP},
                       {"availability_id", kSlotP}});
  ASSERT_TRUE(q_staff);
  EXPECT_EQ(q_staff->status, 404);
  // A patient cannot request one for somebody else.
  auto for_other = Call(kUserB, "POST", "/consultations",
                        {{"patient_profile_id", kPatientA},
                         {"provider_id", kProviderP},
                         {"scheduled_at", "2027-03-10T10:00:00Z"}});
  ASSERT_TRUE(for_other);
  EXPECT_EQ(for_other->status, 404);
  // Neither slot nor time, or both: 422.
  auto neither = Call(kUserA, "POST", "/consultations", {{"provider_id", kProviderP}});
  ASSERT_TRUE(neither);
  EXPECT_EQ(neither->status, 422);
  auto bad_zone = Call(
      kUserA, "POST", "/consultations",
      {{"provider_id", kProviderP}, {"scheduled_at", "2027-03-10T10:00"}, {"timezone", "CEST"}});
  ASSERT_TRUE(bad_zone);
  EXPECT_EQ(bad_zone->status, 422);
  EXPECT_EQ(ProblemFields(*bad_zone), std::set<std::string>{"timezone"});
  // Sales hold no consultation permission at all.
  auto sales = Call(kSales, "POST", "/consultations",
                    {{"provider_id", kProviderP}, {"scheduled_at", "2027-03-10T10:00:00Z"}});
  ASSERT_TRUE(sales);
  EXPECT_EQ(sales->status, 403);
}

TEST_F(CareConsultations, RolesAndRowsOfTransitions) {
  const std::string id = Request("2027-03-10T10:00:00Z");
  // A request not yet confirmed cannot be held or missed (trigger: 409).
  auto early = Call(kClinicP, "POST", "/consultations/" + id + "/no-show");
  ASSERT_TRUE(early);
  EXPECT_EQ(early->status, 409) << early->body;
  // Another clinic and another patient do not see it.
  for (const char* who : {kClinicQ, kUserB}) {
    auto r = Call(who, "GET", "/consultations/" + id);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404) << who;
    auto cancel = Call(who, "POST", "/consultations/" + id + "/cancel");
    ASSERT_TRUE(cancel);
    EXPECT_EQ(cancel->status, 404) << who;
  }
  auto q_confirm = Call(kClinicQ, "POST", "/consultations/" + id + "/confirm");
  ASSERT_TRUE(q_confirm);
  EXPECT_EQ(q_confirm->status, 404);
  // The patient may not record an outcome.
  auto complete = Call(kUserA, "POST", "/consultations/" + id + "/complete",
                       {{"outcome", "qualified"}});
  ASSERT_TRUE(complete);
  EXPECT_EQ(complete->status, 403);
  // The coordinator assigned to the patient reads it.
  auto coordinator = Call(kCoordinator, "GET", "/consultations/" + id);
  ASSERT_TRUE(coordinator);
  EXPECT_EQ(coordinator->status, 200);
  // The patient withdraws their own request; then it is final.
  auto cancel = Call(kUserA, "POST", "/consultations/" + id + "/cancel");
  ASSERT_TRUE(cancel);
  ASSERT_EQ(cancel->status, 200) << cancel->body;
  EXPECT_EQ(JsonBody(cancel)["status"], "cancelled");
  auto confirm = Call(kClinicP, "POST", "/consultations/" + id + "/confirm");
  ASSERT_TRUE(confirm);
  EXPECT_EQ(confirm->status, 409);  // a withdrawn request is not confirmed
  auto cancel_again = Call(kUserA, "POST", "/consultations/" + id + "/cancel");
  ASSERT_TRUE(cancel_again);
  EXPECT_EQ(cancel_again->status, 409);
  // Declining a request cancels it.
  const std::string second = Request("2027-03-11T10:00:00Z");
  auto declined = Call(kClinicP, "POST", "/consultations/" + second + "/decline");
  ASSERT_TRUE(declined);
  ASSERT_EQ(declined->status, 200);
  EXPECT_EQ(JsonBody(declined)["status"], "cancelled");
  EXPECT_EQ(JsonBody(declined)["request_status"], "declined");
}

TEST_F(CareConsultations, ListsScopeFilterAndPage) {
  std::vector<std::string> ids;
  for (int day = 10; day < 15; ++day) {
    ids.push_back(Request("2027-03-" + std::to_string(day) + "T10:00:00Z"));
  }
  // Patient B's consultation at Q.
  auto b = Call(kUserB, "POST", "/consultations",
                {{"provider_id", kProviderQ}, {"scheduled_at", "2027-03-10T09:00:00Z"}});
  ASSERT_EQ(b->status, 201) << b->body;
  ASSERT_EQ(Call(kClinicP, "POST", "/consultations/" + ids[4] + "/cancel")->status, 200);

  // Pages of two, in scheduled order, for the patient.
  std::vector<std::string> seen;
  std::string path = "/me/consultations?limit=2";
  for (int pages = 0; !path.empty() && pages < 5; ++pages) {
    auto r = Call(kUserA, "GET", path);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    Json page = JsonBody(r);
    for (const Json& c : page["items"]) seen.push_back(c["id"]);
    path = page["next"].is_null() ? "" : std::string(page["next"]);
  }
  EXPECT_EQ(seen, ids);
  // Clinic Q sees only its own row; clinic P only A's.
  auto q = Call(kClinicQ, "GET", "/consultations");
  ASSERT_TRUE(q);
  EXPECT_EQ(JsonBody(q)["items"].size(), 1u);
  auto p = Call(kClinicP, "GET", "/consultations?status=scheduled&from=2027-03-11T00:00:00Z");
  ASSERT_TRUE(p);
  ASSERT_EQ(p->status, 200) << p->body;
  EXPECT_EQ(JsonBody(p)["items"].size(), 3u);
  auto other = Call(kUserA, "GET", std::string("/consultations?patient_profile_id=") + kPatientB);
  ASSERT_TRUE(other);
  EXPECT_EQ(JsonBody(other)["items"].size(), 0u);
  auto bad = Call(kClinicP, "GET", "/consultations?status=maybe&limit=0");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 422);
  EXPECT_EQ(ProblemFields(*bad), (std::set<std::string>{"status", "limit"}));
}

TEST_F(CareConsultations, RemindersOnceInThePatientsZoneAcrossDst) {
  // Clocks in London go back at 01:00Z on Sunday 25 October 2026. The
  // consultation is that morning at 10:00Z: 10:00 GMT in London. The 24 h
  // reminder goes out on the Saturday, while London is still on BST (UTC+1),
  // where reading the time with the offset of the moment of sending would
  // say 11:00.
  auto r = Call(kClinicP, "POST", "/consultations",
                {{"patient_profile_id", kPatientA},
                 {"provider_id", kProviderP},
                 {"consultation_type", "zoom"},
                 {"scheduled_at", "2026-10-25T10:00:00Z"}});
  ASSERT_EQ(r->status, 201) << r->body;
  const std::string id = JsonBody(r)["id"];
  // A request not yet confirmed is never reminded.
  Request("2026-10-25T11:00:00Z");
  db::Pool& pool = server_.app().pool();
  auto first = care::EnqueueConsultationReminders(pool, "2026-10-24T12:00:00Z", "24h");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->claimed, 1);
  EXPECT_EQ(first->enqueued, 1);
  auto second = care::EnqueueConsultationReminders(pool, "2026-10-24T12:01:00Z", "24h");
  ASSERT_TRUE(second);
  EXPECT_EQ(second->claimed, 0);
  // Too early for the 1 h reminder, then due once.
  EXPECT_EQ(care::EnqueueConsultationReminders(pool, "2026-10-25T08:30:00Z", "1h")->claimed, 0);
  EXPECT_EQ(care::EnqueueConsultationReminders(pool, "2026-10-25T09:15:00Z", "1h")->claimed, 1);
  EXPECT_EQ(care::EnqueueConsultationReminders(pool, "2026-10-25T09:20:00Z", "1h")->claimed, 0);

  Json payload = Json::parse(
      Scalar(db_.conn(),
             "SELECT payload::text FROM outbox WHERE template = 'consultation_reminder' "
             "AND payload->>'kind' = '24h'"));
  EXPECT_EQ(payload["consultation_id"], id);
  EXPECT_EQ(payload["timezone"], "Europe/London");
  EXPECT_EQ(payload["local_time"], "2026-10-25T10:00");
  EXPECT_EQ(payload["utc_offset"], "+00:00");
  const std::string text = payload["text"];
  EXPECT_NE(text.find("Sunday 25 October 2026 at 10:00 (Europe/London, UTC+00:00)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Clinic P"), std::string::npos) << text;
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT count(*) FROM outbox WHERE template = "
                   "'consultation_reminder' AND recipient = 'pat.a@example.com'"),
            "2");
}

TEST_F(CareConsultations, TimelineInOrderWithKeysetPagesAndScope) {
  // Events of one transaction share now(): seq keeps their order.
  ASSERT_TRUE(db_.conn().Exec(
      "BEGIN; "
      "SELECT record_journey_event('20000000-0000-4000-8000-00000000000a', 'research', 'e1', "
      "NULL, '{}'); "
      "SELECT record_journey_event('20000000-0000-4000-8000-00000000000a', 'research', 'e2', "
      "NULL, '{}'); "
      "UPDATE patient_journey_events SET created_at = '2026-01-01T00:00Z'; "
      "COMMIT;"));
  for (int i = 3; i <= 5; ++i) {
    ASSERT_TRUE(
        db_.conn().ExecParams("SELECT record_journey_event($1, 'consultation', $2, NULL, '{}')",
                              db::Params{kPatientA, "e" + std::to_string(i)}));
  }
  std::vector<std::string> seen;
  std::string path = std::string("/patients/") + kPatientA + "/journey?limit=2";
  int pages = 0;
  while (!path.empty() && pages < 10) {
    auto r = Call(kCoordinator, "GET", path);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    Json page = JsonBody(r);
    for (const Json& e : page["items"]) seen.push_back(e["event_type"]);
    path = page["next"].is_null() ? "" : std::string(page["next"]);
    ++pages;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"e1", "e2", "e3", "e4", "e5"}));
  EXPECT_EQ(pages, 3);
  // Out of scope: another patient, another clinic's staff (no care with A).
  for (const char* who : {kUserB, kClinicQ}) {
    auto r = Call(who, "GET", std::string("/patients/") + kPatientA + "/journey");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404) << who;
  }
  auto sales = Call(kSales, "GET", std::string("/patients/") + kPatientA + "/journey");
  ASSERT_TRUE(sales);
  EXPECT_EQ(sales->status, 403);
  auto empty = Call(kUserB, "GET", "/me/journey");
  ASSERT_TRUE(empty);
  ASSERT_EQ(empty->status, 200);
  EXPECT_EQ(JsonBody(empty)["items"].size(), 0u);
  EXPECT_TRUE(JsonBody(empty)["next"].is_null());
}

// Item 9 of the issue, for consultations: in 14 zones, on every day from
// 2024 to 2035 on which the zone's UTC offset changes, a consultation booked
// at 10:00 local wall time is stored at the instant that is 10:00 there, and
// its 24 h and 1 h reminders (sent while the other offset may still hold)
// state 10:00 on that date with the offset of the consultation's moment.
TEST_F(CareConsultations, WallTimesAndRemindersOnEveryDstTransition2024To2035) {
  const std::vector<std::string> zones = {
      "Europe/London",    "Europe/Berlin",       "Europe/Istanbul",  "America/New_York",
      "America/Chicago",  "America/Los_Angeles", "America/Santiago", "America/Sao_Paulo",
      "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Auckland", "Africa/Cairo",
      "Asia/Kolkata",     "Asia/Tokyo"};
  db::Connection& c = db_.conn();
  // One patient living in each zone.
  for (std::size_t i = 0; i < zones.size(); ++i) {
    char user[64], patient[64];
    std::snprintf(user, sizeof user, "41000000-0000-4000-8000-%012zu", i);
    std::snprintf(patient, sizeof patient, "21000000-0000-4000-8000-%012zu", i);
    AddUser(c, user, "zone" + std::to_string(i) + "@example.com", "patient", {"patient"});
    ASSERT_TRUE(
        c.ExecParams("INSERT INTO user_profiles (user_id, first_name, last_name, timezone) "
                     "VALUES ($1::uuid, 'Zone', 'Patient', $2)",
                     db::Params{user, zones[i]}));
    ASSERT_TRUE(
        c.ExecParams("INSERT INTO patient_profiles (id, user_id, patient_id, medical_condition) "
                     "VALUES ($1::uuid, $2::uuid, 'PAT-2026-9' || lpad($3, 5, '0'), 'hair loss')",
                     db::Params{patient, user, std::to_string(i)}));
  }
  // The days on which each zone's offset at noon differs from the day before's.
  std::string zone_array = "{";
  for (const std::string& z : zones) zone_array += (zone_array.size() > 1 ? "," : "") + z;
  zone_array += "}";
  auto rows = c.ExecParams(
      "WITH z AS (SELECT zone, ord FROM unnest($1::text[]) WITH ORDINALITY AS u(zone, ord)), "
      "d AS (SELECT z.zone, z.ord, day::date AS day, "
      "  timezone(z.zone, day::date + time '12:00') - (day::date + time '12:00') AS off "
      "  FROM z, generate_series(date '2023-12-31', date '2035-12-31', interval '1 day') day) "
      "SELECT ord - 1, zone, day::text FROM (SELECT *, lag(off) OVER (PARTITION BY zone "
      "ORDER BY day) AS prev FROM d) x WHERE prev IS NOT NULL AND off <> prev ORDER BY day, ord",
      db::Params{zone_array});
  ASSERT_TRUE(rows);
  ASSERT_GT(rows->rows(), 200);

  // Booked by the clinic at 10:00 on the transition day, in the patient's zone.
  std::map<std::string, std::pair<std::string, std::string>> booked;  // id → (zone, day)
  for (int r = 0; r < rows->rows(); ++r) {
    char patient[64];
    std::snprintf(patient, sizeof patient, "21000000-0000-4000-8000-%012d",
                  std::stoi(std::string(rows->Get(r, 0))));
    const std::string zone(rows->Get(r, 1)), day(rows->Get(r, 2));
    auto created = Call(kClinicP, "POST", "/consultations",
                        {{"patient_profile_id", patient},
                         {"provider_id", kProviderP},
                         {"consultation_type", "video"},
                         {"scheduled_at", day + "T10:00"},
                         {"timezone", zone}});
    ASSERT_TRUE(created && created->status == 201) << (created ? created->body : "no answer");
    booked[JsonBody(created)["id"]] = {zone, day};
  }
  std::printf("[ dst ] %zu consultations on DST transition days 2024-2035 in %zu zones\n",
              booked.size(), zones.size());
  EXPECT_EQ(Scalar(c,
                   "SELECT count(*) FROM consultations WHERE patient_profile_id::text LIKE "
                   "'21000000-%' AND to_char(timezone(timezone, scheduled_at), 'HH24:MI') <> "
                   "'10:00'"),
            "0");

  // Each reminder once: a pass a minute into each window claims it, the
  // later passes find nothing more.
  db::Pool& pool = server_.app().pool();
  long long claimed_24h = 0, claimed_1h = 0;
  for (const auto& [kind, lead] :
       {std::pair<const char*, const char*>{"24h", "24 hours"}, {"1h", "1 hour"}}) {
    auto due = c.ExecParams(
        "SELECT to_json(scheduled_at - $1::interval + interval '1 minute') #>> '{}' "
        "FROM consultations WHERE patient_profile_id::text LIKE '21000000-%' "
        "ORDER BY scheduled_at",
        db::Params{std::string(lead)});
    ASSERT_TRUE(due);
    for (int r = 0; r < due->rows(); ++r) {
      auto pass = care::EnqueueConsultationReminders(pool, due->Get(r, 0), kind);
      ASSERT_TRUE(pass);
      EXPECT_EQ(pass->claimed, pass->enqueued);
      (std::string(kind) == "24h" ? claimed_24h : claimed_1h) += pass->claimed;
    }
  }
  EXPECT_EQ(claimed_24h, static_cast<long long>(booked.size()));
  EXPECT_EQ(claimed_1h, static_cast<long long>(booked.size()));

  // Every reminder states 10:00 on the booked day, with that moment's offset.
  auto sent = c.Exec(
      "SELECT o.payload->>'consultation_id', o.payload->>'local_time', o.payload->>'timezone', "
      "o.payload->>'utc_offset', to_char(timezone(c.timezone, c.scheduled_at) - "
      "timezone('UTC', c.scheduled_at), 'HH24:MI') FROM outbox o JOIN consultations c "
      "ON c.id = (o.payload->>'consultation_id')::uuid WHERE o.template = "
      "'consultation_reminder' AND c.patient_profile_id::text LIKE '21000000-%'");
  ASSERT_TRUE(sent);
  ASSERT_EQ(sent->rows(), static_cast<int>(2 * booked.size()));
  int wrong = 0;
  for (int r = 0; r < sent->rows(); ++r) {
    const auto& [zone, day] = booked.at(std::string(sent->Get(r, 0)));
    const std::string offset(sent->Get(r, 4));
    const bool ok = sent->Get(r, 1) == day + "T10:00" && sent->Get(r, 2) == zone &&
                    std::string(sent->Get(r, 3)).substr(1) ==
                        (offset.front() == '-' ? offset.substr(1) : offset);
    if (!ok && ++wrong <= 5) {
      ADD_FAILURE() << zone << " " << day << ": " << sent->Get(r, 1) << " " << sent->Get(r, 3);
    }
  }
  EXPECT_EQ(wrong, 0);
}

}  // namespace
}  // namespace imedic::testing
