// Bookings and the payments ledger over HTTP (issue 11, items 2 and 3), on
// the real server and a real PostgreSQL: 200 concurrent POST /bookings on a
// 5-place slot, 20 rounds, then one cancellation frees exactly one place;
// Idempotency-Key retried 50 times at once; the ledger's payment_status at
// each step and a refund beyond what is paid refused; the payment webhook
// replayed, forged and stale; status transitions and who may make them.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "domains/care/webhook_signature.hpp"
#include "http/server.hpp"
#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace imedic::testing {
namespace {

using Json = nlohmann::json;

constexpr const char* kProvider = "30000000-0000-4000-8000-000000000001";
constexpr const char* kProcedure = "40000000-0000-4000-8000-000000000001";
constexpr const char* kStaff =
    "10000000-0000-4000-8000-00000000f001";  // provider_staff of kProvider
constexpr const char* kOtherStaff = "10000000-0000-4000-8000-00000000f002";  // of "Other clinic"
constexpr const char* kWebhookSecret = "whsec_test_3f9a1c";
constexpr int kPatients = 200;

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

// 200 patients (users with the patient role), two clinics, a hair
// transplant of 4 hours at the first, a staff member of each clinic.
constexpr const char* kFixture = R"sql(
INSERT INTO users (id, email, user_type)
SELECT format('10000000-0000-4000-8000-%s', lpad(i::text, 12, '0'))::uuid,
       'patient' || i || '@example.test', 'patient'
FROM generate_series(1, 200) AS i;
INSERT INTO user_roles (user_id, role)
SELECT format('10000000-0000-4000-8000-%s', lpad(i::text, 12, '0'))::uuid, 'patient'
FROM generate_series(1, 200) AS i;
INSERT INTO patient_profiles (id, user_id, patient_id, medical_condition)
SELECT format('20000000-0000-4000-8000-%s', lpad(i::text, 12, '0'))::uuid,
       format('10000000-0000-4000-8000-%s', lpad(i::text, 12, '0'))::uuid,
       'PAT-2026-' || lpad(i::text, 6, '0'), 'hair loss'
FROM generate_series(1, 200) AS i;
INSERT INTO providers (id, name, type, location, contact_info) VALUES
  ('30000000-0000-4000-8000-000000000001', 'Clinic', 'clinic', '{}', '{}'),
  ('30000000-0000-4000-8000-000000000002', 'Other clinic', 'clinic', '{}', '{}');
INSERT INTO procedures (id, provider_id, name, category, duration_hours, recovery_time_days)
VALUES ('40000000-0000-4000-8000-000000000001', '30000000-0000-4000-8000-000000000001',
        'FUE hair transplant', 'hair_transplant', 4, 10);
INSERT INTO users (id, email, user_type) VALUES
  ('10000000-0000-4000-8000-00000000f001', 'staff@example.test', 'provider'),
  ('10000000-0000-4000-8000-00000000f002', 'other.staff@example.test', 'provider');
INSERT INTO user_roles (user_id, role) VALUES
  ('10000000-0000-4000-8000-00000000f001', 'provider_staff'),
  ('10000000-0000-4000-8000-00000000f002', 'provider_staff');
INSERT INTO provider_members (user_id, provider_id) VALUES
  ('10000000-0000-4000-8000-00000000f001', '30000000-0000-4000-8000-000000000001'),
  ('10000000-0000-4000-8000-00000000f002', '30000000-0000-4000-8000-000000000002');
)sql";

void RaceServer(http::ServerOptions& o) {
  o.worker_threads = 8;
  o.max_pending = 1000;
  o.queue_timeout = std::chrono::seconds(60);
}
void RaceApp(app::ApplicationOptions& o) {
  o.pool_size = 8;
  o.acquire_timeout = std::chrono::seconds(30);
  o.payment_webhook_secret = kWebhookSecret;
  o.payment_webhook_tolerance = std::chrono::seconds(300);
}

