// Aftercare over HTTP and the aftercare job (issue 11, item 6), on the real
// server and a real PostgreSQL: completing a booking schedules the
// protocol's items in the patient's zone; the patient lists and completes
// their own items with sealed notes and their own photos; strangers get
// 404, bad bodies 422 naming the field; only medical staff edit the
// protocol templates; and the job, run twice and concurrently from two
// connections, sends each reminder once and escalates each overdue item
// and each reported complication once.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "domains/care/aftercare_job.hpp"
#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace imedic::testing {
namespace {

using Json = nlohmann::json;

constexpr const char* kUserA = "40000000-0000-4000-8000-000000000001";
constexpr const char* kUserB = "40000000-0000-4000-8000-000000000002";
constexpr const char* kClinicP = "40000000-0000-4000-8000-000000000003";
constexpr const char* kClinicQ = "40000000-0000-4000-8000-000000000005";
constexpr const char* kCoordinator = "40000000-0000-4000-8000-000000000006";
constexpr const char* kDoctor = "40000000-0000-4000-8000-000000000007";
constexpr const char* kProviderP = "10000000-0000-4000-8000-000000000001";
constexpr const char* kProviderQ = "10000000-0000-4000-8000-000000000002";
constexpr const char* kBooking = "70000000-0000-4000-8000-000000000001";  // A's, confirmed
constexpr const char* kPhotoA = "80000000-0000-4000-8000-00000000000a";
constexpr const char* kPhotoB = "80000000-0000-4000-8000-00000000000b";

// Patient A lives in London (GMT in early March, BST from 29 March 2026);
// the procedure is on 1 March 2026. The coordinator is assigned to A.
constexpr const char* kFixture = R"sql(
INSERT INTO user_profiles (user_id, first_name, last_name, timezone) VALUES
  ('40000000-0000-4000-8000-000000000001', 'Ann', 'A', 'Europe/London');
INSERT INTO procedures (id, provider_id, name, category) VALUES
  ('50000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', 'FUE',
   'hair_transplant');
INSERT INTO patient_profiles (id, user_id, patient_id, medical_condition) VALUES
  ('20000000-0000-4000-8000-00000000000a', '40000000-0000-4000-8000-000000000001',
   'PAT-2026-000001', 'hair loss'),
  ('20000000-0000-4000-8000-00000000000b', '40000000-0000-4000-8000-000000000002',
   'PAT-2026-000002', 'hair loss');
INSERT INTO bookings (id, booking_reference, patient_profile_id, provider_id, procedure_id,
                      procedure_date, procedure_time, total_cost, status) VALUES
  ('70000000-0000-4000-8000-000000000001', next_booking_reference(),
   '20000000-0000-4000-8000-00000000000a', '10000000-0000-4000-8000-000000000001',
   '50000000-0000-4000-8000-000000000001', '2026-03-01', '09:00', 2500, 'confirmed');
INSERT INTO care_assignments (staff_user_id, patient_profile_id, kind) VALUES
  ('40000000-0000-4000-8000-000000000006', '20000000-0000-4000-8000-00000000000a',
   'care_coordinator');
INSERT INTO stored_files (id, patient_profile_id, kind, content_type, byte_size, storage_name,
                          content_mac) VALUES
  ('80000000-0000-4000-8000-00000000000a', '20000000-0000-4000-8000-00000000000a',
   'outcome_photo', 'image/jpeg', 10, repeat('a', 64), repeat('a', 64)),
  ('80000000-0000-4000-8000-00000000000b', '20000000-0000-4000-8000-00000000000b',
   'outcome_photo', 'image/jpeg', 10, repeat('b', 64), repeat('b', 64));
)sql";

