// One patient's whole care journey through HTTP only (issue 11, "End to
// end"), on the real server and a real PostgreSQL: the patient registers,
// signs in, writes a profile and uploads a photo; requests a video
// consultation; the clinic confirms it, completes it with a quote; the
// patient accepts; the clinic books from the quote (with an Idempotency-Key
// retried); the deposit arrives by signed webhook and the balance by staff;
// the procedure is completed (which schedules aftercare), its outcome
// recorded, the patient rates it and writes a verified review. The journey
// timeline then holds every step once, in the order it happened, for the
// patient and for the clinic alike. Only the world around the patient (the
// clinic, its staff, the procedure, the slot) is written as fixture rows.
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domains/care/webhook_signature.hpp"
#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/sign_in.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace imedic::testing {
namespace {

using Json = nlohmann::json;
using namespace std::string_literals;

constexpr const char* kClinicStaff = "40000000-0000-4000-8000-000000000003";
constexpr const char* kCoordinator = "40000000-0000-4000-8000-000000000006";
constexpr const char* kAdmin = "40000000-0000-4000-8000-000000000008";
constexpr const char* kProvider = "10000000-0000-4000-8000-000000000001";
constexpr const char* kProcedure = "50000000-0000-4000-8000-000000000001";
constexpr const char* kSlot = "60000000-0000-4000-8000-000000000001";
constexpr const char* kWebhookSecret = "whsec_journey_test";
constexpr const char* kEmail = "lena.journey@example.com";
constexpr const char* kPassword = "a long journey to Istanbul";

constexpr const char* kFixture = R"sql(
INSERT INTO procedures (id, provider_id, name, category, duration_hours, recovery_time_days)
VALUES ('50000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001',
        'FUE hair transplant', 'hair_transplant', 6, 10);
INSERT INTO provider_availability (id, provider_id, procedure_id, date, start_time, end_time,
                                   max_bookings)
VALUES ('60000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001',
        '50000000-0000-4000-8000-000000000001', '2027-04-20', '09:00', '15:00', 2);
)sql";

void JourneyApp(app::ApplicationOptions& o) {
  o.payment_webhook_secret = kWebhookSecret;
  o.payment_webhook_tolerance = std::chrono::seconds(300);
}

class CareJourney : public ::testing::Test {
 protected:
  void SetUp() override {
    db::Connection& c = db_.conn();
    AddUser(c, kClinicStaff, "clinic@example.com", "provider", {"provider_staff"});
    AddUser(c, kCoordinator, "coordinator@example.com", "staff", {"care_coordinator"});
    AddUser(c, kAdmin, "admin@example.com", "admin", {"admin"});
    AddProvider(c, {kProvider, "Clinic P"});
    AddProviderMember(c, kClinicStaff, kProvider);
    ASSERT_TRUE(c.Exec(kFixture)) << "fixture failed";
  }

  // As the signed-in patient (the token from POST /auth/login).
  std::optional<HttpResponse> AsPatient(const std::string& method, const std::string& path,
                                        const Json& body = nullptr,
                                        std::map<std::string, std::string> headers = {}) {
    headers["Authorization"] = "Bearer " + patient_token_;
    return Request(server_.port(), method, path, body.is_null() ? "" : body.dump(),
                   body.is_null() ? "" : "application/json", headers);
  }
  // As a member of staff (the clinic's by default).
  std::optional<HttpResponse> AsClinic(const std::string& method, const std::string& path,
                                       const Json& body = nullptr,
                                       std::map<std::string, std::string> headers = {},
                                       const char* who = kClinicStaff) {
    return CallAs(server_.port(), db_.conn(), who, method, path, body.is_null() ? "" : body.dump(),
                  body.is_null() ? "" : "application/json", std::move(headers));
  }
  std::optional<HttpResponse> AsStaff(const char* who, const std::string& method,
                                      const std::string& path, const Json& body = nullptr) {
    return AsClinic(method, path, body, {}, who);
  }

  // The answer's JSON when its status is `expected`; a failure naming the
  // step otherwise.
  static Json Expect(const std::optional<HttpResponse>& r, int expected, const char* step) {
    EXPECT_TRUE(r) << step << ": no answer";
    if (!r) return Json();
    EXPECT_EQ(r->status, expected) << step << ": " << r->body;
    return JsonBody(r);
  }

  TestDatabase db_;
  TestServer server_{db_.conninfo(), nullptr, JourneyApp};
  std::string patient_token_;
};

