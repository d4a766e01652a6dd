// The lead pipeline over HTTP (issue 13, items 1, 2 and 4), on the real
// server and a real PostgreSQL: the public capture (one lead and two
// touches for the same person written two ways, the identical 202, the
// honeypot, the fill-time and forged tokens, the rate limits with
// Retry-After, CORS for the form's origin, field-naming refusals), the
// stage machine (legal path, illegal moves 409, lost without a reason
// 422), activities, merges keeping both histories, the list's filters,
// keyset pages and scope per persona, and the audited CSV export.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domains/marketing/capture_token.hpp"
#include "domains/marketing/lead_jobs.hpp"
#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace imedic::testing {
namespace {

using Json = nlohmann::json;

constexpr const char* kSales1 = "10000000-0000-4000-8000-00000000a001";
constexpr const char* kSales2 = "10000000-0000-4000-8000-00000000a002";
constexpr const char* kMarketer = "10000000-0000-4000-8000-00000000a003";
constexpr const char* kAdmin = "10000000-0000-4000-8000-00000000a004";
constexpr const char* kSales3 = "10000000-0000-4000-8000-00000000a005";
constexpr const char* kCampaign = "50000000-0000-4000-8000-000000000001";
constexpr const char* kSiteOrigin = "https://hair.example";

constexpr const char* kFixture = R"sql(
INSERT INTO users (id, email, user_type) VALUES
  ('10000000-0000-4000-8000-00000000a001', 'sales1@example.test', 'staff'),
  ('10000000-0000-4000-8000-00000000a002', 'sales2@example.test', 'staff'),
  ('10000000-0000-4000-8000-00000000a003', 'marketing@example.test', 'staff'),
  ('10000000-0000-4000-8000-00000000a004', 'admin@example.test', 'admin'),
  ('10000000-0000-4000-8000-00000000a005', 'sales3@example.test', 'staff');
INSERT INTO user_roles (user_id, role) VALUES
  ('10000000-0000-4000-8000-00000000a001', 'sales'),
  ('10000000-0000-4000-8000-00000000a002', 'sales'),
  ('10000000-0000-4000-8000-00000000a003', 'marketing'),
  ('10000000-0000-4000-8000-00000000a004', 'admin'),
  ('10000000-0000-4000-8000-00000000a005', 'sales');
INSERT INTO marketing_campaigns (id, name, type, status) VALUES
  ('50000000-0000-4000-8000-000000000001', 'Spring FUE', 'google_ads', 'active');
INSERT INTO campaign_utm_mappings (utm_campaign, campaign_id) VALUES
  ('spring_fue', '50000000-0000-4000-8000-000000000001');
)sql";

void LeadSite(app::ApplicationOptions& o) { o.lead_origins = {kSiteOrigin}; }

std::int64_t NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class Leads : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(db_.conn().Exec(kFixture)) << "fixture failed"; }

  std::optional<HttpResponse> Call(std::string_view user, const std::string& method,
                                   const std::string& path, const Json& body = nullptr,
                                   std::map<std::string, std::string> headers = {}) {
    return CallAs(server_.port(), db_.conn(), user, method, path, body.is_null() ? "" : body.dump(),
                  body.is_null() ? "" : "application/json", std::move(headers));
  }

  // A token old enough to pass the fill time, as the form would hold it.
  static std::string FilledToken() {
    return marketing::IssueFormToken(TestKeyring(), NowUnix() - 10);
  }

  static Json Form(const std::string& email, const std::string& phone) {
    Json f = {{"form_token", FilledToken()},
              {"first_name", "Ayse"},
              {"last_name", "Yilmaz"},
              {"country", "TR"},
              {"language", "tr"},
              {"procedure_interest", "FUE hair transplant"},
              {"message", "How much for 3000 grafts?"},
              {"consents", {{"privacy", true}, {"marketing", false}}},
              {"consent_text_version", "2026-11"},
              {"utm_source", "google"},
              {"utm_medium", "cpc"},
              {"utm_campaign", "Spring_FUE"},
              {"gclid", "Cj0KCQ-test"},
              {"referrer", "https://www.google.com/"},
              {"landing_page", "https://hair.example/fue"}};
    if (!email.empty()) f["email"] = email;
    if (!phone.empty()) f["phone"] = phone;
    return f;
  }

  std::optional<HttpResponse> Capture(const Json& form) {
    return Call("", "POST", "/leads/capture", form);
  }

  std::string Count(const std::string& sql) { return Scalar(db_.conn(), sql); }

  // A lead row for the list tests: created `minutes_ago`, assigned to `rep`.
  std::string AddLead(int n, const char* rep, const char* stage, const char* country,
                      int minutes_ago) {
    char id[64];
    std::snprintf(id, sizeof id, "30000000-0000-4000-8000-%012d", n);
    auto r = db_.conn().ExecParams(
        "INSERT INTO leads (id, email, phone, first_name, last_name, source, stage, "
        "lost_reason, assigned_to, country, created_at) VALUES ($1::uuid, $2, $3, $4, 'Lead', "
        "'website', $5, CASE WHEN $5 = 'lost' THEN 'price' END, $6::uuid, $7, "
        "now() - make_interval(mins => $8::int))",
        db::Params{std::string(id), "lead" + std::to_string(n) + "@example.test",
                   "+9053212" + std::to_string(10000 + n), "Name" + std::to_string(n),
                   std::string(stage),
                   rep == nullptr ? std::nullopt : std::optional<std::string>(rep),
                   std::string(country), minutes_ago});
    EXPECT_TRUE(r) << (r ? "" : r.error().internal_detail);
    return id;
  }

  // Every lead of a list, following the `next` links.
  std::vector<std::string> ListAll(std::string_view user, std::string path) {
    std::vector<std::string> ids;
    for (int guard = 0; guard < 100 && !path.empty(); ++guard) {
      auto r = Call(user, "GET", path);
      EXPECT_EQ(r->status, 200) << r->body;
      if (r->status != 200) break;
      Json page = JsonBody(r);
      for (const auto& lead : page["items"]) ids.push_back(lead["id"].get<std::string>());
      path = page["next"].is_null() ? "" : page["next"].get<std::string>();
    }
    return ids;
  }

  TestDatabase db_;
  TestServer server_{db_.conninfo(), nullptr, LeadSite};
};

