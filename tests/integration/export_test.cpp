// Data export (issue 14, item 3) on the real server and a real PostgreSQL:
// a patient with rows in every table that holds personal data and a stored
// photo asks for an export; the job builds it; the archive holds exactly the
// rows SQL counts per table, every sealed value opened, the photo's bytes,
// no secret hashes, and a FHIR R4 bundle that validates against the official
// JSON Schema (tests/fhir_validate.mjs, with a broken bundle that must fail
// it); the link works for the patient only, is audited on every download,
// and dies with the archive's 24 hours.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/random.hpp"
#include "domains/exports/export_job.hpp"
#include "domains/exports/tar_writer.hpp"
#include "domains/privacy/data_keys.hpp"
#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace imedic::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using namespace std::string_literals;

constexpr const char* kUserA = "40000000-0000-4000-8000-000000000001";
constexpr const char* kUserB = "40000000-0000-4000-8000-000000000002";
constexpr const char* kDoctor = "40000000-0000-4000-8000-000000000007";
constexpr const char* kOfficer = "40000000-0000-4000-8000-00000000000f";
constexpr const char* kProviderP = "10000000-0000-4000-8000-000000000001";
constexpr const char* kPatientA = "20000000-0000-4000-8000-00000000000a";
constexpr const char* kConsultation = "80000000-0000-4000-8000-00000000000a";
constexpr const char* kOutcome = "76000000-0000-4000-8000-00000000000a";
constexpr const char* kMessage = "77000000-0000-4000-8000-00000000000a";

// Rows of patient A in the tables the routes do not fill below, and of
// patient B (who must not appear in A's archive). Secret hashes carry a
// marker the archive must not hold.
constexpr const char* kFixture = R"sql(
INSERT INTO user_profiles (user_id, first_name, last_name, date_of_birth, gender)
  SELECT id, 'First', 'Last', '1985-04-02', 'male' FROM users;
INSERT INTO user_credentials (user_id, password_hash, totp_secret_sealed) VALUES
  ('40000000-0000-4000-8000-000000000001', 'SECRET-HASH-pw', 'SECRET-HASH-totp');
INSERT INTO recovery_codes (user_id, code_hash) VALUES
  ('40000000-0000-4000-8000-000000000001', 'SECRET-HASH-rc');
INSERT INTO api_tokens (user_id, name, token_hash, scopes) VALUES
  ('40000000-0000-4000-8000-000000000001', 'mine', 'SECRET-HASH-api', '{}');
INSERT INTO verification_codes (user_id, purpose, code_hash, expires_at) VALUES
  ('40000000-0000-4000-8000-000000000001', 'email_verification', 'SECRET-HASH-vc', now() + interval '1 hour');
INSERT INTO external_identities (user_id, provider, subject) VALUES
  ('40000000-0000-4000-8000-000000000001', 'google', 'g-123');
INSERT INTO outbox (user_id, channel, recipient, template, payload) VALUES
  ('40000000-0000-4000-8000-000000000001', 'email', 'pat.a@example.com', 'verify_email',
   '{"code": "SECRET-HASH-code"}');
INSERT INTO procedures (id, provider_id, name, category) VALUES
  ('50000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', 'FUE', 'hair_transplant');
INSERT INTO patient_profiles (id, user_id, patient_id, medical_condition) VALUES
  ('20000000-0000-4000-8000-00000000000a', '40000000-0000-4000-8000-000000000001', 'PAT-2026-000001', 'hair loss'),
  ('20000000-0000-4000-8000-00000000000b', '40000000-0000-4000-8000-000000000002', 'PAT-2026-000002', 'hair loss');
INSERT INTO care_assignments (staff_user_id, patient_profile_id, kind) VALUES
  ('40000000-0000-4000-8000-000000000007', '20000000-0000-4000-8000-00000000000a', 'medical'),
  ('40000000-0000-4000-8000-000000000007', '20000000-0000-4000-8000-00000000000b', 'medical');
INSERT INTO break_glass_grants (user_id, patient_profile_id, reason, expires_at) VALUES
  ('40000000-0000-4000-8000-000000000007', '20000000-0000-4000-8000-00000000000a',
   'emergency at the clinic', now() + interval '1 hour');
INSERT INTO bookings (id, booking_reference, patient_profile_id, provider_id, procedure_id,
                      procedure_date, procedure_time, total_cost, status) VALUES
  ('70000000-0000-4000-8000-00000000000a', 'BK-2026-000001', '20000000-0000-4000-8000-00000000000a',
   '10000000-0000-4000-8000-000000000001', '50000000-0000-4000-8000-000000000001', '2026-12-01',
   '09:00', 2500, 'completed'),
  ('70000000-0000-4000-8000-00000000000b', 'BK-2026-000002', '20000000-0000-4000-8000-00000000000b',
   '10000000-0000-4000-8000-000000000001', '50000000-0000-4000-8000-000000000001', '2026-12-02',
   '09:00', 2700, 'completed');
