// Campaigns and their report over HTTP (issue 13, items 6 and 7): the
// campaign routes (create, list, read, change with If-Match, the status
// machine's 409), daily spend written and corrected per day and source,
// UTM mappings (a capture's touch then carries the campaign), who may do
// what; and the campaign report under each attribution model, checked two
// ways: against a plain SQL recomputation written here (paths as arrays,
// no lead_attribution) and against values worked out by hand for the
// position-based split.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "domains/marketing/capture_token.hpp"
#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace imedic::testing {
namespace {

using Json = nlohmann::json;

constexpr const char* kMarketer = "10000000-0000-4000-8000-00000000d001";
constexpr const char* kSales = "10000000-0000-4000-8000-00000000d002";
constexpr const char* kAdmin = "10000000-0000-4000-8000-00000000d003";
constexpr const char* kAlpha = "60000000-0000-4000-8000-00000000000a";
constexpr const char* kBravo = "60000000-0000-4000-8000-00000000000b";
constexpr const char* kCharlie = "60000000-0000-4000-8000-00000000000c";

constexpr const char* kFixture = R"sql(
INSERT INTO users (id, email, user_type) VALUES
  ('10000000-0000-4000-8000-00000000d001', 'marketing@example.test', 'staff'),
  ('10000000-0000-4000-8000-00000000d002', 'sales@example.test', 'staff'),
  ('10000000-0000-4000-8000-00000000d003', 'admin@example.test', 'admin');
INSERT INTO user_roles (user_id, role) VALUES
  ('10000000-0000-4000-8000-00000000d001', 'marketing'),
  ('10000000-0000-4000-8000-00000000d002', 'sales'),
  ('10000000-0000-4000-8000-00000000d003', 'admin');
)sql";

// Four campaigns; leads L1–L5 with touches; L1 became patient P1, whose
// EUR booking has payments (net 250000 succeeded; a pending one that does
// not count) and whose second booking, in USD, a deposit that is not
// converted into the campaigns' EUR; spend inside and outside November.
//   L1 (11-05, converted 11-10): A, B, C, A, then B after the conversion
//   L2 (11-06, consultation_booked): B, C
//   L3 (11-07, qualified): C
//   L4 (10-20, outside the period): A
//   L5 (11-08): a touch without a campaign
constexpr const char* kReportFixture = R"sql(
INSERT INTO marketing_campaigns (id, name, type, status, currency) VALUES
  ('60000000-0000-4000-8000-00000000000a', 'Alpha', 'google_ads', 'active', 'EUR'),
  ('60000000-0000-4000-8000-00000000000b', 'Bravo', 'facebook_ads', 'active', 'EUR'),
  ('60000000-0000-4000-8000-00000000000c', 'Charlie', 'email', 'active', 'EUR'),
  ('60000000-0000-4000-8000-00000000000d', 'Delta', 'referral', 'active', 'EUR');
INSERT INTO users (id, email, user_type) VALUES
  ('40000000-0000-4000-8000-000000000001', 'p1@example.test', 'patient');
INSERT INTO patient_profiles (id, user_id, patient_id, medical_condition) VALUES
  ('20000000-0000-4000-8000-000000000001', '40000000-0000-4000-8000-000000000001',
   'PAT-2026-900001', 'hair loss');
INSERT INTO providers (id, name, type, location, contact_info) VALUES
  ('11000000-0000-4000-8000-000000000001', 'Clinic', 'clinic', '{}', '{}');
INSERT INTO procedures (id, provider_id, name, category) VALUES
  ('12000000-0000-4000-8000-000000000001', '11000000-0000-4000-8000-000000000001', 'FUE',
   'hair_transplant');
INSERT INTO bookings (id, booking_reference, patient_profile_id, provider_id, procedure_id,
                      procedure_date, procedure_time, total_cost) VALUES
  ('13000000-0000-4000-8000-000000000001', 'BK-2026-900001', '20000000-0000-4000-8000-000000000001',
   '11000000-0000-4000-8000-000000000001', '12000000-0000-4000-8000-000000000001', '2026-12-01',
   '09:00', 3000),
  ('13000000-0000-4000-8000-000000000002', 'BK-2026-900002', '20000000-0000-4000-8000-000000000001',
   '11000000-0000-4000-8000-000000000001', '12000000-0000-4000-8000-000000000001', '2027-03-01',
   '09:00', 500);
