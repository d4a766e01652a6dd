// Travel arrangements and the itinerary calendar over HTTP (issue 11, item
// 4), on the real server and a real PostgreSQL: a care coordinator builds a
// trip (flights, hotel stay, transfer, companion, visa status), every write
// audited and on the journey; check_travel's problems follow the legs
// against the booking; bad input is refused naming the field; the patient
// reads their own, others get 403 or 404. The Done-when calendar test: the
// itinerary of trips that cross the March and October DST changes (and a
// southern-hemisphere zone) parses with libical, and every event's local
// DTSTART / DTEND, read back through the document's own VTIMEZONE, is the
// booked instant; its wall time is PostgreSQL's for that zone.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>
#include <string>

#include <libical/ical.h>
#include <nlohmann/json.hpp>

#include "domains/care/itinerary_calendar.hpp"
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
constexpr const char* kCoordinator = "40000000-0000-4000-8000-000000000006";
constexpr const char* kProviderP = "10000000-0000-4000-8000-000000000001";  // Istanbul
constexpr const char* kProviderQ = "10000000-0000-4000-8000-000000000002";  // Berlin
// A's bookings: at P on 2026-03-30 10:00 Istanbul (recovery 3 days), at Q on
// 2026-10-26 11:00 Berlin (the day after Europe's October change), at P on
// 2026-04-06 09:00 Istanbul; B's at P.
constexpr const char* kMarch = "70000000-0000-4000-8000-000000000001";
constexpr const char* kOctober = "70000000-0000-4000-8000-000000000002";
constexpr const char* kApril = "70000000-0000-4000-8000-000000000003";
constexpr const char* kOther = "70000000-0000-4000-8000-00000000000b";

constexpr const char* kFixture = R"sql(
UPDATE providers SET timezone = 'Europe/Berlin', location = '{"city":"Berlin"}'
  WHERE id = '10000000-0000-4000-8000-000000000002';
INSERT INTO procedures (id, provider_id, name, category, duration_hours, recovery_time_days) VALUES
  ('50000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', 'FUE',
   'hair_transplant', 6, 3),
  ('50000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000002', 'Veneers',
   'dental', 2, 2);
INSERT INTO patient_profiles (id, user_id, patient_id, medical_condition) VALUES
  ('20000000-0000-4000-8000-00000000000a', '40000000-0000-4000-8000-000000000001',
   'PAT-2026-000001', 'hair loss'),
  ('20000000-0000-4000-8000-00000000000b', '40000000-0000-4000-8000-000000000002',
   'PAT-2026-000002', 'hair loss');
INSERT INTO bookings (id, booking_reference, patient_profile_id, provider_id, procedure_id,
                      procedure_date, procedure_time, total_cost) VALUES
  ('70000000-0000-4000-8000-000000000001', next_booking_reference(),
   '20000000-0000-4000-8000-00000000000a', '10000000-0000-4000-8000-000000000001',
   '50000000-0000-4000-8000-000000000001', '2026-03-30', '10:00', 2500),
  ('70000000-0000-4000-8000-000000000002', next_booking_reference(),
   '20000000-0000-4000-8000-00000000000a', '10000000-0000-4000-8000-000000000002',
   '50000000-0000-4000-8000-000000000002', '2026-10-26', '11:00', 1800),
  ('70000000-0000-4000-8000-000000000003', next_booking_reference(),
   '20000000-0000-4000-8000-00000000000a', '10000000-0000-4000-8000-000000000001',
   '50000000-0000-4000-8000-000000000001', '2026-04-06', '09:00', 2500),
  ('70000000-0000-4000-8000-00000000000b', next_booking_reference(),
   '20000000-0000-4000-8000-00000000000b', '10000000-0000-4000-8000-000000000001',
   '50000000-0000-4000-8000-000000000001', '2026-05-02', '09:00', 2500);
INSERT INTO care_assignments (staff_user_id, patient_profile_id, kind) VALUES
  ('40000000-0000-4000-8000-000000000006', '20000000-0000-4000-8000-00000000000a',
   'care_coordinator');
)sql";

class CareTravel : public ::testing::Test {
 protected:
  void SetUp() override {
    db::Connection& c = db_.conn();
    AddUser(c, kUserA, "pat.a@example.com", "patient", {"patient"});
    AddUser(c, kUserB, "pat.b@example.com", "patient", {"patient"});
    AddUser(c, kClinicP, "clinic.p@example.com", "provider", {"provider_staff"});
    AddUser(c, kCoordinator, "coordinator@example.com", "staff", {"care_coordinator"});
    AddProvider(c, {kProviderP, "Clinic P"});
    AddProvider(c, {kProviderQ, "Clinic Q"});
    AddProviderMember(c, kClinicP, kProviderP);
    ASSERT_TRUE(c.Exec(kFixture)) << "fixture failed";
  }

  std::optional<HttpResponse> Call(std::string_view user, const std::string& method,
                                   const std::string& path, const Json& body = nullptr) {
    return CallAs(server_.port(), db_.conn(), user, method, path, body.is_null() ? "" : body.dump(),
                  body.is_null() ? "" : "application/json");
  }

  // A coordinator's write that must succeed; its answer.
  Json Must(const std::string& method, const std::string& path, const Json& body, int status) {
    auto r = Call(kCoordinator, method, path, body);
    EXPECT_TRUE(r);
    if (!r) return nullptr;
    EXPECT_EQ(r->status, status) << method << " " << path << ": " << r->body;
    return JsonBody(r);
  }

