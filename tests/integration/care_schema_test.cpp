// The care journey's database layer (migrations 0018–0020, issue 11) on a
// real PostgreSQL, without HTTP: slot capacity under 200 concurrent booking
// attempts, no overlapping bookings, the payments ledger and the status it
// derives, idempotency keys under concurrent retries, BK- references, the
// aftercare schedule across DST changes, the provider rating under
// concurrent reviews, the status machines, and the care row scopes.
// docs/care-journey-schema.md describes the functions exercised here.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "db/pool.hpp"
#include "db/transaction.hpp"
#include "support/test_database.hpp"

namespace imedic::testing {
namespace {

using db::Connection;
using db::Params;

constexpr const char* kProvider = "30000000-0000-4000-8000-000000000001";
constexpr const char* kOtherProvider = "30000000-0000-4000-8000-000000000002";
constexpr const char* kHairProcedure = "40000000-0000-4000-8000-000000000001";
constexpr const char* kDentalProcedure = "40000000-0000-4000-8000-000000000002";
constexpr const char* kOtherProcedure = "40000000-0000-4000-8000-000000000003";
constexpr const char* kStaffUser = "10000000-0000-4000-8000-00000000f001";  // member of kProvider
constexpr int kPatients = 200;

// Patient i (1-based) is user 10000000-…-<i> with profile 20000000-…-<i>.
std::string PatientId(int i) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "20000000-0000-4000-8000-%012d", i);
  return buf;
}
std::string UserId(int i) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "10000000-0000-4000-8000-%012d", i);
  return buf;
}

// 200 patients living in London, a clinic (Istanbul) with a hair transplant
// (8 h, 10 days' recovery) and a dental procedure, a second clinic, and a
// provider-staff user of the first clinic.
constexpr const char* kFixture = R"sql(
INSERT INTO users (id, email, user_type)
SELECT format('10000000-0000-4000-8000-%s', lpad(i::text, 12, '0'))::uuid,
       'patient' || i || '@example.test', 'patient'
FROM generate_series(1, 200) AS i;
INSERT INTO user_profiles (user_id, first_name, last_name, timezone)
SELECT format('10000000-0000-4000-8000-%s', lpad(i::text, 12, '0'))::uuid, 'P', 'N' || i,
       'Europe/London'
FROM generate_series(1, 200) AS i;
INSERT INTO patient_profiles (id, user_id, patient_id, medical_condition)
SELECT format('20000000-0000-4000-8000-%s', lpad(i::text, 12, '0'))::uuid,
       format('10000000-0000-4000-8000-%s', lpad(i::text, 12, '0'))::uuid,
       'PAT-2024-' || lpad(i::text, 6, '0'), 'hair loss'
FROM generate_series(1, 200) AS i;
INSERT INTO providers (id, name, type, location, contact_info) VALUES
  ('30000000-0000-4000-8000-000000000001', 'Clinic', 'clinic', '{}', '{}'),
  ('30000000-0000-4000-8000-000000000002', 'Other clinic', 'clinic', '{}', '{}');
INSERT INTO procedures (id, provider_id, name, category, duration_hours, recovery_time_days)
VALUES
  ('40000000-0000-4000-8000-000000000001', '30000000-0000-4000-8000-000000000001',
   'FUE hair transplant', 'hair_transplant', 8, 10),
  ('40000000-0000-4000-8000-000000000002', '30000000-0000-4000-8000-000000000001',
   'Veneers', 'dental', 3, 5),
  ('40000000-0000-4000-8000-000000000003', '30000000-0000-4000-8000-000000000002',
   'Rhinoplasty', 'cosmetic', 3, 7);
INSERT INTO users (id, email, user_type) VALUES
  ('10000000-0000-4000-8000-00000000f001', 'staff@example.test', 'provider');
INSERT INTO provider_members (user_id, provider_id) VALUES
  ('10000000-0000-4000-8000-00000000f001', '30000000-0000-4000-8000-000000000001');
)sql";

// Books a place on a slot: the statement a POST /bookings route runs.
constexpr const char* kBookSlot =
    "SELECT id, booking_reference FROM book_slot($1::uuid, $2::uuid, $3::uuid, 2500, 'EUR', "
    "NULL, NULL, NULL, NULL, 'care_coordinator', 'test', '127.0.0.1')";

std::string Scalar(Connection& conn, const std::string& sql, const Params& params = Params{}) {
  auto r = conn.ExecParams(sql, params);
  if (!r) {
    ADD_FAILURE() << r.error().internal_detail << "\n" << sql;
    return "<error>";
  }
  if (r->rows() != 1 || r->cols() < 1) {
    ADD_FAILURE() << "expected one row, got " << r->rows() << "\n" << sql;
    return "<none>";
  }
  return std::string(r->Get(0, 0));
}

void ExecOk(Connection& conn, const std::string& sql, const Params& params = Params{}) {
  auto r = conn.ExecParams(sql, params);
  ASSERT_TRUE(r.has_value()) << r.error().internal_detail << "\n" << sql;
}

// The constraint a refused statement named ("" when it was accepted).
std::string RefusedBy(Connection& conn, const std::string& sql, const Params& params = Params{}) {
  auto r = conn.ExecParams(sql, params);
  if (r) return "";
  return r.error().constraint.empty() ? r.error().internal_detail : r.error().constraint;
}

// A slot of the clinic for the hair transplant on `date`, 09:00–13:00 local.
std::string AddSlot(Connection& conn, const std::string& date, int capacity,
                    const std::string& start = "09:00", const std::string& end = "13:00") {
  return Scalar(conn,
                "INSERT INTO provider_availability (provider_id, procedure_id, date, start_time, "
                "end_time, max_bookings) VALUES ($1::uuid, $2::uuid, $3::date, $4::time, "
                "$5::time, $6::int) RETURNING id",
                Params{kProvider, kHairProcedure, date, start, end, capacity});
}

struct SlotCount {
  int current = -1;
  int live = -1;
};
SlotCount CountSlot(Connection& conn, const std::string& slot) {
  auto r = conn.ExecParams(
      "SELECT current_bookings, (SELECT count(*) FROM bookings b WHERE b.availability_id = a.id "
      "AND b.status <> 'cancelled' AND b.deleted IS NOT TRUE) FROM provider_availability a "
      "WHERE a.id = $1::uuid",
      Params{slot});
  if (!r || r->rows() != 1) return {};
  return {std::stoi(std::string(r->Get(0, 0))), std::stoi(std::string(r->Get(0, 1)))};
}