UPDATE bookings SET currency = 'USD' WHERE id = '13000000-0000-4000-8000-000000000002';
INSERT INTO payment_ledger (booking_id, kind, amount_minor, currency, method, status) VALUES
  ('13000000-0000-4000-8000-000000000001', 'deposit', 100000, 'EUR', 'card', 'succeeded'),
  ('13000000-0000-4000-8000-000000000001', 'balance', 200000, 'EUR', 'card', 'succeeded');
-- A refund is checked against what was paid before it: a statement of its own.
INSERT INTO payment_ledger (booking_id, kind, amount_minor, currency, method, status) VALUES
  ('13000000-0000-4000-8000-000000000001', 'refund', 50000, 'EUR', 'card', 'succeeded'),
  ('13000000-0000-4000-8000-000000000001', 'balance', 70000, 'EUR', 'card', 'pending'),
  ('13000000-0000-4000-8000-000000000002', 'deposit', 9999, 'USD', 'card', 'succeeded');
INSERT INTO leads (id, email, source, stage, created_at, user_id, patient_profile_id,
                   converted_at) VALUES
  ('31000000-0000-4000-8000-000000000001', 'l1@example.test', 'website', 'converted',
   '2026-11-05 09:00Z', '40000000-0000-4000-8000-000000000001',
   '20000000-0000-4000-8000-000000000001', '2026-11-10 12:00Z'),
  ('31000000-0000-4000-8000-000000000002', 'l2@example.test', 'website', 'consultation_booked',
   '2026-11-06 09:00Z', NULL, NULL, NULL),
  ('31000000-0000-4000-8000-000000000003', 'l3@example.test', 'website', 'qualified',
   '2026-11-07 09:00Z', NULL, NULL, NULL),
  ('31000000-0000-4000-8000-000000000004', 'l4@example.test', 'website', 'new',
   '2026-10-20 09:00Z', NULL, NULL, NULL),
  ('31000000-0000-4000-8000-000000000005', 'l5@example.test', 'website', 'new',
   '2026-11-08 09:00Z', NULL, NULL, NULL);
INSERT INTO lead_touches (lead_id, occurred_at, channel, campaign_id) VALUES
  ('31000000-0000-4000-8000-000000000001', '2026-11-05 09:00Z', 'website', '60000000-0000-4000-8000-00000000000a'),
  ('31000000-0000-4000-8000-000000000001', '2026-11-06 09:00Z', 'website', '60000000-0000-4000-8000-00000000000b'),
  ('31000000-0000-4000-8000-000000000001', '2026-11-07 09:00Z', 'website', '60000000-0000-4000-8000-00000000000c'),
  ('31000000-0000-4000-8000-000000000001', '2026-11-08 09:00Z', 'website', '60000000-0000-4000-8000-00000000000a'),
  ('31000000-0000-4000-8000-000000000001', '2026-11-12 09:00Z', 'website', '60000000-0000-4000-8000-00000000000b'),
  ('31000000-0000-4000-8000-000000000002', '2026-11-06 09:00Z', 'website', '60000000-0000-4000-8000-00000000000b'),
  ('31000000-0000-4000-8000-000000000002', '2026-11-09 09:00Z', 'website', '60000000-0000-4000-8000-00000000000c'),
  ('31000000-0000-4000-8000-000000000003', '2026-11-07 09:00Z', 'website', '60000000-0000-4000-8000-00000000000c'),
  ('31000000-0000-4000-8000-000000000004', '2026-10-20 09:00Z', 'website', '60000000-0000-4000-8000-00000000000a'),
  ('31000000-0000-4000-8000-000000000005', '2026-11-08 09:00Z', 'website', NULL);
INSERT INTO campaign_spend (campaign_id, day, source, amount_minor, currency) VALUES
  ('60000000-0000-4000-8000-00000000000a', '2026-11-05', 'google_ads', 30000, 'EUR'),
  ('60000000-0000-4000-8000-00000000000a', '2026-11-06', 'google_ads', 20000, 'EUR'),
  ('60000000-0000-4000-8000-00000000000a', '2026-10-31', 'google_ads', 99999, 'EUR'),
  ('60000000-0000-4000-8000-00000000000b', '2026-11-06', 'meta', 10000, 'EUR'),
  ('60000000-0000-4000-8000-00000000000d', '2026-11-10', 'manual', 5000, 'EUR');
)sql";