class Bookings : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db_.conn().Exec(kFixture)) << "fixture failed";
    staff_ = MintSession(db_.conn(), kStaff);
  }

  std::optional<HttpResponse> Call(const std::string& token, const std::string& method,
                                   const std::string& path, const std::string& body = "",
                                   const std::string& idempotency_key = "") {
    std::map<std::string, std::string> headers{{"Authorization", "Bearer " + token}};
    if (!idempotency_key.empty()) headers["Idempotency-Key"] = idempotency_key;
    return Request(server_.port(), method, path, body, "application/json", headers);
  }

  // A slot of the clinic for the hair transplant, 09:00–13:00 local.
  std::string AddSlot(const std::string& date, int capacity, const std::string& start = "09:00",
                      const std::string& end = "13:00") {
    return Scalar(db_.conn(),
                  "INSERT INTO provider_availability (provider_id, procedure_id, date, "
                  "start_time, end_time, max_bookings) VALUES ($1::uuid, $2::uuid, $3::date, "
                  "$4::time, $5::time, $6::int) RETURNING id",
                  db::Params{kProvider, kProcedure, date, start, end, capacity});
  }

  static std::string BookingBody(const std::string& slot, int patient, int cost = 2500) {
    return Json{{"availability_id", slot},
                {"patient_profile_id", PatientId(patient)},
                {"procedure_id", kProcedure},
                {"total_cost", cost},
                {"currency", "EUR"}}
        .dump();
  }

  std::pair<int, int> SlotCount(const std::string& slot) {
    auto r = db_.conn().ExecParams(
        "SELECT current_bookings, (SELECT count(*) FROM bookings b WHERE b.availability_id = "
        "a.id AND b.status <> 'cancelled' AND b.deleted IS NOT TRUE) FROM provider_availability "
        "a WHERE a.id = $1::uuid",
        db::Params{slot});
    if (!r || r->rows() != 1) return {-1, -1};
    return {std::stoi(std::string(r->Get(0, 0))), std::stoi(std::string(r->Get(0, 1)))};
  }

  // A booking of `patient` made by staff; its JSON.
  Json Book(const std::string& slot, int patient, int cost = 2500) {
    auto r = Call(staff_, "POST", "/bookings", BookingBody(slot, patient, cost));
    EXPECT_TRUE(r && r->status == 201) << (r ? r->body : "no answer");
    return JsonBody(r);
  }

  TestDatabase db_;
  TestServer server_{db_.conninfo(), RaceServer, RaceApp};
  std::string staff_;
};

struct RoundResult {
  int created = 0;
  int refused = 0;
  int other = 0;
  bool every_refusal_names_slot = true;
  std::vector<std::string> created_ids;
};