// ---------------------------------------------------------------------------
// Capture
// ---------------------------------------------------------------------------

TEST_F(Leads, SamePersonWrittenTwoWaysIsOneLeadWithTwoTouches) {
  auto first = Capture(Form("Ayse.Yilmaz@Example.com", "+90 532 123 45 67"));
  ASSERT_EQ(first->status, 202) << first->body;
  Json second_form = Form("AYSE.YILMAZ@EXAMPLE.COM", "00905321234567");
  second_form["utm_campaign"] = "retargeting";
  auto second = Capture(second_form);
  ASSERT_EQ(second->status, 202) << second->body;
  // The same answer for the new lead and the duplicate.
  EXPECT_EQ(first->body, second->body);
  // And for a phone-only submission of the same person.
  auto third = Capture(Form("", "+90-532-123-4567"));
  EXPECT_EQ(third->body, first->body);

  EXPECT_EQ(Count("SELECT count(*) FROM leads"), "1");
  EXPECT_EQ(Count("SELECT email || ' ' || phone FROM leads"),
            "ayse.yilmaz@example.com +905321234567");
  EXPECT_EQ(Count("SELECT count(*) FROM lead_touches"), "3");
  // The first touch's utm_campaign maps to the campaign (case aside); the
  // lead keeps its first campaign; the unmapped touch has none.
  EXPECT_EQ(Count("SELECT campaign_id FROM leads"), kCampaign);
  EXPECT_EQ(Count("SELECT count(*) FROM lead_touches WHERE campaign_id IS NOT NULL"), "2");
  EXPECT_EQ(Count("SELECT consents->>'privacy' || ' ' || consent_text_version || ' ' || "
                  "host(ip) FROM lead_touches ORDER BY occurred_at LIMIT 1"),
            "true 2026-11 127.0.0.1");
  // Each capture audited: the lead created once then updated, each touch created.
  EXPECT_EQ(Count("SELECT string_agg(action, ',' ORDER BY id) FROM audit_log "
                  "WHERE table_name = 'leads'"),
            "create,update,update");
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE table_name = 'lead_touches' "
                  "AND action = 'create' AND actor_user_id IS NULL"),
            "3");

  // Sales (scope 'all' here) read the lead with its three touches.
  ASSERT_TRUE(
      db_.conn().Exec("UPDATE access_settings SET value = 'all' "
                      "WHERE key = 'sales.lead_scope'"));
  const std::string id = Count("SELECT id FROM leads");
  auto read = Call(kAdmin, "GET", "/leads/" + id);
  ASSERT_EQ(read->status, 200);
  Json lead = JsonBody(read);
  EXPECT_EQ(lead["stage"], "new");
  EXPECT_EQ(lead["touches"].size(), 3u);
  EXPECT_EQ(lead["touches"][0]["gclid"], "Cj0KCQ-test");
  EXPECT_EQ(lead["language"], "tr");
}

TEST_F(Leads, ClosedLeadStartsANewOne) {
  ASSERT_EQ(Capture(Form("once@example.test", ""))->status, 202);
  ASSERT_TRUE(db_.conn().Exec("UPDATE leads SET stage = 'lost', lost_reason = 'no budget'"));
  ASSERT_EQ(Capture(Form("ONCE@example.test", ""))->status, 202);
  EXPECT_EQ(Count("SELECT count(*) FROM leads"), "2");
}