  static Json Flight(const char* direction, const char* number, const char* from, const char* to,
                     const char* departs, const char* departure_zone, const char* arrives,
                     const char* arrival_zone) {
    return {{"direction", direction},    {"flight_number", number},
            {"departure_airport", from}, {"arrival_airport", to},
            {"departs_at", departs},     {"departure_timezone", departure_zone},
            {"arrives_at", arrives},     {"arrival_timezone", arrival_zone}};
  }

  std::set<std::string> Problems(const char* booking) {
    Json t = JsonBody(Call(kCoordinator, "GET", std::string("/bookings/") + booking + "/travel"));
    std::set<std::string> out;
    for (const auto& p : t["problems"]) out.insert(p.get<std::string>());
    return out;
  }

  std::string Count(const std::string& sql) { return Scalar(db_.conn(), sql); }

  TestDatabase db_;
  TestServer server_{db_.conninfo()};
};

TEST_F(CareTravel, CoordinatorBuildsTheTripAndTheCheckFollowsIt) {
  const std::string base = std::string("/bookings/") + kMarch + "/travel";
  // Who may create it: a patient holds travel.read only, clinic staff not
  // even that; an unassigned patient's booking is out of the coordinator's scope.
  EXPECT_EQ(Call(kUserA, "POST", base, Json::object())->status, 403);
  EXPECT_EQ(Call(kClinicP, "POST", base, Json::object())->status, 403);
  EXPECT_EQ(
      Call(kCoordinator, "POST", std::string("/bookings/") + kOther + "/travel", Json::object())
          ->status,
      404);

  Json t = Must("POST", base, {{"visa_assistance", true}, {"visa_status", "needed"}}, 201);
  EXPECT_EQ(t["booking_id"], kMarch);
  EXPECT_EQ(t["visa_status"], "needed");
  EXPECT_EQ(t["flights"], Json::array());
  EXPECT_EQ(t["problems"], Json::array({"no_inbound_flight", "no_outbound_flight"}));
  auto again = Call(kCoordinator, "POST", base, Json::object());
  EXPECT_EQ(again->status, 409) << again->body;

  // Inbound landing after the procedure's start (10:00 Istanbul = 07:00Z).
  Json in = Must("POST", base + "/flights",
                 Flight("inbound", "TK1980", "LHR", "IST", "2026-03-30T05:00:00Z", "Europe/London",
                        "2026-03-30T09:00:00Z", "Europe/Istanbul"),
                 201);
  EXPECT_EQ(in["departs_local"], "2026-03-30T06:00:00");  // BST, the day after the change
  EXPECT_EQ(in["arrives_local"], "2026-03-30T12:00:00");
  EXPECT_TRUE(Problems(kMarch).contains("arrival_after_procedure"));
  Must("PATCH", "/travel/flights/" + in["id"].get<std::string>(),
       {{"departs_at", "2026-03-28T09:00:00+00:00"}, {"arrives_at", "2026-03-28T13:00:00Z"}}, 200);
  // Outbound before the three recovery days are over, then after.
  Json out = Must("POST", base + "/flights",
                  Flight("outbound", "TK1971", "IST", "LHR", "2026-04-01T10:00:00+03:00",
                         "Europe/Istanbul", "2026-04-01T12:00:00+01:00", "Europe/London"),
                  201);
  EXPECT_EQ(Problems(kMarch), std::set<std::string>{"departure_before_recovery"});
  Must("PATCH", "/travel/flights/" + out["id"].get<std::string>(),
       {{"departs_at", "2026-04-03T10:00:00+03:00"}, {"arrives_at", "2026-04-03T12:00:00+01:00"}},
       200);
  EXPECT_EQ(Problems(kMarch), std::set<std::string>{});
  // A hotel that does not cover the procedure's date.
  Json hotel = Must("POST", base + "/hotel-stays",
                    {{"hotel_name", "Hotel Bosphorus"},
                     {"address", "Cumhuriyet Cd. 1, Istanbul"},
                     {"check_in", "2026-03-31"},
                     {"check_out", "2026-04-03"}},
                    201);
  EXPECT_EQ(hotel["timezone"], "Europe/Istanbul");  // the clinic's, by default
  EXPECT_EQ(Problems(kMarch), std::set<std::string>{"hotel_gap"});
  Must("PATCH", "/travel/hotel-stays/" + hotel["id"].get<std::string>(),
       {{"check_in", "2026-03-28"}, {"confirmation_number", "HB-7781"}}, 200);
  EXPECT_EQ(Problems(kMarch), std::set<std::string>{});
  Json ride = Must("POST", base + "/transfers",
                   {{"kind", "airport_to_hotel"},
                    {"pickup_at", "2026-03-28T13:30:00Z"},
                    {"pickup_place", "IST arrivals"},
                    {"dropoff_place", "Hotel Bosphorus"}},
                   201);
  EXPECT_EQ(ride["pickup_local"], "2026-03-28T16:30:00");
  Json companion_row = Must("POST", base + "/companions",
                            {{"full_name", "Sam Doe"}, {"relationship", "spouse"}}, 201);
  Must("PATCH", base, {{"visa_status", "approved"}}, 200);

  // The patient reads their own; the other patient and the clinic do not.
  auto own = Call(kUserA, "GET", base);
  ASSERT_EQ(own->status, 200) << own->body;
  Json mine = JsonBody(own);
  EXPECT_EQ(mine["visa_status"], "approved");
  EXPECT_EQ(mine["flights"].size(), 2u);
  EXPECT_EQ(mine["flights"][0]["direction"], "inbound");
  EXPECT_EQ(mine["hotel_stays"][0]["confirmation_number"], "HB-7781");
  EXPECT_EQ(mine["transfers"].size(), 1u);
  EXPECT_EQ(mine["companions"][0]["full_name"], "Sam Doe");
  EXPECT_EQ(mine["problems"], Json::array());
  EXPECT_EQ(Call(kUserB, "GET", base)->status, 404);
  EXPECT_EQ(Call(kClinicP, "GET", base)->status, 403);
  EXPECT_EQ(Call(kUserA, "PATCH", "/travel/flights/" + in["id"].get<std::string>(),
                 {{"flight_number", "TK1"}})
                ->status,
            403);

  // A removed companion is gone from the read; removing it again is a 404.
  const std::string companion = "/travel/companions/" + companion_row["id"].get<std::string>();
  EXPECT_EQ(Call(kCoordinator, "DELETE", companion)->status, 204);
  EXPECT_EQ(Call(kCoordinator, "DELETE", companion)->status, 404);
  EXPECT_EQ(JsonBody(Call(kUserA, "GET", base))["companions"], Json::array());

  // Every write audited, every step on the journey (stage travel).
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE table_name LIKE 'travel_%' AND action "
                  "IN ('create', 'update', 'delete')"),
            "11");
  EXPECT_EQ(Count("SELECT string_agg(event_type, ',' ORDER BY created_at, seq) FROM "
                  "patient_journey_events WHERE stage = 'travel'"),
            "travel_arranged,flight_booked,flight_changed,flight_booked,flight_changed,"
            "hotel_booked,hotel_changed,transfer_arranged,companion_added,visa_status_changed,"
            "companion_removed");
  EXPECT_EQ(
      Count("SELECT event_data->>'from' || '>' || (event_data->>'to') FROM patient_journey_events "
            "WHERE event_type = 'visa_status_changed'"),
      "needed>approved");
  EXPECT_EQ(Count("SELECT changed_columns::text FROM audit_log WHERE action = 'delete' AND "
                  "table_name = 'travel_companions'"),
            "{deleted}");
  EXPECT_EQ(Count("SELECT changed_columns::text FROM audit_log WHERE action = 'update' AND "
                  "table_name = 'travel_arrangements'"),
            "{visa_status}");
  // Reads of travel data (moderate sensitivity) are not audited.
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'read' AND table_name LIKE "
                  "'travel_%'"),
            "0");
}