// The report recomputed plainly: each lead's path as an array of its
// campaigns (touches up to its conversion), the credits written out per
// model, the outcomes and money summed per campaign. $1 model.
constexpr const char* kRecompute = R"sql(
WITH path AS (
  SELECT l.id AS lead_id, l.stage, l.patient_profile_id,
         array_agg(t.campaign_id ORDER BY t.occurred_at, t.id) AS p
  FROM leads l JOIN lead_touches t ON t.lead_id = l.id
  WHERE t.campaign_id IS NOT NULL
    AND (l.converted_at IS NULL OR t.occurred_at <= l.converted_at)
    AND l.created_at >= '2026-11-01Z' AND l.created_at < '2026-12-01Z'
  GROUP BY l.id, l.stage, l.patient_profile_id
),
credit AS (
  SELECT lead_id, p[1] AS campaign_id, 1.0 AS c FROM path WHERE $1 = 'first_touch'
  UNION ALL
  SELECT lead_id, p[cardinality(p)], 1.0 FROM path WHERE $1 = 'last_touch'
  UNION ALL
  SELECT lead_id, p[i],
         CASE WHEN cardinality(p) = 1 THEN 1.0
              WHEN cardinality(p) = 2 THEN 0.5
              WHEN i = 1 OR i = cardinality(p) THEN 0.4
              ELSE 0.2 / (cardinality(p) - 2) END
  FROM path, generate_subscripts(p, 1) AS i WHERE $1 = 'position_based'
),
money AS (
  SELECT b.patient_profile_id,
         sum(CASE WHEN pl.kind = 'refund' THEN -pl.amount_minor ELSE pl.amount_minor END) AS paid
  FROM bookings b JOIN payment_ledger pl ON pl.booking_id = b.id
  WHERE pl.status = 'succeeded' AND pl.currency = 'EUR'
  GROUP BY b.patient_profile_id
)
SELECT mc.name,
       round(coalesce(sum(cr.c), 0), 4)::text,
       round(coalesce(sum(cr.c) FILTER (WHERE pa.stage IN ('qualified', 'consultation_booked',
                                                            'converted')), 0), 4)::text,
       round(coalesce(sum(cr.c) FILTER (WHERE pa.patient_profile_id IS NOT NULL), 0), 4)::text,
       round(coalesce(sum(cr.c * coalesce(m.paid, 0)), 0), 2)::text,
       (SELECT coalesce(sum(amount_minor), 0) FROM campaign_spend s
        WHERE s.campaign_id = mc.id AND s.day BETWEEN '2026-11-01' AND '2026-11-30')::text
FROM marketing_campaigns mc
LEFT JOIN credit cr ON cr.campaign_id = mc.id
LEFT JOIN path pa ON pa.lead_id = cr.lead_id
LEFT JOIN money m ON m.patient_profile_id = pa.patient_profile_id
GROUP BY mc.id, mc.name
ORDER BY mc.name
)sql";

std::int64_t NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class Campaigns : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(db_.conn().Exec(kFixture)) << "fixture failed"; }

  std::optional<HttpResponse> Call(std::string_view user, const std::string& method,
                                   const std::string& path, const Json& body = nullptr,
                                   std::map<std::string, std::string> headers = {}) {
    return CallAs(server_.port(), db_.conn(), user, method, path, body.is_null() ? "" : body.dump(),
                  body.is_null() ? "" : "application/json", std::move(headers));
  }

  std::string Count(const std::string& sql) { return Scalar(db_.conn(), sql); }

  void LoadReportFixture() {
    auto r = db_.conn().Exec(kReportFixture);
    ASSERT_TRUE(r) << r.error().internal_detail;
  }

  // The report's line of campaign `name`.
  Json Line(const Json& report, const std::string& name) {
    for (const auto& row : report) {
      if (row["name"] == name) return row;
    }
    ADD_FAILURE() << "no line for " << name;
    return Json::object();
  }

  TestDatabase db_;
  TestServer server_{db_.conninfo()};
};