// `attempts` concurrent POST /bookings of patients first..first+attempts-1.
RoundResult Race(int port, const std::string& token, const std::string& slot,
                 const std::vector<int>& patients) {
  RoundResult out;
  std::mutex mu;
  std::vector<std::thread> threads;
  std::atomic<bool> go{false};
  threads.reserve(patients.size());
  for (int patient : patients) {
    threads.emplace_back([&, patient] {
      while (!go.load()) std::this_thread::yield();
      std::map<std::string, std::string> headers{{"Authorization", "Bearer " + token}};
      std::string body = Json{
          {"availability_id", slot},
          {"patient_profile_id", PatientId(patient)},
          {"procedure_id", kProcedure},
          {"total_cost", 2500},
          {"currency",
           "EUR"}}.dump();
      auto r = Request(port, "POST", "/bookings", body, "application/json", headers);
      std::lock_guard lock(mu);
      if (r && r->status == 201) {
        ++out.created;
        out.created_ids.push_back(JsonBody(r)["id"].get<std::string>());
      } else if (r && r->status == 409) {
        ++out.refused;
        Json p = JsonBody(r);
        const bool names = p["detail"].get<std::string>().find(slot) != std::string::npos &&
                           ProblemFields(*r) == std::set<std::string>{"availability_id"};
        out.every_refusal_names_slot = out.every_refusal_names_slot && names;
      } else {
        ++out.other;
        if (out.other < 3) ADD_FAILURE() << (r ? r->status : 0) << " " << (r ? r->body : "");
      }
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  return out;
}

TEST_F(Bookings, TwoHundredConcurrentAttemptsOnFivePlacesTwentyTimes) {
  std::vector<int> everyone;
  for (int i = 1; i <= kPatients; ++i) everyone.push_back(i);
  std::vector<double> millis;
  std::string last_slot;
  RoundResult last;
  for (int round = 0; round < 20; ++round) {
    char date[32];
    std::snprintf(date, sizeof date, "2027-03-%02d", round + 1);
    const std::string slot = AddSlot(date, 5);
    const auto t0 = std::chrono::steady_clock::now();
    RoundResult r = Race(server_.port(), staff_, slot, everyone);
    millis.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    EXPECT_EQ(r.created, 5) << "round " << round;
    EXPECT_EQ(r.refused, 195) << "round " << round;
    EXPECT_EQ(r.other, 0) << "round " << round;
    EXPECT_TRUE(r.every_refusal_names_slot) << "round " << round;
    EXPECT_EQ(SlotCount(slot), std::make_pair(5, 5)) << "round " << round;
    last_slot = slot;
    last = std::move(r);
  }
  std::sort(millis.begin(), millis.end());
  std::printf(
      "[race] 20 rounds x 200 POST /bookings on 5 places: median %.0f ms, max %.0f ms "
      "per round\n",
      millis[millis.size() / 2], millis.back());

  // One cancellation frees exactly one place for the 195 who lost.
  ASSERT_FALSE(last.created_ids.empty());
  auto cancelled = Call(staff_, "POST", "/bookings/" + last.created_ids.front() + "/cancel");
  ASSERT_TRUE(cancelled && cancelled->status == 200) << (cancelled ? cancelled->body : "");
  EXPECT_EQ(JsonBody(cancelled)["status"], "cancelled");
  EXPECT_EQ(SlotCount(last_slot), std::make_pair(4, 4));
  std::vector<int> losers;
  for (int i = 1; i <= kPatients; ++i) {
    const std::string pid = PatientId(i);
    if (Scalar(db_.conn(),
               "SELECT count(*) FROM bookings WHERE availability_id = $1::uuid AND "
               "patient_profile_id = $2::uuid",
               db::Params{last_slot, pid}) == "0") {
      losers.push_back(i);
    }
  }
  ASSERT_EQ(losers.size(), 195u);
  RoundResult again = Race(server_.port(), staff_, last_slot, losers);
  EXPECT_EQ(again.created, 1);
  EXPECT_EQ(again.refused, 194);
  EXPECT_EQ(SlotCount(last_slot), std::make_pair(5, 5));
}

TEST_F(Bookings, ReferenceOverlapAndTransitions) {
  const std::string slot = AddSlot("2027-05-10", 3);
  Json b = Book(slot, 1);
  const std::string ref = b["booking_reference"].get<std::string>();
  ASSERT_EQ(ref.size(), 14u) << ref;  // BK-YYYY-NNNNNN
  EXPECT_EQ(ref.substr(0, 3), "BK-");
  EXPECT_EQ(ref[7], '-');
  EXPECT_TRUE(std::all_of(ref.begin() + 8, ref.end(), ::isdigit)) << ref;
  EXPECT_EQ(b["status"], "confirmed");
  EXPECT_EQ(b["payment_status"], "pending");
  EXPECT_EQ(b["timezone"], "Europe/Istanbul");

  // The same patient at an overlapping slot: 409 naming the patient.
  const std::string overlapping = AddSlot("2027-05-10", 3, "11:00", "15:00");
  auto overlap = Call(staff_, "POST", "/bookings", BookingBody(overlapping, 1));
  ASSERT_TRUE(overlap);
  EXPECT_EQ(overlap->status, 409) << overlap->body;
  EXPECT_EQ(ProblemFields(*overlap), std::set<std::string>{"patient_profile_id"});

  // Missing fields are named; a slot of another clinic is outside the scope.
  auto empty = Call(staff_, "POST", "/bookings", "{}");
  EXPECT_EQ(empty->status, 422);
  EXPECT_TRUE(ProblemFields(*empty).contains("availability_id"));
  auto other = Call(MintSession(db_.conn(), kOtherStaff), "POST", "/bookings",
                    BookingBody(slot, 2));
  EXPECT_EQ(other->status, 403) << other->body;

  // The patient sees their own booking, another patient does not.
  const std::string own = MintSession(db_.conn(), UserId(1));
  const std::string stranger = MintSession(db_.conn(), UserId(2));
  const std::string id = b["id"].get<std::string>();
  EXPECT_EQ(Call(own, "GET", "/bookings/" + id)->status, 200);
  EXPECT_EQ(Call(stranger, "GET", "/bookings/" + id)->status, 404);
  Json mine = JsonBody(Call(own, "GET", "/me/bookings"));
  ASSERT_EQ(mine["items"].size(), 1u) << mine.dump();
  EXPECT_EQ(mine["items"][0]["id"], id);
  EXPECT_EQ(JsonBody(Call(stranger, "GET", "/me/bookings"))["items"].size(), 0u);
  EXPECT_EQ(Call(MintSession(db_.conn(), kOtherStaff), "GET", "/bookings/" + id)->status, 404);

  // Staff list with filters and keyset paging.
  Book(slot, 3);
  Book(slot, 4);
  Json page1 = JsonBody(Call(staff_, "GET", "/bookings?status=eq.confirmed&limit=2"));
  ASSERT_EQ(page1["items"].size(), 2u) << page1.dump();
  ASSERT_TRUE(page1["next"].is_string());
  Json page2 = JsonBody(Call(staff_, "GET", page1["next"].get<std::string>()));
  ASSERT_EQ(page2["items"].size(), 1u) << page2.dump();
  EXPECT_TRUE(page2["next"].is_null());
  EXPECT_EQ(
      JsonBody(Call(staff_, "GET", "/bookings?procedure_date=gte.2027-05-11"))["items"].size(), 0u);
  EXPECT_EQ(
      JsonBody(Call(staff_, "GET", "/bookings?patient_profile_id=eq." + PatientId(3)))["items"]
          .size(),
      1u);
  EXPECT_EQ(Call(staff_, "GET", "/bookings?colour=eq.red")->status, 422);

  // A patient cannot complete; staff completes; then nothing else moves it.
  EXPECT_EQ(Call(own, "POST", "/bookings/" + id + "/complete")->status, 403);
  auto done = Call(staff_, "POST", "/bookings/" + id + "/complete");
  ASSERT_EQ(done->status, 200) << done->body;
  EXPECT_EQ(JsonBody(done)["status"], "completed");
  auto cancel = Call(staff_, "POST", "/bookings/" + id + "/cancel");
  EXPECT_EQ(cancel->status, 409) << cancel->body;
  EXPECT_EQ(Call(staff_, "POST", "/bookings/" + id + "/no-show")->status, 409);
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT string_agg(event_type, ',' ORDER BY created_at, seq) FROM "
                   "patient_journey_events WHERE patient_profile_id = $1::uuid",
                   db::Params{PatientId(1)}),
            "booking_created,booking_completed,aftercare_scheduled");
  // Completing the hair transplant started its aftercare protocol.
  EXPECT_NE(Scalar(db_.conn(), "SELECT count(*) FROM follow_up_care WHERE booking_id = $1::uuid",
                   db::Params{id}),
            "0");

  // A patient cancels their own confirmed booking (not another's) and is
  // told the refund due; the place is free again.
  Json b3 =
      JsonBody(Call(staff_, "GET", "/bookings?patient_profile_id=eq." + PatientId(3)))["items"][0];
  const std::string id3 = b3["id"].get<std::string>();
  EXPECT_EQ(Call(stranger, "POST", "/bookings/" + id3 + "/cancel")->status, 404);
  auto own_cancel = Call(MintSession(db_.conn(), UserId(3)), "POST",
                         "/bookings/" + id3 + "/cancel");
  ASSERT_EQ(own_cancel->status, 200) << own_cancel->body;
  EXPECT_EQ(JsonBody(own_cancel)["status"], "cancelled");
  EXPECT_EQ(JsonBody(own_cancel)["refund_due_minor"], 0);  // nothing was paid
  EXPECT_EQ(SlotCount(slot), std::make_pair(2, 2));
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT count(*) FROM audit_log WHERE table_name = 'bookings' AND action = "
                   "'update' AND row_id = $1",
                   db::Params{id3}),
            "1");
}

