// The access policy, generated from the route table: every route × every
// role × own/other row gets the answer the permissions table and the row
// scopes say it must (allowed / 401 / 403 / 404). A new route is covered
// the moment it is registered, so it cannot ship unguarded.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "db/text_array.hpp"
#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace imedic::testing {
namespace {

using namespace std::string_literals;

struct Persona {
  std::string name;
  std::string user_id;      // empty: anonymous
  std::string own_patient;  // a patient this persona's scope reaches (if any)
  std::string own_lead;     // a lead this persona's scope reaches (if any)
  bool all_patients = false;
  bool all_leads = false;
  std::set<std::string> permissions;
};

// Fixed ids make failures readable.
constexpr const char* kProviderP = "10000000-0000-4000-8000-000000000001";
constexpr const char* kProviderQ = "10000000-0000-4000-8000-000000000002";
constexpr const char* kPatientA = "20000000-0000-4000-8000-00000000000a";
constexpr const char* kPatientB = "20000000-0000-4000-8000-00000000000b";
constexpr const char* kLeadOwn = "30000000-0000-4000-8000-000000000001";
constexpr const char* kLeadOther = "30000000-0000-4000-8000-000000000002";
constexpr const char* kTargetUser = "40000000-0000-4000-8000-0000000000ff";
// Patient A's booking at provider P, patient B's at provider Q.
constexpr const char* kBookingA = "70000000-0000-4000-8000-00000000000a";
constexpr const char* kBookingB = "70000000-0000-4000-8000-00000000000b";
// Patient A's consultation with provider P, patient B's with provider Q.
constexpr const char* kConsultationA = "80000000-0000-4000-8000-00000000000a";
constexpr const char* kConsultationB = "80000000-0000-4000-8000-00000000000b";
// Aftercare items under bookings A and B (the {id} of /follow-ups/{id}…),
// scoped like their bookings.
constexpr const char* kFollowUpA = "90000000-0000-4000-8000-00000000000a";
constexpr const char* kFollowUpB = "90000000-0000-4000-8000-00000000000b";
// A complete 1x1 PNG, for upload routes.
const std::string kTinyPng(
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00"
    "\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\x0d\x49\x44\x41\x54\x78\x9c\x63"
    "\xf8\xff\xff\x3f\x03\x00\x08\xfc\x02\xfe\xa7\x9a\xa0\xa0\x00\x00\x00\x00\x49\x45\x4e\x44"
    "\xae\x42\x60\x82",
    70);

constexpr const char* kFixture = R"sql(
INSERT INTO user_profiles (user_id, first_name, last_name)
  SELECT id, 'First', 'Last' FROM users;
INSERT INTO procedures (id, provider_id, name, category) VALUES
  ('50000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', 'FUE', 'hair_transplant'),
  ('50000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000002', 'DHI', 'hair_transplant');
INSERT INTO patient_profiles (id, user_id, patient_id, medical_condition) VALUES
  ('20000000-0000-4000-8000-00000000000a', '40000000-0000-4000-8000-000000000001', 'PAT-2026-000001', 'hair loss'),
  ('20000000-0000-4000-8000-00000000000b', '40000000-0000-4000-8000-000000000002', 'PAT-2026-000002', 'hair loss');
INSERT INTO medical_histories (patient_profile_id) VALUES
  ('20000000-0000-4000-8000-00000000000a'), ('20000000-0000-4000-8000-00000000000b');
INSERT INTO hair_loss_profiles (patient_profile_id, norwood_scale) VALUES
  ('20000000-0000-4000-8000-00000000000a', 3), ('20000000-0000-4000-8000-00000000000b', 4);
INSERT INTO bookings (id, booking_reference, patient_profile_id, provider_id, procedure_id,
                      procedure_date, procedure_time, total_cost) VALUES
  ('70000000-0000-4000-8000-00000000000a', 'BK-2026-000001', '20000000-0000-4000-8000-00000000000a',
   '10000000-0000-4000-8000-000000000001', '50000000-0000-4000-8000-000000000001', '2026-12-01',
   '09:00', 2500),
  ('70000000-0000-4000-8000-00000000000b', 'BK-2026-000002', '20000000-0000-4000-8000-00000000000b',
   '10000000-0000-4000-8000-000000000002', '50000000-0000-4000-8000-000000000002', '2026-12-02',
   '09:00', 2700);
-- Both bookings are done and have their outcomes, so the outcome routes have rows to read.
UPDATE bookings SET status = 'completed';
INSERT INTO procedure_outcomes (booking_id, success) VALUES
  ('70000000-0000-4000-8000-00000000000a', TRUE), ('70000000-0000-4000-8000-00000000000b', TRUE);
INSERT INTO consultations (id, patient_profile_id, provider_id, procedure_id, scheduled_at,
                          timezone) VALUES
  ('80000000-0000-4000-8000-00000000000a', '20000000-0000-4000-8000-00000000000a',
   '10000000-0000-4000-8000-000000000001', '50000000-0000-4000-8000-000000000001',
   '2027-03-10 14:00Z', 'Europe/Istanbul'),
  ('80000000-0000-4000-8000-00000000000b', '20000000-0000-4000-8000-00000000000b',
   '10000000-0000-4000-8000-000000000002', '50000000-0000-4000-8000-000000000002',
   '2027-03-10 14:00Z', 'Europe/Istanbul');
INSERT INTO follow_up_care (id, booking_id, follow_up_type, scheduled_date, due_at, timezone) VALUES
  ('90000000-0000-4000-8000-00000000000a', '70000000-0000-4000-8000-00000000000a', 'check_in',
   '2026-12-02', '2026-12-02T10:00Z', 'UTC'),
  ('90000000-0000-4000-8000-00000000000b', '70000000-0000-4000-8000-00000000000b', 'check_in',
   '2026-12-03', '2026-12-03T10:00Z', 'UTC');
INSERT INTO care_assignments (staff_user_id, patient_profile_id, kind) VALUES
  ('40000000-0000-4000-8000-000000000006', '20000000-0000-4000-8000-00000000000a', 'care_coordinator'),
  ('40000000-0000-4000-8000-000000000007', '20000000-0000-4000-8000-00000000000a', 'medical');
INSERT INTO leads (id, email, source, assigned_to) VALUES
  ('30000000-0000-4000-8000-000000000001', 'lead1@example.com', 'website', '40000000-0000-4000-8000-000000000004'),
  ('30000000-0000-4000-8000-000000000002', 'lead2@example.com', 'website', '40000000-0000-4000-8000-0000000000ff');
-- Each booking's travel arrangement (the travel routes read and change it).
INSERT INTO travel_arrangements (id, booking_id) VALUES
  ('71000000-0000-4000-8000-00000000000a', '70000000-0000-4000-8000-00000000000a'),
  ('71000000-0000-4000-8000-00000000000b', '70000000-0000-4000-8000-00000000000b');
-- One row of each kind under each arrangement: the /travel/<kind>/{id} routes.
INSERT INTO travel_flights (id, travel_arrangement_id, direction, flight_number, departure_airport,
                            arrival_airport, departs_at, departure_timezone, arrives_at,
                            arrival_timezone)
  SELECT ('72000000-0000-4000-8000-0000000000' || s) :: uuid, ('71000000-0000-4000-8000-0000000000' || s)::uuid,
         'inbound', 'TK1980', 'LHR', 'IST', '2026-11-28 09:00Z', 'Europe/London',
         '2026-11-28 13:00Z', 'Europe/Istanbul'
  FROM (VALUES ('0a'), ('0b')) v (s);
INSERT INTO travel_hotel_stays (id, travel_arrangement_id, hotel_name, address, check_in, check_out)
  SELECT ('73000000-0000-4000-8000-0000000000' || s)::uuid, ('71000000-0000-4000-8000-0000000000' || s)::uuid,
         'Hotel', 'Street 1', '2026-11-28', '2026-12-05'
  FROM (VALUES ('0a'), ('0b')) v (s);
INSERT INTO travel_transfers (id, travel_arrangement_id, kind, pickup_at, pickup_place, dropoff_place)
  SELECT ('74000000-0000-4000-8000-0000000000' || s)::uuid, ('71000000-0000-4000-8000-0000000000' || s)::uuid,
         'airport_to_hotel', '2026-11-28 13:30Z', 'IST', 'Hotel'
  FROM (VALUES ('0a'), ('0b')) v (s);
INSERT INTO travel_companions (id, travel_arrangement_id, full_name)
  SELECT ('75000000-0000-4000-8000-0000000000' || s)::uuid, ('71000000-0000-4000-8000-0000000000' || s)::uuid,
         'Companion'
  FROM (VALUES ('0a'), ('0b')) v (s);
)sql";