// GET /travel, the arrivals board: the trips in the caller's scope by
// arrival (the inbound flight's landing, else the procedure's start), with
// their problems; filters, keyset pages, and nothing outside the scope.
TEST_F(CareTravel, ArrivalsBoardByArrivalInScopeWithPages) {
  for (const char* booking : {kMarch, kOctober, kApril}) {
    Must("POST", std::string("/bookings/") + booking + "/travel",
         {{"visa_status", booking == kApril ? "needed" : "not_needed"}}, 201);
  }
  // Patient B's trip, which A's coordinator does not look after.
  ASSERT_TRUE(db_.conn().ExecParams("INSERT INTO travel_arrangements (booking_id) VALUES ($1)",
                                    db::Params{std::string(kOther)}));
  // March's patient lands on the 29th; April's and October's have no flight yet.
  Must("POST", std::string("/bookings/") + kMarch + "/travel/flights",
       Flight("inbound", "TK1980", "LHR", "IST", "2026-03-29T08:00:00Z", "Europe/London",
              "2026-03-29T14:00:00+03:00", "Europe/Istanbul"),
       201);
  auto board = [&](std::string_view who, const std::string& query) {
    auto r = Call(who, "GET", "/travel" + query);
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
    return JsonBody(r);
  };
  auto bookings = [](const Json& page) {
    std::vector<std::string> out;
    for (const Json& t : page["items"]) out.push_back(t.value("booking_id", ""));
    return out;
  };
  // The coordinator of patient A sees A's three trips, soonest arrival first.
  const Json all = board(kCoordinator, "");
  EXPECT_EQ(bookings(all), (std::vector<std::string>{kMarch, kApril, kOctober}));
  EXPECT_EQ(all["items"][0]["arrives_at"], "2026-03-29T11:00:00+00:00");
  EXPECT_EQ(all["items"][1]["arrives_at"], nullptr);
  EXPECT_NE(std::find(all["items"][1]["problems"].begin(), all["items"][1]["problems"].end(),
                      "no_inbound_flight"),
            all["items"][1]["problems"].end());
  // Pages of one follow the same order.
  std::vector<std::string> paged;
  std::string path = "?limit=1";
  for (int guard = 0; guard < 10 && !path.empty(); ++guard) {
    const Json page = board(kCoordinator, path);
    for (const std::string& b : bookings(page)) paged.push_back(b);
    path = page["next"].is_string() ? page["next"].get<std::string>().substr(7) : "";
  }
  EXPECT_EQ(paged, bookings(all));
  // Filters.
  EXPECT_EQ(bookings(board(kCoordinator, "?visa_status=needed")), std::vector<std::string>{kApril});
  EXPECT_EQ(bookings(board(kCoordinator,
                           "?arriving_from=2026-04-01T00:00:00Z&arriving_before="
                           "2026-05-01T00:00:00Z")),
            std::vector<std::string>{kApril});
  EXPECT_EQ(bookings(board(kCoordinator, std::string("?provider_id=") + kProviderQ)),
            std::vector<std::string>{kOctober});
  // The patient sees their own trips, another patient theirs only.
  EXPECT_EQ(bookings(board(kUserA, "")).size(), 3u);
  EXPECT_EQ(bookings(board(kUserB, "")), std::vector<std::string>{kOther});
  // Clinic staff hold no travel.read.
  EXPECT_EQ(Call(kClinicP, "GET", "/travel")->status, 403);
  // Bad parameters are named.
  auto bad = Call(kCoordinator, "GET", "/travel?visa_status=maybe&arriving_from=soon&limit=0&x=1");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 422);
  EXPECT_EQ(ProblemFields(*bad),
            (std::set<std::string>{"visa_status", "arriving_from", "limit", "x"}));
}