TEST_F(Campaigns, CreateChangeStatusMachineAndIfMatch) {
  auto created = Call(kMarketer, "POST", "/campaigns",
                      Json{{"name", "Winter DHI"},
                           {"type", "google_ads"},
                           {"channels", {"google_search", "youtube"}},
                           {"target_audience", {{"countries", {"DE", "NL"}}}},
                           {"budget", 15000.5},
                           {"currency", "EUR"},
                           {"start_date", "2026-12-01"},
                           {"end_date", "2026-12-31"}});
  ASSERT_EQ(created->status, 201) << created->body;
  const Json c = JsonBody(created);
  EXPECT_EQ(c["status"], "draft");
  EXPECT_EQ(c["channels"], (Json{"google_search", "youtube"}));
  const std::string path = "/campaigns/" + c["id"].get<std::string>();

  auto bad_dates = Call(kMarketer, "POST", "/campaigns",
                        Json{{"name", "X"},
                             {"type", "email"},
                             {"start_date", "2026-12-02"},
                             {"end_date", "2026-12-01"}});
  EXPECT_EQ(bad_dates->status, 422);
  EXPECT_EQ(ProblemFields(*bad_dates), std::set<std::string>{"end_date"});

  // draft → paused is not a move; draft → active is, with the version read.
  auto read = Call(kSales, "GET", path);
  ASSERT_EQ(read->status, 200);
  const std::string etag = read->headers["etag"];
  auto skip = Call(kMarketer, "PATCH", path, Json{{"status", "paused"}});
  EXPECT_EQ(skip->status, 409) << skip->body;
  EXPECT_EQ(ProblemFields(*skip), std::set<std::string>{"status"});
  auto go = Call(kMarketer, "PATCH", path, Json{{"status", "active"}}, {{"If-Match", etag}});
  ASSERT_EQ(go->status, 200) << go->body;
  auto stale = Call(kMarketer, "PATCH", path, Json{{"status", "paused"}}, {{"If-Match", etag}});
  EXPECT_EQ(stale->status, 412) << stale->body;
  for (const char* s : {"paused", "active", "completed"}) {
    EXPECT_EQ(Call(kMarketer, "PATCH", path, Json{{"status", s}})->status, 200) << s;
  }
  EXPECT_EQ(Call(kMarketer, "PATCH", path, Json{{"status", "active"}})->status, 409);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE table_name = 'marketing_campaigns'"), "5");

  auto all = Call(kSales, "GET", "/campaigns");
  ASSERT_EQ(all->status, 200) << all->body;
  EXPECT_EQ(JsonBody(all)["items"].size(), 1u);
  auto list = Call(kSales, "GET", "/campaigns?status=eq.completed");
  ASSERT_EQ(list->status, 200) << list->body;
  EXPECT_EQ(JsonBody(list)["items"].size(), 1u);
  EXPECT_EQ(Call(kSales, "POST", "/campaigns", Json{{"name", "Y"}, {"type", "email"}})->status,
            403);
  EXPECT_EQ(Call(kSales, "PATCH", path, Json{{"name", "Z"}})->status, 403);
}

TEST_F(Campaigns, SpendPerDayAndSourceIsWrittenThenCorrected) {
  LoadReportFixture();
  const std::string path = std::string("/campaigns/") + kBravo + "/spend";
  const Json entry = {
      {"day", "2026-11-20"}, {"source", "meta"}, {"amount_minor", 4200}, {"currency", "EUR"}};
  auto first = Call(kMarketer, "POST", path, entry);
  ASSERT_EQ(first->status, 200) << first->body;
  Json corrected = entry;
  corrected["amount_minor"] = 4500;
  ASSERT_EQ(Call(kMarketer, "POST", path, corrected)->status, 200);
  EXPECT_EQ(Count(std::string("SELECT string_agg(amount_minor::text, ',') FROM campaign_spend "
                              "WHERE campaign_id = '") +
                  kBravo + "' AND day = '2026-11-20'"),
            "4500");
  Json usd = entry;
  usd["currency"] = "USD";
  auto wrong = Call(kMarketer, "POST", path, usd);
  EXPECT_EQ(wrong->status, 422);
  EXPECT_EQ(ProblemFields(*wrong), std::set<std::string>{"currency"});
  auto negative = Call(
      kMarketer, "POST", path,
      Json{{"day", "2026-11-20"}, {"source", "meta"}, {"amount_minor", -1}, {"currency", "EUR"}});
  EXPECT_EQ(negative->status, 422);
  auto list = Call(kSales, "GET", path + "?from=2026-11-07&to=2026-11-30");
  ASSERT_EQ(list->status, 200) << list->body;
  ASSERT_EQ(JsonBody(list).size(), 1u);
  EXPECT_EQ(JsonBody(list)[0]["amount_minor"], 4500);
  EXPECT_EQ(Call(kSales, "POST", path, entry)->status, 403);
  EXPECT_EQ(Call(kMarketer, "POST", "/campaigns/60000000-0000-4000-8000-0000000000ff/spend", entry)
                ->status,
            404);
  EXPECT_EQ(Count("SELECT string_agg(action, ',' ORDER BY id) FROM audit_log WHERE table_name = "
                  "'campaign_spend'"),
            "create,update");
}