// Routes whose handler narrows the route's permission by who the caller is
// to the row: in scope, anyone else is answered 403. Cancelling a
// consultation needs consultations.read (so patients reach it) and then
// being its patient or holding consultations.write (an admin reads
// consultations but does not cancel them). Converting a lead needs
// leads.write and then patients.register.
bool NarrowedAway(const http::Route& route, const Persona& p) {
  if (route.pattern == "/consultations/{id}/cancel") {
    return p.name != "patient" && !p.permissions.contains("consultations.write");
  }
  // Converting a lead registers a patient: leads.write, then patients.register.
  if (route.pattern == "/leads/{id}/convert") return !p.permissions.contains("patients.register");
  return false;
}

class AccessMatrix : public ::testing::Test {
 protected:
  void SetUp() override {
    db::Connection& c = db_.conn();
    AddUser(c, "40000000-0000-4000-8000-000000000001", "pat.a@example.com", "patient", {"patient"});
    AddUser(c, "40000000-0000-4000-8000-000000000002", "pat.b@example.com", "patient", {"patient"});
    AddUser(c, "40000000-0000-4000-8000-000000000003", "clinic@example.com", "provider",
            {"provider_staff"});
    AddUser(c, "40000000-0000-4000-8000-000000000004", "sales@example.com", "staff", {"sales"});
    AddUser(c, "40000000-0000-4000-8000-000000000005", "marketing@example.com", "staff",
            {"marketing"});
    AddUser(c, "40000000-0000-4000-8000-000000000006", "coordinator@example.com", "staff",
            {"care_coordinator"});
    AddUser(c, "40000000-0000-4000-8000-000000000007", "doctor@example.com", "staff", {"medical"});
    AddUser(c, "40000000-0000-4000-8000-000000000008", "admin@example.com", "admin", {"admin"});
    AddUser(c, "40000000-0000-4000-8000-000000000009", "auditor@example.com", "staff", {"auditor"});
    AddUser(c, "40000000-0000-4000-8000-00000000000a", "privacy@example.com", "staff",
            {"privacy_officer"});
    AddUser(c, kTargetUser, "target@example.com", "staff", {"sales"});
    AddProvider(c, {kProviderP, "Clinic P"});
    AddProvider(c, {kProviderQ, "Clinic Q"});
    AddProviderMember(c, "40000000-0000-4000-8000-000000000003", kProviderP);
    ASSERT_TRUE(c.Exec(kFixture)) << "fixture failed";
    auto add = [&](std::string name, const std::string& id, std::string patient, std::string lead,
                   bool all_patients = false, bool all_leads = false) {
      Persona p{std::move(name), id, std::move(patient), std::move(lead), all_patients,
                all_leads,       {}};
      if (!id.empty()) {
        auto r = db_.conn().ExecParams(
            "SELECT COALESCE(array_agg(DISTINCT rp.permission), '{}') FROM user_roles ur "
            "JOIN role_permissions rp ON rp.role = ur.role WHERE ur.user_id = $1",
            db::Params{id});
        for (auto& perm : db::ParseTextArray(r->Get(0, 0))) p.permissions.insert(perm);
      }
      personas_.push_back(std::move(p));
    };
    add("anonymous", "", "", "");
    add("patient", "40000000-0000-4000-8000-000000000001", kPatientA, "");
    add("provider_staff", "40000000-0000-4000-8000-000000000003", kPatientA, "");
    add("sales", "40000000-0000-4000-8000-000000000004", "", kLeadOwn);
    add("marketing", "40000000-0000-4000-8000-000000000005", "", "");
    add("care_coordinator", "40000000-0000-4000-8000-000000000006", kPatientA, "");
    add("medical", "40000000-0000-4000-8000-000000000007", kPatientA, "");
    add("admin", "40000000-0000-4000-8000-000000000008", kPatientA, kLeadOwn, true, true);
    add("auditor", "40000000-0000-4000-8000-000000000009", "", "");
    add("privacy_officer", "40000000-0000-4000-8000-00000000000a", "", "");
  }