TEST_F(CareTravel, ConcurrentCreationsMakeOneArrangement) {
  const std::string path = std::string("/bookings/") + kMarch + "/travel";
  constexpr int kAttempts = 10;
  std::vector<std::string> tokens;
  for (int i = 0; i < kAttempts; ++i) tokens.push_back(MintSession(db_.conn(), kCoordinator));
  std::vector<int> statuses(kAttempts, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < kAttempts; ++i) {
    threads.emplace_back([&, i] {
      auto r = Authed(server_.port(), tokens[i], "POST", path, "{}");
      statuses[i] = r ? r->status : 0;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 201), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 409), kAttempts - 1);
  EXPECT_EQ(Count("SELECT count(*) FROM travel_arrangements"), "1");
  EXPECT_EQ(Count("SELECT count(*) FROM patient_journey_events WHERE event_type = "
                  "'travel_arranged'"),
            "1");
}

TEST_F(CareTravel, BadInputIsRefusedNamingTheField) {
  const std::string base = std::string("/bookings/") + kMarch + "/travel";
  Must("POST", base, Json::object(), 201);
  auto refused = [&](const std::string& path, const Json& body, const std::string& field,
                     const char* method = "POST") {
    auto r = Call(kCoordinator, method, path, body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 422) << body.dump() << ": " << r->body;
    EXPECT_EQ(r->Header("content-type"), "application/problem+json");
    EXPECT_TRUE(ProblemFields(*r).contains(field)) << body.dump() << ": " << r->body;
  };
  const Json ok = Flight("inbound", "TK1980", "LHR", "IST", "2026-03-28T09:00:00Z", "Europe/London",
                         "2026-03-28T13:00:00Z", "Europe/Istanbul");
  auto with = [&](const char* name, const Json& value) {
    Json b = ok;
    b[name] = value;
    return b;
  };
  refused(base + "/flights", with("departure_airport", "ist"), "departure_airport");
  refused(base + "/flights", with("arrival_airport", "IS1"), "arrival_airport");
  refused(base + "/flights", with("arrival_airport", "LHR"), "arrival_airport");
  refused(base + "/flights", with("flight_number", "T-1980"), "flight_number");
  refused(base + "/flights", with("departure_timezone", "Mars/Olympus_Mons"),
          "departure_timezone");  // the database's zone list refuses it
  refused(base + "/flights", with("arrival_timezone", "not a zone"), "arrival_timezone");
  refused(base + "/flights", with("arrives_at", "2026-03-28T08:00:00Z"), "arrives_at");
  refused(base + "/flights", with("departs_at", "2026-03-28T09:00:00"), "departs_at");
  refused(base + "/flights", with("departs_at", "2026-02-30T09:00:00Z"), "departs_at");
  refused(base + "/flights", with("direction", "sideways"), "direction");
  refused(base + "/hotel-stays",
          {{"hotel_name", "H"},
           {"address", "A"},
           {"check_in", "2026-03-30"},
           {"check_out", "2026-03-28"}},
          "check_out");
  refused(base + "/hotel-stays",
          {{"hotel_name", "H"},
           {"address", "A"},
           {"check_in", "2026-02-30"},
           {"check_out", "2026-03-28"}},
          "check_in");
  refused(base + "/transfers",
          {{"kind", "airport_to_hotel"},
           {"pickup_at", "soon"},
           {"pickup_place", "a"},
           {"dropoff_place", "b"}},
          "pickup_at");
  refused(base, {{"visa_status", "pending"}}, "visa_status", "PATCH");
  // A patch that would land before departure is refused by the table's rule.
  Json leg = Must("POST", base + "/flights", ok, 201);
  refused("/travel/flights/" + leg["id"].get<std::string>(),
          {{"arrives_at", "2026-03-28T08:00:00Z"}}, "arrives_at", "PATCH");
  EXPECT_EQ(Count("SELECT count(*) FROM travel_flights"), "1");
}

// ---------------------------------------------------------------------------
// The calendar
// ---------------------------------------------------------------------------

struct Parsed {
  icalcomponent* calendar = nullptr;
  std::map<std::string, icaltimezone*> zones;  // by TZID, from the document's VTIMEZONEs
  ~Parsed() {
    for (auto& [name, zone] : zones) icaltimezone_free(zone, 1);
    if (calendar != nullptr) icalcomponent_free(calendar);
  }
};