TEST_F(Campaigns, UtmMappingsGiveCapturedTouchesTheirCampaign) {
  LoadReportFixture();
  const std::string path = std::string("/campaigns/") + kCharlie + "/utm-mappings";
  auto added = Call(kMarketer, "POST", path, Json{{"utm_campaign", "Newsletter_Nov"}});
  ASSERT_EQ(added->status, 201) << added->body;
  EXPECT_EQ(JsonBody(added)["utm_campaign"], "newsletter_nov");
  auto dup = Call(kMarketer, "POST", std::string("/campaigns/") + kAlpha + "/utm-mappings",
                  Json{{"utm_campaign", "NEWSLETTER_nov"}});
  EXPECT_EQ(dup->status, 409);
  EXPECT_EQ(ProblemFields(*dup), std::set<std::string>{"utm_campaign"});
  auto list = Call(kSales, "GET", path);
  ASSERT_EQ(list->status, 200);
  EXPECT_EQ(JsonBody(list).size(), 1u);

  auto capture = PostJson(
      server_.port(), "/leads/capture",
      Json{{"form_token", marketing::IssueFormToken(TestKeyring(), NowUnix() - 10)},
           {"email", "reader@example.test"},
           {"utm_campaign", "newsletter_NOV"}});
  ASSERT_EQ(capture->status, 202) << capture->body;
  EXPECT_EQ(Count("SELECT t.campaign_id FROM lead_touches t JOIN leads l ON l.id = t.lead_id "
                  "WHERE l.email = 'reader@example.test'"),
            kCharlie);

  EXPECT_EQ(Call(kMarketer, "DELETE", path + "/Newsletter_Nov")->status, 204);
  EXPECT_EQ(Call(kMarketer, "DELETE", path + "/newsletter_nov")->status, 404);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE table_name = 'campaign_utm_mappings'"),
            "2");
}

TEST_F(Campaigns, ReportEqualsAPlainRecomputationUnderEachModel) {
  LoadReportFixture();
  for (const char* model : {"first_touch", "last_touch", "position_based"}) {
    auto r = Call(
        kMarketer, "GET",
        std::string("/campaigns/report?model=") + model + "&from=2026-11-01&to=2026-11-30");
    ASSERT_EQ(r->status, 200) << r->body;
    const Json report = JsonBody(r);
    auto expected = db_.conn().ExecParams(kRecompute, db::Params{std::string(model)});
    ASSERT_TRUE(expected) << expected.error().internal_detail;
    ASSERT_EQ(static_cast<std::size_t>(expected->rows()), report.size());
    for (int i = 0; i < expected->rows(); ++i) {
      const std::string name(expected->Get(i, 0));
      const Json line = Line(report, name);
      SCOPED_TRACE(std::string(model) + " " + name);
      EXPECT_DOUBLE_EQ(line["leads"].get<double>(), std::stod(std::string(expected->Get(i, 1))));
      EXPECT_DOUBLE_EQ(line["qualified"].get<double>(),
                       std::stod(std::string(expected->Get(i, 2))));
      EXPECT_DOUBLE_EQ(line["conversions"].get<double>(),
                       std::stod(std::string(expected->Get(i, 3))));
      EXPECT_DOUBLE_EQ(line["revenue_minor"].get<double>(),
                       std::stod(std::string(expected->Get(i, 4))));
      EXPECT_DOUBLE_EQ(line["spend_minor"].get<double>(),
                       std::stod(std::string(expected->Get(i, 5))));
    }
  }
}

