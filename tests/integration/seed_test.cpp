// `imedic seed --demo` against a real, migrated database: every table is
// filled, the data is reproducible from its seed, it keeps the promises the
// application relies on (prices within range, ratings matching reviews,
// every journey phase present, nothing after the reference date), the
// columns docs/encryption.md marks encrypted hold only envelopes that open
// with the patient's data key, and a failure leaves nothing behind.
#include <gtest/gtest.h>

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base32.hpp"
#include "core/base64.hpp"
#include "core/keyring.hpp"
#include "core/totp.hpp"
#include "db/connection.hpp"
#include "domains/privacy/data_keys.hpp"
#include "seed/copy_writer.hpp"
#include "seed/seeder.hpp"
#include "support/child_process.hpp"
#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/sign_in.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace imedic::seed {
namespace {

using testing::Authed;
using testing::JsonBody;
using testing::Scalar;
using testing::SignIn;
using testing::TestDatabase;
using testing::TestKeyring;
using testing::TestServer;

constexpr std::uint64_t kSeed = 20261125;

// The 20 tables of the schema vision, in the order the seeder fills them.
const std::vector<std::string> kVisionTables = {"users",
                                                "user_profiles",
                                                "providers",
                                                "procedures",
                                                "provider_availability",
                                                "patient_profiles",
                                                "medical_histories",
                                                "hair_loss_profiles",
                                                "consultations",
                                                "bookings",
                                                "travel_arrangements",
                                                "procedure_outcomes",
                                                "follow_up_care",
                                                "reviews",
                                                "communication_channels",
                                                "conversation_sessions",
                                                "messages",
                                                "marketing_campaigns",
                                                "leads",
                                                "patient_journey_events"};

// Every table the seeder fills: the vision's with the patients' data keys
// (0012_data_keys.sql) after their profiles, then the access-control facts
// of 0010_access_control.sql (roles held, provider membership, care teams).
const std::vector<std::string> kTables = [] {
  std::vector<std::string> tables = kVisionTables;
  tables.insert(std::find(tables.begin(), tables.end(), "patient_profiles") + 1,
                "patient_data_keys");
  tables.insert(std::find(tables.begin(), tables.end(), "consultations") + 1,
                "consultation_quotes");
  tables.insert(std::find(tables.begin(), tables.end(), "bookings") + 1, "payment_ledger");
  for (const char* t : {"user_roles", "provider_members", "care_assignments", "lead_team_members",
                        "lead_assignment_rules"}) {
    tables.emplace_back(t);
  }
  // The lead pipeline's rows (0024_lead_pipeline.sql) after the leads, then
  // the campaigns' spend (0029_lead_conversion_campaigns.sql).
  tables.insert(std::find(tables.begin(), tables.end(), "leads") + 1,
                {"campaign_utm_mappings", "lead_touches", "lead_activities", "campaign_spend"});
  // The consent ledger (0026_consent_ledger.sql), last.
  tables.emplace_back("consent_events");
  // The scoring history's closed leads with their touches and activities
  // (0032_lead_scoring.sql), after it.
  for (const char* t : {"leads", "lead_touches", "lead_activities"}) tables.emplace_back(t);
  // Data export requests (0030_data_exports.sql), after the ledger.
  tables.emplace_back("data_export_requests");
  tables.emplace_back("processing_restrictions");
  // The trips' structured rows (0020_care_after.sql) after their arrangements.
  tables.insert(std::find(tables.begin(), tables.end(), "travel_arrangements") + 1,
                {"travel_flights", "travel_hotel_stays", "travel_transfers"});
  // The WhatsApp template registry (0028_conversation_inbox.sql) before the messages.
  tables.insert(std::find(tables.begin(), tables.end(), "messages"), "message_templates");
  return tables;
}();

// The encrypted columns (docs/encryption.md) of each table the seeder fills,
// and the column naming the patient whose data key seals them.
struct EncryptedTable {
  std::string table;
  std::string patient_column;
  std::vector<std::string> jsonb;
  std::vector<std::string> text;
};
const std::vector<EncryptedTable> kEncrypted = {
    {"patient_profiles", "id", {"emergency_contact", "insurance_info"}, {}},
    {"medical_histories",
     "patient_profile_id",
     {"current_medications", "allergies", "chronic_conditions", "previous_surgeries",
      "family_medical_history", "lifestyle_factors"},
     {"additional_notes"}},
    {"hair_loss_profiles",
     "patient_profile_id",
     {"previous_treatments", "photos"},
     {"expectations"}},
    {"consultations", "patient_profile_id", {}, {"notes"}},
    // Messages name their user; the key is that user's patient's.
    {"messages",
     "(SELECT p.id FROM patient_profiles p WHERE p.user_id = t.user_id)",
     {},
     {"content"}},
};

// The SQL naming a row's patient: its column, or the expression given.
std::string PatientOf(const EncryptedTable& t) {
  return t.patient_column.starts_with("(") ? t.patient_column : "t." + t.patient_column;
}

std::vector<std::string> ColumnsOf(const EncryptedTable& t) {
  std::vector<std::string> all = t.jsonb;
  all.insert(all.end(), t.text.begin(), t.text.end());
  return all;
}

// The master keys the tests seed with: the test server's, so that a server
// started on the seeded database opens what the seed sealed (TOTP secrets).
const core::Keyring& TestRing() { return TestKeyring(); }

std::int64_t Count(db::Connection& conn, const std::string& table) {
  return std::stoll(Scalar(conn, "SELECT count(*) FROM " + table));
}

// A digest of a table's full content, independent of physical row order
// (ordered by the whole row: not every table has an id column).
std::string Fingerprint(db::Connection& conn, const std::string& table) {
  return Scalar(
      conn, "SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM " + table +
                " t");
}

std::set<std::string> Column(db::Connection& conn, const std::string& sql) {
  std::set<std::string> values;
  auto r = conn.Exec(sql);
  EXPECT_TRUE(r.has_value()) << sql;
  if (!r) return values;
  for (int i = 0; i < r->rows(); ++i) values.insert(std::string(r->Get(i, 0)));
  return values;
}

core::Result<SeedReport> Seed(db::Connection& conn, std::uint64_t seed, bool if_empty = false,
                              std::vector<std::string>* progress = nullptr) {
  SeedOptions options;
  options.seed = seed;
  options.if_empty = if_empty;
  options.password_policy = {1, 8 << 20};  // the personas' hash: cheap in tests
  if (progress != nullptr) {
    options.progress = [progress](const std::string& line) { progress->push_back(line); };
  }
  return SeedDemo(conn, TestRing(), options);
}

// A table's rows with their encrypted columns decrypted, sorted: equal for
// two seedings with the same seed although keys and nonces differ. Each row
// is its other columns as JSON, then "|<column>=<plaintext>" per encrypted
// column ("|<column>" for NULL). A value that does not open fails the test.
std::vector<std::string> DecryptedRows(db::Connection& conn, const EncryptedTable& t) {
  const std::vector<std::string> columns = ColumnsOf(t);
  std::string sql = "SELECT t.id::text, " + PatientOf(t) + "::text, k.wrapped_key, (to_jsonb(t)";
  for (const std::string& c : columns) sql += " - '" + c + "'";
  sql += ")::text";
  for (const std::string& c : columns) sql += ", t." + c + "::text";
  sql += " FROM " + t.table +
         " t JOIN patient_data_keys k ON k.patient_profile_id = " + PatientOf(t);
  std::vector<std::string> rows;
  auto r = conn.Exec(sql);
  EXPECT_TRUE(r.has_value()) << sql;
  if (!r) return rows;
  for (int i = 0; i < r->rows(); ++i) {
    const std::string row_id(r->Get(i, 0));
    auto key = privacy::UnwrapDataKey(TestRing(), r->Get(i, 2), r->Get(i, 1));
    EXPECT_TRUE(key.has_value()) << t.table << " " << row_id;
    if (!key) continue;
    std::string line(r->Get(i, 3));
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const int col = 4 + static_cast<int>(c);
      line += "|" + columns[c];
      if (r->IsNull(i, col)) continue;
      auto plain = privacy::DecryptField(*key, r->Get(i, col), t.table + "." + columns[c], row_id);
      EXPECT_TRUE(plain.has_value()) << t.table << "." << columns[c] << " " << row_id;
      if (plain) line += "=" + *plain;
    }
    rows.push_back(std::move(line));
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

// One database seeded once at scale 1, shared by the read-only tests.
class SeededDatabase : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = std::make_unique<TestDatabase>();
    progress_ = std::make_unique<std::vector<std::string>>();
    auto report = Seed(db_->conn(), kSeed, false, progress_.get());
    if (report) {
      report_ = std::make_unique<SeedReport>(*report);
    } else {
      error_ = report.error().public_message + " / " + report.error().internal_detail;
    }
  }
  static void TearDownTestSuite() {
    report_.reset();
    progress_.reset();
    db_.reset();
  }
  void SetUp() override { ASSERT_NE(report_, nullptr) << "seeding failed: " << error_; }