INSERT INTO payment_ledger (booking_id, kind, amount_minor, currency, method) VALUES
  ('70000000-0000-4000-8000-00000000000a', 'deposit', 50000, 'EUR', 'card'),
  ('70000000-0000-4000-8000-00000000000b', 'deposit', 50000, 'EUR', 'card');
INSERT INTO consultations (id, patient_profile_id, provider_id, procedure_id, scheduled_at,
                           timezone) VALUES
  ('80000000-0000-4000-8000-00000000000a', '20000000-0000-4000-8000-00000000000a',
   '10000000-0000-4000-8000-000000000001', '50000000-0000-4000-8000-000000000001',
   '2027-03-10 14:00Z', 'Europe/Istanbul');
INSERT INTO consultation_quotes (consultation_id, version, procedure_id, price_minor, currency,
                                 valid_until)
  VALUES ('80000000-0000-4000-8000-00000000000a', 1, '50000000-0000-4000-8000-000000000001',
          250000, 'EUR', now() + interval '30 days');
INSERT INTO travel_arrangements (id, booking_id) VALUES
  ('71000000-0000-4000-8000-00000000000a', '70000000-0000-4000-8000-00000000000a'),
  ('71000000-0000-4000-8000-00000000000b', '70000000-0000-4000-8000-00000000000b');
INSERT INTO travel_flights (travel_arrangement_id, direction, flight_number, departure_airport,
                            arrival_airport, departs_at, departure_timezone, arrives_at,
                            arrival_timezone)
  VALUES ('71000000-0000-4000-8000-00000000000a', 'inbound', 'TK1980', 'LHR', 'IST',
          '2026-11-28 09:00Z', 'Europe/London', '2026-11-28 13:00Z', 'Europe/Istanbul');
INSERT INTO travel_hotel_stays (travel_arrangement_id, hotel_name, address, check_in, check_out)
  VALUES ('71000000-0000-4000-8000-00000000000a', 'Hotel', 'Street 1', '2026-11-28', '2026-12-05');
INSERT INTO travel_transfers (travel_arrangement_id, kind, pickup_at, pickup_place, dropoff_place)
  VALUES ('71000000-0000-4000-8000-00000000000a', 'airport_to_hotel', '2026-11-28 13:30Z', 'IST', 'Hotel');
INSERT INTO travel_companions (travel_arrangement_id, full_name)
  VALUES ('71000000-0000-4000-8000-00000000000a', 'Companion Person');
INSERT INTO follow_up_care (booking_id, follow_up_type, scheduled_date, due_at, timezone) VALUES
  ('70000000-0000-4000-8000-00000000000a', 'check_in', '2026-12-02', '2026-12-02T10:00Z', 'UTC');
INSERT INTO reviews (patient_profile_id, provider_id, booking_id, rating, content) VALUES
  ('20000000-0000-4000-8000-00000000000a', '10000000-0000-4000-8000-000000000001',
   '70000000-0000-4000-8000-00000000000a', 5, 'Great care');
INSERT INTO patient_journey_events (patient_profile_id, event_type, stage) VALUES
  ('20000000-0000-4000-8000-00000000000a', 'website_visit', 'discovery'),
  ('20000000-0000-4000-8000-00000000000b', 'website_visit', 'discovery');
INSERT INTO communication_channels (id, user_id, channel_type, channel_value) VALUES
  ('78000000-0000-4000-8000-00000000000a', '40000000-0000-4000-8000-000000000001', 'whatsapp', '+905551112233');
INSERT INTO channel_consent_events (channel_id, state, method) VALUES
  ('78000000-0000-4000-8000-00000000000a', 'opted_in', 'staff');
INSERT INTO conversation_sessions (user_id, session_id, channel_type) VALUES
  ('40000000-0000-4000-8000-000000000001', 'wa-1', 'whatsapp');
INSERT INTO leads (id, user_id, email, source) VALUES
  ('30000000-0000-4000-8000-000000000001', '40000000-0000-4000-8000-000000000001', 'pat.a@example.com', 'website'),
  ('30000000-0000-4000-8000-000000000002', '40000000-0000-4000-8000-000000000002', 'pat.b@example.com', 'website');
INSERT INTO lead_touches (lead_id, channel, utm_source) VALUES
  ('30000000-0000-4000-8000-000000000001', 'website', 'google');
INSERT INTO lead_activities (lead_id, kind, body) VALUES
  ('30000000-0000-4000-8000-000000000001', 'note', 'Called, interested in FUE');