TEST_F(Leads, HoneypotIsAnsweredAlikeAndDropped) {
  auto real = Capture(Form("real@example.test", ""));
  Json bot = Form("bot@example.test", "");
  bot["website"] = "http://spam.example";
  auto caught = Capture(bot);
  EXPECT_EQ(caught->status, 202);
  EXPECT_EQ(caught->body, real->body);
  EXPECT_EQ(Count("SELECT count(*) FROM leads WHERE email = 'bot@example.test'"), "0");
}

TEST_F(Leads, TokenTooFreshIsDroppedForgedOrExpiredRefused) {
  auto token = Call("", "GET", "/leads/capture/token");
  ASSERT_EQ(token->status, 200);
  Json t = JsonBody(token);
  EXPECT_EQ(t["min_fill_seconds"], 3);
  Json form = Form("fast@example.test", "");
  form["form_token"] = t["token"];
  auto fast = Capture(form);
  EXPECT_EQ(fast->status, 202);
  EXPECT_EQ(Count("SELECT count(*) FROM leads"), "0");

  // One character of the signature changed.
  std::string forged = FilledToken();
  forged.back() = forged.back() == 'a' ? 'b' : 'a';
  form["form_token"] = forged;
  auto r = Capture(form);
  EXPECT_EQ(r->status, 422);
  EXPECT_EQ(ProblemFields(*r), std::set<std::string>{"form_token"});
  // Signed with a key we do not hold, under our key's id.
  form["form_token"] = marketing::IssueFormToken(RandomKeyring("test1"), NowUnix() - 10);
  EXPECT_EQ(Capture(form)->status, 422);
  // An issue time pushed back past the maximum age by hand breaks the signature too.
  form["form_token"] = "v1.test1.1000.00.00";
  EXPECT_EQ(Capture(form)->status, 422);
  // Genuine but too old.
  form["form_token"] = marketing::IssueFormToken(TestKeyring(),
                                                 NowUnix() - marketing::kTokenMaxAgeSeconds - 5);
  r = Capture(form);
  EXPECT_EQ(r->status, 422);
  EXPECT_NE(r->body.find("expired"), std::string::npos);
  EXPECT_EQ(Count("SELECT count(*) FROM leads"), "0");
}

TEST_F(Leads, BadBodiesNameTheField) {
  Json bad = Form("not-an-email", "");
  auto r = Capture(bad);
  EXPECT_EQ(r->status, 422);
  EXPECT_EQ(ProblemFields(*r), std::set<std::string>{"email"});
  r = Capture(Form("", "+1 555"));
  EXPECT_EQ(ProblemFields(*r), std::set<std::string>{"phone"});
  r = Capture(Form("", ""));
  EXPECT_EQ(ProblemFields(*r), std::set<std::string>{"email"});
  Json unknown = Form("x@example.test", "");
  unknown["budget"] = 5000;
  r = Capture(unknown);
  EXPECT_EQ(r->status, 422);
  EXPECT_EQ(ProblemFields(*r), std::set<std::string>{"budget"});
  Json typed = Form("x@example.test", "");
  typed["consents"] = {{"privacy", "yes"}};
  EXPECT_EQ(Capture(typed)->status, 422);
  Json no_version = Form("x@example.test", "");
  no_version.erase("consent_text_version");
  EXPECT_EQ(ProblemFields(*Capture(no_version)), std::set<std::string>{"consent_text_version"});
  auto malformed = CallAs(server_.port(), db_.conn(), "", "POST", "/leads/capture", "{\"email\":");
  EXPECT_EQ(malformed->status, 400);
  Json big = Form("x@example.test", "");
  big["message"] = std::string(20000, 'a');
  EXPECT_EQ(Capture(big)->status, 413);
  EXPECT_EQ(Count("SELECT count(*) FROM leads"), "0");
}

TEST_F(Leads, RateLimitsPerEmailAndPerAddress) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(Capture(Form("often@example.test", ""))->status, 202) << i;
  }
  auto limited = Capture(Form("often@example.test", ""));
  ASSERT_EQ(limited->status, 429);
  const int retry_after = std::stoi(limited->Header("retry-after"));
  EXPECT_GT(retry_after, 0);
  EXPECT_LE(retry_after, 3600);
  // Written another way, it is the same email.
  EXPECT_EQ(Capture(Form("OFTEN@example.test", ""))->status, 429);
  // 20 per address per 10 minutes: 7 so far from this address.
  int accepted = 0;
  std::optional<HttpResponse> last;
  for (int i = 0; i < 20; ++i) {
    last = Capture(Form("person" + std::to_string(i) + "@example.test", ""));
    if (last->status == 202) ++accepted;
  }
  EXPECT_EQ(accepted, 13);
  EXPECT_EQ(last->status, 429);
  EXPECT_FALSE(last->Header("retry-after").empty());
  // Nothing of the addresses is stored: buckets are hashes.
  EXPECT_EQ(Count("SELECT count(*) FROM lead_capture_limits WHERE bucket LIKE '%@%' "
                  "OR bucket LIKE '%127.0.0.1%'"),
            "0");
}