  db::Connection& conn() { return db_->conn(); }

  static std::unique_ptr<TestDatabase> db_;
  static std::unique_ptr<SeedReport> report_;
  static std::unique_ptr<std::vector<std::string>> progress_;
  static std::string error_;
};

std::unique_ptr<TestDatabase> SeededDatabase::db_;
std::unique_ptr<SeedReport> SeededDatabase::report_;
std::unique_ptr<std::vector<std::string>> SeededDatabase::progress_;
std::string SeededDatabase::error_;

TEST_F(SeededDatabase, FillsEveryTableAndReportsTheTrueCounts) {
  EXPECT_FALSE(report_->skipped);
  EXPECT_GT(report_->seconds, 0);
  ASSERT_EQ(report_->rows_per_table.size(), kTables.size());
  // A table two writers fill (the leads and the scoring history's) is
  // counted once, against the sum of their reports.
  std::map<std::string, std::int64_t> reported;
  for (std::size_t i = 0; i < kTables.size(); ++i) {
    const auto& [table, rows] = report_->rows_per_table[i];
    EXPECT_EQ(table, kTables[i]);
    EXPECT_GT(rows, 0) << table;
    reported[table] += rows;
  }
  for (const auto& [table, rows] : reported) EXPECT_EQ(rows, Count(conn(), table)) << table;
}

TEST_F(SeededDatabase, HasTheDemoVolumes) {
  std::map<std::string, std::int64_t> rows(report_->rows_per_table.begin(),
                                           report_->rows_per_table.end());
  EXPECT_EQ(rows["providers"], 20);
  EXPECT_GE(rows["procedures"], 150);
  EXPECT_EQ(rows["patient_profiles"], 1000);
  EXPECT_EQ(rows["medical_histories"], 1000);
  EXPECT_EQ(rows["patient_data_keys"], 1000);
  EXPECT_EQ(rows["leads"], 10000);
  EXPECT_GE(rows["messages"], 15000);
  // Every seeded trip: an inbound and an outbound flight and its hotel stay.
  EXPECT_EQ(rows["travel_flights"], 2 * rows["travel_arrangements"]);
  EXPECT_EQ(rows["travel_hotel_stays"], rows["travel_arrangements"]);
  EXPECT_GE(rows["patient_journey_events"], 15000);
  // Hair patients (a bit under half) have a hair-loss profile.
  EXPECT_GT(rows["hair_loss_profiles"], 300);
  EXPECT_LT(rows["hair_loss_profiles"], 600);
  // Staff of every kind, and an account per provider.
  EXPECT_EQ(Column(conn(), "SELECT DISTINCT user_type FROM users"),
            (std::set<std::string>{"admin", "patient", "provider", "staff"}));
  EXPECT_EQ(Scalar(conn(), "SELECT count(*) FROM users WHERE user_type = 'provider'"), "20");
  // A role per user, and a second one for the providers' own doctors; a
  // member per provider; a coordinator and a clinician per booked patient.
  EXPECT_EQ(rows["user_roles"], rows["users"] + 3);
  EXPECT_EQ(rows["provider_members"], 20);
  EXPECT_EQ(rows["care_assignments"], 2 * rows["bookings"]);
}

// "<table> <n> rows", "<table> <n> rows so far", "planning scale <n>" or
// "analyze": nothing that could carry personal data.
bool IsProgressLine(const std::string& line) {
  if (line == "analyze") return true;
  std::vector<std::string> words;
  std::istringstream in(line);
  for (std::string word; in >> word;) words.push_back(word);
  auto all_of = [](const std::string& word, const char* allowed) {
    return !word.empty() && word.find_first_not_of(allowed) == std::string::npos;
  };
  constexpr const char* kDigits = "0123456789";
  if (words.size() == 3 && words[0] == "planning" && words[1] == "scale") {
    return all_of(words[2], kDigits);
  }
  const bool so_far = words.size() == 5 && words[3] == "so" && words[4] == "far";
  return (words.size() == 3 || so_far) && all_of(words[0], "abcdefghijklmnopqrstuvwxyz_") &&
         all_of(words[1], kDigits) && words[2] == "rows";
}

TEST_F(SeededDatabase, ProgressLinesCarryOnlyTableNamesAndCounts) {
  ASSERT_FALSE(progress_->empty());
  for (const std::string& line : *progress_) EXPECT_TRUE(IsProgressLine(line)) << line;
  EXPECT_FALSE(IsProgressLine("users emma.smith@example.com"));
}