class CareAftercare : public ::testing::Test {
 protected:
  void SetUp() override {
    db::Connection& c = db_.conn();
    AddUser(c, kUserA, "pat.a@example.com", "patient", {"patient"});
    AddUser(c, kUserB, "pat.b@example.com", "patient", {"patient"});
    AddUser(c, kClinicP, "clinic.p@example.com", "provider", {"provider_staff"});
    AddUser(c, kClinicQ, "clinic.q@example.com", "provider", {"provider_staff"});
    AddUser(c, kCoordinator, "coordinator@example.com", "staff", {"care_coordinator"});
    AddUser(c, kDoctor, "doctor@example.com", "staff", {"medical"});
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

  // Completes the booking through HTTP and answers its schedule, in due order.
  Json CompleteAndSchedule() {
    auto done = Call(kClinicP, "POST", std::string("/bookings/") + kBooking + "/complete");
    EXPECT_EQ(done->status, 200) << done->body;
    auto r = Call(kUserA, "GET", std::string("/bookings/") + kBooking + "/follow-ups");
    EXPECT_EQ(r->status, 200) << r->body;
    return JsonBody(r);
  }

  std::string Count(const std::string& sql) { return Scalar(db_.conn(), sql); }

  // Two passes of the job at `now`, at the same time, from two connections.
  care::AftercareReport TwoConcurrentPasses(const std::string& now) {
    care::AftercareReport total;
    std::vector<care::AftercareReport> reports(2);
    std::vector<std::thread> threads;
    for (int i = 0; i < 2; ++i) {
      threads.emplace_back([&, i] {
        auto r = care::RunAftercare(server_.app().pool(), now, {.escalate_after_days = 3});
        EXPECT_TRUE(r) << (r ? "" : r.error().public_message);
        if (r) reports[static_cast<std::size_t>(i)] = *r;
      });
    }
    for (auto& t : threads) t.join();
    for (const auto& r : reports) {
      total.overdue += r.overdue;
      total.reminders += r.reminders;
      total.reminder_messages += r.reminder_messages;
      total.escalations += r.escalations;
      total.escalation_messages += r.escalation_messages;
    }
    return total;
  }

  TestDatabase db_;
  TestServer server_{db_.conninfo()};
};

TEST_F(CareAftercare, ScheduleOnCompletionPatientCompletesOwnItemsOnly) {
  // Nothing before the procedure is completed.
  auto before = Call(kUserA, "GET", std::string("/bookings/") + kBooking + "/follow-ups");
  ASSERT_EQ(before->status, 200) << before->body;
  EXPECT_EQ(JsonBody(before), Json::array());

  Json items = CompleteAndSchedule();
  ASSERT_EQ(items.size(), 7u) << items.dump();  // the seeded hair transplant protocol
  EXPECT_EQ(items[0]["label"], "Day 1: first wash check");
  EXPECT_EQ(items[0]["scheduled_date"], "2026-03-02");
  EXPECT_EQ(items[0]["timezone"], "Europe/London");
  EXPECT_EQ(items[0]["status"], "scheduled");
  // Every item at 10:00 on its local date, across the change to BST.
  EXPECT_EQ(Count("SELECT count(*) FROM follow_up_care WHERE to_char(due_at AT TIME ZONE "
                  "timezone, 'HH24:MI') = '10:00' AND scheduled_date = (due_at AT TIME ZONE "
                  "timezone)::date"),
            "7");
  // Outside the booking's scope: another patient, another clinic.
  for (const char* stranger : {kUserB, kClinicQ}) {
    auto r = Call(stranger, "GET", std::string("/bookings/") + kBooking + "/follow-ups");
    EXPECT_EQ(r->status, 404) << r->body;
  }

  // /me/follow-ups in keyset pages of 3: every item once, soonest first.
  std::vector<std::string> seen;
  std::string path = "/me/follow-ups?limit=3";
  for (int pages = 0; !path.empty() && pages < 5; ++pages) {
    auto r = Call(kUserA, "GET", path);
    ASSERT_EQ(r->status, 200) << r->body;
    Json page = JsonBody(r);
    for (const Json& item : page["items"]) seen.push_back(item["id"]);
    path = page["next"].is_null() ? "" : page["next"].get<std::string>();
  }
  ASSERT_EQ(seen.size(), 7u);
  EXPECT_EQ(seen.front(), items[0]["id"]);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 7u);
  auto filtered = Call(kUserA, "GET", "/me/follow-ups?status=overdue");
  EXPECT_EQ(JsonBody(filtered)["items"].size(), 0u);
  auto window = Call(
      kUserA, "GET",
      "/me/follow-ups?due_from=2026-03-01T00:00:00Z&due_before=2026-03-12T00:00:00Z");
  EXPECT_EQ(JsonBody(window)["items"].size(), 2u);
  auto bad_query = Call(kUserA, "GET", "/me/follow-ups?status=late&limit=0");
  EXPECT_EQ(bad_query->status, 422);
  EXPECT_EQ(ProblemFields(*bad_query), (std::set<std::string>{"status", "limit"}));
  EXPECT_EQ(JsonBody(Call(kUserB, "GET", "/me/follow-ups"))["items"].size(), 0u);