// An instant of a DTSTART / DTEND: its wall time converted back to UTC with
// the document's VTIMEZONE of its TZID (a UTC time as it is). Records the
// wall time as "YYYY-MM-DDTHH:MM:SS" in `local`.
std::optional<std::time_t> InstantOf(const Parsed& doc, icalproperty* p, std::string* zone,
                                     std::string* local) {
  icaltimetype t = icalproperty_get_value(p) != nullptr
                       ? icalvalue_get_datetime(icalproperty_get_value(p))
                       : icaltime_null_time();
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d", t.year, t.month, t.day,
                t.hour, t.minute, t.second);
  *local = buffer;
  icalparameter* tzid = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
  if (tzid == nullptr) {
    *zone = "UTC";
    return icaltime_as_timet_with_zone(t, icaltimezone_get_utc_timezone());
  }
  *zone = icalparameter_get_tzid(tzid);
  auto it = doc.zones.find(*zone);
  if (it == doc.zones.end()) return std::nullopt;
  t.zone = nullptr;
  return icaltime_as_timet_with_zone(t, it->second);
}

class CareItinerary : public CareTravel {
 protected:
  std::string Ics(std::string_view user, const std::string& path) {
    auto r = Call(user, "GET", path);
    EXPECT_TRUE(r);
    if (!r) return "";
    EXPECT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(r->Header("content-type"), "text/calendar; charset=utf-8");
    return r->body;
  }

  // Checks every timed event of the booking's itinerary against the
  // database: for each (uid, DTSTART|DTEND) the instant and the wall time in
  // its zone. Returns the TZIDs of the VTIMEZONEs in the document.
  std::set<std::string> CheckItinerary(const std::string& text, const char* booking,
                                       int expected_events) {
    Parsed doc;
    doc.calendar = icalparser_parse_string(text.c_str());
    EXPECT_NE(doc.calendar, nullptr);
    if (doc.calendar == nullptr) return {};
    EXPECT_EQ(icalcomponent_isa(doc.calendar), ICAL_VCALENDAR_COMPONENT);
    EXPECT_EQ(icalcomponent_count_errors(doc.calendar), 0) << text;
    std::set<std::string> tzids;
    for (icalcomponent* z =
             icalcomponent_get_first_component(doc.calendar, ICAL_VTIMEZONE_COMPONENT);
         z != nullptr;
         z = icalcomponent_get_next_component(doc.calendar, ICAL_VTIMEZONE_COMPONENT)) {
      icaltimezone* zone = icaltimezone_new();
      const std::string name =
          icalproperty_get_tzid(icalcomponent_get_first_property(z, ICAL_TZID_PROPERTY));
      EXPECT_EQ(icaltimezone_set_component(zone, icalcomponent_new_clone(z)), 1) << name;
      doc.zones[name] = zone;
      tzids.insert(name);
    }
    // What the database booked: (uid, property) -> (epoch, zone, wall time).
    struct Booked {
      std::time_t at = 0;
      std::string zone;
      std::string local;
    };
    std::map<std::pair<std::string, std::string>, Booked> booked;
    auto load = [&](const std::string& sql) {
      auto r = db_.conn().ExecParams(sql, db::Params{booking});
      ASSERT_TRUE(r);
      for (int i = 0; i < r->rows(); ++i) {
        booked[{std::string(r->Get(i, 0)), std::string(r->Get(i, 1))}] = {
            static_cast<std::time_t>(std::stoll(std::string(r->Get(i, 2)))),
            std::string(r->Get(i, 3)), std::string(r->Get(i, 4))};
      }
    };
    const std::string local = "'YYYY-MM-DD\"T\"HH24:MI:SS'";
    load(
        "SELECT 'procedure-' || id || '@imedic', p, extract(epoch FROM at)::bigint, timezone, "
        "to_char(at AT TIME ZONE timezone, " +
        local +
        ") FROM bookings, LATERAL (VALUES ('DTSTART', starts_at), ('DTEND', ends_at)) v (p, at) "
        "WHERE id = $1");
    load(
        "SELECT 'flight-' || f.id || '@imedic', p, extract(epoch FROM at)::bigint, zone, "
        "to_char(at AT TIME ZONE zone, " +
        local +
        ") FROM travel_flights f JOIN travel_arrangements ta ON ta.id = f.travel_arrangement_id, "
        "LATERAL (VALUES ('DTSTART', f.departs_at, f.departure_timezone), ('DTEND', "
        "f.arrives_at, f.arrival_timezone)) v (p, at, zone) WHERE ta.booking_id = $1");
    load(
        "SELECT 'transfer-' || t.id || '@imedic', 'DTSTART', extract(epoch FROM "
        "t.pickup_at)::bigint, t.timezone, to_char(t.pickup_at AT TIME ZONE t.timezone, " +
        local +
        ") FROM travel_transfers t JOIN travel_arrangements ta ON ta.id = "
        "t.travel_arrangement_id WHERE ta.booking_id = $1");
    int events = 0;
    std::size_t checked = 0;
    for (icalcomponent* e = icalcomponent_get_first_component(doc.calendar, ICAL_VEVENT_COMPONENT);
         e != nullptr; e = icalcomponent_get_next_component(doc.calendar, ICAL_VEVENT_COMPONENT)) {
      ++events;
      const std::string uid = icalcomponent_get_uid(e);
      EXPECT_NE(icalcomponent_get_first_property(e, ICAL_DTSTAMP_PROPERTY), nullptr) << uid;
      for (auto [kind, name] :
           {std::pair{ICAL_DTSTART_PROPERTY, "DTSTART"}, std::pair{ICAL_DTEND_PROPERTY, "DTEND"}}) {
        icalproperty* p = icalcomponent_get_first_property(e, kind);
        if (p == nullptr) continue;
        if (uid.starts_with("hotel-")) {
          // All-day: a DATE, the local check-in / check-out date.
          const icaltimetype d = icalvalue_get_datetime(icalproperty_get_value(p));
          EXPECT_EQ(d.is_date, 1) << uid;
          const std::string column = std::string(name) == "DTSTART" ? "check_in" : "check_out";
          char buffer[16];
          std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", d.year, d.month, d.day);
          EXPECT_EQ(buffer, Scalar(db_.conn(),
                                   "SELECT " + column +
                                       "::text FROM travel_hotel_stays WHERE "
                                       "'hotel-' || id || '@imedic' = $1",
                                   db::Params{uid}))
              << uid;
          ++checked;
          continue;
        }
        auto want = booked.find({uid, name});
        EXPECT_NE(want, booked.end()) << uid << " " << name;
        if (want == booked.end()) continue;
        std::string zone;
        std::string wall;
        auto at = InstantOf(doc, p, &zone, &wall);
        EXPECT_EQ(zone, want->second.zone) << uid << " " << name;
        EXPECT_TRUE(at) << uid << " " << name << ": no VTIMEZONE for " << zone;
        if (!at) continue;
        EXPECT_EQ(*at, want->second.at) << uid << " " << name << " at " << wall << " " << zone;
        EXPECT_EQ(wall, want->second.local) << uid << " " << name << " in " << zone;
        ++checked;
      }
    }
    EXPECT_EQ(events, expected_events);
    EXPECT_GE(checked, booked.size());
    return tzids;
  }
};