TEST_F(SeededDatabase, RepresentsEveryJourneyPhaseAndStatus) {
  EXPECT_EQ(Column(conn(), "SELECT DISTINCT event_data->>'phase' FROM patient_journey_events"),
            (std::set<std::string>{"discovery", "research", "consultation", "booking", "travel",
                                   "procedure", "recovery", "follow_up"}));
  EXPECT_EQ(Column(conn(), "SELECT DISTINCT status FROM consultations"),
            (std::set<std::string>{"scheduled", "completed", "cancelled", "no_show"}));
  EXPECT_EQ(Column(conn(), "SELECT DISTINCT outcome FROM consultations WHERE outcome IS NOT NULL"),
            (std::set<std::string>{"qualified", "not_qualified", "needs_follow_up"}));
  EXPECT_EQ(Column(conn(), "SELECT DISTINCT status FROM bookings"),
            (std::set<std::string>{"confirmed", "cancelled", "completed", "no_show"}));
  EXPECT_EQ(Column(conn(), "SELECT DISTINCT payment_status FROM bookings"),
            (std::set<std::string>{"pending", "deposit", "paid", "refunded"}));
  EXPECT_EQ(
      Column(conn(), "SELECT DISTINCT follow_up_type FROM follow_up_care"),
      (std::set<std::string>{"check_in", "photo_update", "satisfaction_survey", "review_request"}));
  EXPECT_EQ(Column(conn(), "SELECT DISTINCT status FROM follow_up_care"),
            (std::set<std::string>{"scheduled", "completed", "cancelled", "overdue"}));
  EXPECT_EQ(Column(conn(), "SELECT DISTINCT status FROM leads"),
            (std::set<std::string>{"new", "contacted", "qualified", "converted", "lost"}));
  // The pipeline (0024): every stage, a reason for each lost lead, a touch
  // for each lead, and activities of every kind with open and done tasks.
  EXPECT_EQ(Column(conn(), "SELECT DISTINCT stage FROM leads"),
            (std::set<std::string>{"new", "contacted", "qualified", "consultation_booked",
                                   "converted", "lost", "nurturing"}));
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM leads WHERE stage = 'lost' AND "
                   "lost_reason IS NULL"),
            "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM leads l WHERE NOT EXISTS "
                   "(SELECT 1 FROM lead_touches t WHERE t.lead_id = l.id)"),
            "0");
  EXPECT_EQ(Column(conn(), "SELECT DISTINCT kind FROM lead_activities"),
            (std::set<std::string>{"call", "note", "task", "stage_change"}));
  EXPECT_EQ(Column(conn(),
                   "SELECT DISTINCT completed_at IS NULL FROM lead_activities "
                   "WHERE kind = 'task'"),
            (std::set<std::string>{"t", "f"}));
  EXPECT_GT(std::stoi(Scalar(conn(),
                             "SELECT count(*) FROM lead_touches WHERE campaign_id IS "
                             "NOT NULL AND utm_campaign IS NOT NULL")),
            0);
  EXPECT_EQ(
      Column(conn(), "SELECT DISTINCT type FROM marketing_campaigns"),
      (std::set<std::string>{"email", "social_media", "google_ads", "facebook_ads", "referral"}));
  // Conversion and campaigns (0029): every converted lead is linked to its
  // patient (the patient's own user), every campaign runs somewhere, the
  // started ones have spend in their currency, and some converted leads'
  // patients paid, so the campaign report has revenue to attribute. (The
  // scoring history's closed leads (0032) are outcomes to learn from, with no
  // account behind them.)
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM leads l LEFT JOIN patient_profiles pp ON "
                   "pp.id = l.patient_profile_id WHERE l.stage = 'converted' AND "
                   "(pp.user_id IS DISTINCT FROM l.user_id OR l.converted_at IS NULL) AND "
                   "l.lead_summary IS DISTINCT FROM 'Closed lead of the scoring history (seed)'"),
            "0");
  EXPECT_GT(std::stoi(Scalar(conn(), "SELECT count(*) FROM leads WHERE converted_at IS NOT NULL")),
            0);
  EXPECT_EQ(Scalar(conn(), "SELECT count(*) FROM marketing_campaigns WHERE channels = '{}'"), "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM campaign_spend s JOIN marketing_campaigns c ON "
                   "c.id = s.campaign_id WHERE s.currency <> c.currency OR s.day < c.start_date "
                   "OR s.day > c.end_date"),
            "0");
  EXPECT_GT(std::stoi(Scalar(conn(),
                             "SELECT count(*) FROM leads l JOIN bookings b ON "
                             "b.patient_profile_id = l.patient_profile_id JOIN payment_ledger p "
                             "ON p.booking_id = b.id WHERE p.status = 'succeeded'")),
            0);
  EXPECT_EQ(Column(conn(), "SELECT DISTINCT category FROM procedures"),
            (std::set<std::string>{"hair_transplant", "dental", "cosmetic"}));
  EXPECT_EQ(Column(conn(), "SELECT DISTINCT type FROM providers"),
            (std::set<std::string>{"clinic", "hospital", "doctor", "dental_clinic"}));
}

TEST_F(SeededDatabase, KeepsBookingCostsWithinTheirProcedurePriceRange) {
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM bookings b JOIN procedures p ON p.id = b.procedure_id "
                   "WHERE b.total_cost NOT BETWEEN (p.price_range->>'min')::numeric "
                   "AND (p.price_range->>'max')::numeric "
                   "OR b.currency <> p.price_range->>'currency' "
                   "OR b.provider_id <> p.provider_id"),
            "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM procedures WHERE "
                   "(price_range->>'min')::numeric > (price_range->>'max')::numeric"),
            "0");
}

// The ledger is loaded in bulk with its triggers off: what they would have
// derived must hold anyway, and what they would have refused must be absent.
TEST_F(SeededDatabase, KeepsTheLedgerAndTheBookingsPaymentColumnsInAgreement) {
  EXPECT_EQ(
      Scalar(conn(),
             "SELECT count(*) FROM bookings b LEFT JOIN ("
             "  SELECT booking_id,"
             "         sum(amount_minor) FILTER (WHERE kind <> 'refund') AS paid,"
             "         sum(amount_minor) FILTER (WHERE kind = 'refund') AS refunded"
             "  FROM payment_ledger WHERE status = 'succeeded' GROUP BY booking_id) l"
             "  ON l.booking_id = b.id "
             "WHERE b.paid_minor <> coalesce(l.paid, 0)"
             "   OR b.refunded_minor <> coalesce(l.refunded, 0)"
             "   OR b.refunded_minor > b.paid_minor"
             "   OR b.payment_status <> CASE"
             "        WHEN b.refunded_minor > 0 THEN 'refunded'"
             "        WHEN b.paid_minor >= to_minor_units(b.total_cost, b.currency) THEN 'paid'"
             "        WHEN b.paid_minor > 0 THEN 'deposit' ELSE 'pending' END"),
      "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM payment_ledger l JOIN bookings b ON b.id = l.booking_id "
                   "WHERE l.currency <> b.currency OR l.created_at < b.created_at "
                   "OR l.created_at > '2026-11-01T00:00:00Z'"),
            "0");
  // Every status with a ledger is represented.
  EXPECT_EQ(Column(conn(), "SELECT DISTINCT kind FROM payment_ledger"),
            (std::set<std::string>{"deposit", "balance", "refund"}));
  // The triggers are back on after the load.
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'payment_ledger'::regclass "
                   "AND NOT tgisinternal AND tgenabled = 'D'"),
            "0");
}

TEST_F(SeededDatabase, QuotesLeadToTheirBookings) {
  // A booking's quote is its consultation's accepted one, at its price.
  EXPECT_EQ(
      Scalar(conn(),
             "SELECT count(*) FROM bookings b JOIN consultation_quotes q ON q.id = b.quote_id "
             "WHERE q.consultation_id IS DISTINCT FROM b.consultation_id "
             "OR q.accepted_at IS NULL OR q.accepted_at > b.created_at "
             "OR q.price_minor <> to_minor_units(b.total_cost, b.currency) "
             "OR q.currency <> b.currency"),
      "0");
  EXPECT_NE(Scalar(conn(), "SELECT count(*) FROM bookings WHERE quote_id IS NOT NULL"), "0");
  // Quotes only of qualified completions; versions numbered from 1.
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM consultation_quotes q JOIN consultations c "
                   "ON c.id = q.consultation_id WHERE c.status <> 'completed' "
                   "OR c.outcome <> 'qualified' OR q.created_at > '2026-11-01T00:00:00Z' "
                   "OR NOT EXISTS (SELECT 1 FROM consultation_quotes f "
                   "WHERE f.consultation_id = q.consultation_id AND f.version = 1)"),
            "0");
  EXPECT_NE(Scalar(conn(), "SELECT count(*) FROM consultation_quotes WHERE version = 2"), "0");
}

TEST_F(SeededDatabase, GivesProvidersTheRatingOfTheirReviews) {
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM providers p LEFT JOIN ("
                   "  SELECT provider_id, round(avg(rating), 2) AS avg, count(*) AS n"
                   "  FROM reviews GROUP BY provider_id) r ON r.provider_id = p.id "
                   "WHERE p.rating IS DISTINCT FROM r.avg OR p.review_count <> coalesce(r.n, 0)"),
            "0");
  EXPECT_GT(std::stoi(Scalar(conn(), "SELECT count(*) FROM providers WHERE review_count > 0")), 5);
  // Mostly 4 and 5 stars.
  EXPECT_GT(std::stod(Scalar(conn(), "SELECT avg(rating) FROM reviews")), 3.8);
}