  // A fresh session for every call, so routes that end sessions do not
  // disturb the next one. Second factor counted as passed.
  std::string Token(const Persona& p) {
    return p.user_id.empty() ? "" : MintSession(db_.conn(), p.user_id);
  }

  // Soft deletes by one persona must not turn the next persona's reads into 410s.
  void UndeleteEverything() {
    for (const char* table :
         {"patient_profiles", "medical_histories", "hair_loss_profiles", "user_profiles",
          "providers", "procedures", "provider_availability"}) {
      auto r = db_.conn().Exec(std::string("UPDATE ") + table + " SET deleted = FALSE");
      EXPECT_TRUE(r) << table;
    }
  }

  static std::string Fill(std::string pattern, const std::string& id) {
    auto replace = [&](const std::string& from, const std::string& to) {
      for (auto at = pattern.find(from); at != std::string::npos; at = pattern.find(from)) {
        pattern.replace(at, from.size(), to);
      }
    };
    replace("{id}", id);
    replace("{role}", "sales");
    replace("{provider}", "google");
    return pattern;
  }

  TestDatabase db_;
  TestServer server_{db_.conninfo()};
  std::vector<Persona> personas_;
};

TEST_F(AccessMatrix, EveryRouteEveryRoleOwnAndOtherRows) {
  std::ostringstream failures;
  int checked = 0;
  for (const http::Route& route : server_.app().router().routes()) {
    if (route.permission == http::kPublic) continue;
    for (const Persona& p : personas_) {
      // (row id, true when the persona's scope reaches it)
      std::vector<std::pair<std::string, bool>> variants;
      switch (route.row) {
        case http::RowKind::kPatient:
          variants = {{kPatientA, p.own_patient == kPatientA || p.all_patients},
                      {kPatientB, p.all_patients}};
          break;
        case http::RowKind::kLead:
          variants = {{kLeadOwn, p.own_lead == kLeadOwn || p.all_leads}, {kLeadOther, p.all_leads}};
          break;
        case http::RowKind::kBooking:
          // Booking A is patient A's at provider P: it is in the scope of
          // those who reach patient A (the patient, P's staff, A's
          // coordinator and clinician) and of admins; booking B only admins'.
          variants = {{kBookingA, p.own_patient == kPatientA || p.all_patients},
                      {kBookingB, p.all_patients}};
          break;
        case http::RowKind::kConsultation:
          // Scoped like the bookings: A's with P, B's with Q.
          variants = {{kConsultationA, p.own_patient == kPatientA || p.all_patients},
                      {kConsultationB, p.all_patients}};
          break;
        case http::RowKind::kProvider: variants = {{kProviderP, true}}; break;
        case http::RowKind::kUser: variants = {{kTargetUser, true}}; break;
        default: variants = {{"60000000-0000-4000-8000-000000000000", true}};
      }
      // A follow-up item is scoped like its booking (A's item: booking A).
      const bool follow_up_row = route.pattern.starts_with("/follow-ups/{id}");
      if (follow_up_row) {
        variants = {{kFollowUpA, p.own_patient == kPatientA || p.all_patients},
                    {kFollowUpB, p.all_patients}};
      }
      for (const auto& [row, reachable] : variants) {
        std::string path = Fill(route.pattern, row);
        std::string body = route.body == http::BodyKind::kJson ? "{}" : "";
        std::string content_type = "application/json";
        if (route.body == http::BodyKind::kBinary) {
          // The binary routes are uploads: a valid 1x1 PNG of an allowed kind.
          body = kTinyPng;
          content_type = "image/png";
          path += "?kind=hair_loss_photo";
        }
        std::map<std::string, std::string> headers;
        if (std::string token = Token(p); !token.empty()) {
          headers["Authorization"] = "Bearer " + token;
        }
        auto r = Request(server_.port(), route.method, path, body, content_type, headers);
        ++checked;
        if (!r) {
          failures << route.method << " " << path << " as " << p.name << ": no answer\n";
          continue;
        }
        // Every GET answers HEAD alike: the same status and length, no body.
        if (route.method == "GET") {
          auto h = Request(server_.port(), "HEAD", path, "", content_type, headers);
          if (!h || h->status != r->status || !h->body.empty() ||
              h->Header("content-length").empty()) {
            failures << "HEAD " << path << " as " << p.name << ": got "
                     << (h ? std::to_string(h->status) : "no answer") << ", GET got " << r->status
                     << "\n";
          }
        }
        const bool self_route = route.permission == http::kAuthenticated ||
                                route.permission == http::kAuthenticatedPreMfa;
        const bool scoped_row = route.row == http::RowKind::kPatient ||
                                route.row == http::RowKind::kLead ||
                                route.row == http::RowKind::kBooking ||
                                route.row == http::RowKind::kConsultation || follow_up_row;
        std::string expected;
        bool ok = false;
        if (p.user_id.empty()) {
          expected = "401";
          ok = r->status == 401;
        } else if (!self_route && !p.permissions.contains(route.permission)) {
          expected = "403";
          ok = r->status == 403;
        } else if (scoped_row && !reachable) {
          expected = "404 (outside scope)";
          ok = r->status == 404;
        } else if (NarrowedAway(route, p)) {
          expected = "403 (narrowed by the handler)";
          ok = r->status == 403;
        } else if (scoped_row && route.method == "GET") {
          expected = "allowed (2xx)";
          ok = r->status >= 200 && r->status < 300;
        } else if (scoped_row) {
          // A write in scope may still be refused on its merits (409: the
          // record exists already; 409 restoring a live record), never as
          // unseen or forbidden.
          expected = "allowed (not 401/403/404)";
          ok = r->status != 401 && r->status != 403 && r->status != 404 && r->status < 500;
        } else {
          expected = "allowed (not 401/403)";
          ok = r->status != 401 && r->status != 403 && r->status < 500;
        }
        if (!ok) {
          failures << route.method << " " << path << " as " << p.name << ": got " << r->status
                   << ", expected " << expected << "\n";
        }
        if (route.method == "DELETE" && r->status == 204) UndeleteEverything();
      }
    }
  }
  EXPECT_EQ(failures.str(), "");
  EXPECT_GT(checked, 100);
}