INSERT INTO consent_events (lead_id, purpose, action, text_version, text_sha256, channel) VALUES
  ('30000000-0000-4000-8000-000000000001', 'marketing_email', 'given', '2026-11', repeat('b', 64), 'web');
)sql";

// The tables of the archive and how SQL counts the subject's rows in each,
// written here independently of the export's own statement.
const std::map<std::string, std::string>& CountQueries() {
  static const std::map<std::string, std::string> q = {
      {"users", "SELECT count(*) FROM users WHERE id = $1"},
      {"user_profiles", "SELECT count(*) FROM user_profiles WHERE user_id = $1"},
      {"user_roles", "SELECT count(*) FROM user_roles WHERE user_id = $1"},
      {"user_credentials", "SELECT count(*) FROM user_credentials WHERE user_id = $1"},
      {"recovery_codes", "SELECT count(*) FROM recovery_codes WHERE user_id = $1"},
      {"sessions", "SELECT count(*) FROM sessions WHERE user_id = $1"},
      {"api_tokens", "SELECT count(*) FROM api_tokens WHERE user_id = $1"},
      {"verification_codes", "SELECT count(*) FROM verification_codes WHERE user_id = $1"},
      {"external_identities", "SELECT count(*) FROM external_identities WHERE user_id = $1"},
      {"outbox", "SELECT count(*) FROM outbox WHERE user_id = $1"},
      {"provider_members", "SELECT count(*) FROM provider_members WHERE user_id = $1"},
      {"care_assignments",
       "SELECT count(*) FROM care_assignments c JOIN patient_profiles p "
       "ON p.id = c.patient_profile_id WHERE p.user_id = $1"},
      {"break_glass_grants",
       "SELECT count(*) FROM break_glass_grants c JOIN patient_profiles p "
       "ON p.id = c.patient_profile_id WHERE p.user_id = $1"},
      {"lead_team_members", "SELECT count(*) FROM lead_team_members WHERE user_id = $1"},
      {"patient_profiles", "SELECT count(*) FROM patient_profiles WHERE user_id = $1"},
      {"medical_histories",
       "SELECT count(*) FROM medical_histories m JOIN patient_profiles p "
       "ON p.id = m.patient_profile_id WHERE p.user_id = $1"},
      {"hair_loss_profiles",
       "SELECT count(*) FROM hair_loss_profiles m JOIN patient_profiles p "
       "ON p.id = m.patient_profile_id WHERE p.user_id = $1"},
      {"consultations",
       "SELECT count(*) FROM consultations m JOIN patient_profiles p "
       "ON p.id = m.patient_profile_id WHERE p.user_id = $1"},
      {"consultation_quotes",
       "SELECT count(*) FROM consultation_quotes q JOIN consultations m ON m.id = "
       "q.consultation_id JOIN patient_profiles p ON p.id = m.patient_profile_id "
       "WHERE p.user_id = $1"},
      {"bookings",
       "SELECT count(*) FROM bookings m JOIN patient_profiles p "
       "ON p.id = m.patient_profile_id WHERE p.user_id = $1"},
      {"payment_ledger",
       "SELECT count(*) FROM payment_ledger x JOIN bookings m ON m.id = x.booking_id "
       "JOIN patient_profiles p ON p.id = m.patient_profile_id WHERE p.user_id = $1"},
      {"travel_arrangements",
       "SELECT count(*) FROM travel_arrangements x JOIN bookings m ON m.id = x.booking_id "
       "JOIN patient_profiles p ON p.id = m.patient_profile_id WHERE p.user_id = $1"},
      {"travel_flights",
       "SELECT count(*) FROM travel_flights f JOIN travel_arrangements x ON x.id = "
       "f.travel_arrangement_id JOIN bookings m ON m.id = x.booking_id "
       "JOIN patient_profiles p ON p.id = m.patient_profile_id WHERE p.user_id = $1"},
      {"travel_hotel_stays",
       "SELECT count(*) FROM travel_hotel_stays f JOIN travel_arrangements x ON x.id = "
       "f.travel_arrangement_id JOIN bookings m ON m.id = x.booking_id "
       "JOIN patient_profiles p ON p.id = m.patient_profile_id WHERE p.user_id = $1"},
      {"travel_transfers",
       "SELECT count(*) FROM travel_transfers f JOIN travel_arrangements x ON x.id = "
       "f.travel_arrangement_id JOIN bookings m ON m.id = x.booking_id "
       "JOIN patient_profiles p ON p.id = m.patient_profile_id WHERE p.user_id = $1"},
      {"travel_companions",
       "SELECT count(*) FROM travel_companions f JOIN travel_arrangements x ON x.id = "
       "f.travel_arrangement_id JOIN bookings m ON m.id = x.booking_id "
       "JOIN patient_profiles p ON p.id = m.patient_profile_id WHERE p.user_id = $1"},
      {"procedure_outcomes",
       "SELECT count(*) FROM procedure_outcomes x JOIN bookings m ON m.id = x.booking_id "
       "JOIN patient_profiles p ON p.id = m.patient_profile_id WHERE p.user_id = $1"},
      {"follow_up_care",
       "SELECT count(*) FROM follow_up_care x JOIN bookings m ON m.id = x.booking_id "
       "JOIN patient_profiles p ON p.id = m.patient_profile_id WHERE p.user_id = $1"},
      {"reviews",
       "SELECT count(*) FROM reviews m JOIN patient_profiles p "
       "ON p.id = m.patient_profile_id WHERE p.user_id = $1"},
      {"patient_journey_events",
       "SELECT count(*) FROM patient_journey_events m JOIN patient_profiles p "
       "ON p.id = m.patient_profile_id WHERE p.user_id = $1"},
      {"stored_files",
       "SELECT count(*) FROM stored_files m JOIN patient_profiles p "
       "ON p.id = m.patient_profile_id WHERE p.user_id = $1"},
      {"communication_channels", "SELECT count(*) FROM communication_channels WHERE user_id = $1"},
      {"channel_consent_events",
       "SELECT count(*) FROM channel_consent_events e JOIN communication_channels c "
       "ON c.id = e.channel_id WHERE c.user_id = $1"},
      {"conversation_sessions", "SELECT count(*) FROM conversation_sessions WHERE user_id = $1"},
      {"messages", "SELECT count(*) FROM messages WHERE user_id = $1"},
      {"message_media_fetches",
       "SELECT count(*) FROM message_media_fetches f JOIN messages m ON m.id = f.message_id "
       "WHERE m.user_id = $1"},
      {"leads", "SELECT count(*) FROM leads WHERE user_id = $1"},
      {"lead_touches",
       "SELECT count(*) FROM lead_touches t JOIN leads l ON l.id = t.lead_id WHERE l.user_id = $1"},
      {"lead_activities",
       "SELECT count(*) FROM lead_activities t JOIN leads l ON l.id = t.lead_id "
       "WHERE l.user_id = $1"},
      {"consent_events",
       "SELECT count(*) FROM consent_events e WHERE e.user_id = $1 OR e.lead_id IN "
       "(SELECT id FROM leads WHERE user_id = $1)"},
      {"data_export_requests",
       "SELECT count(*) FROM data_export_requests WHERE subject_user_id = $1"},
      {"processing_restrictions",
       "SELECT count(*) FROM processing_restrictions WHERE user_id = $1"},
      // The row the finished build writes comes after the archive's snapshot.
      {"audit_log",
       "SELECT count(*) FROM audit_log a WHERE (a.subject_patient_profile_id IN (SELECT id FROM "
       "patient_profiles WHERE user_id = $1) OR a.actor_user_id = $1 OR (a.table_name = 'users' "
       "AND a.row_id = $1::text)) AND a.reason IS DISTINCT FROM 'archive built'"},
  };
  return q;
}

