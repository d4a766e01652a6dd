// Procedure outcomes over HTTP (issue 11, item 5), on the real server and a
// real PostgreSQL: clinic staff record a completed booking's outcome with
// notes and complications sealed at rest ("e1." envelopes) and the
// patient's photos, audited and on the journey; once per booking; not for
// an unfinished booking, nor with another patient's file; another clinic's
// staff get 404; the patient reads it decrypted and adds a satisfaction
// rating, which no one else can.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace imedic::testing {
namespace {

using Json = nlohmann::json;

constexpr const char* kPatientA = "20000000-0000-4000-8000-00000000000a";
constexpr const char* kUserA = "40000000-0000-4000-8000-000000000001";
constexpr const char* kUserB = "40000000-0000-4000-8000-000000000002";
constexpr const char* kClinicP = "40000000-0000-4000-8000-000000000003";
constexpr const char* kClinicQ = "40000000-0000-4000-8000-000000000005";
constexpr const char* kProviderP = "10000000-0000-4000-8000-000000000001";
constexpr const char* kProviderQ = "10000000-0000-4000-8000-000000000002";
constexpr const char* kDone = "70000000-0000-4000-8000-000000000001";     // A's, completed
constexpr const char* kPending = "70000000-0000-4000-8000-000000000002";  // A's, confirmed
constexpr const char* kPhotoA = "80000000-0000-4000-8000-00000000000a";
constexpr const char* kPhotoB = "80000000-0000-4000-8000-00000000000b";

constexpr const char* kFixture = R"sql(
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
   '50000000-0000-4000-8000-000000000001', '2026-01-10', '09:00', 2500, 'completed'),
  ('70000000-0000-4000-8000-000000000002', next_booking_reference(),
   '20000000-0000-4000-8000-00000000000a', '10000000-0000-4000-8000-000000000001',
   '50000000-0000-4000-8000-000000000001', '2027-01-10', '09:00', 2500, 'confirmed');
INSERT INTO stored_files (id, patient_profile_id, kind, content_type, byte_size, storage_name,
                          content_mac) VALUES
  ('80000000-0000-4000-8000-00000000000a', '20000000-0000-4000-8000-00000000000a',
   'outcome_photo', 'image/jpeg', 10, repeat('a', 64), repeat('a', 64)),
  ('80000000-0000-4000-8000-00000000000b', '20000000-0000-4000-8000-00000000000b',
   'outcome_photo', 'image/jpeg', 10, repeat('b', 64), repeat('b', 64));
)sql";

class CareOutcomes : public ::testing::Test {
 protected:
  void SetUp() override {
    db::Connection& c = db_.conn();
    AddUser(c, kUserA, "pat.a@example.com", "patient", {"patient"});
    AddUser(c, kUserB, "pat.b@example.com", "patient", {"patient"});
    AddUser(c, kClinicP, "clinic.p@example.com", "provider", {"provider_staff"});
    AddUser(c, kClinicQ, "clinic.q@example.com", "provider", {"provider_staff"});
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

  static Json OutcomeBody(const char* photo) {
    return {{"success", true},
            {"complications", "mild swelling, day 3"},
            {"doctor_notes", "3100 grafts; donor area healing well"},
            {"photos", Json::array({photo})},
            {"follow_up_needed", true}};
  }

  TestDatabase db_;
  TestServer server_{db_.conninfo()};
};

TEST_F(CareOutcomes, RecordedSealedScopedAndRated) {
  const std::string path = std::string("/bookings/") + kDone + "/outcome";
  // Another clinic's staff do not reach the booking; a patient does not write.
  auto other = Call(kClinicQ, "POST", path, OutcomeBody(kPhotoA));
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 404) << other->body;
  auto by_patient = Call(kUserA, "POST", path, OutcomeBody(kPhotoA));
  ASSERT_TRUE(by_patient);
  EXPECT_EQ(by_patient->status, 403);
  // Another patient's file is refused, naming photos; an unfinished booking: 409.
  auto foreign = Call(kClinicP, "POST", path, OutcomeBody(kPhotoB));
  ASSERT_TRUE(foreign);
  EXPECT_EQ(foreign->status, 422) << foreign->body;
  EXPECT_EQ(ProblemFields(*foreign), std::set<std::string>{"photos"});
  auto pending = Call(kClinicP, "POST", std::string("/bookings/") + kPending + "/outcome",
                      OutcomeBody(kPhotoA));
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->status, 409) << pending->body;

  auto recorded = Call(kClinicP, "POST", path, OutcomeBody(kPhotoA));
  ASSERT_TRUE(recorded);
  ASSERT_EQ(recorded->status, 201) << recorded->body;
  Json o = JsonBody(recorded);
  EXPECT_EQ(o["doctor_notes"], "3100 grafts; donor area healing well");
  EXPECT_EQ(o["complications"], "mild swelling, day 3");
  EXPECT_EQ(o["has_complications"], true);
  EXPECT_EQ(o["follow_up_needed"], true);
  EXPECT_EQ(o["photos"], Json::array({kPhotoA}));
  EXPECT_EQ(o["recorded_by"], kClinicP);
  // Sealed at rest.
  for (const char* column : {"doctor_notes", "complications"}) {
    const std::string stored = Scalar(
        db_.conn(),
        std::string("SELECT ") + column + " FROM procedure_outcomes WHERE booking_id = $1",
        db::Params{kDone});
    EXPECT_EQ(stored.rfind("e1.", 0), 0u) << column << ": " << stored;
    EXPECT_EQ(stored.find("swelling"), std::string::npos);
  }
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT count(*) FROM patient_journey_events WHERE event_type = "
                   "'outcome_recorded' AND stage = 'procedure' AND patient_profile_id = $1",
                   db::Params{kPatientA}),
            "1");
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT count(*) FROM audit_log WHERE table_name = 'procedure_outcomes' "
                   "AND action = 'create'"),
            "1");
  // Once per booking.
  auto again = Call(kClinicP, "POST", path, OutcomeBody(kPhotoA));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409) << again->body;

  // Reads: the clinic and the patient, decrypted; others 404.
  for (const char* reader : {kClinicP, kUserA}) {
    auto r = Call(reader, "GET", path);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(JsonBody(r)["doctor_notes"], "3100 grafts; donor area healing well");
  }
  for (const char* stranger : {kClinicQ, kUserB}) {
    auto r = Call(stranger, "GET", path);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404) << r->body;
  }

  // Satisfaction: the patient only, 1–5.
  const std::string rate = path + "/satisfaction";
  auto bad = Call(kUserA, "POST", rate, {{"satisfaction_rating", 6}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 422);
  EXPECT_EQ(ProblemFields(*bad), std::set<std::string>{"satisfaction_rating"});
  for (const char* other : {kUserB, kClinicP}) {
    auto r = Call(other, "POST", rate, {{"satisfaction_rating", 1}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404) << r->body;
  }
  auto rated = Call(kUserA, "POST", rate, {{"satisfaction_rating", 5}});
  ASSERT_TRUE(rated);
  ASSERT_EQ(rated->status, 200) << rated->body;
  EXPECT_EQ(JsonBody(rated)["satisfaction_rating"], 5);
  EXPECT_EQ(
      Scalar(db_.conn(), "SELECT satisfaction_rating FROM procedure_outcomes WHERE booking_id = $1",
             db::Params{kDone}),
      "5");
}

}  // namespace
}  // namespace imedic::testing