TEST_F(CareJourney, FromConsultationRequestToReviewInOrder) {
  // Discovery: an account, a profile and a photo of the donor area.
  RegisterVerified(server_.port(), db_.conn(), kEmail, kPassword);
  patient_token_ = SignIn(server_.port(), kEmail, kPassword);
  ASSERT_FALSE(patient_token_.empty());
  Expect(AsPatient("PATCH", "/me/profile",
                   {{"first_name", "Lena"}, {"last_name", "Berg"}, {"timezone", "Europe/Berlin"}}),
         200, "profile");
  const Json profile = Expect(
      AsPatient("POST", "/me/patient-profile", {{"medical_condition", "androgenetic alopecia"}}),
      201, "patient profile");
  const std::string patient = profile.value("id", "");
  ASSERT_FALSE(patient.empty());
  const Json photo = Expect(
      Request(server_.port(), "POST", "/patients/" + patient + "/files?kind=hair_loss_photo",
              "\x89PNG\r\n\x1A\n\0\0\0\rIHDR"s + std::string(2048, 'p'), "image/png",
              {{"Authorization", "Bearer " + patient_token_}}),
      201, "photo");
  ASSERT_TRUE(photo.contains("id"));

  // Consultation: requested by the patient, confirmed and completed by the
  // clinic with a quote, which the patient accepts.
  const Json requested = Expect(AsPatient("POST", "/consultations",
                                          {{"provider_id", kProvider},
                                           {"procedure_id", kProcedure},
                                           {"consultation_type", "video"},
                                           {"scheduled_at", "2027-03-02T18:30"},
                                           {"timezone", "Europe/Berlin"},
                                           {"notes", "Thinning at the crown since 2020"}}),
                                201, "request consultation");
  const std::string consultation = requested.value("id", "");
  EXPECT_EQ(requested["timezone"], "Europe/Berlin");
  Expect(AsClinic("POST", "/consultations/" + consultation + "/confirm"), 200, "confirm");
  const Json completed = Expect(AsClinic("POST", "/consultations/" + consultation + "/complete",
                                         {{"outcome", "qualified"},
                                          {"notes", "Norwood 4; about 3000 grafts"},
                                          {"quote",
                                           {{"price_minor", 280000},
                                            {"currency", "EUR"},
                                            {"hotel_nights", 3},
                                            {"airport_transfers", true},
                                            {"interpreter", true},
                                            {"valid_until", "2099-01-01T00:00:00Z"}}}}),
                                200, "complete consultation");
  const std::string quote = completed["quote"].value("id", "");
  ASSERT_FALSE(quote.empty());
  Expect(AsPatient("POST", "/quotes/" + quote + "/accept"), 200, "accept quote");

  // Booking from the accepted quote; the client's retry with the same key
  // gets the same booking back.
  const Json booking_body = {{"availability_id", kSlot}, {"quote_id", quote}};
  const Json booked = Expect(
      AsClinic("POST", "/bookings", booking_body, {{"Idempotency-Key", "journey-book-1"}}), 201,
      "book");
  const std::string booking = booked.value("id", "");
  const std::string reference = booked.value("booking_reference", "");
  EXPECT_EQ(booked["payment_status"], "pending");
  const Json retried = Expect(
      AsClinic("POST", "/bookings", booking_body, {{"Idempotency-Key", "journey-book-1"}}), 201,
      "book again");
  EXPECT_EQ(retried["id"], booking);
  const Json mine = Expect(AsPatient("GET", "/me/bookings"), 200, "my bookings");
  ASSERT_EQ(mine["items"].size(), 1u);
  EXPECT_EQ(mine["items"][0]["booking_reference"], reference);

  // Deposit by the payment provider's signed webhook, balance at the desk.
  const std::string event = Json{
      {"id", "evt_journey_1"},
      {"type", "payment.succeeded"},
      {"data",
       {{"booking_reference", reference},
        {"amount_minor", 50000},
        {"currency", "EUR"},
        {"payment_reference",
         "pi_journey_1"}}}}.dump();
  const std::int64_t now = std::time(nullptr);
  const Json deposit = Expect(
      Request(server_.port(), "POST", "/webhooks/payments", event, "application/json",
              {{"Imedic-Signature", "t=" + std::to_string(now) + ",v1=" +
                                        care::WebhookSignature(kWebhookSecret, now, event)}}),
      200, "deposit webhook");
  EXPECT_EQ(deposit["payment_status"], "deposit");
  const Json balance = Expect(
      AsClinic(
          "POST", "/bookings/" + booking + "/payments",
          {{"kind", "balance"}, {"amount_minor", 230000}, {"currency", "EUR"}, {"method", "card"}},
          {{"Idempotency-Key", "journey-balance-1"}}),
      201, "balance");
  EXPECT_EQ(balance["payment_status"], "paid");

  // Travel: the coordinator an administrator assigns books the flights and
  // the hotel around the procedure; the patient downloads the itinerary.
  Expect(AsStaff(kAdmin, "POST", "/admin/care-assignments",
                 {{"staff_user_id", kCoordinator},
                  {"patient_profile_id", patient},
                  {"kind", "care_coordinator"}}),
         201, "assign coordinator");
  const std::string trip = "/bookings/" + booking + "/travel";
  Expect(AsStaff(kCoordinator, "POST", trip, {{"visa_status", "not_needed"}}), 201, "travel");
  auto flight = [](const char* direction, const char* number, const char* from, const char* to,
                   const char* departs, const char* from_zone, const char* arrives,
                   const char* to_zone) {
    return Json{{"direction", direction},    {"flight_number", number},
                {"departure_airport", from}, {"arrival_airport", to},
                {"departs_at", departs},     {"departure_timezone", from_zone},
                {"arrives_at", arrives},     {"arrival_timezone", to_zone}};
  };
  Expect(AsStaff(kCoordinator, "POST", trip + "/flights",
                 flight("inbound", "TK1724", "BER", "IST", "2027-04-18T09:05:00+02:00",
                        "Europe/Berlin", "2027-04-18T13:10:00+03:00", "Europe/Istanbul")),
         201, "inbound flight");
  Expect(AsStaff(kCoordinator, "POST", trip + "/flights",
                 flight("outbound", "TK1723", "IST", "BER", "2027-05-01T15:40:00+03:00",
                        "Europe/Istanbul", "2027-05-01T17:55:00+02:00", "Europe/Berlin")),
         201, "outbound flight");
  Expect(AsStaff(kCoordinator, "POST", trip + "/hotel-stays",
                 {{"hotel_name", "Hotel Bosphorus"},
                  {"address", "Cumhuriyet Cd. 1, Istanbul"},
                  {"check_in", "2027-04-18"},
                  {"check_out", "2027-05-01"}}),
         201, "hotel");
  const Json travel = Expect(AsPatient("GET", trip), 200, "my travel");
  EXPECT_EQ(travel["problems"], Json::array()) << travel.dump();
  auto ics = AsPatient("GET", "/me/bookings/" + booking + "/itinerary.ics");
  ASSERT_TRUE(ics && ics->status == 200) << (ics ? ics->body : "no answer");
  EXPECT_NE(ics->body.find("BEGIN:VCALENDAR"), std::string::npos);
  EXPECT_NE(ics->body.find("TZID=Europe/Berlin"), std::string::npos);

  // Procedure: completed (aftercare scheduled), outcome recorded and rated.
  Expect(AsClinic("POST", "/bookings/" + booking + "/complete"), 200, "complete booking");
  EXPECT_NE(Scalar(db_.conn(), "SELECT count(*) FROM follow_up_care WHERE booking_id = $1::uuid",
                   db::Params{booking}),
            "0");
  Expect(AsClinic("POST", "/bookings/" + booking + "/outcome",
                  {{"success", true},
                   {"doctor_notes", "3050 grafts; donor area healing well"},
                   {"follow_up_needed", true}}),
         201, "outcome");
  Expect(AsPatient("POST", "/bookings/" + booking + "/outcome/satisfaction",
                   {{"satisfaction_rating", 5}}),
         200, "satisfaction");

  // Aftercare: the patient reports on the first item of the schedule.
  const Json schedule = Expect(AsPatient("GET", "/me/follow-ups"), 200, "my follow-ups");
  ASSERT_FALSE(schedule["items"].empty());
  const std::string first = schedule["items"][0].value("id", "");
  Expect(AsPatient("POST", "/follow-ups/" + first + "/complete",
                   {{"notes", "Washed as shown; a little itching"},
                    {"photos", Json::array({photo["id"]})}}),
         200, "complete follow-up");

  // Review: verified by the completed booking, counted in the rating.
  const Json review = Expect(AsPatient("POST", "/reviews",
                                       {{"booking_id", booking},
                                        {"rating", 5},
                                        {"title", "Clear plan, kind team"},
                                        {"review_text", "Everything happened as promised."}}),
                             201, "review");
  EXPECT_EQ(review["is_verified"], true);
  EXPECT_EQ(Scalar(db_.conn(), "SELECT rating || '/' || review_count FROM providers WHERE id = $1",
                   db::Params{kProvider}),
            "5.00/1");

  // The timeline: every step once, in the order it happened, the same for
  // the patient and for the clinic.
  const std::vector<std::string> expected = {
      "consultation_requested", "consultation_confirmed", "consultation_completed",
      "quote_issued",           "quote_accepted",         "booking_created",
      "payment_recorded",       "payment_recorded",       "travel_arranged",
      "flight_booked",          "flight_booked",          "hotel_booked",
      "booking_completed",      "aftercare_scheduled",    "outcome_recorded",
      "satisfaction_rated",     "follow_up_completed",    "review_submitted"};
  auto event_types = [](const Json& page) {
    std::vector<std::string> types;
    for (const Json& e : page["items"]) types.push_back(e.value("event_type", ""));
    return types;
  };
  const Json own = Expect(AsPatient("GET", "/me/journey?limit=100"), 200, "my journey");
  EXPECT_EQ(event_types(own), expected);
  const Json clinic = Expect(AsClinic("GET", "/patients/" + patient + "/journey?limit=100"), 200,
                             "journey");
  EXPECT_EQ(event_types(clinic), expected);
  // Every table the journey wrote has its audit rows.
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT string_agg(DISTINCT table_name, ',' ORDER BY table_name) FROM "
                   "audit_log WHERE action = 'create' AND table_name IN ('consultations', "
                   "'consultation_quotes', 'bookings', 'payment_ledger', 'follow_up_care', "
                   "'procedure_outcomes', 'reviews', 'travel_arrangements', 'travel_flights', "
                   "'travel_hotel_stays')"),
            "bookings,consultation_quotes,consultations,follow_up_care,payment_ledger,"
            "procedure_outcomes,reviews,travel_arrangements,travel_flights,travel_hotel_stays");
}

}  // namespace
}  // namespace imedic::testing