TEST_F(CareItinerary, TripsAcrossDstChangesKeepTheirLocalTimes) {
  // March: London → Istanbul on Saturday 28 March (GMT), back on 5 April
  // (BST): Europe's change is on Sunday the 29th, 01:00 UTC.
  const std::string march = std::string("/bookings/") + kMarch + "/travel";
  Must("POST", march, Json::object(), 201);
  Must("POST", march + "/flights",
       Flight("inbound", "TK1980", "LHR", "IST", "2026-03-28T09:00:00Z", "Europe/London",
              "2026-03-28T13:00:00Z", "Europe/Istanbul"),
       201);
  Must("POST", march + "/flights",
       Flight("outbound", "TK1971", "IST", "LHR", "2026-04-05T10:00:00+03:00", "Europe/Istanbul",
              "2026-04-05T12:00:00+01:00", "Europe/London"),
       201);
  Must("POST", march + "/hotel-stays",
       {{"hotel_name", "Hotel Bosphorus; Sea view, room 4"},
        {"address", "Cumhuriyet Cd. 1, Istanbul"},
        {"check_in", "2026-03-28"},
        {"check_out", "2026-04-05"}},
       201);
  Must("POST", march + "/transfers",
       {{"kind", "airport_to_hotel"},
        {"pickup_at", "2026-03-28T13:30:00Z"},
        {"pickup_place", "IST arrivals"},
        {"dropoff_place", "Hotel Bosphorus"}},
       201);
  const std::string march_ics = Ics(kCoordinator,
                                    std::string("/bookings/") + kMarch + "/itinerary.ics");
  EXPECT_EQ(CheckItinerary(march_ics, kMarch, 5),
            (std::set<std::string>{"Europe/Istanbul", "Europe/London"}));
  // The London legs sit on either side of the change: 09:00 GMT, 12:00 BST.
  EXPECT_NE(march_ics.find("DTSTART;TZID=Europe/London:20260328T090000"), std::string::npos)
      << march_ics;
  EXPECT_NE(march_ics.find("DTEND;TZID=Europe/London:20260405T120000"), std::string::npos);
  EXPECT_NE(march_ics.find("DTSTART;VALUE=DATE:20260328"), std::string::npos);
  EXPECT_NE(march_ics.find("SUMMARY:Hotel: Hotel Bosphorus\\; Sea view\\, room 4"),
            std::string::npos);
  EXPECT_NE(march_ics.find("TZOFFSETTO:+0100"), std::string::npos);
  EXPECT_NE(march_ics.find("STATUS:CONFIRMED"), std::string::npos);
  EXPECT_EQ(march_ics.find("STATUS:CANCELLED"), std::string::npos);
  // The patient's own view is the same document.
  EXPECT_EQ(Ics(kUserA, std::string("/me/bookings/") + kMarch + "/itinerary.ics"), march_ics);

  // October: New York → Berlin on 20 October (EDT → CEST), back on 3
  // November (CET → EST): Europe changes on 25 October, the US on 1 November.
  const std::string october = std::string("/bookings/") + kOctober + "/travel";
  Must("POST", october, Json::object(), 201);
  Must("POST", october + "/flights",
       Flight("inbound", "LH401", "JFK", "BER", "2026-10-20T18:00:00-04:00", "America/New_York",
              "2026-10-21T08:00:00+02:00", "Europe/Berlin"),
       201);
  Must("POST", october + "/flights",
       Flight("outbound", "LH400", "BER", "JFK", "2026-11-03T10:00:00+01:00", "Europe/Berlin",
              "2026-11-03T13:00:00-05:00", "America/New_York"),
       201);
  Must("POST", october + "/transfers",
       {{"kind", "hotel_to_clinic"},
        {"pickup_at", "2026-10-26T09:30:00Z"},
        {"pickup_place", "Hotel Adlon"},
        {"dropoff_place", "Clinic Q"}},
       201);
  const std::string october_ics = Ics(kUserA,
                                      std::string("/me/bookings/") + kOctober + "/itinerary.ics");
  EXPECT_EQ(CheckItinerary(october_ics, kOctober, 4),
            (std::set<std::string>{"America/New_York", "Europe/Berlin"}));
  // The procedure at 11:00 Berlin on the 26th is 10:00Z (CET), not 09:00Z.
  EXPECT_NE(october_ics.find("DTSTART;TZID=Europe/Berlin:20261026T110000"), std::string::npos)
      << october_ics;
  EXPECT_NE(october_ics.find("DTSTART;TZID=Europe/Berlin:20261026T103000"), std::string::npos);

  // Southern hemisphere: Sydney leaves daylight time on 5 April 2026.
  const std::string april = std::string("/bookings/") + kApril + "/travel";
  Must("POST", april, Json::object(), 201);
  Must("POST", april + "/flights",
       Flight("inbound", "QF1", "SYD", "IST", "2026-04-02T21:00:00+11:00", "Australia/Sydney",
              "2026-04-03T07:00:00+03:00", "Europe/Istanbul"),
       201);
  Must("POST", april + "/flights",
       Flight("outbound", "QF2", "IST", "SYD", "2026-04-10T20:00:00+03:00", "Europe/Istanbul",
              "2026-04-11T20:00:00+10:00", "Australia/Sydney"),
       201);
  const std::string april_ics = Ics(kCoordinator,
                                    std::string("/bookings/") + kApril + "/itinerary.ics");
  EXPECT_EQ(CheckItinerary(april_ics, kApril, 3),
            (std::set<std::string>{"Australia/Sydney", "Europe/Istanbul"}));
  EXPECT_NE(april_ics.find("DTSTART;TZID=Australia/Sydney:20260402T210000"), std::string::npos);
  EXPECT_NE(april_ics.find("DTEND;TZID=Australia/Sydney:20260411T200000"), std::string::npos);
}