TEST_F(Leads, CorsForTheFormsOriginOnly) {
  auto pre = Call("", "OPTIONS", "/leads/capture", nullptr,
                  {{"Origin", kSiteOrigin}, {"Access-Control-Request-Method", "POST"}});
  ASSERT_EQ(pre->status, 204);
  EXPECT_EQ(pre->Header("access-control-allow-origin"), kSiteOrigin);
  EXPECT_EQ(pre->Header("access-control-allow-methods"), "POST");
  EXPECT_EQ(pre->Header("access-control-allow-headers"), "Content-Type");
  auto other = Call(
      "", "OPTIONS", "/leads/capture", nullptr,
      {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(other->status, 403);
  // The form's origin reaches the form's routes, not the rest of the API.
  auto api = Call("", "OPTIONS", "/leads", nullptr,
                  {{"Origin", kSiteOrigin}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_EQ(api->status, 403);
  auto post = Call("", "POST", "/leads/capture", Form("cors@example.test", ""),
                   {{"Origin", kSiteOrigin}});
  EXPECT_EQ(post->status, 202);
  EXPECT_EQ(post->Header("access-control-allow-origin"), kSiteOrigin);
  auto token = Call("", "GET", "/leads/capture/token", nullptr, {{"Origin", kSiteOrigin}});
  EXPECT_EQ(token->Header("access-control-allow-origin"), kSiteOrigin);
  auto list = Call(kAdmin, "GET", "/leads", nullptr, {{"Origin", kSiteOrigin}});
  EXPECT_EQ(list->Header("access-control-allow-origin"), "");
}

// ---------------------------------------------------------------------------
// Pipeline
// ---------------------------------------------------------------------------

TEST_F(Leads, StageMachineLegalAndIllegalMoves) {
  const std::string id = AddLead(1, kSales1, "new", "TR", 5);
  const std::string path = "/leads/" + id + "/stage";
  auto skip = Call(kSales1, "POST", path, {{"stage", "qualified"}});
  EXPECT_EQ(skip->status, 409);
  EXPECT_EQ(ProblemFields(*skip), std::set<std::string>{"stage"});
  for (const char* stage : {"contacted", "qualified", "consultation_booked"}) {
    auto r = Call(kSales1, "POST", path, {{"stage", stage}});
    ASSERT_EQ(r->status, 200) << stage << " " << r->body;
    EXPECT_EQ(JsonBody(r)["stage"], stage);
  }
  // The vision's status follows the stage coarsely.
  EXPECT_EQ(Count("SELECT status FROM leads WHERE id = '" + id + "'"), "qualified");
  auto lost = Call(kSales1, "POST", path, {{"stage", "lost"}});
  EXPECT_EQ(lost->status, 422);
  EXPECT_EQ(ProblemFields(*lost), std::set<std::string>{"reason"});
  auto bad = Call(kSales1, "POST", path, {{"stage", "won"}});
  EXPECT_EQ(ProblemFields(*bad), std::set<std::string>{"stage"});
  auto same = Call(kSales1, "POST", path, {{"stage", "consultation_booked"}});
  EXPECT_EQ(same->status, 409);
  EXPECT_EQ(ProblemFields(*same), std::set<std::string>{"stage"});
  auto converted = Call(kSales1, "POST", path, {{"stage", "converted"}});
  ASSERT_EQ(converted->status, 200);
  EXPECT_EQ(JsonBody(converted)["status"], "converted");
  auto back = Call(kSales1, "POST", path, {{"stage", "nurturing"}});
  EXPECT_EQ(back->status, 409);
  // Lost with a reason, from another lead; and the database refuses an
  // illegal move whoever writes it.
  const std::string other = AddLead(2, kSales1, "contacted", "TR", 4);
  auto r = Call(kSales1, "POST", "/leads/" + other + "/stage",
                {{"stage", "lost"}, {"reason", "chose a clinic at home"}});
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(JsonBody(r)["lost_reason"], "chose a clinic at home");
  EXPECT_FALSE(db_.conn().Exec("UPDATE leads SET stage = 'converted' WHERE id = '" + other + "'"));
  // Each move is an activity and an audit row.
  EXPECT_EQ(Count("SELECT count(*) FROM lead_activities WHERE kind = 'stage_change'"), "5");
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE table_name = 'leads' "
                  "AND action = 'update' AND actor_user_id = '" +
                  std::string(kSales1) + "'"),
            "5");
  // Another rep's lead is not there for sales1.
  const std::string theirs = AddLead(3, kSales2, "new", "TR", 3);
  EXPECT_EQ(Call(kSales1, "POST", "/leads/" + theirs + "/stage", {{"stage", "contacted"}})->status,
            404);
}

TEST_F(Leads, ActivitiesCallsNotesTasks) {
  const std::string id = AddLead(1, kSales1, "new", "TR", 5);
  const std::string path = "/leads/" + id + "/activities";
  auto note = Call(kSales1, "POST", path, {{"kind", "note"}, {"body", "Prefers WhatsApp"}});
  ASSERT_EQ(note->status, 201) << note->body;
  auto call = Call(kSales1, "POST", path, {{"kind", "call"}, {"body", "No answer"}});
  ASSERT_EQ(call->status, 201);
  auto task = Call(
      kSales1, "POST", path,
      {{"kind", "task"}, {"body", "Send price list"}, {"due_at", "2026-12-24T09:00:00+03:00"}});
  ASSERT_EQ(task->status, 201) << task->body;
  const std::string task_id = JsonBody(task)["id"];
  EXPECT_EQ(task->Header("location"), "/lead-activities/" + task_id);
  auto due_on_note = Call(kSales1, "POST", path,
                          {{"kind", "note"}, {"body", "x"}, {"due_at", "2026-12-24T09:00:00Z"}});
  EXPECT_EQ(ProblemFields(*due_on_note), std::set<std::string>{"due_at"});
  auto bad_kind = Call(kSales1, "POST", path, {{"kind", "stage_change"}, {"body", "x"}});
  EXPECT_EQ(ProblemFields(*bad_kind), std::set<std::string>{"kind"});

  auto done = Call(kSales1, "PATCH", "/lead-activities/" + task_id, {{"completed", true}});
  ASSERT_EQ(done->status, 200) << done->body;
  EXPECT_FALSE(JsonBody(done)["completed_at"].is_null());
  EXPECT_EQ(JsonBody(done)["completed_by"], kSales1);
  const std::string note_id = JsonBody(note)["id"];
  auto complete_note = Call(kSales1, "PATCH", "/lead-activities/" + note_id, {{"completed", true}});
  EXPECT_EQ(ProblemFields(*complete_note), std::set<std::string>{"completed"});
  // Another rep reaches neither the lead's activities nor the task.
  EXPECT_EQ(Call(kSales2, "GET", path)->status, 404);
  EXPECT_EQ(Call(kSales2, "PATCH", "/lead-activities/" + task_id, {{"completed", false}})->status,
            404);

  auto page1 = Call(kSales1, "GET", path + "?limit=2");
  ASSERT_EQ(page1->status, 200);
  Json p1 = JsonBody(page1);
  ASSERT_EQ(p1["items"].size(), 2u);
  EXPECT_EQ(p1["items"][0]["kind"], "task");  // newest first
  auto page2 = Call(kSales1, "GET", p1["next"].get<std::string>());
  Json p2 = JsonBody(page2);
  ASSERT_EQ(p2["items"].size(), 1u);
  EXPECT_EQ(p2["items"][0]["kind"], "note");
  EXPECT_TRUE(p2["next"].is_null());
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE table_name = 'lead_activities'"), "4");
}

TEST_F(Leads, MergeKeepsBothHistories) {
  ASSERT_EQ(Capture(Form("first@example.test", ""))->status, 202);
  ASSERT_EQ(Capture(Form("", "+44 7911 123456"))->status, 202);
  const std::string kept = Count("SELECT id FROM leads WHERE email = 'first@example.test'");
  const std::string dup = Count("SELECT id FROM leads WHERE phone = '+447911123456'");
  ASSERT_TRUE(db_.conn().Exec("UPDATE leads SET assigned_to = '" + std::string(kSales1) + "'"));
  ASSERT_EQ(Call(kSales1, "POST", "/leads/" + dup + "/activities",
                 {{"kind", "call"}, {"body", "Same person as first@"}})
                ->status,
            201);
  EXPECT_EQ(Call(kSales1, "POST", "/leads/" + kept + "/merge", {{"other_lead_id", kept}})->status,
            422);
  auto merged = Call(kSales1, "POST", "/leads/" + kept + "/merge", {{"other_lead_id", dup}});
  ASSERT_EQ(merged->status, 200) << merged->body;
  Json lead = JsonBody(merged);
  EXPECT_EQ(lead["phone"], "+447911123456");  // filled from the duplicate
  EXPECT_EQ(Call(kSales1, "GET", "/leads/" + dup)->status, 404);
  EXPECT_EQ(Count("SELECT merged_into::text || ' ' || deleted FROM leads WHERE id = '" + dup + "'"),
            kept + " true");
  auto read = JsonBody(Call(kSales1, "GET", "/leads/" + kept));
  ASSERT_EQ(read["touches"].size(), 2u);
  EXPECT_EQ(read["touches"][1]["merged_from"], dup);
  auto acts = JsonBody(Call(kSales1, "GET", "/leads/" + kept + "/activities"));
  ASSERT_EQ(acts["items"].size(), 2u);  // the moved call and the merge note
  // The kept lead, the merged one, the moved touch and call: each an audit
  // row saying merge; the merge note is a created activity.
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE reason LIKE 'merge%'"), "4");
  // Merging again: the duplicate is gone.
  EXPECT_EQ(
      ProblemFields(*Call(kSales1, "POST", "/leads/" + kept + "/merge", {{"other_lead_id", dup}})),
      std::set<std::string>{"other_lead_id"});
  // A new capture with the duplicate's phone joins the kept lead.
  ASSERT_EQ(Capture(Form("", "+447911123456"))->status, 202);
  EXPECT_EQ(Count("SELECT count(*) FROM lead_touches WHERE lead_id = '" + kept + "'"), "3");
}

TEST_F(Leads, ListFiltersPagesAndScopes) {
  // 24 leads: even ones sales1's, odd ones sales2's, every third lost, a
  // minute apart, newest first = lowest n.
  for (int n = 1; n <= 24; ++n) {
    AddLead(n, n % 2 == 0 ? kSales1 : kSales2, n % 3 == 0 ? "lost" : "new",
            n % 4 == 0 ? "DE" : "TR", n);
  }
  AddLead(25, nullptr, "new", "GB", 25);
  auto all = ListAll(kAdmin, "/leads?limit=7");
  ASSERT_EQ(all.size(), 25u);
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), 25u);
  EXPECT_EQ(all.front(), "30000000-0000-4000-8000-000000000001");
  EXPECT_EQ(all.back(), "30000000-0000-4000-8000-000000000025");

  auto own = ListAll(kSales1, "/leads?limit=5");
  EXPECT_EQ(own.size(), 12u);
  EXPECT_EQ(own.front(), "30000000-0000-4000-8000-000000000002");
  // Asking for another rep's leads or the unassigned ones gives nothing.
  EXPECT_TRUE(ListAll(kSales1, std::string("/leads?assigned_to=") + kSales2).empty());
  EXPECT_TRUE(ListAll(kSales1, "/leads?assigned_to=none").empty());
  EXPECT_EQ(Call(kMarketer, "GET", "/leads")->status, 403);
  EXPECT_EQ(Call(kMarketer, "GET", "/leads/export.csv")->status, 403);

  EXPECT_EQ(ListAll(kAdmin, "/leads?stage=lost").size(), 8u);
  EXPECT_EQ(ListAll(kAdmin, "/leads?stage=lost&country=DE").size(), 2u);  // 12, 24
  EXPECT_EQ(ListAll(kAdmin, "/leads?assigned_to=none").size(), 1u);
  EXPECT_EQ(ListAll(kAdmin, std::string("/leads?assigned_to=") + kSales1 + "&stage=new").size(),
            8u);
  EXPECT_EQ(ListAll(kSales1, "/leads?assigned_to=me&country=DE").size(), 6u);
  EXPECT_EQ(ListAll(kAdmin, "/leads?q=LEAD1").size(), 11u);  // lead1, lead10–19
  EXPECT_EQ(ListAll(kAdmin, "/leads?q=name2").size(), 7u);   // Name2, Name20–25
  EXPECT_EQ(ListAll(kAdmin, "/leads?q=%2B905321210012").size(), 1u);
  EXPECT_EQ(ListAll(kAdmin, "/leads?q=%25").size(), 0u);  // % is a character, not a wildcard
  EXPECT_EQ(ListAll(kAdmin, "/leads?created_from=" +
                                Count("SELECT to_char((now() - interval '10 minutes 30 seconds') "
                                      "AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"))
                .size(),
            10u);
  auto bad = Call(kAdmin, "GET", "/leads?stage=won&limit=0&cursor=x&colour=red");
  EXPECT_EQ(bad->status, 422);
  EXPECT_EQ(ProblemFields(*bad), (std::set<std::string>{"stage", "limit", "cursor", "colour"}));

  // A search with many hits (over 2000: the list's plan) and one with few
  // (the prefix indexes' plan) page alike: newest first, as SQL orders them.
  ASSERT_TRUE(db_.conn().Exec(
      "INSERT INTO leads (email, source, created_at) SELECT 'bulk' || i || '@example.test', "
      "'website', now() - interval '1 day' - make_interval(secs => i) "
      "FROM generate_series(1, 2100) i"));
  const std::vector<std::pair<std::string, std::vector<std::string>>> searches = {
      {"bulk", {"bulk1", "bulk2", "bulk3"}},          // 2100 hits
      {"bulk20", {"bulk20", "bulk200", "bulk201"}}};  // 111 hits: 20, 200–209, 2000–2099
  for (const auto& [prefix, newest] : searches) {
    auto first = JsonBody(Call(kAdmin, "GET", "/leads?limit=3&q=" + prefix));
    std::vector<std::string> got;
    for (const auto& lead : first["items"]) {
      const std::string email = lead["email"];
      got.push_back(email.substr(0, email.find('@')));
    }
    EXPECT_EQ(got, newest) << prefix;
  }
  EXPECT_EQ(ListAll(kAdmin, "/leads?limit=200&q=bulk20").size(), 111u);
  EXPECT_EQ(ListAll(kAdmin, "/leads?limit=200&q=bulk").size(), 2100u);

  // The setting 'all' widens the reps' view.
  ASSERT_TRUE(
      db_.conn().Exec("UPDATE access_settings SET value = 'all' "
                      "WHERE key = 'sales.lead_scope'"));
  EXPECT_EQ(ListAll(kSales1, "/leads?limit=200").size(), 2125u);
}