TEST_F(SeededDatabase, UsesWellFormedUniqueReferences) {
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM patient_profiles WHERE patient_id !~ "
                   "'^PAT-[0-9]{4}-[0-9]{6}$' OR substr(patient_id, 5, 4)::int <> "
                   "extract(year FROM created_at AT TIME ZONE 'UTC')"),
            "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM bookings WHERE booking_reference !~ "
                   "'^BK-[0-9]{4}-[0-9]{6}$'"),
            "0");
  EXPECT_EQ(
      Scalar(conn(), "SELECT count(*) FROM users WHERE phone_number !~ '^\\+[1-9][0-9]{7,14}$'"),
      "0");
  // The per-year sequences were moved past the seeded references: the next
  // references of the API are fresh at once (next_reference skips nothing).
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM (SELECT substr(patient_id, 5, 4) AS y, "
                   "max(substr(patient_id, 10)::bigint) AS top FROM patient_profiles GROUP BY 1) s "
                   "LEFT JOIN pg_sequences q ON q.sequencename = 'pat_reference_' || s.y "
                   "WHERE q.last_value IS DISTINCT FROM s.top"),
            "0");
  const std::string next_patient = Scalar(conn(), "SELECT next_patient_reference()");
  const std::string next_booking = Scalar(conn(), "SELECT next_booking_reference()");
  EXPECT_EQ(
      Scalar(conn(), "SELECT count(*) FROM patient_profiles WHERE patient_id >= '" + next_patient +
                         "' AND left(patient_id, 8) = left('" + next_patient + "', 8)"),
      "0")
      << next_patient;
  EXPECT_EQ(
      Scalar(conn(), "SELECT count(*) FROM bookings WHERE booking_reference >= '" + next_booking +
                         "' AND left(booking_reference, 7) = left('" + next_booking + "', 7)"),
      "0")
      << next_booking;
  // Only reserved example domains: no real person's address.
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM users WHERE email !~ "
                   "'@([a-z0-9-]+\\.)*example\\.(com|org|net)$'"),
            "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM leads WHERE email !~ "
                   "'@([a-z0-9-]+\\.)*example\\.(com|org|net)$'"),
            "0");
}

TEST_F(SeededDatabase, PlacesNothingAfterTheReferenceDate) {
  for (const std::string& table : kVisionTables) {
    EXPECT_EQ(Scalar(conn(), "SELECT count(*) FROM " + table +
                                 " WHERE created_at > '2026-11-01T00:00:00Z'"),
              "0")
        << table;
  }
  // Only plans lie ahead: scheduled consultations, confirmed bookings, slots.
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM consultations WHERE scheduled_at > "
                   "'2026-11-01' AND status NOT IN ('scheduled', 'cancelled')"),
            "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM bookings WHERE procedure_date >= '2026-11-01' "
                   "AND status NOT IN ('confirmed', 'cancelled')"),
            "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM follow_up_care WHERE scheduled_date < "
                   "'2026-11-01' AND status = 'scheduled'"),
            "0");
  // Every follow-up item falls due at 10:00 on its local date in the
  // patient's zone, as schedule_aftercare would schedule it; the history
  // before the reference day carries the aftercare job's marks.
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM follow_up_care f JOIN bookings b ON b.id = f.booking_id "
                   "WHERE f.timezone IS DISTINCT FROM patient_time_zone(b.patient_profile_id) "
                   "OR f.due_at IS DISTINCT FROM timezone(f.timezone, f.scheduled_date + "
                   "time '10:00')"),
            "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM follow_up_care WHERE status = 'overdue' AND "
                   "(overdue_at IS NULL OR escalated_at IS NULL OR reminder_sent_at IS NULL)"),
            "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT min(date) >= '2026-11-01' AND max(date) < '2027-01-01' "
                   "FROM provider_availability"),
            "t");
  // Access control: granted, added and assigned before the reference date.
  EXPECT_EQ(Scalar(conn(), "SELECT count(*) FROM user_roles WHERE granted_at > '2026-11-01'"), "0");
  EXPECT_EQ(Scalar(conn(), "SELECT count(*) FROM provider_members WHERE created_at > '2026-11-01'"),
            "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM care_assignments WHERE assigned_at > '2026-11-01' "
                   "OR ended_at > '2026-11-01' OR ended_at <= assigned_at"),
            "0");
}

// Issue 15's demo personas: one account per role around one patient's
// story, each signing in over HTTP (staff with their TOTP code) and seeing
// what its role allows, and not what it does not.
// Signing in writes (sessions, last sign-in, the TOTP step): on a database
// of its own, not the shared read-only one.
TEST(DemoPersonas, SignInAndSeeWhatTheirRoleAllows) {
  TestDatabase db;
  auto seeded = Seed(db.conn(), kSeed);
  IMEDIC_ASSERT_OK(seeded);
  const SeedReport& report = *seeded;
  auto conn = [&db]() -> db::Connection& { return db.conn(); };
  ASSERT_EQ(report.personas.size(), 9u);
  EXPECT_EQ(report.demo_password, DemoPassword(kSeed));
  std::set<std::string> roles;
  for (const DemoPersona& p : report.personas) roles.insert(p.role);
  EXPECT_EQ(roles,
            (std::set<std::string>{"patient", "provider_staff", "care_coordinator", "medical",
                                   "sales", "marketing", "auditor", "privacy_officer", "admin"}));
  // Each holds the role it is named after, and staff a second factor.
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM users u JOIN user_roles r ON r.user_id = u.id "
                   "JOIN user_credentials c ON c.user_id = u.id WHERE u.email = r.role || "
                   "'@demo.example.com' AND u.status = 'active' AND u.email_verified "
                   "AND c.totp_enabled = (r.role <> 'patient')"),
            "9");
  const std::string patient = Scalar(
      conn(),
      "SELECT p.id FROM patient_profiles p JOIN users u ON u.id = p.user_id "
      "WHERE u.email = 'patient@demo.example.com'");

  TestServer server(db.conninfo());
  std::map<std::string, std::string> tokens;
  for (const DemoPersona& p : report.personas) {
    nlohmann::json extra = nlohmann::json::object();
    if (!p.totp_base32.empty()) {
      auto secret = core::Base32Decode(p.totp_base32);
      ASSERT_TRUE(secret) << p.role;
      extra["otp_code"] = core::TotpCode(*secret, std::time(nullptr));
    }
    tokens[p.role] = SignIn(server.port(), p.email, report.demo_password, extra);
    ASSERT_FALSE(tokens[p.role].empty()) << p.role << " could not sign in";
  }
  auto status = [&](const std::string& role, const std::string& path) {
    auto r = Authed(server.port(), tokens[role], "GET", path);
    return r ? r->status : 0;
  };
  auto items = [&](const std::string& role, const std::string& path) {
    auto r = Authed(server.port(), tokens[role], "GET", path);
    return r && r->status == 200 ? JsonBody(r)["items"].size() : 0u;
  };
  // The patient sees their own story.
  EXPECT_GT(items("patient", "/me/bookings"), 0u);
  EXPECT_GT(items("patient", "/me/consultations"), 0u);
  EXPECT_GT(items("patient", "/me/journey"), 0u);
  EXPECT_GT(items("patient", "/me/reviews"), 0u);
  // The clinic, the coordinator and the clinician reach that patient.
  EXPECT_GT(items("provider_staff", "/consultations"), 0u);
  EXPECT_EQ(status("provider_staff", "/patients/" + patient), 200);
  EXPECT_GT(items("care_coordinator", "/patients/" + patient + "/journey"), 0u);
  EXPECT_EQ(status("medical", "/patients/" + patient + "/medical-history"), 200);
  // The auditor reads the trail; the admin manages users.
  EXPECT_EQ(status("auditor", "/audit-log?limit=5"), 200);
  EXPECT_EQ(status("admin", "/users/" + Scalar(conn(),
                                               "SELECT id FROM users WHERE email = "
                                               "'sales@demo.example.com'")),
            200);
  // The patient's consents, which the privacy officer reads too (and audits).
  const std::string patient_user = Scalar(
      conn(), "SELECT id FROM users WHERE email = 'patient@demo.example.com'");
  auto own = Authed(server.port(), tokens["patient"], "GET", "/me/consents");
  ASSERT_TRUE(own && own->status == 200);
  EXPECT_GT(JsonBody(own)["current"].size(), 1u);
  EXPECT_EQ(status("privacy_officer", "/users/" + patient_user + "/consents"), 200);
  EXPECT_EQ(status("marketing", "/users/" + patient_user + "/consents"), 403);
  // And nobody sees what their role does not allow.
  EXPECT_EQ(status("sales", "/patients/" + patient), 403);
  EXPECT_EQ(status("marketing", "/patients/" + patient + "/medical-history"), 403);
  EXPECT_EQ(status("auditor", "/patients/" + patient), 403);
  EXPECT_EQ(status("patient", "/audit-log"), 403);
}