  // Day 10 asks for photos.
  const std::string day10 = items[1]["id"];
  ASSERT_EQ(items[1]["photos_required"], true);
  const std::string complete = "/follow-ups/" + day10 + "/complete";
  auto no_photo = Call(kUserA, "POST", complete, {{"notes", "some redness"}});
  EXPECT_EQ(no_photo->status, 422) << no_photo->body;
  EXPECT_EQ(ProblemFields(*no_photo), std::set<std::string>{"photos"});
  auto foreign = Call(kUserA, "POST", complete, {{"photos", Json::array({kPhotoB})}});
  EXPECT_EQ(foreign->status, 422) << foreign->body;
  EXPECT_EQ(ProblemFields(*foreign), std::set<std::string>{"photos"});
  auto bad = Call(kUserA, "POST", complete,
                  {{"photos", Json::array({"not-a-uuid"})}, {"complication", "yes"}});
  EXPECT_EQ(bad->status, 422) << bad->body;
  EXPECT_EQ(ProblemFields(*bad), (std::set<std::string>{"photos[0]", "complication"}));
  // Another patient, another clinic: not theirs to see.
  for (const char* stranger : {kUserB, kClinicQ}) {
    auto r = Call(stranger, "POST", complete, {{"photos", Json::array({kPhotoA})}});
    EXPECT_EQ(r->status, 404) << r->body;
    EXPECT_EQ(Call(stranger, "GET", "/follow-ups/" + day10)->status, 404);
  }