struct RaceResult {
  int booked = 0;
  int full = 0;   // refused with bookings_slot_capacity
  int other = 0;  // anything else (must stay 0)
  double ms = 0;  // wall time of the round
  std::string first_other;
};

// `patients` attempt to book `slot` at once, spread over the pool's
// connections; every attempt is its own transaction (one statement).
RaceResult Race(db::Pool& pool, const std::string& slot, const std::vector<int>& patients) {
  RaceResult result;
  std::atomic<int> booked{0}, full{0}, other{0};
  std::atomic<bool> go{false};
  std::atomic<std::size_t> next{0};
  std::mutex mu;
  std::vector<std::thread> threads;
  const int workers = std::min<int>(pool.size(), static_cast<int>(patients.size()));
  for (int t = 0; t < workers; ++t) {
    threads.emplace_back([&] {
      auto conn = pool.Acquire();
      if (!conn) {
        other.fetch_add(1);
        return;
      }
      while (!go.load()) std::this_thread::yield();
      for (std::size_t i = next.fetch_add(1); i < patients.size(); i = next.fetch_add(1)) {
        auto r = (*conn)->ExecParams(
            kBookSlot, Params{slot, PatientId(patients[i]), std::string(kHairProcedure)});
        if (r) {
          booked.fetch_add(1);
        } else if (r.error().code == core::ErrorCode::kConflict &&
                   r.error().constraint == "bookings_slot_capacity") {
          full.fetch_add(1);
        } else {
          other.fetch_add(1);
          std::lock_guard<std::mutex> lock(mu);
          result.first_other = r.error().internal_detail;
        }
      }
    });
  }
  const auto start = std::chrono::steady_clock::now();
  go.store(true);
  for (auto& t : threads) t.join();
  result.ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  result.booked = booked.load();
  result.full = full.load();
  result.other = other.load();
  return result;
}

class CareSchema : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = db_.conn().Exec(kFixture);  // several statements: simple protocol
    ASSERT_TRUE(r.has_value()) << r.error().internal_detail;
  }
  Connection& conn() { return db_.conn(); }
  TestDatabase db_;
};

TEST_F(CareSchema, TwoHundredConcurrentAttemptsOnFivePlacesBookExactlyFiveEveryRound) {
  db::Pool pool(
      {.conninfo = db_.conninfo(), .size = 50, .acquire_timeout = std::chrono::seconds(30)});
  std::vector<int> everyone;
  for (int i = 1; i <= kPatients; ++i) everyone.push_back(i);

  constexpr int kRounds = 20;
  std::vector<std::string> slots;
  std::vector<double> round_ms;
  for (int round = 0; round < kRounds; ++round) {
    char date[32];
    std::snprintf(date, sizeof date, "2031-02-%02d", round + 1);
    const std::string slot = AddSlot(conn(), date, 5);
    slots.push_back(slot);
    const RaceResult r = Race(pool, slot, everyone);
    EXPECT_EQ(r.booked, 5) << "round " << round;
    EXPECT_EQ(r.full, kPatients - 5) << "round " << round;
    EXPECT_EQ(r.other, 0) << "round " << round << ": " << r.first_other;
    const SlotCount count = CountSlot(conn(), slot);
    EXPECT_EQ(count.current, 5) << "round " << round;
    EXPECT_EQ(count.live, 5) << "round " << round;
    round_ms.push_back(r.ms);
  }
  std::sort(round_ms.begin(), round_ms.end());
  double total = 0;
  for (double ms : round_ms) total += ms;
  std::printf(
      "[ race ] %d rounds x %d attempts on 5 places, 50 connections: 5 booked + %d "
      "refused every round; round wall time median %.1f ms, max %.1f ms, mean %.2f ms "
      "per attempt\n",
      kRounds, kPatients, kPatients - 5, round_ms[round_ms.size() / 2], round_ms.back(),
      total / (kRounds * kPatients));

  // Every refusal consumed no reference: the 100 bookings hold consecutive
  // numbers.
  EXPECT_EQ(Scalar(conn(),
                   "SELECT max(substr(booking_reference, 9)::int) - "
                   "min(substr(booking_reference, 9)::int) + 1 FROM bookings"),
            std::to_string(kRounds * 5));

  // Cancelling one booking frees exactly one place.
  const std::string slot = slots.front();
  const std::string cancelled = Scalar(
      conn(), "SELECT id FROM bookings WHERE availability_id = $1::uuid LIMIT 1", Params{slot});
  EXPECT_EQ(Scalar(conn(),
                   "SELECT (booking).status FROM cancel_booking($1::uuid, NULL, 'admin', 'test', "
                   "'127.0.0.1')",
                   Params{cancelled}),
            "cancelled");
  EXPECT_EQ(CountSlot(conn(), slot).current, 4);
  std::vector<int> without_place;
  auto holders = conn().ExecParams(
      "SELECT substr(patient_profile_id::text, 25)::int FROM bookings "
      "WHERE availability_id = $1::uuid AND status <> 'cancelled'",
      Params{slot});
  ASSERT_TRUE(holders.has_value());
  std::vector<int> holding;
  for (int r = 0; r < holders->rows(); ++r)
    holding.push_back(std::stoi(std::string(holders->Get(r, 0))));
  for (int i = 1; i <= kPatients; ++i) {
    if (std::find(holding.begin(), holding.end(), i) == holding.end()) without_place.push_back(i);
  }
  const RaceResult again = Race(pool, slot, without_place);
  EXPECT_EQ(again.booked, 1);
  EXPECT_EQ(again.full, static_cast<int>(without_place.size()) - 1);
  EXPECT_EQ(again.other, 0) << again.first_other;
  const SlotCount after = CountSlot(conn(), slot);
  EXPECT_EQ(after.current, 5);
  EXPECT_EQ(after.live, 5);

  // A cancelled booking cannot be confirmed again (it would retake a place).
  EXPECT_EQ(RefusedBy(conn(), "UPDATE bookings SET status = 'confirmed' WHERE id = $1::uuid",
                      Params{cancelled}),
            "bookings_status_transition");
  // No write path passes the capacity: a raw insert on the full slot, by a
  // patient holding no place there, is refused too.
  const std::string outsider = Scalar(
      conn(),
      "SELECT p.id FROM patient_profiles p WHERE NOT EXISTS (SELECT 1 FROM bookings b WHERE "
      "b.patient_profile_id = p.id AND b.availability_id = $1::uuid AND b.status <> "
      "'cancelled') ORDER BY p.id LIMIT 1",
      Params{slot});
  EXPECT_EQ(RefusedBy(conn(),
                      "INSERT INTO bookings (booking_reference, patient_profile_id, provider_id, "
                      "procedure_id, procedure_date, procedure_time, total_cost, availability_id) "
                      "VALUES (next_booking_reference(), $1::uuid, $2::uuid, $3::uuid, "
                      "'2031-02-01', '09:00', 100, $4::uuid)",
                      Params{outsider, std::string(kProvider), std::string(kHairProcedure), slot}),
            "bookings_slot_capacity");
  EXPECT_EQ(CountSlot(conn(), slot).current, 5);
}