// Export requests and restrictions (0030): finished requests that expired
// after being downloaded, some asked by the privacy officer; the patient
// persona's finished one and a queued one the server's job builds; a few
// restricted patients, each with a reason, none of them a persona.
TEST_F(SeededDatabase, ShowsFinishedExportsAndRestrictions) {
  EXPECT_NE(Scalar(conn(),
                   "SELECT count(*) FROM data_export_requests WHERE status = 'expired' "
                   "AND finished_at IS NOT NULL AND downloads = 1"),
            "0");
  EXPECT_NE(Scalar(conn(),
                   "SELECT count(*) FROM data_export_requests WHERE requested_by <> "
                   "subject_user_id"),
            "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT string_agg(r.status, ',' ORDER BY r.requested_at) FROM "
                   "data_export_requests r JOIN users u ON u.id = r.subject_user_id "
                   "WHERE u.email = 'patient@demo.example.com'"),
            "expired,queued");
  EXPECT_NE(Scalar(conn(), "SELECT count(*) FROM processing_restrictions"), "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM processing_restrictions r JOIN users u ON "
                   "u.id = r.user_id WHERE u.email LIKE '%@demo.example.com'"),
            "0");
}

// The consent ledgers (0026): every patient consented to care processing at
// registration; some withdrew a marketing channel later; medical sharing
// names a provider the patient consulted or booked; no event after the
// reference date; the ledger's order agrees with its times.
TEST_F(SeededDatabase, GivesEveryPatientAPlausibleConsentLedger) {
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM patient_profiles p "
                   "WHERE NOT consent_allows(p.user_id, 'care_processing')"),
            "0");
  EXPECT_NE(Scalar(conn(), "SELECT count(*) FROM consent_events WHERE action = 'withdrawn'"), "0");
  EXPECT_NE(Scalar(conn(),
                   "SELECT count(*) FROM current_consents WHERE purpose = "
                   "'marketing_email' AND granted"),
            "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM consent_events e JOIN patient_profiles p ON "
                   "p.user_id = e.user_id WHERE e.purpose = 'medical_sharing' AND NOT EXISTS ("
                   "SELECT 1 FROM consultations c WHERE c.patient_profile_id = p.id AND "
                   "c.provider_id = e.provider_id UNION ALL SELECT 1 FROM bookings b WHERE "
                   "b.patient_profile_id = p.id AND b.provider_id = e.provider_id)"),
            "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM consent_events a JOIN consent_events b ON "
                   "b.user_id = a.user_id AND b.seq > a.seq AND b.occurred_at < a.occurred_at"),
            "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM consent_events WHERE occurred_at >= "
                   "'2026-11-01T00:00:00Z'"),
            "0");
}

TEST_F(SeededDatabase, GivesEveryUserARoleAllowedForItsType) {
  // At least one role each, and none that its user type may not hold.
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM user_roles ur "
                   "JOIN roles r ON r.name = ur.role WHERE ur.user_id = u.id "
                   "AND u.user_type = ANY (r.assignable_to))"),
            "0");
  EXPECT_EQ(
      Scalar(conn(),
             "SELECT count(*) FROM user_roles ur JOIN users u ON u.id = ur.user_id "
             "JOIN roles r ON r.name = ur.role WHERE NOT u.user_type = ANY (r.assignable_to)"),
      "0");
  // Every role of the model is held by someone; one or two auditors.
  EXPECT_EQ(Column(conn(), "SELECT DISTINCT role FROM user_roles"),
            Column(conn(), "SELECT name FROM roles"));
  const int auditors =
      std::stoi(Scalar(conn(), "SELECT count(*) FROM user_roles WHERE role = 'auditor'"));
  EXPECT_GE(auditors, 1);
  EXPECT_LE(auditors, 2);
  // Patients are patients only; clinicians among the staff and among the
  // providers' doctors (and only there).
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM user_roles ur JOIN users u ON u.id = ur.user_id "
                   "WHERE (u.user_type = 'patient') <> (ur.role = 'patient')"),
            "0");
  EXPECT_EQ(Column(conn(),
                   "SELECT DISTINCT u.user_type FROM user_roles ur JOIN users u ON "
                   "u.id = ur.user_id WHERE ur.role = 'medical'"),
            (std::set<std::string>{"provider", "staff"}));
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM provider_members m JOIN providers p ON "
                   "p.id = m.provider_id WHERE (p.type = 'doctor') <> EXISTS (SELECT 1 FROM "
                   "user_roles ur WHERE ur.user_id = m.user_id AND ur.role = 'medical')"),
            "0");
  // Whoever granted a role could manage roles.
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM user_roles ur WHERE ur.granted_by IS NOT NULL AND "
                   "NOT EXISTS (SELECT 1 FROM user_roles g JOIN role_permissions rp ON "
                   "rp.role = g.role WHERE g.user_id = ur.granted_by "
                   "AND rp.permission = 'roles.manage')"),
            "0");
}

TEST_F(SeededDatabase, MakesEveryProviderUserAMemberOfItsOwnProvider) {
  // Exactly one membership per provider user, none for anybody else...
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM users u WHERE u.user_type = 'provider' AND "
                   "(SELECT count(*) FROM provider_members m WHERE m.user_id = u.id) <> 1"),
            "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM provider_members m JOIN users u ON u.id = m.user_id "
                   "WHERE u.user_type <> 'provider'"),
            "0");
  // ...and it is the provider whose contact domain the account's e-mail uses
  // (but for the demo persona's, named after its role).
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM provider_members m JOIN users u ON u.id = m.user_id "
                   "JOIN providers p ON p.id = m.provider_id WHERE split_part(u.email, '@', 2) "
                   "<> split_part(p.contact_info->>'email', '@', 2) "
                   "AND u.email <> 'provider_staff@demo.example.com'"),
            "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(DISTINCT split_part(contact_info->>'email', '@', 2)) "
                   "FROM providers"),
            "20");
  EXPECT_EQ(Scalar(conn(), "SELECT count(DISTINCT provider_id) FROM provider_members"), "20");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM provider_members m JOIN users u ON u.id = m.user_id "
                   "WHERE m.created_at < u.created_at"),
            "0");
}

TEST_F(SeededDatabase, AssignsCareTeamsWithTheMatchingRoles) {
  // The staff member holds the role of the assignment's kind.
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM care_assignments a WHERE NOT EXISTS (SELECT 1 FROM "
                   "user_roles r WHERE r.user_id = a.staff_user_id AND r.role = a.kind)"),
            "0");
  EXPECT_EQ(Column(conn(), "SELECT DISTINCT kind FROM care_assignments"),
            (std::set<std::string>{"care_coordinator", "medical"}));
  // Every booked patient (Booking phase or later) has one coordinator and
  // one clinician; nobody else has either.
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM patient_profiles pp WHERE "
                   "(SELECT count(*) FROM care_assignments a WHERE a.patient_profile_id = pp.id "
                   "AND a.kind = 'care_coordinator') <> (SELECT count(*) FROM bookings b "
                   "WHERE b.patient_profile_id = pp.id) OR "
                   "(SELECT count(*) FROM care_assignments a WHERE a.patient_profile_id = pp.id "
                   "AND a.kind = 'medical') <> (SELECT count(*) FROM bookings b "
                   "WHERE b.patient_profile_id = pp.id)"),
            "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT max(n) FROM (SELECT count(*) AS n FROM bookings "
                   "GROUP BY patient_profile_id) x"),
            "1");
  // The coordinator is the agent of the patient's conversations.
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM care_assignments a JOIN patient_profiles pp ON "
                   "pp.id = a.patient_profile_id JOIN conversation_sessions s ON "
                   "s.user_id = pp.user_id WHERE a.kind = 'care_coordinator' AND "
                   "s.metadata->>'agent_id' <> a.staff_user_id::text"),
            "0");
  // Assigned after the booking was made (and after the staff member
  // joined), by someone who may assign care; lost bookings wind down.
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM care_assignments a JOIN bookings b ON "
                   "b.patient_profile_id = a.patient_profile_id JOIN users s ON "
                   "s.id = a.staff_user_id WHERE a.assigned_at < b.created_at "
                   "OR a.assigned_at < s.created_at"),
            "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM care_assignments a WHERE a.assigned_by IS NULL OR "
                   "NOT EXISTS (SELECT 1 FROM user_roles g JOIN role_permissions rp ON "
                   "rp.role = g.role WHERE g.user_id = a.assigned_by "
                   "AND rp.permission = 'care.assign')"),
            "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM care_assignments a JOIN bookings b ON "
                   "b.patient_profile_id = a.patient_profile_id WHERE a.ended_at IS NOT NULL "
                   "AND b.status NOT IN ('cancelled', 'no_show')"),
            "0");
  EXPECT_GT(
      std::stoi(Scalar(conn(), "SELECT count(*) FROM care_assignments WHERE ended_at IS NULL")), 0);
}