TEST_F(Campaigns, PositionBasedSplitsWorkedOutByHand) {
  LoadReportFixture();
  auto r = Call(kAdmin, "GET",
                "/campaigns/report?model=position_based&from=2026-11-01&to=2026-11-30");
  ASSERT_EQ(r->status, 200) << r->body;
  const Json report = JsonBody(r);
  // Alpha: first and last of L1's four touches, 0.4 + 0.4; L1 paid 250000.
  const Json a = Line(report, "Alpha");
  EXPECT_DOUBLE_EQ(a["leads"].get<double>(), 0.8);
  EXPECT_DOUBLE_EQ(a["bookings"].get<double>(), 0.8);
  EXPECT_DOUBLE_EQ(a["revenue_minor"].get<double>(), 200000);
  EXPECT_DOUBLE_EQ(a["spend_minor"].get<double>(), 50000);
  EXPECT_DOUBLE_EQ(a["cost_per_lead_minor"].get<double>(), 62500);
  EXPECT_DOUBLE_EQ(a["cost_per_acquisition_minor"].get<double>(), 62500);
  EXPECT_DOUBLE_EQ(a["roas"].get<double>(), 4);
  // Bravo: a middle touch of L1 (0.2 / 2) and the first of L2's two (0.5).
  const Json b = Line(report, "Bravo");
  EXPECT_DOUBLE_EQ(b["leads"].get<double>(), 0.6);
  EXPECT_DOUBLE_EQ(b["qualified"].get<double>(), 0.6);
  EXPECT_DOUBLE_EQ(b["consultations"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(b["revenue_minor"].get<double>(), 25000);
  EXPECT_DOUBLE_EQ(b["cost_per_lead_minor"].get<double>(), 16666.67);
  EXPECT_DOUBLE_EQ(b["cost_per_acquisition_minor"].get<double>(), 100000);
  EXPECT_DOUBLE_EQ(b["roas"].get<double>(), 2.5);
  // Charlie: 0.1 of L1, 0.5 of L2, all of L3; no spend.
  const Json c = Line(report, "Charlie");
  EXPECT_DOUBLE_EQ(c["leads"].get<double>(), 1.6);
  EXPECT_DOUBLE_EQ(c["conversions"].get<double>(), 0.1);
  EXPECT_DOUBLE_EQ(c["cost_per_lead_minor"].get<double>(), 0);
  EXPECT_TRUE(c["roas"].is_null());
  // Delta: spend without leads.
  const Json d = Line(report, "Delta");
  EXPECT_DOUBLE_EQ(d["leads"].get<double>(), 0);
  EXPECT_TRUE(d["cost_per_lead_minor"].is_null());
  EXPECT_DOUBLE_EQ(d["roas"].get<double>(), 0);

  // The other models by hand: first touch A, B, C one lead each; last
  // touch A one (L1), C two (L2, L3), B none.
  auto first = JsonBody(
      Call(kMarketer, "GET", "/campaigns/report?model=first_touch&from=2026-11-01&to=2026-11-30"));
  EXPECT_DOUBLE_EQ(Line(first, "Alpha")["leads"].get<double>(), 1);
  EXPECT_DOUBLE_EQ(Line(first, "Alpha")["revenue_minor"].get<double>(), 250000);
  EXPECT_DOUBLE_EQ(Line(first, "Bravo")["leads"].get<double>(), 1);
  auto last = JsonBody(
      Call(kMarketer, "GET", "/campaigns/report?model=last_touch&from=2026-11-01&to=2026-11-30"));
  EXPECT_DOUBLE_EQ(Line(last, "Charlie")["leads"].get<double>(), 2);
  EXPECT_DOUBLE_EQ(Line(last, "Bravo")["leads"].get<double>(), 0);

  // Aggregates only: marketing and admins read it, sales do not; bad
  // parameters are named.
  EXPECT_EQ(Call(kSales, "GET", "/campaigns/report?from=2026-11-01&to=2026-11-30")->status, 403);
  auto bad = Call(kMarketer, "GET", "/campaigns/report?model=linear&from=2026-13-01");
  EXPECT_EQ(bad->status, 422);
  EXPECT_EQ(ProblemFields(*bad), (std::set<std::string>{"model", "from", "to"}));
}

}  // namespace
}  // namespace imedic::testing