TEST_F(CareSchema, ReferencesAreBkYearAndSixDigits) {
  const std::string slot = AddSlot(conn(), "2031-03-03", 3);
  for (int i = 1; i <= 3; ++i) {
    auto r = conn().ExecParams(kBookSlot, Params{slot, PatientId(i), std::string(kHairProcedure)});
    ASSERT_TRUE(r.has_value()) << r.error().internal_detail;
    const std::string reference(r->Get(0, 1));
    EXPECT_EQ(Scalar(conn(),
                     "SELECT $1 ~ ('^BK-' || extract(year FROM now() AT TIME ZONE 'UTC') || "
                     "'-[0-9]{6}$')",
                     Params{reference}),
              "t")
        << reference;
  }
  EXPECT_EQ(Scalar(conn(), "SELECT count(DISTINCT booking_reference) FROM bookings"), "3");
}

TEST_F(CareSchema, OnePatientCannotHoldOverlappingBookings) {
  const std::string morning = AddSlot(conn(), "2031-04-01", 5, "09:00", "13:00");
  const std::string midday = AddSlot(conn(), "2031-04-01", 5, "11:00", "15:00");
  const std::string afternoon = AddSlot(conn(), "2031-04-01", 5, "13:00", "17:00");
  const Params first{morning, PatientId(1), std::string(kHairProcedure)};
  ExecOk(conn(), kBookSlot, first);
  EXPECT_EQ(RefusedBy(conn(), kBookSlot, Params{midday, PatientId(1), std::string(kHairProcedure)}),
            "bookings_patient_overlap_excl");
  // The refused attempt gave its place back with the statement.
  EXPECT_EQ(CountSlot(conn(), midday).current, 0);
  // Back to back is fine, and so is another patient in the same period.
  ExecOk(conn(), kBookSlot, Params{afternoon, PatientId(1), std::string(kHairProcedure)});
  ExecOk(conn(), kBookSlot, Params{midday, PatientId(2), std::string(kHairProcedure)});
  // Cancelled bookings hold nothing: with the afternoon cancelled the
  // morning still blocks the midday slot, with the morning cancelled too it
  // is free, and then the midday booking blocks the morning.
  const std::string cancel =
      "SELECT cancel_booking(id, NULL, 'admin', 'test', '127.0.0.1') FROM bookings "
      "WHERE availability_id = $1::uuid AND patient_profile_id = $2::uuid";
  ExecOk(conn(), cancel, Params{afternoon, PatientId(1)});
  EXPECT_EQ(RefusedBy(conn(), kBookSlot, Params{midday, PatientId(1), std::string(kHairProcedure)}),
            "bookings_patient_overlap_excl");
  ExecOk(conn(), cancel, Params{morning, PatientId(1)});
  ExecOk(conn(), kBookSlot, Params{midday, PatientId(1), std::string(kHairProcedure)});
  EXPECT_EQ(
      RefusedBy(conn(), kBookSlot, Params{morning, PatientId(1), std::string(kHairProcedure)}),
      "bookings_patient_overlap_excl");
  EXPECT_EQ(CountSlot(conn(), morning).current, 0);
  EXPECT_EQ(CountSlot(conn(), midday).current, 2);
}