TEST_F(SeededDatabase, AssignsLeadsToSalesReps) {
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM leads l WHERE l.assigned_to IS NOT NULL AND NOT EXISTS "
                   "(SELECT 1 FROM user_roles r WHERE r.user_id = l.assigned_to "
                   "AND r.role = 'sales')"),
            "0");
  EXPECT_GT(std::stoi(Scalar(conn(), "SELECT count(*) FROM leads WHERE assigned_to IS NOT NULL")),
            1000);
}

TEST_F(SeededDatabase, LinksRecordsCoherently) {
  // Messages belong to their channel's user and to a recorded session.
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM messages m JOIN communication_channels c ON "
                   "c.id = m.channel_id WHERE c.user_id <> m.user_id"),
            "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM messages m WHERE NOT EXISTS (SELECT 1 FROM "
                   "conversation_sessions s WHERE s.session_id = m.metadata->>'session_id' "
                   "AND s.user_id = m.user_id)"),
            "0");
  // Migration 0023's columns: each message in its session, with its carrier's
  // id; what we sent with a delivery status; sessions on their channel.
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM messages m LEFT JOIN conversation_sessions s ON "
                   "s.id = m.conversation_session_id WHERE s.session_id IS DISTINCT FROM "
                   "m.metadata->>'session_id' OR m.provider_message_id IS NULL OR "
                   "(m.direction = 'outgoing') <> (m.delivery_status IS NOT NULL) OR "
                   "m.content_key IS DISTINCT FROM 'patient'"),
            "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM conversation_sessions s LEFT JOIN "
                   "communication_channels c ON c.id = s.channel_id WHERE c.user_id IS DISTINCT "
                   "FROM s.user_id OR c.channel_type <> s.channel_type OR s.unread_count NOT IN "
                   "(0, 1) OR s.last_inbound_at IS NULL"),
            "0");
  // Outcomes and reviews only for completed bookings, by their own patient.
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM procedure_outcomes o JOIN bookings b ON "
                   "b.id = o.booking_id WHERE b.status <> 'completed'"),
            "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM reviews r JOIN bookings b ON b.id = r.booking_id "
                   "WHERE b.status <> 'completed' OR b.patient_profile_id <> "
                   "r.patient_profile_id OR b.provider_id <> r.provider_id"),
            "0");
  // Converted leads are patients (but the closed leads of the scoring
  // history, which have no account); hair-loss profiles use the right scale.
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM leads WHERE status = 'converted' AND "
                   "user_id IS NULL AND lead_summary IS DISTINCT FROM "
                   "'Closed lead of the scoring history (seed)'"),
            "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM hair_loss_profiles WHERE NOT ("
                   "(norwood_scale BETWEEN 1 AND 7 AND ludwig_scale IS NULL) OR "
                   "(ludwig_scale BETWEEN 1 AND 3 AND norwood_scale IS NULL))"),
            "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM (SELECT user_id FROM communication_channels "
                   "GROUP BY user_id HAVING count(*) FILTER (WHERE is_primary) <> 1) x"),
            "0");
}

TEST_F(SeededDatabase, WritesEveryEncryptedColumnAsAnEnvelope) {
  for (const EncryptedTable& t : kEncrypted) {
    for (const std::string& c : t.jsonb) {
      EXPECT_EQ(Scalar(conn(), "SELECT count(*) FROM " + t.table + " WHERE " + c +
                                   " IS NOT NULL AND (jsonb_typeof(" + c + ") <> 'string' OR " + c +
                                   "::text NOT LIKE '\"e1.%')"),
                "0")
          << t.table << "." << c;
    }
    for (const std::string& c : t.text) {
      EXPECT_EQ(
          Scalar(conn(), "SELECT count(*) FROM " + t.table + " WHERE " + c + " NOT LIKE 'e1.%'"),
          "0")
          << t.table << "." << c;
    }
    // Every value has the full envelope shape, and none is missing: the
    // generator's optional values (insurance, notes) stay NULL.
    for (const std::string& c : ColumnsOf(t)) {
      auto r =
          conn().Exec("SELECT " + c + "::text FROM " + t.table + " WHERE " + c + " IS NOT NULL");
      IMEDIC_ASSERT_OK(r);
      EXPECT_GT(r->rows(), 50) << t.table << "." << c;
      int plain = 0;
      for (int i = 0; i < r->rows(); ++i) plain += privacy::LooksEncrypted(r->Get(i, 0)) ? 0 : 1;
      EXPECT_EQ(plain, 0) << t.table << "." << c;
    }
  }
  EXPECT_GT(std::stoi(Scalar(conn(),
                             "SELECT count(*) FROM patient_profiles WHERE insurance_info "
                             "IS NULL")),
            500);
  EXPECT_GT(std::stoi(Scalar(conn(),
                             "SELECT count(*) FROM medical_histories WHERE "
                             "additional_notes IS NULL")),
            400);
}

TEST_F(SeededDatabase, GivesEveryPatientOneDataKeyUnderTheActiveMasterKey) {
  EXPECT_EQ(Count(conn(), "patient_data_keys"), Count(conn(), "patient_profiles"));
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM patient_profiles pp WHERE (SELECT count(*) FROM "
                   "patient_data_keys k WHERE k.patient_profile_id = pp.id) <> 1"),
            "0");
  EXPECT_EQ(Column(conn(), "SELECT DISTINCT master_key_id FROM patient_data_keys"),
            (std::set<std::string>{TestRing().active().id}));
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM patient_data_keys k JOIN patient_profiles pp ON "
                   "pp.id = k.patient_profile_id WHERE k.wrapped_key NOT LIKE 'v1.' || $1 || '.%' "
                   "OR k.created_at <> pp.created_at OR k.rotated_at IS NOT NULL",
                   db::Params{TestRing().active().id}),
            "0");
  // Random keys: no two patients share one.
  auto r = conn().Exec(
      "SELECT patient_profile_id::text, wrapped_key FROM patient_data_keys ORDER BY 1 LIMIT 200");
  IMEDIC_ASSERT_OK(r);
  std::set<std::string> raw_keys;
  for (int i = 0; i < r->rows(); ++i) {
    auto key = privacy::UnwrapDataKey(TestRing(), r->Get(i, 1), r->Get(i, 0));
    IMEDIC_ASSERT_OK(key);
    raw_keys.emplace(reinterpret_cast<const char*>(key->key.data()), key->key.size());
  }
  EXPECT_EQ(raw_keys.size(), 200U);
}