// The consent ledger's row scope (/users/{id}/consents names a user, so the
// generated matrix only sees the target user): recording reaches the
// patients a coordinator looks after and nobody else; reading is the privacy
// officer's and the admin's, of anyone; a patient only has /me/consents.
TEST_F(AccessMatrix, ConsentLedgerScope) {
  const std::string a = "/users/40000000-0000-4000-8000-000000000001/consents";
  const std::string b = "/users/40000000-0000-4000-8000-000000000002/consents";
  const nlohmann::json body = {
      {"purpose", "marketing_sms"}, {"action", "withdrawn"}, {"channel", "phone"}};
  auto as = [&](std::size_t persona, const std::string& method, const std::string& path) {
    auto r = Authed(server_.port(), Token(personas_[persona]), method, path,
                    method == "POST" ? body.dump() : "");
    return r ? r->status : 0;
  };
  // personas_: 1 patient (A), 3 sales, 4 marketing, 5 coordinator (of A), 7 admin,
  // 9 privacy_officer.
  ASSERT_EQ(personas_[9].name, "privacy_officer");
  EXPECT_EQ(as(5, "POST", a), 201);
  EXPECT_EQ(as(5, "POST", b), 404) << "B is not the coordinator's patient";
  EXPECT_EQ(as(5, "GET", a), 403);
  EXPECT_EQ(as(1, "POST", a), 403) << "patients use /me/consents";
  EXPECT_EQ(as(1, "GET", a), 403);
  EXPECT_EQ(as(4, "GET", a), 403);
  EXPECT_EQ(as(4, "POST", a), 403);
  EXPECT_EQ(as(3, "POST", a), 404) << "no lead of theirs behind A";
  EXPECT_EQ(as(9, "GET", b), 200);
  EXPECT_EQ(as(9, "POST", b), 201);
  EXPECT_EQ(as(7, "GET", a), 200);
  EXPECT_EQ(as(1, "GET", "/me/consents"), 200);
}