TEST_F(Bookings, FromAnAcceptedQuoteTakesItsPatientProcedureAndPrice) {
  const std::string slot = AddSlot("2027-05-20", 2);
  const std::string consultation = Scalar(
      db_.conn(),
      "INSERT INTO consultations (patient_profile_id, provider_id, procedure_id, scheduled_at) "
      "VALUES ($1::uuid, $2::uuid, $3::uuid, now() + interval '1 day') RETURNING id",
      db::Params{PatientId(31), kProvider, kProcedure});
  auto quote = [&](int version) {
    return Scalar(db_.conn(),
                  "INSERT INTO consultation_quotes (consultation_id, version, procedure_id, "
                  "price_minor, currency, valid_until) VALUES ($1::uuid, $2::int, $3::uuid, "
                  "315050, 'GBP', now() + interval '30 days') RETURNING id",
                  db::Params{consultation, version, kProcedure});
  };
  const std::string open = quote(1);
  // Not accepted yet: refused, naming the quote.
  auto refused = Call(staff_, "POST", "/bookings",
                      Json{{"availability_id", slot}, {"quote_id", open}}.dump());
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 422) << refused->body;
  EXPECT_EQ(ProblemFields(*refused), std::set<std::string>{"quote_id"});
  ASSERT_TRUE(db_.conn().ExecParams(
      "UPDATE consultation_quotes SET accepted_at = now() WHERE id = $1::uuid", db::Params{open}));
  auto booked = Call(staff_, "POST", "/bookings",
                     Json{{"availability_id", slot}, {"quote_id", open}}.dump());
  ASSERT_TRUE(booked);
  ASSERT_EQ(booked->status, 201) << booked->body;
  Json b = JsonBody(booked);
  EXPECT_EQ(b["patient_profile_id"], PatientId(31));
  EXPECT_EQ(b["procedure_id"], kProcedure);
  EXPECT_EQ(b["quote_id"], open);
  EXPECT_EQ(b["consultation_id"], consultation);
  EXPECT_EQ(b["currency"], "GBP");
  EXPECT_DOUBLE_EQ(b["total_cost"].get<double>(), 3150.50);
  // An unknown quote names the quote too.
  auto unknown = Call(
      staff_, "POST", "/bookings",
      Json{{"availability_id", slot}, {"quote_id", "99999999-0000-4000-8000-000000000000"}}.dump());
  EXPECT_EQ(unknown->status, 422);
  EXPECT_EQ(ProblemFields(*unknown), std::set<std::string>{"quote_id"});
}