// A PNG signature, a marker and filler.
std::string Png(const std::string& marker) {
  std::string bytes = "\x89PNG\r\n\x1A\n\0\0\0\rIHDR"s + marker;
  while (bytes.size() < 3000) bytes += core::RandomHex(16);
  return bytes;
}

// Runs tests/fhir_validate.mjs on `file`; its exit status.
int ValidateFhir(const std::string& file) {
  const std::string cmd = "node '" + std::string(IMEDIC_SOURCE_DIR) +
                          "/tests/fhir_validate.mjs' '" + std::string(IMEDIC_SOURCE_DIR) +
                          "/web' '" + file + "' >'" + file + ".log' 2>&1";
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class Export : public ::testing::Test {
 protected:
  void SetUp() override {
    db::Connection& c = db_.conn();
    AddUser(c, kUserA, "pat.a@example.com", "patient", {"patient"});
    AddUser(c, kUserB, "pat.b@example.com", "patient", {"patient"});
    AddUser(c, kDoctor, "doctor@example.com", "staff", {"medical"});
    AddUser(c, kOfficer, "privacy@example.com", "staff", {"privacy_officer"});
    AddProvider(c, {kProviderP, "Clinic P"});
    auto fixture = c.Exec(kFixture);
    ASSERT_TRUE(fixture) << "fixture failed: " << fixture.error().internal_detail;
  }

  std::optional<HttpResponse> Call(std::string_view user, const std::string& method,
                                   const std::string& path, const Json& body = nullptr) {
    return CallAs(server_.port(), db_.conn(), user, method, path,
                  body.is_null() ? "" : body.dump());
  }

  exports::ExportTurn RunJob() {
    auto turn = exports::RunDataExports(server_.app().pool(), server_.app().keys(),
                                        {.files_dir = server_.files_dir() + "/files"});
    EXPECT_TRUE(turn.has_value()) << (turn ? "" : turn.error().internal_detail);
    return turn.value_or(exports::ExportTurn{});
  }

  // Patient A's rows that only sealed writers can make: a consultation with
  // notes, an outcome with complications, and a message, each sealed with
  // A's data key as the care and messaging code seal them.
  void AddSealedRows() {
    privacy::DataKeys keys(server_.app().keys());
    auto key = keys.GetOrCreate(db_.conn(), core::PatientId::Trusted(kPatientA));
    ASSERT_TRUE(key.has_value());
    const std::string notes = privacy::EncryptField(*key, "MARKER-consult-notes",
                                                    "consultations.notes", kConsultation);
    const std::string complications = privacy::EncryptField(
        *key, "MARKER-complication", "procedure_outcomes.complications", kOutcome);
    const std::string content = privacy::EncryptField(*key, "MARKER-message-text",
                                                      "messages.content", kMessage);
    ASSERT_TRUE(db_.conn().ExecParams("UPDATE consultations SET notes = $2 WHERE id = $1",
                                      db::Params{kConsultation, notes}));
    ASSERT_TRUE(db_.conn().ExecParams(
        "INSERT INTO procedure_outcomes (id, booking_id, complications, satisfaction_rating) "
        "VALUES ($1, '70000000-0000-4000-8000-00000000000a', $2, 5)",
        db::Params{kOutcome, complications}));
    ASSERT_TRUE(db_.conn().ExecParams(
        "INSERT INTO messages (id, user_id, channel_id, direction, content, content_key) "
        "VALUES ($1, $2, '78000000-0000-4000-8000-00000000000a', 'incoming', $3, 'patient')",
        db::Params{kMessage, kUserA, content}));
    ASSERT_TRUE(
        db_.conn().ExecParams("INSERT INTO message_media_fetches (message_id, provider, media_id) "
                              "VALUES ($1, 'whatsapp', 'media-1')",
                              db::Params{kMessage}));
  }

  TestDatabase db_;
  TestServer server_{db_.conninfo()};
  TempDir tmp_{"imedic-export"};
};

TEST_F(Export, ArchiveHoldsEveryRowDecryptedTheFileAndAValidFhirBundle) {
  // Through the routes: the medical history and hair-loss profile (sealed by
  // the records API), a photo (sealed by the files domain), a consent.
  auto history = Call(kUserA, "POST", "/me/medical-history",
                      {{"allergies", {"MARKER-latex"}},
                       {"current_medications", {{{"name", "MARKER-minoxidil"}, {"dose", "5%"}}}},
                       {"chronic_conditions", {"MARKER-asthma"}},
                       {"previous_surgeries", {"MARKER-appendectomy"}},
                       {"lifestyle_factors", {{"smoking", "never"}}},
                       {"additional_notes", "MARKER-notes"}});
  ASSERT_TRUE(history);
  ASSERT_EQ(history->status, 201) << history->body;
  auto hair = Call(kUserA, "POST", "/me/hair-loss-profile",
                   {{"hair_loss_type", "male_pattern"},
                    {"norwood_scale", 4},
                    {"previous_treatments", {"MARKER-finasteride"}}});
  ASSERT_TRUE(hair);
  ASSERT_EQ(hair->status, 201) << hair->body;
  const std::string png = Png("MARKER-photo");
  auto up = CallAs(server_.port(), db_.conn(), kUserA, "POST",
                   "/patients/"s + kPatientA + "/files?kind=hair_loss_photo", png, "image/png");
  ASSERT_TRUE(up);
  ASSERT_EQ(up->status, 201) << up->body;
  const std::string file_id = JsonBody(up)["id"];
  auto consent = Call(kUserA, "POST", "/me/consents",
                      {{"purpose", "analytics"},
                       {"action", "given"},
                       {"text_version", "2026-11"},
                       {"text_sha256", std::string(64, 'a')},
                       {"channel", "web"}});
  ASSERT_TRUE(consent);
  ASSERT_EQ(consent->status, 201) << consent->body;
  AddSealedRows();
  // A restriction in place (GDPR Art. 18) does not stop the person's access.
  ASSERT_TRUE(db_.conn().ExecParams(
      "INSERT INTO processing_restrictions (user_id, reason) VALUES ($1, 'disputes the data')",
      db::Params{kUserA}));

  // Asking twice while it is open gives the same request.
  auto first = Call(kUserA, "POST", "/me/export");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 202) << first->body;
  const Json queued = JsonBody(first);
  const std::string id = queued["id"];
  EXPECT_EQ(queued["status"], "queued");
  EXPECT_EQ(queued["subject_user_id"], kUserA);
  EXPECT_EQ(first->Header("location"), "/exports/" + id);
  auto again = Call(kUserA, "POST", "/me/export");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 202);
  EXPECT_EQ(JsonBody(again)["id"], id);
  EXPECT_EQ(Scalar(db_.conn(), "SELECT count(*) FROM data_export_requests"), "1");
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT count(*) FROM audit_log WHERE table_name = 'data_export_requests' "
                   "AND action = 'create' AND actor_user_id = $1",
                   db::Params{kUserA}),
            "1");
  // Another patient sees nothing of it.
  auto peek = Call(kUserB, "GET", "/exports/" + id);
  ASSERT_TRUE(peek);
  EXPECT_EQ(peek->status, 404);

  // The job builds it; a second turn finds nothing to do.
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(RunJob().built, 1);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  std::cout << "export built in " << took.count() << " ms\n";
  EXPECT_EQ(RunJob().built, 0);
  // SQL's own counts, before any other call adds sessions or audit rows.
  std::map<std::string, std::string> expected;
  for (const auto& [table, query] : CountQueries()) {
    expected[table] = Scalar(db_.conn(), query, db::Params{kUserA});
  }

  auto shown = Call(kUserA, "GET", "/exports/" + id);
  ASSERT_TRUE(shown);
  ASSERT_EQ(shown->status, 200) << shown->body;
  const Json ready = JsonBody(shown);
  EXPECT_EQ(ready["status"], "ready");
  EXPECT_EQ(ready["file_count"], 1);
  const std::string url = ready["download_url"];
  ASSERT_TRUE(url.starts_with("/exports/" + id + "/download?token=")) << url;
  auto mine = Call(kUserA, "GET", "/me/exports");
  ASSERT_TRUE(mine);
  EXPECT_EQ(JsonBody(mine)["items"][0]["download_url"], url);

  // The link is the patient's: another patient gets 404 with it, a wrong or
  // missing token is refused.
  auto stolen = Call(kUserB, "GET", url);
  ASSERT_TRUE(stolen);
  EXPECT_EQ(stolen->status, 404);
  auto forged = Call(kUserA, "GET",
                     "/exports/" + id + "/download?token=k1." + std::string(64, '0'));
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 403);
  auto bare = Call(kUserA, "GET", "/exports/" + id + "/download");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->status, 422);
  EXPECT_EQ(ProblemFields(*bare), std::set<std::string>{"token"});

  auto down = Call(kUserA, "GET", url);
  ASSERT_TRUE(down);
  ASSERT_EQ(down->status, 200) << down->body;
  EXPECT_EQ(down->Header("content-type"), "application/x-tar");
  EXPECT_EQ(down->Header("cache-control"), "private, no-store");
  EXPECT_EQ(Scalar(db_.conn(), "SELECT downloads FROM data_export_requests WHERE id = $1",
                   db::Params{id}),
            "1");
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT count(*) FROM audit_log WHERE action = 'export' AND row_id = $1 "
                   "AND actor_user_id = $2 AND reason = 'archive downloaded' "
                   "AND subject_patient_profile_id = $3",
                   db::Params{id, kUserA, kPatientA}),
            "1");
  // Nothing of the archive is readable on disk.
  for (const auto& e : fs::recursive_directory_iterator(server_.files_dir())) {
    if (!e.is_regular_file()) continue;
    EXPECT_EQ(ReadAll(e.path()).find("MARKER-"), std::string::npos) << e.path();
  }

  auto entries = exports::ReadTar(down->body);
  ASSERT_TRUE(entries.has_value());
  std::map<std::string, std::string> files;
  for (auto& e : *entries) files.emplace(e.name, std::move(e.bytes));
  ASSERT_TRUE(files.contains("manifest.json"));
  const Json manifest = Json::parse(files["manifest.json"]);
  EXPECT_EQ(manifest["export_id"], id);
  EXPECT_EQ(manifest["tables"].size(), CountQueries().size());
  std::map<std::string, Json> tables;
  for (const auto& [table, count] : expected) {
    const std::string name = "tables/" + table + ".json";
    ASSERT_TRUE(files.contains(name)) << name;
    tables[table] = Json::parse(files[name]);
    EXPECT_EQ(std::to_string(tables[table].size()), count) << table;
  }
  // Every table the fixture filled for A has rows: the counts prove more
  // than zero equals zero.
  for (const char* table : {"users",
                            "user_profiles",
                            "user_credentials",
                            "recovery_codes",
                            "sessions",
                            "api_tokens",
                            "verification_codes",
                            "external_identities",
                            "outbox",
                            "care_assignments",
                            "break_glass_grants",
                            "patient_profiles",
                            "medical_histories",
                            "hair_loss_profiles",
                            "consultations",
                            "consultation_quotes",
                            "bookings",
                            "payment_ledger",
                            "travel_arrangements",
                            "travel_flights",
                            "travel_hotel_stays",
                            "travel_transfers",
                            "travel_companions",
                            "procedure_outcomes",
                            "follow_up_care",
                            "reviews",
                            "patient_journey_events",
                            "stored_files",
                            "communication_channels",
                            "channel_consent_events",
                            "conversation_sessions",
                            "messages",
                            "message_media_fetches",
                            "leads",
                            "lead_touches",
                            "lead_activities",
                            "consent_events",
                            "data_export_requests",
                            "audit_log"}) {
    EXPECT_FALSE(tables[table].empty()) << table;
  }
  // Sealed values are opened, JSONB ones back to JSON; B is nowhere.
  const Json& h = tables["medical_histories"][0];
  EXPECT_EQ(h["allergies"], Json::array({"MARKER-latex"}));
  EXPECT_EQ(h["current_medications"][0]["name"], "MARKER-minoxidil");
  EXPECT_EQ(h["additional_notes"], "MARKER-notes");
  EXPECT_EQ(tables["hair_loss_profiles"][0]["previous_treatments"],
            Json::array({"MARKER-finasteride"}));
  EXPECT_EQ(tables["consultations"][0]["notes"], "MARKER-consult-notes");
  EXPECT_EQ(tables["procedure_outcomes"][0]["complications"], "MARKER-complication");
  EXPECT_EQ(tables["messages"][0]["content"], "MARKER-message-text");
  std::string all_tables;
  for (const auto& [name, bytes] : files) {
    if (name.starts_with("tables/")) all_tables += bytes;
  }
  EXPECT_EQ(all_tables.find("_unopened"), std::string::npos);
  EXPECT_EQ(all_tables.find("\"e1."), std::string::npos);
  EXPECT_EQ(all_tables.find("SECRET-HASH"), std::string::npos);
  EXPECT_EQ(all_tables.find("PAT-2026-000002"), std::string::npos);
  EXPECT_EQ(all_tables.find("pat.b@example.com"), std::string::npos);
  // The photo's bytes, as uploaded.
  ASSERT_TRUE(files.contains("files/" + file_id + ".png"));
  EXPECT_EQ(files["files/" + file_id + ".png"], png);

  // The FHIR bundle: the records, and valid against the R4 JSON Schema.
  const Json bundle = Json::parse(files["fhir/bundle.json"]);
  EXPECT_EQ(bundle["resourceType"], "Bundle");
  EXPECT_EQ(bundle["type"], "collection");
  std::map<std::string, int> kinds;
  for (const Json& e : bundle["entry"]) ++kinds[e["resource"]["resourceType"].get<std::string>()];
  EXPECT_EQ(kinds["Patient"], 1);
  EXPECT_EQ(kinds["Condition"], 2);  // asthma, male-pattern hair loss
  EXPECT_EQ(kinds["AllergyIntolerance"], 1);
  EXPECT_EQ(kinds["MedicationStatement"], 1);
  EXPECT_EQ(kinds["Procedure"], 3);    // appendectomy, finasteride, the completed booking
  EXPECT_EQ(kinds["Observation"], 4);  // smoking, Norwood, satisfaction, complications
  const std::string good = tmp_.path() + "/bundle.json";
  std::ofstream(good) << files["fhir/bundle.json"];
  EXPECT_EQ(ValidateFhir(good), 0) << ReadAll(good + ".log");
  // A test of the test: the same bundle with an element the schema requires
  // removed (MedicationStatement.subject) must fail the validator.
  Json broken = bundle;
  for (Json& e : broken["entry"]) {
    if (e["resource"]["resourceType"] == "MedicationStatement") e["resource"].erase("subject");
  }
  const std::string bad = tmp_.path() + "/broken.json";
  std::ofstream(bad) << broken.dump();
  EXPECT_EQ(ValidateFhir(bad), 1) << ReadAll(bad + ".log");
}