// The inbox's row scope (/conversations/{id} names a conversation, which the
// generated matrix does not know): a coordinator reaches the conversations
// of their patients, sales those of their leads' users, marketing none; a
// patient reads only their own through /me.
TEST_F(AccessMatrix, ConversationScope) {
  db::Connection& c = db_.conn();
  const std::string lead_user = "40000000-0000-4000-8000-0000000000c1";
  AddUser(c, lead_user, "lead.user@example.com", "patient", {"patient"});
  ASSERT_TRUE(c.ExecParams("UPDATE leads SET user_id = $1 WHERE id = $2",
                           db::Params{lead_user, std::string(kLeadOwn)}));
  const std::string conv_a = "c0000000-0000-4000-8000-00000000000a";
  const std::string conv_b = "c0000000-0000-4000-8000-00000000000b";
  const std::string conv_lead = "c0000000-0000-4000-8000-0000000000c1";
  ASSERT_TRUE(c.ExecParams(
      "INSERT INTO conversation_sessions (id, user_id, session_id, channel_type) VALUES "
      "($1, '40000000-0000-4000-8000-000000000001', 'a', 'whatsapp'), "
      "($2, '40000000-0000-4000-8000-000000000002', 'b', 'whatsapp'), ($3, $4, 'l', 'whatsapp')",
      db::Params{conv_a, conv_b, conv_lead, lead_user}));
  auto as = [&](std::size_t persona, const std::string& path) {
    auto r = Authed(server_.port(), Token(personas_[persona]), "GET", path);
    return r ? r->status : 0;
  };
  // personas_: 1 patient (A), 3 sales (own lead), 4 marketing, 5 coordinator (of A), 7 admin.
  ASSERT_EQ(personas_[5].name, "care_coordinator");
  EXPECT_EQ(as(5, "/conversations/" + conv_a), 200);
  EXPECT_EQ(as(5, "/conversations/" + conv_a + "/messages"), 200);
  EXPECT_EQ(as(5, "/conversations/" + conv_b), 404);
  EXPECT_EQ(as(5, "/conversations/" + conv_lead), 404);
  EXPECT_EQ(as(3, "/conversations/" + conv_lead), 200);
  EXPECT_EQ(as(3, "/conversations/" + conv_a), 404);
  EXPECT_EQ(as(4, "/conversations/" + conv_a), 403);
  EXPECT_EQ(as(4, "/conversations"), 403);
  EXPECT_EQ(as(1, "/me/conversations/" + conv_a + "/messages"), 200);
  EXPECT_EQ(as(1, "/me/conversations/" + conv_b + "/messages"), 404);
  EXPECT_EQ(as(1, "/conversations/" + conv_b), 404);
  EXPECT_EQ(as(1, "/conversations/" + conv_a), 404) << "patients read their own through /me";
  EXPECT_EQ(as(7, "/conversations/" + conv_a), 403) << "admins hold no messages permission";
}