TEST_F(CareSchema, LedgerDerivesPaymentStatusAndRefusesOverRefundsAndChanges) {
  const std::string slot = AddSlot(conn(), "2031-05-20", 2);
  const std::string booking = Scalar(conn(), kBookSlot,
                                     Params{slot, PatientId(1), std::string(kHairProcedure)});
  // 2500.00 EUR = 250000 cents.
  const std::string pay =
      "SELECT replayed, payment_status, paid_minor, refunded_minor FROM record_payment("
      "$1::uuid, $2, $3::bigint, 'EUR', 'card', NULL, 'succeeded', $4, NULL, 'admin', 'test', "
      "'127.0.0.1')";
  auto step = [&](const std::string& kind, std::int64_t amount, const std::string& event) {
    auto r = conn().ExecParams(pay, Params{booking, kind, amount, event});
    if (!r) return "refused:" + r.error().constraint;
    return std::string(r->Get(0, 0)) + "," + std::string(r->Get(0, 1)) + "," +
           std::string(r->Get(0, 2)) + "," + std::string(r->Get(0, 3));
  };
  EXPECT_EQ(step("deposit", 50000, "evt_1"), "f,deposit,50000,0");
  EXPECT_EQ(step("deposit", 50000, "evt_1"), "t,deposit,50000,0") << "replayed event";
  EXPECT_EQ(step("balance", 200000, "evt_2"), "f,paid,250000,0");
  EXPECT_EQ(step("refund", 100000, "evt_3"), "f,refunded,250000,100000");
  EXPECT_EQ(step("refund", 150001, "evt_4"), "refused:payment_ledger_refund_exceeds_paid");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT payment_status || ',' || paid_minor || ',' || refunded_minor FROM "
                   "bookings WHERE id = $1::uuid",
                   Params{booking}),
            "refunded,250000,100000");
  EXPECT_EQ(Scalar(conn(), "SELECT count(*) FROM payment_ledger WHERE provider_event_id = 'evt_1'"),
            "1");
  EXPECT_EQ(Scalar(conn(), "SELECT count(*) FROM payment_ledger"), "3");
  EXPECT_EQ(RefusedBy(conn(),
                      "SELECT * FROM record_payment($1::uuid, 'deposit', 100, 'USD', "
                      "'card', NULL, NULL, NULL, NULL, 'admin', 'test', '127.0.0.1')",
                      Params{booking}),
            "payment_ledger_currency");

  // Append-only.
  auto update = conn().Exec("UPDATE payment_ledger SET amount_minor = 1");
  ASSERT_FALSE(update.has_value());
  EXPECT_EQ(update.error().code, core::ErrorCode::kInternal);  // 42501
  EXPECT_NE(update.error().internal_detail.find("42501"), std::string::npos);
  EXPECT_FALSE(conn().Exec("DELETE FROM payment_ledger").has_value());
  EXPECT_FALSE(conn().Exec("TRUNCATE payment_ledger").has_value());
  EXPECT_EQ(Scalar(conn(), "SELECT count(*) FROM payment_ledger"), "3");

  // Ten concurrent refunds of 30000 against 150000 still paid: exactly five pass.
  db::Pool pool({.conninfo = db_.conninfo(), .size = 10});
  std::atomic<int> ok{0}, refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 10; ++t) {
    threads.emplace_back([&] {
      auto c = pool.Acquire();
      if (!c) return;
      auto r = (*c)->ExecParams(
          "SELECT * FROM record_payment($1::uuid, 'refund', 30000, 'EUR', 'card', NULL, NULL, "
          "NULL, NULL, 'admin', 'test', '127.0.0.1')",
          Params{booking});
      (r ? ok : refused).fetch_add(1);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 5);
  EXPECT_EQ(refused.load(), 5);
  EXPECT_EQ(
      Scalar(conn(), "SELECT refunded_minor FROM bookings WHERE id = $1::uuid", Params{booking}),
      "250000");
}

TEST_F(CareSchema, CancellationPolicyGivesFullHalfOrNoRefund) {
  const std::string slot = AddSlot(conn(), "2031-06-30", 2);
  const std::string booking = Scalar(conn(), kBookSlot,
                                     Params{slot, PatientId(1), std::string(kHairProcedure)});
  ExecOk(conn(),
         "SELECT record_payment($1::uuid, 'deposit', 80001, 'EUR', 'card', NULL, NULL, NULL, "
         "NULL, 'admin', 'test', '127.0.0.1')",
         Params{booking});
  const std::string due = "SELECT booking_refund_due($1::uuid, $2::timestamptz)";
  // Days count in the clinic's zone (Istanbul, UTC+3): 22:00 UTC is already the next day.
  EXPECT_EQ(Scalar(conn(), due, Params{booking, "2031-05-30T12:00:00Z"}), "80001");  // 31 days
  EXPECT_EQ(Scalar(conn(), due, Params{booking, "2031-05-30T22:00:00Z"}), "40000");  // 30 days
  EXPECT_EQ(Scalar(conn(), due, Params{booking, "2031-06-23T12:00:00Z"}), "40000");  // 7 days
  EXPECT_EQ(Scalar(conn(), due, Params{booking, "2031-06-24T12:00:00Z"}), "0");      // 6 days
  // A provider's own tiers replace the default.
  ExecOk(conn(),
         "INSERT INTO cancellation_policy_tiers (provider_id, min_days_before, refund_percent) "
         "VALUES ($1::uuid, 14, 80), ($1::uuid, 0, 10)",
         Params{std::string(kProvider)});
  EXPECT_EQ(Scalar(conn(), due, Params{booking, "2031-05-30T12:00:00Z"}), "64000");
  EXPECT_EQ(Scalar(conn(), due, Params{booking, "2031-06-24T12:00:00Z"}), "8000");
}

TEST_F(CareSchema, FiftyConcurrentRetriesOfOneIdempotencyKeyActOnce) {
  const std::string slot = AddSlot(conn(), "2031-07-01", 2);
  const std::string booking = Scalar(conn(), kBookSlot,
                                     Params{slot, PatientId(1), std::string(kHairProcedure)});
  db::Pool pool(
      {.conninfo = db_.conninfo(), .size = 50, .acquire_timeout = std::chrono::seconds(30)});
  std::atomic<bool> go{false};
  std::mutex mu;
  std::map<std::string, int> outcomes;
  std::vector<std::string> bodies;
  std::vector<std::thread> threads;
  for (int t = 0; t < 50; ++t) {
    threads.emplace_back([&] {
      auto c = pool.Acquire();
      if (!c) return;
      Connection& conn = **c;
      while (!go.load()) std::this_thread::yield();
      db::Transaction tx(conn);
      if (!tx.Begin()) return;
      auto claim = conn.ExecParams(
          "SELECT outcome, response_body::text FROM claim_idempotency_key('user:1', 'key-1', "
          "'hash-A')",
          Params{});
      if (!claim) return;
      std::string outcome(claim->Get(0, 0));
      std::string body(claim->Get(0, 1));
      if (outcome == "claimed") {
        auto paid = conn.ExecParams(
            "SELECT (entry).id FROM record_payment($1::uuid, 'deposit', 50000, 'EUR', 'card', "
            "NULL, NULL, NULL, NULL, 'patient', 'test', '127.0.0.1')",
            Params{booking});
        if (!paid) return;
        body = "{\"payment_id\": \"" + std::string(paid->Get(0, 0)) + "\"}";
        if (!conn.ExecParams("SELECT complete_idempotency_key('user:1', 'key-1', 201, $1::jsonb)",
                             Params{body})) {
          return;
        }
      }
      if (!tx.Commit()) return;
      std::lock_guard<std::mutex> lock(mu);
      ++outcomes[outcome];
      bodies.push_back(body);
    });
  }
  go.store(true);
  for (auto& t : threads) t.join();
  EXPECT_EQ(outcomes["claimed"], 1);
  EXPECT_EQ(outcomes["replay"], 49);
  EXPECT_EQ(Scalar(conn(), "SELECT count(*) FROM payment_ledger"), "1");
  ASSERT_EQ(bodies.size(), 50u);
  for (const std::string& b : bodies) {
    EXPECT_EQ(Scalar(conn(), "SELECT $1::jsonb = $2::jsonb", Params{b, bodies.front()}), "t");
  }
  // The same key with another body is refused; another caller's key is its own.
  EXPECT_EQ(Scalar(conn(), "SELECT outcome FROM claim_idempotency_key('user:1', 'key-1', 'B')"),
            "mismatch");
  EXPECT_EQ(Scalar(conn(), "SELECT outcome FROM claim_idempotency_key('user:2', 'key-1', 'B')"),
            "claimed");
  // After 24 hours a key is new again, and the purge removes old ones.
  ExecOk(conn(),
         "UPDATE idempotency_keys SET created_at = now() - interval '25 hours' "
         "WHERE caller = 'user:1'");
  EXPECT_EQ(Scalar(conn(), "SELECT outcome FROM claim_idempotency_key('user:1', 'key-1', 'B')"),
            "claimed");
  ExecOk(conn(), "UPDATE idempotency_keys SET created_at = now() - interval '25 hours'");
  EXPECT_EQ(Scalar(conn(), "SELECT purge_idempotency_keys()"), "2");
}

// The aftercare schedule of a hair transplant on 2031-03-03 for patients in
// three zones with opposite DST seasons: every item falls due at 10:00 local
// on its local date, and the UTC offsets show the DST changes crossed.
TEST_F(CareSchema, AftercareKeepsLocalWallTimeAcrossDstChanges) {
  struct Zone {
    const char* name;
    int patient;
    int offsets;  // distinct UTC offsets over the year of items
  };
  const Zone zones[] = {{"Europe/London", 11, 2},    {"America/New_York", 12, 2},
                        {"Australia/Sydney", 13, 2}, {"Europe/Istanbul", 14, 1},
                        {"Asia/Kolkata", 15, 1},     {"America/Sao_Paulo", 16, 1}};
  for (const Zone& z : zones) {
    ExecOk(conn(),
           "UPDATE user_profiles SET timezone = $1 WHERE user_id = "
           "(SELECT user_id FROM patient_profiles WHERE id = $2::uuid)",
           Params{std::string(z.name), PatientId(z.patient)});
    const std::string booking = Scalar(
        conn(),
        "INSERT INTO bookings (booking_reference, patient_profile_id, provider_id, procedure_id, "
        "procedure_date, procedure_time, total_cost) VALUES (next_booking_reference(), "
        "$1::uuid, $2::uuid, $3::uuid, '2031-03-03', '09:00', 2500) RETURNING id",
        Params{PatientId(z.patient), std::string(kProvider), std::string(kHairProcedure)});
    EXPECT_EQ(RefusedBy(conn(),
                        "SELECT * FROM schedule_aftercare($1::uuid, NULL, 'medical', 't', "
                        "'127.0.0.1')",
                        Params{booking}),
              "follow_up_care_booking_completed");
    ExecOk(conn(), "UPDATE bookings SET status = 'completed' WHERE id = $1::uuid", Params{booking});
    auto made = conn().ExecParams(
        "SELECT scheduled_date::text, to_char(timezone($2, due_at), 'YYYY-MM-DD HH24:MI'), "
        "timezone FROM schedule_aftercare($1::uuid, $3::uuid, 'medical', 't', '127.0.0.1')",
        Params{booking, std::string(z.name), std::string(kStaffUser)});
    ASSERT_TRUE(made.has_value()) << made.error().internal_detail;
    const std::vector<std::string> expected_dates = {"2031-03-04", "2031-03-13", "2031-04-03",
                                                     "2031-06-03", "2031-09-03", "2032-03-03",
                                                     "2032-03-03"};
    ASSERT_EQ(made->rows(), 7) << z.name;
    for (int r = 0; r < made->rows(); ++r) {
      EXPECT_EQ(made->Get(r, 0), expected_dates[static_cast<std::size_t>(r)]) << z.name;
      EXPECT_EQ(std::string(made->Get(r, 1)), std::string(made->Get(r, 0)) + " 10:00")
          << z.name << " item " << r;
      EXPECT_EQ(made->Get(r, 2), z.name);
    }
    EXPECT_EQ(Scalar(conn(),
                     "SELECT count(DISTINCT to_char(timezone($2, due_at), 'HH24:MI') || "
                     "to_char(due_at AT TIME ZONE 'UTC', 'HH24:MI')) FROM follow_up_care "
                     "WHERE booking_id = $1::uuid",
                     Params{booking, std::string(z.name)}),
              std::to_string(z.offsets))
        << z.name << ": UTC times of the items";
    // Idempotent; audited per row; one journey event.
    EXPECT_EQ(Scalar(conn(),
                     "SELECT count(*) FROM schedule_aftercare($1::uuid, NULL, 'medical', 't', "
                     "'127.0.0.1')",
                     Params{booking}),
              "0");
    EXPECT_EQ(Scalar(conn(),
                     "SELECT count(*) FROM audit_log WHERE table_name = 'follow_up_care' AND "
                     "subject_patient_profile_id = $1::uuid",
                     Params{PatientId(z.patient)}),
              "7");
    EXPECT_EQ(Scalar(conn(),
                     "SELECT count(*) FROM patient_journey_events WHERE patient_profile_id = "
                     "$1::uuid AND event_type = 'aftercare_scheduled' AND stage = 'follow_up'",
                     Params{PatientId(z.patient)}),
              "1");
  }

  // The job's claims hand each reminder and escalation out once. At
  // 2031-03-14 12:00 UTC each of the 6 patients has 2 items due (days 1 and
  // 10): both reminded, both overdue; day 1 is overdue by more than 3 days.
  const Params now{"2031-03-14T12:00:00Z"};
  const std::string remind =
      "SELECT count(*) FROM claim_follow_up_reminders($1::timestamptz, interval '1 day', 1000)";
  const std::string overdue = "SELECT count(*) FROM mark_follow_ups_overdue($1::timestamptz, 1000)";
  const std::string escalate =
      "SELECT count(*) FROM claim_follow_up_escalations($1::timestamptz, interval '3 days', 1000)";
  for (int run = 0; run < 2; ++run) {
    EXPECT_EQ(Scalar(conn(), remind, now), run == 0 ? "12" : "0") << "run " << run;
    EXPECT_EQ(Scalar(conn(), overdue, now), run == 0 ? "12" : "0") << "run " << run;
    EXPECT_EQ(Scalar(conn(), escalate, now), run == 0 ? "6" : "0") << "run " << run;
  }
}

TEST_F(CareSchema, FiftyConcurrentReviewsKeepTheRatingExact) {
  // Patients 1..50 each completed a booking at the clinic.
  ExecOk(conn(),
         "INSERT INTO bookings (booking_reference, patient_profile_id, provider_id, procedure_id, "
         "procedure_date, procedure_time, total_cost, status) "
         "SELECT next_booking_reference(), "
         "format('20000000-0000-4000-8000-%s', lpad(i::text, 12, '0'))::uuid, $1::uuid, "
         "$2::uuid, '2030-01-10', '09:00', 2500, 'completed' FROM generate_series(1, 51) AS i",
         Params{std::string(kProvider), std::string(kDentalProcedure)});
  db::Pool pool(
      {.conninfo = db_.conninfo(), .size = 50, .acquire_timeout = std::chrono::seconds(30)});
  std::atomic<bool> go{false};
  std::atomic<int> ok{0};
  int sum = 0;
  std::vector<std::thread> threads;
  for (int i = 1; i <= 50; ++i) {
    const int rating = 1 + (i * 7) % 5;
    sum += rating;
    threads.emplace_back([&, i, rating] {
      auto c = pool.Acquire();
      if (!c) return;
      while (!go.load()) std::this_thread::yield();
      auto r = (*c)->ExecParams(
          "INSERT INTO reviews (patient_profile_id, provider_id, booking_id, rating, content) "
          "SELECT patient_profile_id, provider_id, id, $2::int, 'Review' FROM bookings "
          "WHERE patient_profile_id = $1::uuid",
          Params{PatientId(i), rating});
      if (r && r->AffectedRows() == 1) ok.fetch_add(1);
    });
  }
  go.store(true);
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 50);
  char expected[16];
  std::snprintf(expected, sizeof expected, "%.2f", sum / 50.0 + 1e-9);
  EXPECT_EQ(
      Scalar(conn(), "SELECT rating || ',' || review_count FROM providers WHERE id = $1::uuid",
             Params{std::string(kProvider)}),
      std::string(expected) + ",50");
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM providers p WHERE p.rating IS DISTINCT FROM (SELECT "
                   "round(avg(rating), 2) FROM reviews r WHERE r.provider_id = p.id)"),
            "0");
  EXPECT_EQ(Scalar(conn(), "SELECT bool_and(is_verified) FROM reviews"), "t");

  // Once per booking; never without a completed booking of one's own there.
  const std::string again =
      "INSERT INTO reviews (patient_profile_id, provider_id, booking_id, rating, content) "
      "SELECT patient_profile_id, provider_id, id, 5, 'Again' FROM bookings "
      "WHERE patient_profile_id = $1::uuid";
  EXPECT_EQ(RefusedBy(conn(), again, Params{PatientId(1)}), "reviews_booking_live_key");
  EXPECT_EQ(RefusedBy(conn(),
                      "INSERT INTO reviews (patient_profile_id, provider_id, rating, content) "
                      "VALUES ($1::uuid, $2::uuid, 5, 'No booking')",
                      Params{PatientId(60), std::string(kProvider)}),
            "reviews_verified_booking");
  EXPECT_EQ(RefusedBy(conn(),
                      "INSERT INTO reviews (patient_profile_id, provider_id, booking_id, rating, "
                      "content) SELECT $1::uuid, provider_id, id, 5, 'Someone else''s' "
                      "FROM bookings WHERE patient_profile_id = $2::uuid",
                      Params{PatientId(60), PatientId(51)}),
            "reviews_verified_booking");

  // Hiding takes a review out of the figures, publishing puts it back.
  ExecOk(conn(),
         "UPDATE reviews SET moderation_status = 'hidden', moderation_reason = 'Personal data' "
         "WHERE patient_profile_id = $1::uuid",
         Params{PatientId(1)});
  EXPECT_EQ(Scalar(conn(), "SELECT review_count FROM providers WHERE id = $1::uuid",
                   Params{std::string(kProvider)}),
            "49");
  EXPECT_EQ(RefusedBy(conn(),
                      "UPDATE reviews SET moderation_status = 'hidden', moderation_reason = NULL "
                      "WHERE patient_profile_id = $1::uuid",
                      Params{PatientId(2)}),
            "reviews_hidden_reason_check");
  ExecOk(conn(), "UPDATE reviews SET moderation_status = 'published'");
  EXPECT_EQ(
      Scalar(conn(), "SELECT rating || ',' || review_count FROM providers WHERE id = $1::uuid",
             Params{std::string(kProvider)}),
      std::string(expected) + ",50");
}