  auto done = Call(kUserA, "POST", complete,
                   {{"notes", "some redness, healing well"}, {"photos", Json::array({kPhotoA})}});
  ASSERT_EQ(done->status, 200) << done->body;
  Json item = JsonBody(done);
  EXPECT_EQ(item["status"], "completed");
  EXPECT_EQ(item["patient_response"], "some redness, healing well");
  EXPECT_EQ(item["photos"], Json::array({kPhotoA}));
  EXPECT_EQ(item["complication_reported"], false);
  const std::string stored = Scalar(
      db_.conn(), "SELECT patient_response FROM follow_up_care WHERE id = $1", db::Params{day10});
  EXPECT_EQ(stored.rfind("e1.", 0), 0u) << stored;
  EXPECT_EQ(Count("SELECT count(*) FROM patient_journey_events WHERE event_type = "
                  "'follow_up_completed' AND stage = 'follow_up'"),
            "1");
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE table_name = 'follow_up_care' AND "
                  "action = 'update'"),
            "1");
  auto again = Call(kUserA, "POST", complete, {{"photos", Json::array({kPhotoA})}});
  EXPECT_EQ(again->status, 409) << again->body;

  // Read back, decrypted, by the patient and their coordinator.
  for (const char* reader : {kUserA, kCoordinator, kClinicP}) {
    auto r = Call(reader, "GET", "/follow-ups/" + day10);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(JsonBody(r)["patient_response"], "some redness, healing well");
  }

  // The clinic completes day 1 with a complication; its text is the
  // clinician's notes.
  const std::string day1 = items[0]["id"];
  auto staff = Call(kClinicP, "POST", "/follow-ups/" + day1 + "/complete",
                    {{"notes", "swelling on the left side"}, {"complication", true}});
  ASSERT_EQ(staff->status, 200) << staff->body;
  EXPECT_EQ(JsonBody(staff)["notes"], "swelling on the left side");
  EXPECT_EQ(JsonBody(staff)["complication_reported"], true);
  EXPECT_EQ(Count("SELECT count(*) FROM patient_journey_events WHERE event_type = "
                  "'follow_up_completed' AND stage = 'recovery'"),
            "1");

  // Rescheduling is staff work; the new due time is an instant.
  const std::string month1 = items[2]["id"];
  const std::string move = "/follow-ups/" + month1 + "/reschedule";
  EXPECT_EQ(Call(kUserA, "POST", move, {{"due_at", "2026-04-05T09:00:00Z"}})->status, 403);
  auto wall = Call(kCoordinator, "POST", move, {{"due_at", "2026-04-05T10:00"}});
  EXPECT_EQ(wall->status, 422);
  EXPECT_EQ(ProblemFields(*wall), std::set<std::string>{"due_at"});
  EXPECT_EQ(Call(kClinicQ, "POST", move, {{"due_at", "2026-04-05T09:00:00Z"}})->status, 404);
  auto moved = Call(kCoordinator, "POST", move, {{"due_at", "2026-04-05T09:00:00Z"}});
  ASSERT_EQ(moved->status, 200) << moved->body;
  EXPECT_EQ(JsonBody(moved)["scheduled_date"], "2026-04-05");
  EXPECT_EQ(Call(kCoordinator, "POST", "/follow-ups/" + day10 + "/reschedule",
                 {{"due_at", "2026-04-05T09:00:00Z"}})
                ->status,
            409);
}