// The export routes' row scope (/users/{id}/export names a user and
// /exports/{id} a request, which the generated matrix sees only as the
// target user and an unknown id): anyone exports themselves; exporting
// someone else needs privacy.export and users.read (privacy officer, admin);
// a request is seen by its subject, whoever asked for it and those two
// roles, and is 404 to everyone else.
TEST_F(AccessMatrix, ExportScope) {
  const std::string user_a = "40000000-0000-4000-8000-000000000001";
  auto as = [&](std::size_t persona, const std::string& method, const std::string& path) {
    auto r = Authed(server_.port(), Token(personas_[persona]), method, path, "");
    return r ? r->status : 0;
  };
  // personas_: 1 patient (A), 2 provider staff, 3 sales, 5 coordinator (of A),
  // 7 admin, 8 auditor, 9 privacy_officer.
  ASSERT_EQ(personas_[9].name, "privacy_officer");
  EXPECT_EQ(as(3, "POST", "/users/" + user_a + "/export"), 403) << "sales: no privacy.export";
  EXPECT_EQ(as(5, "POST", "/users/" + user_a + "/export"), 403);
  EXPECT_EQ(as(1, "POST", "/users/"s + kTargetUser + "/export"), 404)
      << "a patient exports only themselves";
  EXPECT_EQ(as(1, "POST", "/users/" + user_a + "/export"), 202);
  auto r = Authed(server_.port(), Token(personas_[9]), "POST", "/users/"s + kTargetUser + "/export",
                  "");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 202) << r->body;
  const std::string id = nlohmann::json::parse(r->body)["id"];
  const std::string path = "/exports/" + id;
  EXPECT_EQ(as(9, "GET", path), 200) << "who asked";
  EXPECT_EQ(as(7, "GET", path), 200) << "admin";
  for (std::size_t other : {1U, 2U, 3U, 5U, 8U}) {
    EXPECT_EQ(as(other, "GET", path), 404) << personas_[other].name;
    EXPECT_EQ(as(other, "GET", path + "/download?token=x"), 404) << personas_[other].name;
  }
  EXPECT_EQ(as(3, "GET", "/me/exports"), 200);
  EXPECT_EQ(as(8, "POST", "/me/export"), 202) << "everyone may export themselves";
}

TEST_F(AccessMatrix, EveryRoutePermissionExistsInThePermissionsTable) {
  auto r = db_.conn().Exec("SELECT array_agg(name) FROM permissions");
  std::set<std::string> known;
  for (auto& n : db::ParseTextArray(r->Get(0, 0))) known.insert(n);
  for (const http::Route& route : server_.app().router().routes()) {
    if (route.permission == http::kPublic || route.permission == http::kAuthenticated ||
        route.permission == http::kAuthenticatedPreMfa) {
      continue;
    }
    EXPECT_TRUE(known.contains(route.permission))
        << route.method << " " << route.pattern << " names unknown permission " << route.permission;
    EXPECT_TRUE(route.audit_tag == "none" || route.audit_tag == "read" ||
                route.audit_tag == "write")
        << route.pattern;
  }
}