TEST_F(CareSchema, ConsultationAndBookingStatusMachinesRefuseIllegalTransitions) {
  const std::string insert =
      "INSERT INTO consultations (patient_profile_id, provider_id, scheduled_at, request_status) "
      "VALUES ($1::uuid, $2::uuid, '2031-01-10T10:00:00Z', $3) RETURNING id";
  const std::string confirmed = Scalar(conn(), insert,
                                       Params{PatientId(1), std::string(kProvider), "confirmed"});
  EXPECT_EQ(
      Scalar(conn(), "SELECT timezone FROM consultations WHERE id = $1::uuid", Params{confirmed}),
      "Europe/Istanbul");
  ExecOk(conn(),
         "UPDATE consultations SET status = 'completed', outcome = 'qualified' WHERE id = $1::uuid",
         Params{confirmed});
  // At a slot: the time comes from the slot, in the clinic's zone (09:00
  // Istanbul = 06:00 UTC); another clinic's slot is refused.
  const std::string at_slot = AddSlot(conn(), "2031-01-15", 4);
  EXPECT_EQ(Scalar(conn(),
                   "INSERT INTO consultations (patient_profile_id, provider_id, availability_id) "
                   "VALUES ($1::uuid, $2::uuid, $3::uuid) "
                   "RETURNING to_char(scheduled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')",
                   Params{PatientId(4), std::string(kProvider), at_slot}),
            "2031-01-15 06:00");
  EXPECT_EQ(RefusedBy(conn(),
                      "INSERT INTO consultations (patient_profile_id, provider_id, "
                      "availability_id) VALUES ($1::uuid, $2::uuid, $3::uuid)",
                      Params{PatientId(4), std::string(kOtherProvider), at_slot}),
            "consultations_slot_check");
  const std::string set_status = "UPDATE consultations SET status = $2 WHERE id = $1::uuid";
  for (const char* to : {"cancelled", "no_show", "scheduled"}) {
    EXPECT_EQ(RefusedBy(conn(), set_status, Params{confirmed, to}),
              "consultations_status_transition")
        << "completed → " << to;
  }
  EXPECT_EQ(RefusedBy(conn(), "UPDATE consultations SET outcome = 'maybe' WHERE id = $1::uuid",
                      Params{confirmed}),
            "consultations_outcome_check");

  // A patient's request: not held before the clinic confirms; declining cancels.
  const std::string requested = Scalar(conn(), insert,
                                       Params{PatientId(2), std::string(kProvider), "requested"});
  EXPECT_EQ(RefusedBy(conn(), set_status, Params{requested, "completed"}),
            "consultations_status_transition");
  ExecOk(conn(), "UPDATE consultations SET request_status = 'declined' WHERE id = $1::uuid",
         Params{requested});
  EXPECT_EQ(
      Scalar(conn(), "SELECT status FROM consultations WHERE id = $1::uuid", Params{requested}),
      "cancelled");
  EXPECT_EQ(
      RefusedBy(conn(), "UPDATE consultations SET request_status = 'confirmed' WHERE id = $1::uuid",
                Params{requested}),
      "consultations_request_transition");
  EXPECT_EQ(RefusedBy(conn(), insert, Params{PatientId(3), std::string(kProvider), "pending"}),
            "consultations_request_status_check");

  // Bookings: confirmed → completed | cancelled | no_show, then nothing.
  const std::string booking = Scalar(
      conn(),
      "INSERT INTO bookings (booking_reference, patient_profile_id, provider_id, procedure_id, "
      "procedure_date, procedure_time, total_cost) VALUES (next_booking_reference(), $1::uuid, "
      "$2::uuid, $3::uuid, '2031-01-20', '09:00', 2500) RETURNING id",
      Params{PatientId(1), std::string(kProvider), std::string(kHairProcedure)});
  ExecOk(conn(), "UPDATE bookings SET status = 'no_show' WHERE id = $1::uuid", Params{booking});
  EXPECT_EQ(RefusedBy(conn(), "UPDATE bookings SET status = 'completed' WHERE id = $1::uuid",
                      Params{booking}),
            "bookings_status_transition");

  // Quotes: versioned, one accepted per consultation, terms immutable.
  const std::string quote =
      "INSERT INTO consultation_quotes (consultation_id, version, procedure_id, price_minor, "
      "currency, hotel_nights, airport_transfers, interpreter, valid_until) VALUES ($1::uuid, "
      "$2::int, $3::uuid, 250000, 'EUR', 3, true, true, now() + interval '30 days') RETURNING id";
  const std::string v1 = Scalar(conn(), quote, Params{confirmed, 1, std::string(kHairProcedure)});
  const std::string v2 = Scalar(conn(), quote, Params{confirmed, 2, std::string(kHairProcedure)});
  EXPECT_EQ(RefusedBy(conn(), quote, Params{confirmed, 2, std::string(kHairProcedure)}),
            "consultation_quotes_consultation_id_version_key");
  const std::string accept =
      "UPDATE consultation_quotes SET accepted_at = now() WHERE id = $1::uuid";
  ExecOk(conn(), accept, Params{v2});
  EXPECT_EQ(RefusedBy(conn(), accept, Params{v1}), "consultation_quotes_accepted_key");
  EXPECT_EQ(RefusedBy(conn(), accept, Params{v2}), "consultation_quotes_acceptance");
  EXPECT_EQ(RefusedBy(conn(), "UPDATE consultation_quotes SET price_minor = 1 WHERE id = $1::uuid",
                      Params{v2}),
            "consultation_quotes_immutable");
  // A booking from the accepted quote takes its price, currency and consultation.
  const std::string slot = AddSlot(conn(), "2031-08-01", 3);
  EXPECT_EQ(Scalar(conn(),
                   "SELECT total_cost || ' ' || currency || ' ' || (consultation_id = $4::uuid) "
                   "FROM book_slot($1::uuid, $2::uuid, $3::uuid, NULL, NULL, $5::uuid, NULL, "
                   "NULL, NULL, 'patient', 't', '127.0.0.1')",
                   Params{slot, PatientId(1), std::string(kHairProcedure), confirmed, v2}),
            "2500.00 EUR true");
  EXPECT_EQ(RefusedBy(conn(), kBookSlot, Params{slot, PatientId(5), std::string(kDentalProcedure)}),
            "bookings_slot_procedure_check");
  EXPECT_EQ(RefusedBy(conn(),
                      "SELECT book_slot($1::uuid, $2::uuid, $3::uuid, NULL, NULL, $4::uuid, NULL, "
                      "NULL, NULL, 'patient', 't', '127.0.0.1')",
                      Params{slot, PatientId(2), std::string(kHairProcedure), v2}),
            "bookings_quote_check");
}

