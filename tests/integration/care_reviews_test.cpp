// Reviews over HTTP (issue 11, item 7), on the real server and a real
// PostgreSQL: a review of one's own completed booking accepted (verified,
// audited, on the journey), someone else's or an unfinished booking refused
// naming booking_id, a second review of a booking a conflict; 50 patients
// reviewing at once leave the provider's rating = round(avg, 2) and
// review_count exact; the public list pages newest first and shows text
// only where public; hiding needs a reason and takes the review out of the
// public list and the rating, publishing puts it back.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

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
constexpr const char* kStaff = "10000000-0000-4000-8000-00000000f001";  // provider_staff
constexpr const char* kAdmin = "10000000-0000-4000-8000-00000000f002";  // reviews.moderate
constexpr int kPatients = 50;    // each with a completed booking at kProvider
constexpr int kUnfinished = 51;  // a confirmed booking only

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

constexpr const char* kFixture = R"sql(
INSERT INTO users (id, email, user_type)
SELECT format('10000000-0000-4000-8000-%s', lpad(i::text, 12, '0'))::uuid,
       'patient' || i || '@example.test', 'patient'
FROM generate_series(1, 51) AS i;
INSERT INTO user_roles (user_id, role)
SELECT format('10000000-0000-4000-8000-%s', lpad(i::text, 12, '0'))::uuid, 'patient'
FROM generate_series(1, 51) AS i;
INSERT INTO patient_profiles (id, user_id, patient_id, medical_condition)
SELECT format('20000000-0000-4000-8000-%s', lpad(i::text, 12, '0'))::uuid,
       format('10000000-0000-4000-8000-%s', lpad(i::text, 12, '0'))::uuid,
       'PAT-2026-' || lpad(i::text, 6, '0'), 'hair loss'
FROM generate_series(1, 51) AS i;
INSERT INTO providers (id, name, type, location, contact_info) VALUES
  ('30000000-0000-4000-8000-000000000001', 'Clinic', 'clinic', '{}', '{}');
INSERT INTO procedures (id, provider_id, name, category, duration_hours, recovery_time_days)
VALUES ('40000000-0000-4000-8000-000000000001', '30000000-0000-4000-8000-000000000001',
        'FUE hair transplant', 'hair_transplant', 4, 10);
INSERT INTO bookings (booking_reference, patient_profile_id, provider_id, procedure_id,
                      procedure_date, procedure_time, total_cost, status)
SELECT next_booking_reference(),
       format('20000000-0000-4000-8000-%s', lpad(i::text, 12, '0'))::uuid,
       '30000000-0000-4000-8000-000000000001', '40000000-0000-4000-8000-000000000001',
       '2026-01-10', '09:00', 2500, CASE WHEN i = 51 THEN 'confirmed' ELSE 'completed' END
FROM generate_series(1, 51) AS i;
INSERT INTO users (id, email, user_type) VALUES
  ('10000000-0000-4000-8000-00000000f001', 'staff@example.test', 'provider'),
  ('10000000-0000-4000-8000-00000000f002', 'admin@example.test', 'staff');
INSERT INTO user_roles (user_id, role) VALUES
  ('10000000-0000-4000-8000-00000000f001', 'provider_staff'),
  ('10000000-0000-4000-8000-00000000f002', 'admin');
INSERT INTO provider_members (user_id, provider_id) VALUES
  ('10000000-0000-4000-8000-00000000f001', '30000000-0000-4000-8000-000000000001');
)sql";

void RaceServer(http::ServerOptions& o) {
  o.worker_threads = 8;
  o.max_pending = 1000;
  o.queue_timeout = std::chrono::seconds(60);
}
void RaceApp(app::ApplicationOptions& o) {
  o.pool_size = 8;
  o.acquire_timeout = std::chrono::seconds(30);
}