TEST_F(CareItinerary, OnlyBookingsInScopeAndACancelledOneMarked) {
  // Without an arrangement the itinerary is the procedure alone.
  EXPECT_EQ(CheckItinerary(Ics(kCoordinator, std::string("/bookings/") + kMarch + "/itinerary.ics"),
                           kMarch, 1),
            std::set<std::string>{"Europe/Istanbul"});
  const std::string other = std::string("/bookings/") + kOther + "/itinerary.ics";
  EXPECT_EQ(Call(kCoordinator, "GET", other)->status, 404);  // not assigned to B
  EXPECT_EQ(Call(kUserA, "GET", other)->status, 404);
  EXPECT_EQ(Call(kUserA, "GET", std::string("/me/bookings/") + kOther + "/itinerary.ics")->status,
            404);
  EXPECT_EQ(Call(kClinicP, "GET", std::string("/bookings/") + kMarch + "/itinerary.ics")->status,
            403);  // provider staff hold no travel.read
  // A cancelled booking's procedure stays in the calendar, marked cancelled.
  auto cancelled = Call(kCoordinator, "POST", std::string("/bookings/") + kMarch + "/cancel");
  ASSERT_EQ(cancelled->status, 200) << cancelled->body;
  const std::string after = Ics(kUserA, std::string("/me/bookings/") + kMarch + "/itinerary.ics");
  EXPECT_NE(after.find("STATUS:CANCELLED"), std::string::npos) << after;
  // /me is the caller's own booking only, even for staff who reach it otherwise.
  EXPECT_EQ(
      Call(kCoordinator, "GET", std::string("/me/bookings/") + kMarch + "/itinerary.ics")->status,
      404);
}