TEST_F(CareSchema, TravelCheckAndRowScopes) {
  const std::string slot = AddSlot(conn(), "2031-09-10", 3);
  const std::string booking = Scalar(conn(), kBookSlot,
                                     Params{slot, PatientId(1), std::string(kHairProcedure)});
  const std::string travel = Scalar(
      conn(), "INSERT INTO travel_arrangements (booking_id) VALUES ($1::uuid) RETURNING id",
      Params{booking});
  const std::string flight =
      "INSERT INTO travel_flights (travel_arrangement_id, direction, flight_number, "
      "departure_airport, departure_timezone, departs_at, arrival_airport, arrival_timezone, "
      "arrives_at) VALUES ($1::uuid, $2, $3, $4, $5, $6::timestamptz, $7, $8, $9::timestamptz)";
  // Lands the evening after the 09:00 procedure, leaves on day 5 of 10 days' recovery.
  ExecOk(conn(), flight,
         Params{travel, "inbound", "TK1980", "LHR", "Europe/London", "2031-09-10T14:00:00Z", "IST",
                "Europe/Istanbul", "2031-09-10T18:00:00Z"});
  ExecOk(conn(), flight,
         Params{travel, "outbound", "TK1979", "IST", "Europe/Istanbul", "2031-09-15T08:00:00Z",
                "LHR", "Europe/London", "2031-09-15T12:00:00Z"});
  ExecOk(conn(),
         "INSERT INTO travel_hotel_stays (travel_arrangement_id, hotel_name, address, check_in, "
         "check_out) VALUES ($1::uuid, 'Hotel', 'Sisli, Istanbul', '2031-09-11', '2031-09-15')",
         Params{travel});
  EXPECT_EQ(Scalar(conn(), "SELECT check_travel($1::uuid)::text", Params{travel}),
            "{arrival_after_procedure,departure_before_recovery,hotel_gap}");
  ExecOk(conn(), "UPDATE travel_flights SET deleted = true WHERE travel_arrangement_id = $1::uuid",
         Params{travel});
  ExecOk(conn(), flight,
         Params{travel, "inbound", "TK1980", "LHR", "Europe/London", "2031-09-08T14:00:00Z", "IST",
                "Europe/Istanbul", "2031-09-08T18:00:00Z"});
  ExecOk(conn(), flight,
         Params{travel, "outbound", "TK1979", "IST", "Europe/Istanbul", "2031-09-21T08:00:00Z",
                "LHR", "Europe/London", "2031-09-21T12:00:00Z"});
  ExecOk(conn(),
         "UPDATE travel_hotel_stays SET check_in = '2031-09-08', check_out = '2031-09-21' "
         "WHERE travel_arrangement_id = $1::uuid",
         Params{travel});
  EXPECT_EQ(Scalar(conn(), "SELECT check_travel($1::uuid)::text", Params{travel}), "{}");
  EXPECT_EQ(
      RefusedBy(conn(), flight,
                Params{travel, "inbound", "TK1", "LHR", "Mars/Olympus", "2031-09-08T14:00:00Z",
                       "IST", "Europe/Istanbul", "2031-09-08T18:00:00Z"}),
      "travel_flights_departure_timezone_check");

  // The same patient also has a booking at the other clinic: the first
  // clinic's staff see their own row, not the other clinic's.
  const std::string elsewhere = Scalar(
      conn(),
      "INSERT INTO bookings (booking_reference, patient_profile_id, provider_id, procedure_id, "
      "procedure_date, procedure_time, total_cost) VALUES (next_booking_reference(), $1::uuid, "
      "$2::uuid, $3::uuid, '2031-10-01', '09:00', 900) RETURNING id",
      Params{PatientId(1), std::string(kOtherProvider), std::string(kOtherProcedure)});
  const std::string visible = "SELECT booking_visible($1::uuid, $2::uuid, $3)";
  EXPECT_EQ(Scalar(conn(), visible, Params{booking, std::string(kStaffUser), "provider"}), "t");
  EXPECT_EQ(Scalar(conn(), visible, Params{elsewhere, std::string(kStaffUser), "provider"}), "f");
  EXPECT_EQ(Scalar(conn(), "SELECT patient_visible($1::uuid, $2::uuid, 'provider')",
                   Params{PatientId(1), std::string(kStaffUser)}),
            "t");
  EXPECT_EQ(Scalar(conn(), visible, Params{elsewhere, UserId(1), "own"}), "t");
  EXPECT_EQ(Scalar(conn(), visible, Params{elsewhere, UserId(2), "own"}), "f");
  EXPECT_EQ(Scalar(conn(), "SELECT travel_visible($1::uuid, $2::uuid, 'provider')",
                   Params{travel, std::string(kStaffUser)}),
            "t");
  EXPECT_EQ(Scalar(conn(), visible, Params{booking, UserId(3), "none"}), "f");

  // Every step of the booking wrote its journey event with its stage.
  EXPECT_EQ(Scalar(conn(),
                   "SELECT string_agg(stage || ':' || event_type, ',' ORDER BY created_at, seq) "
                   "FROM patient_journey_events WHERE patient_profile_id = $1::uuid",
                   Params{PatientId(1)}),
            "booking:booking_created");
}