TEST_F(AccessMatrix, PatientCannotReadAnotherPatientsRecord) {
  const Persona& patient = personas_[1];
  auto own = Authed(server_.port(), Token(patient), "GET", std::string("/patients/") + kPatientA);
  auto other = Authed(server_.port(), Token(patient), "GET", std::string("/patients/") + kPatientB);
  auto missing = Authed(server_.port(), Token(patient), "GET",
                        "/patients/20000000-0000-4000-8000-0000000000ee");
  ASSERT_TRUE(own && other && missing);
  EXPECT_EQ(own->status, 200);
  EXPECT_EQ(other->status, 404);
  // Another patient's record and a record that does not exist look the same.
  auto a = nlohmann::json::parse(other->body);
  auto b = nlohmann::json::parse(missing->body);
  for (const char* key : {"type", "title", "status", "detail"}) EXPECT_EQ(a[key], b[key]) << key;
  auto reads = db_.conn().Exec(
      "SELECT count(*) FROM audit_log WHERE action = 'read' AND table_name = 'patient_profiles'");
  EXPECT_EQ(reads->Get(0, 0), "1") << "only the successful read is audited";
}

TEST_F(AccessMatrix, SalesCannotReadAnyMedicalTable) {
  const Persona& sales = personas_[3];
  for (const auto& perm : sales.permissions) {
    EXPECT_EQ(perm.find("medical"), std::string::npos) << perm;
    // Registering a patient on their behalf (a converted lead, a walk-in)
    // writes a profile and answers only its ids and reference; no other
    // patients.* permission reaches sales.
    if (perm == "patients.register") continue;
    EXPECT_NE(perm.rfind("patients.", 0), 0u) << perm;
  }
  auto history = Authed(server_.port(), Token(sales), "GET",
                        std::string("/patients/") + kPatientA + "/medical-history");
  EXPECT_EQ(history->status, 403);
  auto profile = Authed(server_.port(), Token(sales), "GET", std::string("/patients/") + kPatientA);
  EXPECT_EQ(profile->status, 403);
  auto lead = Authed(server_.port(), Token(sales), "GET", std::string("/leads/") + kLeadOwn);
  EXPECT_EQ(lead->status, 200);
}

TEST_F(AccessMatrix, LeadScopeSettingWidensSalesView) {
  const Persona& sales = personas_[3];
  EXPECT_EQ(
      Authed(server_.port(), Token(sales), "GET", std::string("/leads/") + kLeadOther)->status,
      404);
  ASSERT_TRUE(
      db_.conn().Exec("UPDATE access_settings SET value = 'all' WHERE key = 'sales.lead_scope'"));
  EXPECT_EQ(
      Authed(server_.port(), Token(sales), "GET", std::string("/leads/") + kLeadOther)->status,
      200);
}

TEST_F(AccessMatrix, SeveralRolesSeeTheUnionOfTheirScopes) {
  // The clinic user (provider_staff at P, so sees patient A) is also a
  // clinician assigned to patient B: both are visible, nothing else.
  const Persona& clinic = personas_[2];
  std::string b = std::string("/patients/") + kPatientB;
  EXPECT_EQ(Authed(server_.port(), Token(clinic), "GET", b)->status, 404);
  ASSERT_TRUE(
      db_.conn().ExecParams("INSERT INTO user_roles (user_id, role) VALUES ($1, 'medical'); ",
                            db::Params{clinic.user_id}));
  ASSERT_TRUE(db_.conn().ExecParams(
      "INSERT INTO care_assignments (staff_user_id, patient_profile_id, kind) "
      "VALUES ($1, $2, 'medical')",
      db::Params{clinic.user_id, kPatientB}));
  // The role was granted behind the server's back: wait for its notification.
  ASSERT_TRUE(server_.app().SyncAccessChanges());
  EXPECT_EQ(Authed(server_.port(), Token(clinic), "GET", b)->status, 200);
  EXPECT_EQ(
      Authed(server_.port(), Token(clinic), "GET", std::string("/patients/") + kPatientA)->status,
      200);
}