class CareReviews : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(db_.conn().Exec(kFixture)) << "fixture failed"; }

  std::optional<HttpResponse> Call(std::string_view user, const std::string& method,
                                   const std::string& path, const Json& body = nullptr) {
    return CallAs(server_.port(), db_.conn(), user, method, path, body.is_null() ? "" : body.dump(),
                  body.is_null() ? "" : "application/json");
  }

  std::string BookingOf(int patient) {
    return Scalar(db_.conn(), "SELECT id FROM bookings WHERE patient_profile_id = $1::uuid",
                  db::Params{PatientId(patient)});
  }

  static Json ReviewBody(const std::string& booking, int rating) {
    return {{"booking_id", booking},
            {"rating", rating},
            {"title", "Worth the trip"},
            {"review_text", "Clear plan, kind staff, good result."}};
  }

  // Every review in the public list, following the `next` links.
  std::vector<Json> PublicList(int limit) {
    std::vector<Json> out;
    std::string path = std::string("/providers/") + kProvider +
                       "/reviews?limit=" + std::to_string(limit);
    for (int pages = 0; pages < 100; ++pages) {
      auto r = Get(server_.port(), path);
      EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
      if (!r || r->status != 200) break;
      Json page = JsonBody(r);
      for (auto& item : page["items"]) out.push_back(item);
      if (page["next"].is_null()) break;
      path = page["next"].get<std::string>();
    }
    return out;
  }

  std::string Figures() {
    return Scalar(db_.conn(), "SELECT rating::text || '/' || review_count FROM providers");
  }

  TestDatabase db_;
  TestServer server_{db_.conninfo(), RaceServer, RaceApp};
};

// "a.bc/n": round(sum / n, 2) half away from zero, as PostgreSQL rounds
// numerics, and the count.
std::string ExpectedFigures(int sum, int n) {
  const int hundredths = (sum * 200 + n) / (2 * n);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d.%02d/%d", hundredths / 100, hundredths % 100, n);
  return buf;
}

TEST_F(CareReviews, VerifiedAcceptedUnverifiedRefusedSecondConflicts) {
  const std::string own = BookingOf(1);
  auto created = Call(UserId(1), "POST", "/reviews", ReviewBody(own, 4));
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  Json review = JsonBody(created);
  EXPECT_EQ(review["is_verified"], true);
  EXPECT_EQ(review["provider_id"], kProvider);
  EXPECT_EQ(review["patient_profile_id"], PatientId(1));
  EXPECT_EQ(review["moderation_status"], "published");
  EXPECT_EQ(review["content"], "Clear plan, kind staff, good result.");
  const std::string id = review["id"];
  EXPECT_EQ(Figures(), "4.00/1");
  // Audited and on the patient's journey, in the same statement.
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT count(*) FROM audit_log WHERE table_name = 'reviews' AND "
                   "action = 'create' AND row_id = $1",
                   db::Params{id}),
            "1");
  EXPECT_EQ(Scalar(db_.conn(),
                   "SELECT stage FROM patient_journey_events WHERE event_type = "
                   "'review_submitted' AND patient_profile_id = $1::uuid AND "
                   "event_data->>'review_id' = $2",
                   db::Params{PatientId(1), id}),
            "follow_up");

  // A second review of the booking: 409 naming it.
  auto second = Call(UserId(1), "POST", "/reviews", ReviewBody(own, 5));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 409) << second->body;
  EXPECT_EQ(ProblemFields(*second), std::set<std::string>{"booking_id"});

  // Someone else's booking, an unfinished one of one's own, an unknown one:
  // all refused alike, naming booking_id.
  for (auto [user, booking] :
       {std::pair{UserId(2), own}, std::pair{UserId(kUnfinished), BookingOf(kUnfinished)},
        std::pair{UserId(3), std::string("99999999-0000-4000-8000-000000000000")}}) {
    auto r = Call(user, "POST", "/reviews", ReviewBody(booking, 5));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 422) << r->body;
    EXPECT_EQ(ProblemFields(*r), std::set<std::string>{"booking_id"}) << r->body;
  }
  // Bad fields are named; clinic staff do not write reviews.
  auto bad = Call(UserId(2), "POST", "/reviews",
                  {{"booking_id", BookingOf(2)}, {"rating", 6}, {"review_text", ""}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 422);
  EXPECT_EQ(ProblemFields(*bad), (std::set<std::string>{"rating", "review_text"}));
  auto staff = Call(kStaff, "POST", "/reviews", ReviewBody(BookingOf(2), 5));
  ASSERT_TRUE(staff);
  EXPECT_EQ(staff->status, 403);
  EXPECT_EQ(Figures(), "4.00/1");

  // The patient's own list.
  auto mine = Call(UserId(1), "GET", "/me/reviews");
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->status, 200) << mine->body;
  ASSERT_EQ(JsonBody(mine)["items"].size(), 1u);
  EXPECT_EQ(JsonBody(mine)["items"][0]["id"], id);
  auto none = Call(UserId(2), "GET", "/me/reviews");
  ASSERT_TRUE(none);
  EXPECT_EQ(JsonBody(none)["items"].size(), 0u);
}