TEST_F(Leads, CsvExportIsScopedDefusedAndAudited) {
  AddLead(1, kSales1, "new", "TR", 3);
  AddLead(2, kSales2, "new", "TR", 2);
  ASSERT_TRUE(
      db_.conn().Exec("UPDATE leads SET first_name = '=HYPERLINK(\"x\")', "
                      "last_name = 'Smith, Jr.' WHERE email = 'lead1@example.test'"));
  auto r = Call(kSales1, "GET", "/leads/export.csv");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(r->Header("content-disposition").find("leads.csv"), std::string::npos);
  const std::string& csv = r->body;
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
            "id,created_at,stage,first_name,last_name,email,phone,country,language,"
            "procedure_interest,source,campaign_id,assigned_to,lead_score,last_interaction_at,"
            "lost_reason");
  EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"x\"\")\",\"Smith, Jr.\",lead1@example.test,+905321210001"),
            std::string::npos)
      << csv;
  EXPECT_EQ(csv.find("lead2@example.test"), std::string::npos);  // sales2's
  EXPECT_EQ(Count("SELECT action || ' ' || reason FROM audit_log WHERE table_name = 'leads'"),
            "export csv export of 1 leads");
  auto admin = Call(kAdmin, "GET", "/leads/export.csv?country=TR");
  EXPECT_NE(admin->body.find("lead2@example.test"), std::string::npos);
}