TEST_F(Export, TheLinkExpiresAndTheArchiveIsRemoved) {
  auto asked = Call(kUserA, "POST", "/me/export");
  ASSERT_TRUE(asked);
  ASSERT_EQ(asked->status, 202) << asked->body;
  const std::string id = JsonBody(asked)["id"];
  EXPECT_EQ(RunJob().built, 1);
  const std::string url = JsonBody(Call(kUserA, "GET", "/exports/" + id))["download_url"];
  auto ok = Call(kUserA, "GET", url);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  const std::string stored = Scalar(
      db_.conn(), "SELECT storage_name FROM data_export_requests WHERE id = $1", db::Params{id});
  const std::string path = server_.files_dir() + "/files/exports/" + stored.substr(0, 2) + "/" +
                           stored;
  EXPECT_TRUE(fs::exists(path)) << path;
  // A sealed archive for a patient is sealed with their data key.
  EXPECT_EQ(Scalar(db_.conn(), "SELECT sealed_with FROM data_export_requests WHERE id = $1",
                   db::Params{id}),
            "patient");

  // 24 hours later (the expiry moved into the past): 410, shown as expired,
  // then the job removes the archive.
  ASSERT_TRUE(db_.conn().ExecParams(
      "UPDATE data_export_requests SET expires_at = now() - interval '1 second' WHERE id = $1",
      db::Params{id}));
  auto late = Call(kUserA, "GET", url);
  ASSERT_TRUE(late);
  EXPECT_EQ(late->status, 410);
  const Json shown = JsonBody(Call(kUserA, "GET", "/exports/" + id));
  EXPECT_EQ(shown["status"], "expired");
  EXPECT_TRUE(shown["download_url"].is_null());
  EXPECT_EQ(RunJob().expired, 1);
  EXPECT_FALSE(fs::exists(path));
  EXPECT_EQ(
      Scalar(db_.conn(), "SELECT status FROM data_export_requests WHERE id = $1", db::Params{id}),
      "expired");
  // Only the one download was counted and audited.
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT count(*) FROM audit_log WHERE action = 'export' AND row_id = $1 "
                   "AND reason = 'archive downloaded'",
                   db::Params{id}),
            "1");
}