TEST_F(CareReviews, ConcurrentReviewsKeepTheRatingExact) {
  std::vector<std::string> tokens, bodies;
  int sum = 0;
  for (int i = 1; i <= kPatients; ++i) {
    tokens.push_back(MintSession(db_.conn(), UserId(i)));
    const int rating = i % 3 + 3;  // 4, 5, 3, …
    sum += rating;
    bodies.push_back(ReviewBody(BookingOf(i), rating).dump());
  }
  std::atomic<bool> go{false};
  std::atomic<int> created{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kPatients; ++i) {
    threads.emplace_back([&, i] {
      while (!go.load()) std::this_thread::yield();
      auto r = Authed(server_.port(), tokens[static_cast<std::size_t>(i)], "POST", "/reviews",
                      bodies[static_cast<std::size_t>(i)]);
      if (r && r->status == 201) created.fetch_add(1);
    });
  }
  go.store(true);
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), kPatients);
  EXPECT_EQ(Figures(), ExpectedFigures(sum, kPatients));  // 201 / 50 → 4.02

  // The public list: every review once, newest first, in pages of 10.
  auto all = PublicList(10);
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kPatients));
  std::set<std::string> ids;
  for (std::size_t i = 0; i < all.size(); ++i) {
    ids.insert(all[i]["id"].get<std::string>());
    if (i > 0) {
      EXPECT_GE(all[i - 1]["created_at"].get<std::string>(),
                all[i]["created_at"].get<std::string>());
    }
  }
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kPatients));
  auto bad = Get(server_.port(), std::string("/providers/") + kProvider + "/reviews?limit=0");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 422);
}

TEST_F(CareReviews, HidingNeedsAReasonAndLeavesTheListAndTheRating) {
  auto a = Call(UserId(1), "POST", "/reviews", ReviewBody(BookingOf(1), 5));
  auto b = Call(UserId(2), "POST", "/reviews", ReviewBody(BookingOf(2), 2));
  ASSERT_TRUE(a && a->status == 201 && b && b->status == 201);
  const std::string low = JsonBody(b)["id"];
  EXPECT_EQ(Figures(), "3.50/2");

  // A private review counts, but its text is not shown.
  ASSERT_TRUE(db_.conn().Exec("UPDATE reviews SET is_public = false WHERE rating = 5"));
  for (const Json& r : PublicList(20)) {
    if (r["rating"] == 5) {
      EXPECT_TRUE(r["content"].is_null()) << r.dump();
    } else {
      EXPECT_EQ(r["content"], "Clear plan, kind staff, good result.");
    }
  }

  const std::string path = "/reviews/" + low + "/moderate";
  auto by_patient = Call(UserId(1), "POST", path, {{"action", "hide"}, {"reason", "spam text"}});
  ASSERT_TRUE(by_patient);
  EXPECT_EQ(by_patient->status, 403);
  for (const Json& body : {Json{{"action", "hide"}}, Json{{"action", "hide"}, {"reason", "no"}}}) {
    auto r = Call(kAdmin, "POST", path, body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 422) << r->body;
    EXPECT_EQ(ProblemFields(*r), std::set<std::string>{"reason"});
  }
  auto hidden = Call(kAdmin, "POST", path,
                     {{"action", "hide"}, {"reason", "names a member of staff"}});
  ASSERT_TRUE(hidden);
  ASSERT_EQ(hidden->status, 200) << hidden->body;
  EXPECT_EQ(JsonBody(hidden)["moderation_status"], "hidden");
  EXPECT_EQ(Figures(), "5.00/1");
  auto listed = PublicList(20);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_NE(listed[0]["id"], low);
  // Its author still sees it, hidden.
  auto mine = Call(UserId(2), "GET", "/me/reviews");
  ASSERT_TRUE(mine);
  EXPECT_EQ(JsonBody(mine)["items"][0]["moderation_status"], "hidden");

  auto published = Call(kAdmin, "POST", path, {{"action", "publish"}});
  ASSERT_TRUE(published);
  ASSERT_EQ(published->status, 200) << published->body;
  EXPECT_EQ(Figures(), "3.50/2");
  EXPECT_EQ(PublicList(20).size(), 2u);
  auto unknown = Call(kAdmin, "POST", "/reviews/99999999-0000-4000-8000-000000000000/moderate",
                      {{"action", "publish"}});
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
}

}  // namespace
}  // namespace imedic::testing