TEST_F(Bookings, IdempotencyKeyRetriedFiftyTimesMakesOneBookingAndOneLedgerRow) {
  const std::string slot = AddSlot("2027-06-01", 10);
  const std::string body = BookingBody(slot, 7);
  auto fifty = [&](const std::string& path, const std::string& b, const std::string& key) {
    std::vector<std::optional<HttpResponse>> answers(50);
    std::vector<std::thread> threads;
    for (int i = 0; i < 50; ++i) {
      threads.emplace_back([&, i] { answers[i] = Call(staff_, "POST", path, b, key); });
    }
    for (auto& t : threads) t.join();
    return answers;
  };
  auto answers = fifty("/bookings", body, "book-7-once");
  ASSERT_TRUE(answers[0]);
  for (const auto& a : answers) {
    ASSERT_TRUE(a);
    EXPECT_EQ(a->status, 201) << a->body;
    EXPECT_EQ(a->body, answers[0]->body);
  }
  int replayed = 0;
  for (const auto& a : answers) replayed += a->Header("idempotent-replayed") == "true" ? 1 : 0;
  EXPECT_EQ(replayed, 49);
  EXPECT_EQ(Scalar(db_.conn(), "SELECT count(*) FROM bookings WHERE patient_profile_id = $1::uuid",
                   db::Params{PatientId(7)}),
            "1");
  EXPECT_EQ(SlotCount(slot), std::make_pair(1, 1));

  // The same key with another body (or path) is refused, naming the header.
  auto other = Call(staff_, "POST", "/bookings", BookingBody(slot, 8), "book-7-once");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 422) << other->body;
  EXPECT_EQ(ProblemFields(*other), std::set<std::string>{"Idempotency-Key"});
  EXPECT_EQ(Scalar(db_.conn(), "SELECT count(*) FROM bookings WHERE patient_profile_id = $1::uuid",
                   db::Params{PatientId(8)}),
            "0");
  EXPECT_EQ(Call(staff_, "POST", "/bookings", body, std::string(300, 'k'))->status, 422);

  // A payment retried 50 times: one ledger row, identical answers.
  const std::string id = JsonBody(answers[0])["id"].get<std::string>();
  const std::string deposit =
      Json{{"kind", "deposit"}, {"amount_minor", 50000}, {"currency", "EUR"}}.dump();
  auto paid = fifty("/bookings/" + id + "/payments", deposit, "deposit-7");
  for (const auto& a : paid) {
    ASSERT_TRUE(a);
    EXPECT_EQ(a->status, 201) << a->body;
    EXPECT_EQ(a->body, paid[0]->body);
  }
  EXPECT_EQ(Scalar(db_.conn(), "SELECT count(*) FROM payment_ledger WHERE booking_id = $1::uuid",
                   db::Params{id}),
            "1");
  // Without a key the same request is a second payment.
  EXPECT_EQ(Call(staff_, "POST", "/bookings/" + id + "/payments", deposit)->status, 201);
  EXPECT_EQ(Scalar(db_.conn(), "SELECT count(*) FROM payment_ledger WHERE booking_id = $1::uuid",
                   db::Params{id}),
            "2");
  // Keys older than 24 hours are purged.
  ASSERT_TRUE(
      db_.conn().Exec("UPDATE idempotency_keys SET created_at = now() - interval '25 hours'"));
  EXPECT_EQ(Scalar(db_.conn(), "SELECT purge_idempotency_keys()"), "2");
}