// The decrypted value of `column` in the row `row_id` of a patient.
std::string Decrypted(db::Connection& conn, const std::string& table, const std::string& column,
                      const std::string& row_id, const std::string& patient) {
  privacy::DataKeys keys(TestRing());
  auto key = keys.Get(conn, core::PatientId::Trusted(patient));
  EXPECT_TRUE(key.has_value()) << patient;
  if (!key) return {};
  auto r = conn.ExecParams("SELECT " + column + "::text FROM " + table + " WHERE id = $1::uuid",
                           db::Params{row_id});
  EXPECT_TRUE(r.has_value() && r->rows() == 1) << table << " " << row_id;
  if (!r || r->rows() != 1 || r->IsNull(0, 0)) return {};
  auto plain = privacy::DecryptField(*key, r->Get(0, 0), table + "." + column, row_id);
  EXPECT_TRUE(plain.has_value()) << table << "." << column << " " << row_id;
  return plain ? *plain : std::string();
}

std::vector<std::pair<std::string, std::string>> SampleRows(db::Connection& conn,
                                                            const std::string& sql) {
  std::vector<std::pair<std::string, std::string>> rows;
  auto r = conn.Exec(sql);
  EXPECT_TRUE(r.has_value()) << sql;
  if (!r) return rows;
  for (int i = 0; i < r->rows(); ++i) rows.emplace_back(r->Get(i, 0), r->Get(i, 1));
  return rows;
}

TEST_F(SeededDatabase, EncryptedValuesDecryptToTheGeneratedShapes) {
  using nlohmann::json;
  const auto histories = SampleRows(
      conn(),
      "SELECT id::text, patient_profile_id::text FROM medical_histories ORDER BY id LIMIT 40");
  ASSERT_EQ(histories.size(), 40U);
  int allergic = 0;
  int noted = 0;
  for (const auto& [id, patient] : histories) {
    const json allergies = json::parse(
        Decrypted(conn(), "medical_histories", "allergies", id, patient), nullptr, false);
    ASSERT_TRUE(allergies.is_array()) << id;
    for (const json& a : allergies) {
      EXPECT_TRUE(a.at("substance").is_string() && a.at("reaction").is_string()) << id;
    }
    allergic += allergies.empty() ? 0 : 1;
    const json meds = json::parse(
        Decrypted(conn(), "medical_histories", "current_medications", id, patient), nullptr, false);
    ASSERT_TRUE(meds.is_array()) << id;
    for (const json& m : meds) EXPECT_TRUE(m.at("name").is_string() && m.contains("dose")) << id;
    for (const char* column :
         {"chronic_conditions", "previous_surgeries", "family_medical_history"}) {
      EXPECT_TRUE(
          json::parse(Decrypted(conn(), "medical_histories", column, id, patient), nullptr, false)
              .is_array())
          << column << " " << id;
    }
    const json lifestyle = json::parse(
        Decrypted(conn(), "medical_histories", "lifestyle_factors", id, patient), nullptr, false);
    ASSERT_TRUE(lifestyle.is_object()) << id;
    EXPECT_TRUE(lifestyle.at("smoking").is_string()) << id;
    const std::string notes = Decrypted(conn(), "medical_histories", "additional_notes", id,
                                        patient);
    EXPECT_FALSE(privacy::LooksEncrypted(notes));
    noted += notes.empty() ? 0 : 1;
  }
  EXPECT_GT(allergic, 0);
  EXPECT_GT(noted, 0);

  const auto profiles = SampleRows(
      conn(),
      "SELECT id::text, id::text FROM patient_profiles WHERE insurance_info IS NOT NULL "
      "ORDER BY id LIMIT 20");
  ASSERT_EQ(profiles.size(), 20U);
  for (const auto& [id, patient] : profiles) {
    const json contact = json::parse(
        Decrypted(conn(), "patient_profiles", "emergency_contact", id, patient), nullptr, false);
    ASSERT_TRUE(contact.is_object()) << id;
    EXPECT_TRUE(contact.at("name").is_string() && contact.at("phone").is_string()) << id;
    const json insurance = json::parse(
        Decrypted(conn(), "patient_profiles", "insurance_info", id, patient), nullptr, false);
    ASSERT_TRUE(insurance.is_object()) << id;
    EXPECT_EQ(insurance.at("policy_number").get<std::string>().substr(0, 4), "POL-") << id;
  }

  const auto hair = SampleRows(
      conn(),
      "SELECT id::text, patient_profile_id::text FROM hair_loss_profiles ORDER BY id LIMIT 20");
  ASSERT_EQ(hair.size(), 20U);
  for (const auto& [id, patient] : hair) {
    EXPECT_TRUE(
        json::parse(Decrypted(conn(), "hair_loss_profiles", "previous_treatments", id, patient),
                    nullptr, false)
            .is_array())
        << id;
    const json photos = json::parse(Decrypted(conn(), "hair_loss_profiles", "photos", id, patient),
                                    nullptr, false);
    ASSERT_TRUE(photos.is_array()) << id;
    for (const json& url : photos) {
      EXPECT_EQ(url.get<std::string>().rfind("https://media.example.com/patients/" + patient, 0),
                0U)
          << id;
    }
    EXPECT_FALSE(Decrypted(conn(), "hair_loss_profiles", "expectations", id, patient).empty());
  }

  // An envelope is bound to its row: under another row id it does not open.
  privacy::DataKeys keys(TestRing());
  auto key = keys.Get(conn(), core::PatientId::Trusted(histories[0].second));
  IMEDIC_ASSERT_OK(key);
  auto raw = conn().ExecParams("SELECT allergies::text FROM medical_histories WHERE id = $1::uuid",
                               db::Params{histories[0].first});
  IMEDIC_ASSERT_OK(raw);
  EXPECT_FALSE(privacy::DecryptField(*key, raw->Get(0, 0), "medical_histories.allergies",
                                     histories[1].first));
  EXPECT_FALSE(privacy::DecryptField(*key, raw->Get(0, 0), "medical_histories.current_medications",
                                     histories[0].first));
}

TEST_F(SeededDatabase, KeepsKnownPlaintextOutOfTheEncryptedTables) {
  // The generator does write these values (the decrypted data holds them)...
  int lisinopril = 0;
  for (const std::string& row : DecryptedRows(conn(), kEncrypted[1])) {
    lisinopril += row.find("Lisinopril") != std::string::npos ? 1 : 0;
  }
  EXPECT_GT(lisinopril, 0);
  // ...but no raw column, and no whole row, of those tables shows them.
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM medical_histories WHERE current_medications::text "
                   "ILIKE '%lisinopril%'"),
            "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM medical_histories m WHERE m::text ILIKE '%lisinopril%' "
                   "OR m::text ILIKE '%penicillin%' OR m::text ILIKE '%smoking%'"),
            "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM patient_profiles p WHERE p::text LIKE '%POL-%' "
                   "OR p::text LIKE '%relationship%'"),
            "0");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM hair_loss_profiles h WHERE h::text ILIKE "
                   "'%media.example.com%' OR h::text ILIKE '%minoxidil%'"),
            "0");
}

TEST_F(SeededDatabase, IfEmptySkipsAndChangesNothing) {
  const std::string before = Fingerprint(conn(), "users");
  auto report = Seed(conn(), kSeed + 1, /*if_empty=*/true);
  IMEDIC_ASSERT_OK(report);
  EXPECT_TRUE(report->skipped);
  EXPECT_TRUE(report->rows_per_table.empty());
  EXPECT_EQ(Fingerprint(conn(), "users"), before);
}