// Property: for 14 zones and every DST transition between 2024 and 2035
// (found from PostgreSQL's tz database: days whose UTC offset at local noon
// differs from the day before), a hair transplant on the eve of the
// transition gets its day-1 item on the transition day itself, and every
// item of every schedule falls due at 10:00 local on its local date.
TEST_F(CareSchema, AftercareLandsOnLocalWallTimeOnEveryDstTransition2024To2035) {
  const char* const zones[] = {"Europe/London",       "Europe/Berlin",     "Europe/Istanbul",
                               "America/New_York",    "America/Chicago",   "America/Los_Angeles",
                               "America/Santiago",    "America/Sao_Paulo", "Australia/Sydney",
                               "Australia/Lord_Howe", "Pacific/Auckland",  "Africa/Cairo",
                               "Asia/Kolkata",        "Asia/Tokyo"};
  int patient = 100;
  std::string zone_array = "{";
  for (const char* zone : zones) {
    zone_array += std::string(zone_array.size() > 1 ? "," : "") + zone;
    ExecOk(conn(),
           "UPDATE user_profiles SET timezone = $1 WHERE user_id = "
           "(SELECT user_id FROM patient_profiles WHERE id = $2::uuid)",
           Params{std::string(zone), PatientId(++patient)});
  }
  zone_array += "}";
  // One completed booking per (zone, transition), on the day before it.
  const std::string transitions = Scalar(
      conn(),
      "WITH z AS (SELECT zone, ord FROM unnest($1::text[]) WITH ORDINALITY AS u(zone, ord)), "
      "d AS (SELECT z.zone, z.ord, day::date AS day, "
      "  (day::date + time '12:00') - timezone('UTC', timezone(z.zone, day::date + time '12:00')) "
      "    AS off "
      "  FROM z, generate_series(date '2023-12-31', date '2035-12-31', interval '1 day') AS day), "
      "t AS (SELECT zone, ord, day FROM (SELECT *, lag(off) OVER (PARTITION BY zone ORDER BY day) "
      "  AS prev FROM d) x WHERE prev IS NOT NULL AND off <> prev), "
      "made AS (INSERT INTO bookings (booking_reference, patient_profile_id, provider_id, "
      "  procedure_id, procedure_date, procedure_time, total_cost, status, special_instructions) "
      "  SELECT next_booking_reference(), "
      "    format('20000000-0000-4000-8000-%s', lpad((100 + ord)::text, 12, '0'))::uuid, "
      "    $2::uuid, $3::uuid, day - 1, '09:00', 2500, 'completed', day::text FROM t "
      "  RETURNING 1) "
      "SELECT count(*) FROM made",
      Params{zone_array, std::string(kProvider), std::string(kHairProcedure)});
  // Two a year in most of the 14 zones; none in Istanbul, Kolkata, Tokyo or
  // São Paulo since 2019.
  EXPECT_GT(std::stoi(transitions), 200);
  std::printf("[ dst ] %s DST transitions 2024-2035 in 14 zones, each with its schedule\n",
              transitions.c_str());
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM bookings b, LATERAL schedule_aftercare(b.id, NULL, "
                   "'medical', 't', '127.0.0.1') f"),
            std::to_string(std::stoi(transitions) * 7));
  // Every item at 10:00 local on its date, in the zone of its patient.
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM follow_up_care f JOIN bookings b ON b.id = f.booking_id "
                   "JOIN patient_profiles p ON p.id = b.patient_profile_id "
                   "JOIN user_profiles u ON u.user_id = p.user_id "
                   "WHERE f.timezone <> u.timezone OR to_char(timezone(u.timezone, f.due_at), "
                   "'YYYY-MM-DD HH24:MI') <> f.scheduled_date::text || ' 10:00'"),
            "0");
  // The day-1 item of each booking is on its transition day.
  EXPECT_EQ(Scalar(conn(),
                   "SELECT count(*) FROM follow_up_care f JOIN bookings b ON b.id = f.booking_id "
                   "JOIN aftercare_protocol_items i ON i.id = f.protocol_item_id "
                   "WHERE i.position = 1 AND f.scheduled_date::text = b.special_instructions"),
            transitions);
}

}  // namespace
}  // namespace imedic::testing