TEST_F(CareAftercare, ProtocolsEditableByMedicalStaffOnly) {
  auto list = Call(kUserA, "GET", "/aftercare/protocols?category=dental");
  ASSERT_EQ(list->status, 200) << list->body;
  EXPECT_EQ(JsonBody(list)["items"].size(), 3u);
  EXPECT_EQ(Call(kUserA, "GET", "/aftercare/protocols?category=Dental")->status, 422);

  const Json good = {{"category", "dental"},
                     {"label", "Month 12: yearly check"},
                     {"follow_up_type", "check_in"},
                     {"offset_months", 12}};
  for (const char* other : {kUserA, kClinicP, kCoordinator}) {
    auto r = Call(other, "POST", "/aftercare/protocols", good);
    EXPECT_EQ(r->status, 403) << other;
  }
  auto bad = Call(
      kDoctor, "POST", "/aftercare/protocols",
      {{"category", "Dental!"}, {"label", ""}, {"follow_up_type", "visit"}, {"offset_days", -1}});
  ASSERT_EQ(bad->status, 422) << bad->body;
  EXPECT_EQ(ProblemFields(*bad),
            (std::set<std::string>{"category", "label", "follow_up_type", "offset_days"}));
  auto zero = Call(kDoctor, "POST", "/aftercare/protocols",
                   {{"category", "dental"}, {"label", "Same day"}, {"follow_up_type", "check_in"}});
  EXPECT_EQ(zero->status, 422) << zero->body;
  EXPECT_EQ(ProblemFields(*zero), std::set<std::string>{"offset_days"});

  auto made = Call(kDoctor, "POST", "/aftercare/protocols", good);
  ASSERT_EQ(made->status, 201) << made->body;
  Json item = JsonBody(made);
  EXPECT_EQ(item["position"], 4);  // after the seeded three
  EXPECT_EQ(item["local_time"], "10:00:00");
  EXPECT_EQ(item["is_active"], true);
  EXPECT_EQ(item["updated_by"], kDoctor);
  Json taken = good;
  taken["position"] = 1;
  auto clash = Call(kDoctor, "POST", "/aftercare/protocols", taken);
  EXPECT_EQ(clash->status, 409) << clash->body;
  EXPECT_EQ(ProblemFields(*clash), std::set<std::string>{"position"});

  const std::string path = "/aftercare/protocols/" + item["id"].get<std::string>();
  EXPECT_EQ(Call(kCoordinator, "PATCH", path, {{"label", "x"}})->status, 403);
  auto changed = Call(kDoctor, "PATCH", path,
                      {{"label", "Month 12: X-ray"}, {"photos_required", true}});
  ASSERT_EQ(changed->status, 200) << changed->body;
  EXPECT_EQ(JsonBody(changed)["label"], "Month 12: X-ray");
  EXPECT_EQ(JsonBody(changed)["photos_required"], true);
  EXPECT_EQ(Call(kDoctor, "PATCH", path, Json::object())->status, 422);
  auto fixed = Call(kDoctor, "PATCH", path, {{"category", "hair_transplant"}});
  EXPECT_EQ(fixed->status, 422);
  EXPECT_EQ(ProblemFields(*fixed), std::set<std::string>{"category"});
  auto to_zero = Call(kDoctor, "PATCH", path, {{"offset_months", 0}});
  EXPECT_EQ(to_zero->status, 422) << to_zero->body;
  EXPECT_EQ(ProblemFields(*to_zero), std::set<std::string>{"offset_days"});
  EXPECT_EQ(Call(kDoctor, "PATCH", "/aftercare/protocols/60000000-0000-4000-8000-000000000000",
                 {{"label", "x"}})
                ->status,
            404);

  auto gone = Call(kDoctor, "DELETE", path);
  EXPECT_EQ(gone->status, 204) << gone->body;
  EXPECT_EQ(JsonBody(Call(kUserA, "GET", "/aftercare/protocols?category=dental"))["items"].size(),
            3u);
  EXPECT_EQ(JsonBody(Call(kDoctor, "GET",
                          "/aftercare/protocols?category=dental&include_inactive=true"))["items"]
                .size(),
            4u);
  EXPECT_EQ(Count("SELECT string_agg(action, ',' ORDER BY id) FROM audit_log WHERE table_name = "
                  "'aftercare_protocol_items'"),
            "create,update,update");

  // A deactivated item is left out of new schedules; a changed one is used.
  ASSERT_TRUE(db_.conn().Exec(
      "UPDATE aftercare_protocol_items SET is_active = FALSE WHERE category = 'hair_transplant' "
      "AND position = 7"));
  EXPECT_EQ(CompleteAndSchedule().size(), 6u);
}