TEST_F(Export, OnSomeonesBehalfOnlyWithTheRightToExportAnyone) {
  // A patient holds privacy.export for themselves: another's id is 404.
  auto other = Call(kUserB, "POST", "/users/"s + kUserA + "/export");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 404);
  auto self = Call(kUserB, "POST", "/users/"s + kUserB + "/export");
  ASSERT_TRUE(self);
  EXPECT_EQ(self->status, 202);
  // A clinician does not hold privacy.export.
  auto doctor = Call(kDoctor, "POST", "/users/"s + kUserA + "/export");
  ASSERT_TRUE(doctor);
  EXPECT_EQ(doctor->status, 403);
  // The privacy officer asks on A's behalf; A sees it, and so does the officer.
  auto officer = Call(kOfficer, "POST", "/users/"s + kUserA + "/export");
  ASSERT_TRUE(officer);
  ASSERT_EQ(officer->status, 202) << officer->body;
  const Json r = JsonBody(officer);
  EXPECT_EQ(r["subject_user_id"], kUserA);
  EXPECT_EQ(r["requested_by"], kOfficer);
  const std::string id = r["id"];
  EXPECT_EQ(Call(kUserA, "GET", "/exports/" + id)->status, 200);
  EXPECT_EQ(JsonBody(Call(kUserA, "GET", "/me/exports"))["items"].size(), 1U);
  EXPECT_EQ(Call(kUserB, "GET", "/exports/" + id)->status, 404);
  // Not a user: 404.
  auto nobody = Call(kOfficer, "POST", "/users/40000000-0000-4000-8000-0000000000ee/export");
  ASSERT_TRUE(nobody);
  EXPECT_EQ(nobody->status, 404);
  // Someone who is not a patient gets an archive sealed with the keyring,
  // which opens on download.
  auto staff = Call(kDoctor, "POST", "/me/export");
  ASSERT_TRUE(staff);
  ASSERT_EQ(staff->status, 202);
  const std::string staff_id = JsonBody(staff)["id"];
  EXPECT_EQ(RunJob().built, 3);
  EXPECT_EQ(Scalar(db_.conn(), "SELECT sealed_with FROM data_export_requests WHERE id = $1",
                   db::Params{staff_id}),
            "master");
  const std::string url = JsonBody(Call(kDoctor, "GET", "/exports/" + staff_id))["download_url"];
  auto down = Call(kDoctor, "GET", url);
  ASSERT_TRUE(down);
  ASSERT_EQ(down->status, 200);
  auto entries = exports::ReadTar(down->body);
  ASSERT_TRUE(entries.has_value());
  EXPECT_EQ(entries->front().name, "manifest.json");
  // The officer may download what they asked for.
  const std::string a_url = JsonBody(Call(kOfficer, "GET", "/exports/" + id))["download_url"];
  EXPECT_EQ(Call(kOfficer, "GET", a_url)->status, 200);
}

}  // namespace
}  // namespace imedic::testing