TEST_F(AccessMatrix, BreakGlassOpensOnePatientLoudly) {
  const Persona& doctor = personas_[6];
  std::string path = std::string("/patients/") + kPatientB + "/medical-history";
  EXPECT_EQ(Authed(server_.port(), Token(doctor), "GET", path)->status, 404);
  nlohmann::json body = {{"patient_profile_id", kPatientB},
                         {"reason", "patient unconscious in ER, allergy check"}};
  auto grant = Authed(server_.port(), Token(doctor), "POST", "/break-glass", body.dump());
  ASSERT_EQ(grant->status, 201) << grant->body;
  EXPECT_EQ(Authed(server_.port(), Token(doctor), "GET", path)->status, 200);
  auto audit = db_.conn().ExecParams(
      "SELECT reason FROM audit_log WHERE action = 'break_glass' AND subject_patient_profile_id = "
      "$1",
      db::Params{kPatientB});
  ASSERT_EQ(audit->rows(), 1);
  EXPECT_EQ(audit->Get(0, 0), "patient unconscious in ER, allergy check");
  // Coordinators hold no break-glass permission.
  EXPECT_EQ(
      Authed(server_.port(), Token(personas_[5]), "POST", "/break-glass", body.dump())->status,
      403);
}

// The travel routes whose {id} is not a booking (the generated matrix sees
// them as unscoped): the rows under patient A's arrangement (own) and
// patient B's (other), and the patient's own itinerary.
TEST_F(AccessMatrix, TravelRowsOwnAndOther) {
  // The first UUID group of each kind's fixture rows, by path segment.
  const std::map<std::string, std::string> prefix = {{"flights", "72000000"},
                                                     {"hotel-stays", "73000000"},
                                                     {"transfers", "74000000"},
                                                     {"companions", "75000000"}};
  std::ostringstream failures;
  int checked = 0;
  for (const http::Route& route : server_.app().router().routes()) {
    const bool leg = route.pattern.starts_with("/travel/");
    const bool mine = route.pattern == "/me/bookings/{id}/itinerary.ics";
    if (!leg && !mine) continue;
    std::string segment;
    if (leg) {
      segment = route.pattern.substr(8, route.pattern.find('/', 8) - 8);
      EXPECT_TRUE(prefix.contains(segment)) << route.pattern;
    }
    for (const Persona& p : personas_) {
      for (const bool own : {true, false}) {
        const std::string suffix = own ? "0a" : "0b";
        const std::string row = leg ? prefix.at(segment) + "-0000-4000-8000-0000000000" + suffix
                                    : (own ? kBookingA : kBookingB);
        std::string path = Fill(route.pattern, row);
        std::map<std::string, std::string> headers;
        if (std::string token = Token(p); !token.empty()) {
          headers["Authorization"] = "Bearer " + token;
        }
        auto r = Request(server_.port(), route.method, path,
                         route.body == http::BodyKind::kJson ? "{}" : "", "application/json",
                         headers);
        ++checked;
        if (!r) {
          failures << route.method << " " << path << " as " << p.name << ": no answer\n";
          continue;
        }
        // The patient's own itinerary is their own booking's only; the rows
        // under a booking follow the booking's scope.
        const bool reachable = mine ? (p.name == "patient" && own)
                                    : (own ? p.own_patient == kPatientA || p.all_patients
                                           : p.all_patients);
        int expected = 0;
        if (p.user_id.empty()) {
          expected = 401;
        } else if (!p.permissions.contains(route.permission)) {
          expected = 403;
        } else if (!reachable) {
          expected = 404;
        } else {
          expected = route.method == "DELETE" ? 204 : 200;
        }
        if (r->status != expected) {
          failures << route.method << " " << path << " as " << p.name << ": got " << r->status
                   << ", expected " << expected << "\n";
        }
        if (route.method == "DELETE" && r->status == 204) {
          for (const char* table :
               {"travel_flights", "travel_hotel_stays", "travel_transfers", "travel_companions"}) {
            EXPECT_TRUE(db_.conn().Exec(std::string("UPDATE ") + table + " SET deleted = FALSE"));
          }
        }
      }
    }
  }
  EXPECT_EQ(failures.str(), "");
  // (4 kinds × PATCH, DELETE + the itinerary) × 2 rows × every persona
  EXPECT_EQ(checked, 9 * 2 * static_cast<int>(personas_.size()));
}

}  // namespace
}  // namespace imedic::testing