TEST_F(Bookings, LedgerStepsDeriveThePaymentStatus) {
  const std::string slot = AddSlot("2027-07-01", 2);
  const std::string id = Book(slot, 11)["id"].get<std::string>();  // 2500 EUR = 250000 minor
  const std::string base = "/bookings/" + id;
  auto pay = [&](const std::string& route, const Json& body) {
    return Call(staff_, "POST", base + route, body.dump(), "");
  };
  auto step = [&](const std::string& route, const Json& body, const std::string& expected_status,
                  int expected_http = 201) {
    auto r = pay(route, body);
    EXPECT_TRUE(r && r->status == expected_http) << (r ? r->body : "");
    Json booking = JsonBody(Call(staff_, "GET", base));
    EXPECT_EQ(booking["payment_status"], expected_status) << route << " " << body.dump();
    return JsonBody(r);
  };
  Json d = step("/payments", {{"kind", "deposit"}, {"amount_minor", 50000}, {"currency", "EUR"}},
                "deposit");
  EXPECT_EQ(d["payment_status"], "deposit");
  EXPECT_EQ(d["paid_minor"], 50000);
  step("/payments",
       {{"kind", "balance"},
        {"amount_minor", 200000},
        {"currency", "EUR"},
        {"method", "bank_transfer"}},
       "paid");
  Json r = step("/refunds", {{"amount_minor", 30000}, {"currency", "EUR"}}, "refunded");
  EXPECT_EQ(r["kind"], "refund");
  EXPECT_EQ(r["refunded_minor"], 30000);
  // Beyond what is still paid (220000): refused, nothing changes.
  auto over = pay("/refunds", {{"amount_minor", 220001}, {"currency", "EUR"}});
  ASSERT_TRUE(over);
  EXPECT_EQ(over->status, 409) << over->body;
  EXPECT_EQ(ProblemFields(*over), std::set<std::string>{"amount_minor"});
  // Wrong currency, a refund posted as a payment: 422 naming the field.
  EXPECT_EQ(ProblemFields(*pay("/payments", {{"amount_minor", 1}, {"currency", "USD"}})),
            std::set<std::string>{"currency"});
  EXPECT_EQ(ProblemFields(
                *pay("/payments", {{"kind", "refund"}, {"amount_minor", 1}, {"currency", "EUR"}})),
            std::set<std::string>{"kind"});

  Json ledger = JsonBody(Call(staff_, "GET", base + "/payments"));
  ASSERT_EQ(ledger["items"].size(), 3u) << ledger.dump();
  EXPECT_EQ(ledger["items"][0]["payment_status"], "deposit");
  EXPECT_EQ(ledger["items"][1]["payment_status"], "paid");
  EXPECT_EQ(ledger["items"][2]["payment_status"], "refunded");
  EXPECT_EQ(ledger["payment_status"], "refunded");
  EXPECT_EQ(ledger["paid_minor"], 250000);
  EXPECT_EQ(ledger["refunded_minor"], 30000);

  // The patient reads their own ledger but writes nothing; others see nothing.
  const std::string own = MintSession(db_.conn(), UserId(11));
  EXPECT_EQ(Call(own, "GET", base + "/payments")->status, 200);
  EXPECT_EQ(Call(own, "POST", base + "/refunds", R"({"amount_minor":1,"currency":"EUR"})")->status,
            403);
  EXPECT_EQ(Call(MintSession(db_.conn(), UserId(12)), "GET", base + "/payments")->status, 404);
  EXPECT_EQ(Call(MintSession(db_.conn(), kOtherStaff), "GET", base + "/payments")->status, 404);

  // Cancelling now: the refund due follows the policy (over 30 days ahead:
  // all that is still paid).
  auto cancelled = Call(staff_, "POST", base + "/cancel");
  ASSERT_EQ(cancelled->status, 200) << cancelled->body;
  EXPECT_EQ(JsonBody(cancelled)["refund_due_minor"], 220000);
}