TEST_F(CareAftercare, JobTwiceAndConcurrentlyRemindsOnceEscalatesOnce) {
  Json items = CompleteAndSchedule();
  ASSERT_EQ(items.size(), 7u);
  // Day 1 (10:00 GMT on 2 March) is due within 24 hours: one reminder,
  // whichever of two concurrent passes claims it.
  auto first = TwoConcurrentPasses("2026-03-01T12:00:00Z");
  EXPECT_EQ(first.reminders, 1);
  EXPECT_EQ(first.reminder_messages, 1);
  EXPECT_EQ(first.overdue, 0);
  EXPECT_EQ(first.escalations, 0);
  auto again = TwoConcurrentPasses("2026-03-01T12:05:00Z");
  EXPECT_EQ(again.reminders, 0);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox WHERE template = 'follow_up_reminder'"), "1");
  Json payload =
      Json::parse(Count("SELECT payload::text FROM outbox WHERE template = 'follow_up_reminder'"));
  EXPECT_EQ(payload["follow_up_id"], items[0]["id"]);
  EXPECT_EQ(payload["local_time"], "2026-03-02T10:00");
  EXPECT_EQ(payload["utc_offset"], "+00:00");
  EXPECT_EQ(Count("SELECT recipient FROM outbox WHERE template = 'follow_up_reminder'"),
            "pat.a@example.com");

  // Four days later day 1 is overdue (marked once) and, past three days,
  // escalated once to the assigned coordinator. Day 10's reminder is not
  // yet due.
  auto late = TwoConcurrentPasses("2026-03-06T12:00:00Z");
  EXPECT_EQ(late.overdue, 1);
  EXPECT_EQ(late.escalations, 1);
  EXPECT_EQ(late.escalation_messages, 1);
  EXPECT_EQ(late.reminders, 0);
  auto later = TwoConcurrentPasses("2026-03-06T12:10:00Z");
  EXPECT_EQ(later.overdue + later.escalations + later.reminders, 0);
  EXPECT_EQ(Count("SELECT recipient FROM outbox WHERE template = 'aftercare_escalation'"),
            "coordinator@example.com");
  EXPECT_EQ(Count("SELECT payload->>'reason' FROM outbox WHERE template = 'aftercare_escalation'"),
            "overdue");

  // The patient reports a complication at day 10: escalated once.
  auto done = Call(kUserA, "POST", "/follow-ups/" + items[1]["id"].get<std::string>() + "/complete",
                   {{"photos", Json::array({kPhotoA})}, {"complication", true}});
  ASSERT_EQ(done->status, 200) << done->body;
  auto alert = TwoConcurrentPasses("2026-03-06T12:20:00Z");
  EXPECT_EQ(alert.escalations, 1);
  EXPECT_EQ(alert.escalation_messages, 1);
  EXPECT_EQ(TwoConcurrentPasses("2026-03-06T12:30:00Z").escalations, 0);
  EXPECT_EQ(Count("SELECT string_agg(payload->>'reason', ',' ORDER BY id) FROM outbox WHERE "
                  "template = 'aftercare_escalation'"),
            "overdue,follow_up_complication");

  // An outcome recorded with complications is escalated once too; with no
  // one assigned, the provider's staff hear of it.
  ASSERT_TRUE(db_.conn().Exec("UPDATE care_assignments SET ended_at = now()"));
  ASSERT_TRUE(db_.conn().ExecParams(
      "INSERT INTO procedure_outcomes (booking_id, success, has_complications) "
      "VALUES ($1, TRUE, TRUE)",
      db::Params{kBooking}));
  auto outcome = TwoConcurrentPasses("2026-03-06T12:40:00Z");
  EXPECT_EQ(outcome.escalations, 1);
  EXPECT_EQ(outcome.escalation_messages, 1);
  EXPECT_EQ(Count("SELECT recipient FROM outbox WHERE template = 'aftercare_escalation' AND "
                  "payload->>'reason' = 'outcome_complication'"),
            "clinic.p@example.com");
  EXPECT_EQ(Count("SELECT count(*) FROM patient_journey_events WHERE event_type = "
                  "'aftercare_escalated'"),
            "3");
  EXPECT_EQ(Count("SELECT count(*) FROM patient_journey_events WHERE event_type = "
                  "'follow_up_overdue'"),
            "1");

  // Month 1 falls due at 10:00 BST (09:00Z) on 1 April: the reminder says so.
  auto april = TwoConcurrentPasses("2026-03-31T12:00:00Z");
  EXPECT_EQ(april.reminders, 1);
  Json month1 = Json::parse(
      Scalar(db_.conn(),
             "SELECT payload::text FROM outbox WHERE template = 'follow_up_reminder' AND "
             "payload->>'follow_up_id' = $1",
             db::Params{items[2]["id"].get<std::string>()}));
  EXPECT_EQ(month1["local_time"], "2026-04-01T10:00");
  EXPECT_EQ(month1["utc_offset"], "+01:00");
  EXPECT_NE(month1["text"].get<std::string>().find("(Europe/London, UTC+01:00)"), std::string::npos)
      << month1["text"];
}

}  // namespace
}  // namespace imedic::testing