// ---------------------------------------------------------------------------
// Assignment
// ---------------------------------------------------------------------------

TEST_F(Leads, RulesRoundRobinCapsAndFirstContact) {
  auto team = Call(
      kAdmin, "PUT", "/lead-assignment/teams",
      {{"team", "tr"},
       {"members", {{{"user_id", kSales1}}, {{"user_id", kSales2}}, {{"user_id", kSales3}}}}});
  ASSERT_EQ(team->status, 200) << team->body;
  ASSERT_EQ(Call(kAdmin, "PUT", "/lead-assignment/teams",
                 {{"team", "de"}, {"members", {{{"user_id", kSales2}, {"max_open_leads", 1}}}}})
                ->status,
            200);
  auto not_sales = Call(kAdmin, "PUT", "/lead-assignment/teams",
                        {{"team", "x"}, {"members", {{{"user_id", kMarketer}}}}});
  EXPECT_EQ(ProblemFields(*not_sales), std::set<std::string>{"members"});
  auto bad_rule = Call(kAdmin, "PUT", "/lead-assignment/rules",
                       {{"rules", {{{"language", "xx-klingon"}, {"team", "tr"}}}}});
  EXPECT_EQ(ProblemFields(*bad_rule), std::set<std::string>{"rules[0].language"});
  auto rules = Call(kAdmin, "PUT", "/lead-assignment/rules",
                    {{"rules",
                      {{{"language", "de"}, {"team", "de"}, {"first_contact_minutes", 30}},
                       {{"country", "TR"}, {"team", "tr"}}}}});
  ASSERT_EQ(rules->status, 200) << rules->body;
  EXPECT_EQ(JsonBody(rules)["items"].size(), 2u);
  EXPECT_EQ(Call(kSales1, "GET", "/lead-assignment/rules")->status, 403);

  // German speakers go to the de team, whose one rep takes one open lead
  // at a time (the cap counts every open lead the rep holds).
  Json de = Form("anna@example.test", "");
  de["language"] = "de-AT";
  de["country"] = "AT";
  ASSERT_EQ(Capture(de)->status, 202);
  EXPECT_EQ(Count("SELECT assigned_to::text || ' ' || (first_contact_due_at - created_at)::text "
                  "FROM leads WHERE email = 'anna@example.test'"),
            std::string(kSales2) + " 00:30:00");
  de["email"] = "bernd@example.test";
  ASSERT_EQ(Capture(de)->status, 202);
  EXPECT_EQ(Count("SELECT assigned_to IS NULL FROM leads WHERE email = 'bernd@example.test'"), "t");
  const std::string bernd = Count("SELECT id FROM leads WHERE email = 'bernd@example.test'");
  EXPECT_EQ(Call(kAdmin, "POST", "/leads/" + bernd + "/assign", {{"auto", true}})->status, 409);

  // By hand: to a rep, never to someone else; audited.
  auto to_rep = Call(kAdmin, "POST", "/leads/" + bernd + "/assign", {{"assigned_to", kSales3}});
  ASSERT_EQ(to_rep->status, 200) << to_rep->body;
  EXPECT_EQ(JsonBody(to_rep)["assigned_to"], kSales3);
  EXPECT_EQ(ProblemFields(
                *Call(kAdmin, "POST", "/leads/" + bernd + "/assign", {{"assigned_to", kMarketer}})),
            std::set<std::string>{"assigned_to"});
  EXPECT_EQ(ProblemFields(*Call(kAdmin, "POST", "/leads/" + bernd + "/assign", Json::object())),
            std::set<std::string>{"assigned_to"});
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE row_id = '" + bernd +
                  "' AND reason = 'reassigned'"),
            "1");
  // Freed from the cap once anna's lead is lost: the rules give bernd to sales2.
  const std::string anna = Count("SELECT id FROM leads WHERE email = 'anna@example.test'");
  ASSERT_TRUE(db_.conn().Exec("UPDATE leads SET stage = 'lost', lost_reason = 'x' WHERE id = '" +
                              anna + "'"));
  auto again = Call(kAdmin, "POST", "/leads/" + bernd + "/assign", {{"auto", true}});
  ASSERT_EQ(again->status, 200) << again->body;
  EXPECT_EQ(JsonBody(again)["assigned_to"], kSales2);

  // 1000 Turkish leads through the capture function: each rep within one
  // of the others.
  ASSERT_TRUE(db_.conn().Exec(R"sql(
DO $$ BEGIN
  FOR i IN 1..1000 LOOP
    PERFORM lead_capture_touch('website', 'rr' || i || '@example.test', NULL, NULL,
                               '{"country": "TR", "language": "tr"}', '{}', 'test', NULL);
  END LOOP;
END $$)sql"));
  EXPECT_EQ(Count("SELECT max(n) - min(n) FROM (SELECT count(*) AS n FROM leads "
                  "WHERE email LIKE 'rr%' GROUP BY assigned_to) c"),
            "1");
  EXPECT_EQ(Count("SELECT string_agg(n::text, ',' ORDER BY n) FROM (SELECT count(*) AS n "
                  "FROM leads WHERE email LIKE 'rr%' GROUP BY assigned_to) c"),
            "333,333,334");
  EXPECT_EQ(Count("SELECT count(*) FROM leads WHERE email LIKE 'rr%' AND "
                  "first_contact_due_at = created_at + interval '60 minutes'"),
            "1000");

  auto teams = JsonBody(Call(kAdmin, "GET", "/lead-assignment/teams"));
  EXPECT_EQ(teams["items"].size(), 4u);
}

TEST_F(Leads, OverdueFirstContactIsMarkedOnce) {
  const std::string late = AddLead(1, kSales1, "new", "TR", 120);
  const std::string fine = AddLead(2, kSales1, "new", "TR", 120);
  const std::string contacted = AddLead(3, kSales1, "contacted", "TR", 120);
  ASSERT_TRUE(db_.conn().Exec(
      "UPDATE leads SET first_contact_due_at = created_at + interval '60 minutes' "
      "WHERE id IN ('" +
      late + "', '" + contacted +
      "');"
      "UPDATE leads SET first_contact_due_at = now() + interval '1 hour' WHERE id = '" +
      fine + "'"));
  auto marked = marketing::MarkFirstContactOverdue(server_.app().pool());
  ASSERT_TRUE(marked);
  EXPECT_EQ(*marked, 1);
  EXPECT_EQ(*marketing::MarkFirstContactOverdue(server_.app().pool()), 0);
  auto overdue = ListAll(kSales1, "/leads?overdue=true");
  EXPECT_EQ(overdue, std::vector<std::string>{late});
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE reason = 'first contact overdue' AND "
                  "actor_role = 'system'"),
            "1");
}

}  // namespace
}  // namespace imedic::testing