TEST_F(SeededDatabase, SameSeedGivesIdenticalContentAndAnotherSeedDoesNot) {
  TestDatabase same;
  auto again = Seed(same.conn(), kSeed, /*if_empty=*/true);  // empty, so it seeds
  IMEDIC_ASSERT_OK(again);
  EXPECT_FALSE(again->skipped);
  EXPECT_EQ(again->rows_per_table, report_->rows_per_table);
  // Encryption draws fresh data keys and nonces: the tables it touches are
  // compared on their plaintext, the data keys on everything but the key.
  std::set<std::string> sealed = {"patient_data_keys"};
  for (const EncryptedTable& t : kEncrypted) {
    sealed.insert(t.table);
    const auto ours = DecryptedRows(conn(), t);
    EXPECT_FALSE(ours.empty()) << t.table;
    EXPECT_TRUE(DecryptedRows(same.conn(), t) == ours) << t.table;
    EXPECT_NE(Fingerprint(same.conn(), t.table), Fingerprint(conn(), t.table)) << t.table;
  }
  const std::string keys_sql =
      "SELECT md5(string_agg((to_jsonb(k) - 'wrapped_key')::text, ',' ORDER BY "
      "patient_profile_id)) FROM patient_data_keys k";
  EXPECT_EQ(Scalar(same.conn(), keys_sql), Scalar(conn(), keys_sql));
  for (const std::string& table : kTables) {
    if (sealed.count(table) != 0) continue;
    EXPECT_EQ(Fingerprint(same.conn(), table), Fingerprint(conn(), table)) << table;
  }

  TestDatabase other;
  auto different = Seed(other.conn(), kSeed + 1);
  IMEDIC_ASSERT_OK(different);
  for (const char* table :
       {"users", "providers", "bookings", "messages", "leads", "patient_journey_events",
        "user_roles", "provider_members", "care_assignments", "consent_events"}) {
    EXPECT_NE(Fingerprint(other.conn(), table), Fingerprint(conn(), table)) << table;
  }
}

TEST(Seed, AFailureLeavesNothingBehind) {
  TestDatabase db;
  // Make a late table refuse a row the seeder writes.
  IMEDIC_ASSERT_OK(
      db.conn().Exec("ALTER TABLE patient_journey_events ADD CONSTRAINT seed_test_refuse "
                     "CHECK (event_type <> 'booking_made')"));
  auto report = Seed(db.conn(), kSeed);
  ASSERT_FALSE(report.has_value());
  EXPECT_FALSE(db.conn().IsBroken());
  for (const std::string& table : kTables) {
    EXPECT_EQ(Count(db.conn(), table), 0) << table;
  }
}

TEST(Seed, RefusesAScaleBelowOne) {
  TestDatabase db;
  SeedOptions options;
  options.scale = 0;
  auto report = SeedDemo(db.conn(), TestRing(), options);
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, core::ErrorCode::kInvalidInput);
}

// `imedic seed --demo`, the real binary: it loads the master key like the
// other subcommands and wraps the data keys with it; without a usable key it
// seeds nothing.
TEST(Seed, CommandLineWrapsTheDataKeysWithTheConfiguredMasterKey) {
  using namespace std::chrono_literals;
  TestDatabase db;
  testing::TempDir dir("imedic-seed-cli");
  std::string raw(32, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::map<std::string, std::string> env = {{"DATABASE_URL", db.conninfo()},
                                            {"IMEDIC_DATA_DIR", dir.path()},
                                            {"IMEDIC_MASTER_KEY", "not-a-key"},
                                            {"IMEDIC_MASTER_KEY_ID", "seedcli"},
                                            {"IMEDIC_KEY_FILE", ""},
                                            {"IMEDIC_LOG_LEVEL", "warn"}};
  int runs = 0;
  auto run = [&](const std::vector<std::string>& args, std::string* out) {
    testing::ChildProcess p(args, env, dir.path() + "/run" + std::to_string(++runs) + ".log");
    auto code = p.Wait(300s);
    *out = p.Log();
    return code.value_or(-1);
  };
  std::string out;
  EXPECT_EQ(run({"seed", "--demo"}, &out), 2) << out;
  EXPECT_EQ(Count(db.conn(), "users"), 0);

  env["IMEDIC_MASTER_KEY"] = core::Base64Encode(raw);
  ASSERT_EQ(run({"seed", "--demo"}, &out), 0) << out;
  EXPECT_EQ(out.find(env["IMEDIC_MASTER_KEY"]), std::string::npos);  // never printed
  EXPECT_NE(out.find("patient_data_keys"), std::string::npos) << out;
  EXPECT_EQ(Count(db.conn(), "patient_data_keys"), Count(db.conn(), "patient_profiles"));
  EXPECT_EQ(Column(db.conn(), "SELECT DISTINCT master_key_id FROM patient_data_keys"),
            (std::set<std::string>{"seedcli"}));
  auto ring = core::Keyring::FromBase64("seedcli", core::Base64Encode(raw));
  sodium_memzero(raw.data(), raw.size());
  IMEDIC_ASSERT_OK(ring);
  auto r = db.conn().Exec(
      "SELECT m.id::text, m.patient_profile_id::text, m.allergies::text FROM medical_histories m "
      "ORDER BY m.id LIMIT 5");
  IMEDIC_ASSERT_OK(r);
  ASSERT_EQ(r->rows(), 5);
  privacy::DataKeys keys(*ring);
  for (int i = 0; i < r->rows(); ++i) {
    auto key = keys.Get(db.conn(), core::PatientId::Trusted(std::string(r->Get(i, 1))));
    IMEDIC_ASSERT_OK(key);
    auto plain = privacy::DecryptField(*key, r->Get(i, 2), "medical_histories.allergies",
                                       r->Get(i, 0));
    IMEDIC_ASSERT_OK(plain);
    EXPECT_TRUE(nlohmann::json::parse(*plain, nullptr, false).is_array()) << *plain;
  }

  ASSERT_EQ(run({"seed", "--demo", "--if-empty"}, &out), 0) << out;
  EXPECT_NE(out.find("nothing seeded"), std::string::npos) << out;
}

TEST(SeedCopyWriter, RoundTripsAwkwardValues) {
  TestDatabase db;
  IMEDIC_ASSERT_OK(db.conn().Exec("CREATE TABLE copy_probe (n int, t text, a text[], j jsonb)"));
  const std::vector<std::string> texts = {
      "tab\there", "line\nbreak", "carriage\rreturn", "back\\slash",
      "\\N",       "quote\"d",    "Şişli ✓ 🦷", "",
      "end\\"};
  {
    CopyWriter out(db.conn(), "copy_probe", {"n", "t", "a", "j"}, nullptr);
    IMEDIC_ASSERT_OK(out.Start());
    for (std::size_t i = 0; i < texts.size(); ++i) {
      const std::string_view items[] = {texts[i], "x,y", "{braces}", "NULL"};
      // JSON escapes (\" \\ \n) must survive COPY's own escaping.
      const std::string_view json = i % 2 == 0 ? R"({"v":"a\"b\\c\n"})" : R"({"v":"plain"})";
      out.Int(static_cast<std::int64_t>(i)).Text(texts[i]).TextArray(items).Json(json);
      out.EndRow();
    }
    out.Int(99).Null().Null().Null();
    out.EndRow();
    auto rows = out.Finish();
    IMEDIC_ASSERT_OK(rows);
    EXPECT_EQ(*rows, static_cast<std::int64_t>(texts.size()) + 1);
  }
  auto r = db.conn().Exec(
      "SELECT n, t, a[1], a[2], a[3], a[4], j->>'v', t IS NULL FROM copy_probe ORDER BY n");
  IMEDIC_ASSERT_OK(r);
  ASSERT_EQ(r->rows(), static_cast<int>(texts.size()) + 1);
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const int row = static_cast<int>(i);
    EXPECT_EQ(r->Get(row, 1), texts[i]);
    EXPECT_EQ(r->Get(row, 2), texts[i]);
    EXPECT_EQ(r->Get(row, 3), "x,y");
    EXPECT_EQ(r->Get(row, 4), "{braces}");
    EXPECT_EQ(r->Get(row, 5), "NULL");
    EXPECT_EQ(r->Get(row, 6), i % 2 == 0 ? "a\"b\\c\n" : "plain");
  }
  EXPECT_EQ(r->Get(static_cast<int>(texts.size()), 7), "t");
}

}  // namespace
}  // namespace imedic::seed