TEST_F(Bookings, SignedWebhookRecordsOnceAndRefusesForgedOrStale) {
  const std::string slot = AddSlot("2027-08-01", 2);
  Json b = Book(slot, 21);
  const std::string ref = b["booking_reference"].get<std::string>();
  const std::string id = b["id"].get<std::string>();
  auto send = [&](const std::string& body, const std::string& signature) {
    return Request(server_.port(), "POST", "/webhooks/payments", body, "application/json",
                   {{"Imedic-Signature", signature}});
  };
  auto signed_now = [&](const std::string& body, std::int64_t at = std::time(nullptr)) {
    return "t=" + std::to_string(at) + ",v1=" + care::WebhookSignature(kWebhookSecret, at, body);
  };
  auto ledger_rows = [&] {
    return Scalar(db_.conn(), "SELECT count(*) FROM payment_ledger WHERE booking_id = $1::uuid",
                  db::Params{id});
  };
  const std::string paid = Json{
      {"id", "evt_1"},
      {"type", "payment.succeeded"},
      {"data",
       {{"booking_reference", ref},
        {"amount_minor", 60000},
        {"currency", "EUR"},
        {"payment_reference",
         "pi_1"}}}}.dump();
  auto first = send(paid, signed_now(paid));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200) << first->body;
  EXPECT_EQ(JsonBody(first)["status"], "recorded");
  EXPECT_EQ(JsonBody(first)["payment_status"], "deposit");
  EXPECT_EQ(ledger_rows(), "1");

  // Replayed (the provider retries): the first entry, nothing new.
  auto replay = send(paid, signed_now(paid));
  EXPECT_EQ(replay->status, 200);
  EXPECT_EQ(JsonBody(replay)["status"], "replayed");
  EXPECT_EQ(JsonBody(replay)["payment_id"], JsonBody(first)["payment_id"]);
  EXPECT_EQ(ledger_rows(), "1");

  // Forged: another body under the signature, another secret, no header.
  const std::string forged_body =
      Json{{"id", "evt_2"},
           {"type", "payment.succeeded"},
           {"data", {{"booking_reference", ref}, {"amount_minor", 190000}, {"currency", "EUR"}}}}
          .dump();
  EXPECT_EQ(send(forged_body, signed_now(paid))->status, 401);
  const std::int64_t now = std::time(nullptr);
  EXPECT_EQ(send(forged_body, "t=" + std::to_string(now) + ",v1=" +
                                  care::WebhookSignature("not-the-secret", now, forged_body))
                ->status,
            401);
  EXPECT_EQ(Request(server_.port(), "POST", "/webhooks/payments", forged_body)->status, 401);
  EXPECT_EQ(send(forged_body, "t=" + std::to_string(now) + ",v1=zz")->status, 401);
  // Stale: correctly signed ten minutes ago, beyond the 5-minute tolerance.
  EXPECT_EQ(send(forged_body, signed_now(forged_body, now - 600))->status, 401);
  EXPECT_EQ(ledger_rows(), "1");
  EXPECT_EQ(
      Scalar(db_.conn(), "SELECT payment_status FROM bookings WHERE id = $1::uuid", db::Params{id}),
      "deposit");

  // Unknown event types are acknowledged and ignored; a refund event is a refund.
  const std::string other = R"({"id":"evt_3","type":"customer.created","data":{}})";
  auto ignored = send(other, signed_now(other));
  EXPECT_EQ(ignored->status, 200);
  EXPECT_EQ(JsonBody(ignored)["status"], "ignored");
  const std::string refund =
      Json{{"id", "evt_4"},
           {"type", "payment.refunded"},
           {"data", {{"booking_reference", ref}, {"amount_minor", 10000}, {"currency", "EUR"}}}}
          .dump();
  auto refunded = send(refund, signed_now(refund));
  EXPECT_EQ(refunded->status, 200) << refunded->body;
  EXPECT_EQ(JsonBody(refunded)["payment_status"], "refunded");
  EXPECT_EQ(ledger_rows(), "2");
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT string_agg(kind || ':' || amount_minor || ':' || "
                   "coalesce(provider_event_id, ''), ',' ORDER BY created_at) FROM payment_ledger "
                   "WHERE booking_id = $1::uuid",
                   db::Params{id}),
            "deposit:60000:evt_1,refund:10000:evt_4");
}

}  // namespace
}  // namespace imedic::testing