// Issue 11, item 9, for the calendar: in 15 zones (both hemispheres,
// half- and quarter-hour offsets, Dublin's negative DST, Cairo's Friday
// and Jerusalem's Friday-before-Sunday rules, Istanbul without DST) every
// DST transition from 2024 to 2035, PostgreSQL's zone data finding them,
// with an event every 30 minutes over the two days around each. Each
// document parses with libical; each event written at a local time with
// its TZID reads back, through the document's own VTIMEZONE, as the
// instant, and its wall time is PostgreSQL's. Exactly the instants whose
// wall time occurs twice (the repeated hour of an autumn change) are
// written in UTC instead.
TEST(ItineraryCalendar, EveryDstTransitionFrom2024To2035InFifteenZones) {
  TestDatabase db;
  const std::vector<std::string> zones = {
      "Europe/London",    "Europe/Dublin",       "Europe/Berlin",    "Europe/Istanbul",
      "America/New_York", "America/Los_Angeles", "America/St_Johns", "America/Santiago",
      "Australia/Sydney", "Australia/Adelaide",  "Pacific/Auckland", "Pacific/Chatham",
      "Africa/Cairo",     "Asia/Jerusalem",      "America/Havana"};
  int transitions = 0;
  int events_checked = 0;
  int written_in_utc = 0;
  for (const std::string& zone : zones) {
    auto found = db.conn().ExecParams(
        "SELECT count(*) FROM generate_series('2024-01-01 00:00Z'::timestamptz, "
        "'2035-12-31 00:00Z', interval '24 hours') d WHERE (d AT TIME ZONE $1) - (d AT TIME "
        "ZONE 'UTC') <> ((d + interval '24 hours') AT TIME ZONE $1) - ((d + interval '24 "
        "hours') AT TIME ZONE 'UTC')",
        db::Params{zone});
    ASSERT_TRUE(found) << zone;
    const int zone_transitions = std::stoi(std::string(found->Get(0, 0)));
    if (zone != "Europe/Istanbul") {
      EXPECT_GE(zone_transitions, 20) << zone;  // two a year, at least for most of the years
    }
    transitions += zone_transitions;
    // The instants: every 30 minutes over the two days from the UTC midnight
    // before each transition (for Istanbul, a few ordinary days), with the
    // wall time and whether that wall time occurs twice (a repeated hour).
    auto r = db.conn().ExecParams(
        "WITH t AS (SELECT d FROM generate_series('2024-01-01 00:00Z'::timestamptz, "
        "'2035-12-31 00:00Z', interval '24 hours') d WHERE (d AT TIME ZONE $1) - (d AT TIME "
        "ZONE 'UTC') <> ((d + interval '24 hours') AT TIME ZONE $1) - ((d + interval '24 "
        "hours') AT TIME ZONE 'UTC') OR ($1 = 'Europe/Istanbul' AND d IN ('2026-03-29 00:00Z', "
        "'2030-10-27 00:00Z'))) "
        "SELECT to_char(at AT TIME ZONE 'UTC', 'YYYYMMDD\"T\"HH24MISS\"Z\"'), "
        "extract(epoch FROM at)::bigint, to_char(at AT TIME ZONE $1, "
        "'YYYY-MM-DD\"T\"HH24:MI:SS'), ((at - interval '1 hour') AT TIME ZONE $1) = (at AT "
        "TIME ZONE $1) OR ((at + interval '1 hour') AT TIME ZONE $1) = (at AT TIME ZONE $1) "
        "FROM t, generate_series(t.d, t.d + interval '48 hours', interval '30 "
        "minutes') at ORDER BY at",
        db::Params{zone});
    ASSERT_TRUE(r) << zone;
    struct Want {
      std::time_t at = 0;
      std::string wall;
      bool repeated = false;
    };
    std::map<std::string, Want> want;
    std::vector<care::ItineraryEvent> events;
    for (int i = 0; i < r->rows(); ++i) {
      const std::string utc(r->Get(i, 0));
      const std::string uid = utc + "@" + zone;
      want[uid] = {static_cast<std::time_t>(std::stoll(std::string(r->Get(i, 1)))),
                   std::string(r->Get(i, 2)), r->Get(i, 3) == "t"};
      care::ItineraryEvent e;
      e.uid = uid;
      e.summary = "Event";
      e.start_utc = utc;
      e.start_zone = zone;
      e.stamp_utc = "20260101T000000Z";
      events.push_back(std::move(e));
    }
    auto text = care::RenderItinerary(events);
    ASSERT_TRUE(text) << zone << ": " << text.error().public_message;

    Parsed doc;
    doc.calendar = icalparser_parse_string(text->c_str());
    ASSERT_NE(doc.calendar, nullptr) << zone;
    EXPECT_EQ(icalcomponent_count_errors(doc.calendar), 0) << zone;
    icalcomponent* vtz = icalcomponent_get_first_component(doc.calendar, ICAL_VTIMEZONE_COMPONENT);
    ASSERT_NE(vtz, nullptr) << zone;
    EXPECT_EQ(std::string(
                  icalproperty_get_tzid(icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY))),
              zone);
    icaltimezone* own = icaltimezone_new();
    ASSERT_EQ(icaltimezone_set_component(own, icalcomponent_new_clone(vtz)), 1) << zone;
    doc.zones[zone] = own;

    int repeated = 0;
    for (const auto& [uid, w] : want) repeated += w.repeated ? 1 : 0;
    int in_utc = 0;
    for (icalcomponent* e = icalcomponent_get_first_component(doc.calendar, ICAL_VEVENT_COMPONENT);
         e != nullptr; e = icalcomponent_get_next_component(doc.calendar, ICAL_VEVENT_COMPONENT)) {
      const std::string uid = icalcomponent_get_uid(e);
      auto it = want.find(uid);
      ASSERT_NE(it, want.end()) << uid;
      std::string tzid;
      std::string wall;
      auto at = InstantOf(doc, icalcomponent_get_first_property(e, ICAL_DTSTART_PROPERTY), &tzid,
                          &wall);
      ASSERT_TRUE(at) << uid;
      EXPECT_EQ(*at, it->second.at) << uid << ": written " << wall << " " << tzid;
      if (tzid == "UTC") {
        ++in_utc;
        EXPECT_TRUE(it->second.repeated)
            << uid << " written in UTC but its wall time " << it->second.wall << " is unambiguous";
      } else {
        EXPECT_EQ(tzid, zone);
        EXPECT_EQ(wall, it->second.wall) << uid;
      }
      ++events_checked;
    }
    EXPECT_EQ(in_utc, repeated) << zone;
    written_in_utc += in_utc;
  }
  EXPECT_GE(transitions, 12 * 20);
  EXPECT_GT(events_checked, transitions * 90);
  // One repeated hour per autumn change, at 30-minute steps: four instants each.
  EXPECT_GE(written_in_utc, transitions);
  std::printf(
      "[ calendar ] %zu zones, %d DST transitions 2024-2035, %d events, %d written in UTC "
      "(wall time in a repeated hour)\n",
      zones.size(), transitions, events_checked, written_in_utc);
}

}  // namespace
}  // namespace imedic::testing
