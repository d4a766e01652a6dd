// The staff inbox (issue 12) on the real server, a real PostgreSQL and a
// fake WhatsApp Cloud API: a staff message goes into the messages row and
// the outbox in one transaction, the dispatcher writes the provider's wamid
// onto the message and the status webhooks then move that same row
// (delivered, read, a late delivered ignored); WhatsApp's 24-hour window
// refuses free text and takes an approved template; an opted-out channel
// and a marketing send without consent are refused and the refusal kept;
// an Idempotency-Key retry sends once; the inbox lists, assigns, marks read
// and closes within the caller's scope; the patient sees only their own;
// the timeout job closes quiet conversations once.
#include <gtest/gtest.h>

#include <ctime>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "domains/messaging/channels/whatsapp_channel.hpp"
#include "domains/messaging/conversation_timeout.hpp"
#include "domains/messaging/inbound_signature.hpp"
#include "domains/messaging/outbox.hpp"
#include "support/fake_http_server.hpp"
#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace imedic::testing {
namespace {

using Json = nlohmann::json;

constexpr const char* kAppSecret = "wa_app_secret_inbox";

constexpr const char* kPatientUser = "10000000-0000-4000-8000-000000000001";
constexpr const char* kOtherPatientUser = "10000000-0000-4000-8000-000000000002";
constexpr const char* kLeadUser = "10000000-0000-4000-8000-000000000003";
constexpr const char* kCoordinator = "40000000-0000-4000-8000-000000000001";
constexpr const char* kOtherCoordinator = "40000000-0000-4000-8000-000000000002";
constexpr const char* kSales = "40000000-0000-4000-8000-000000000003";
constexpr const char* kMarketing = "40000000-0000-4000-8000-000000000004";
constexpr const char* kAdmin = "40000000-0000-4000-8000-000000000005";
constexpr const char* kPatientNumber = "905551112233";
constexpr const char* kOtherNumber = "905559998877";
constexpr const char* kLeadNumber = "4915112345678";

// Patient A (+90 555 111 22 33) looked after by the first coordinator;
// patient B (+90 555 999 88 77) by nobody here; a lead's user on WhatsApp
// (+49 151 1234 5678) assigned to the sales user.
constexpr const char* kFixture = R"sql(
INSERT INTO user_profiles (user_id, first_name, last_name)
  SELECT id, 'First', 'Last' FROM users;
INSERT INTO patient_profiles (id, user_id, patient_id, medical_condition) VALUES
  ('20000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001',
   'PAT-2026-000001', 'hair loss'),
  ('20000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000002',
   'PAT-2026-000002', 'hair loss');
INSERT INTO communication_channels (user_id, channel_type, channel_value, is_primary, is_verified)
VALUES ('10000000-0000-4000-8000-000000000001', 'whatsapp', '+905551112233', TRUE, TRUE),
       ('10000000-0000-4000-8000-000000000002', 'whatsapp', '+905559998877', TRUE, TRUE),
       ('10000000-0000-4000-8000-000000000003', 'whatsapp', '+4915112345678', TRUE, TRUE);
INSERT INTO care_assignments (staff_user_id, patient_profile_id, kind) VALUES
  ('40000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000001',
   'care_coordinator');
INSERT INTO leads (id, user_id, phone, source, assigned_to) VALUES
  ('30000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000003',
   '+4915112345678', 'whatsapp', '40000000-0000-4000-8000-000000000003');
)sql";

void InboxApp(app::ApplicationOptions& o) {
  o.messaging_webhooks.whatsapp_app_secret = kAppSecret;
  o.messaging_webhooks.session_timeout_minutes = 60;
}

// The Cloud API's answer to a send: the wamid of message `index`.
FakeReply Wamid(int index) {
  return {200, R"({"messaging_product":"whatsapp","messages":[{"id":"wamid.OUT)" +
                   std::to_string(index) + R"("}]})"};
}

Json Change(const Json& value) {
  Json v = value;
  v["messaging_product"] = "whatsapp";
  v["metadata"] = {{"display_phone_number", "15550783881"}, {"phone_number_id", "1098765432"}};
  return {{"object", "whatsapp_business_account"},
          {"entry",
           Json::array({{{"id", "102290129340398"},
                         {"changes", Json::array({{{"field", "messages"}, {"value", v}}})}}})}};
}

class MessagingConversations : public ::testing::Test {
 protected:
  void SetUp() override {
    db::Connection& c = db_.conn();
    AddUser(c, kPatientUser, "pat.a@example.test", "patient", {"patient"});
    AddUser(c, kOtherPatientUser, "pat.b@example.test", "patient", {"patient"});
    AddUser(c, kLeadUser, "lead@example.test", "patient", {"patient"});
    AddUser(c, kCoordinator, "coord@example.test", "staff", {"care_coordinator"});
    AddUser(c, kOtherCoordinator, "coord2@example.test", "staff", {"care_coordinator"});
    AddUser(c, kSales, "sales@example.test", "staff", {"sales"});
    AddUser(c, kMarketing, "marketing@example.test", "staff", {"marketing"});
    AddUser(c, kAdmin, "admin@example.test", "admin", {"admin"});
    ASSERT_TRUE(c.Exec(kFixture)) << "fixture failed";
  }

  std::optional<HttpResponse> PostWhatsApp(const Json& payload) {
    const std::string body = payload.dump();
    return Request(
        server_.port(), "POST", "/webhooks/whatsapp", body, "application/json",
        {{"X-Hub-Signature-256", "sha256=" + messaging::WhatsAppSignature(kAppSecret, body)}});
  }

  // An inbound text from `from`; answers the conversation it landed in.
  std::string Inbound(const std::string& from, const std::string& wamid, const std::string& text) {
    Json message = {{"from", from},
                    {"id", wamid},
                    {"timestamp", std::to_string(std::time(nullptr))},
                    {"type", "text"},
                    {"text", {{"body", text}}}};
    auto r = PostWhatsApp(
        Change({{"contacts", Json::array({{{"wa_id", from}, {"profile", {{"name", "X"}}}}})},
                {"messages", Json::array({message})}}));
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
    return Q("SELECT conversation_session_id FROM messages WHERE provider_message_id = $1",
             db::Params{wamid});
  }

  std::optional<HttpResponse> Status(const std::string& wamid, const std::string& status,
                                     const std::string& to) {
    return PostWhatsApp(
        Change({{"statuses", Json::array({{{"id", wamid},
                                           {"status", status},
                                           {"timestamp", std::to_string(std::time(nullptr))},
                                           {"recipient_id", to}}})}}));
  }

  std::optional<HttpResponse> As(const std::string& user, const std::string& method,
                                 const std::string& path, const std::string& body = "",
                                 std::map<std::string, std::string> headers = {}) {
    return CallAs(server_.port(), db_.conn(), user, method, path, body, "application/json",
                  std::move(headers));
  }

  std::optional<HttpResponse> Send(const std::string& user, const std::string& conversation,
                                   const Json& body, const std::string& idempotency_key = "") {
    std::map<std::string, std::string> headers;
    if (!idempotency_key.empty()) headers["Idempotency-Key"] = idempotency_key;
    return As(user, "POST", "/conversations/" + conversation + "/messages", body.dump(), headers);
  }

  messaging::DispatchReport Dispatch() {
    messaging::WhatsAppChannel channel({.api_base = wa_.base_url(),
                                        .api_version = "v21.0",
                                        .phone_number_id = "1098765432",
                                        .access_token = "token",
                                        .http = {.timeout = std::chrono::seconds(5),
                                                 .connect_timeout = std::chrono::seconds(2),
                                                 .ca_file = std::nullopt}});
    auto report = messaging::DispatchOutbox(server_.app().pool(), channel);
    EXPECT_TRUE(report.has_value());
    return report ? *report : messaging::DispatchReport{};
  }

  void ApproveTemplate(const std::string& name, const std::string& category,
                       const std::string& body, const std::string& status = "approved") {
    auto r = As(kAdmin, "POST", "/message-templates",
                Json{{"name", name},
                     {"language", "tr"},
                     {"category", category},
                     {"body", body},
                     {"status", status}}
                    .dump());
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 201) << r->body;
  }

  std::string Q(const std::string& sql, const db::Params& p = db::Params{}) {
    return Scalar(db_.conn(), sql, p);
  }

  TestDatabase db_;
  TestServer server_{db_.conninfo(), nullptr, InboxApp};
  FakeHttpServer wa_{[](const FakeRequest&, int index) { return Wamid(index); }};
};

TEST_F(MessagingConversations, SendOutboxWamidThenStatusesLandOnTheSameMessage) {
  const std::string conv = Inbound(kPatientNumber, "wamid.IN1", "Merhaba");
  ASSERT_FALSE(conv.empty());
  auto sent = Send(kCoordinator, conv, {{"text", "Hoş geldiniz, size nasıl yardımcı olabiliriz?"}});
  ASSERT_TRUE(sent);
  ASSERT_EQ(sent->status, 201) << sent->body;
  const Json m = Json::parse(sent->body);
  const std::string id = m["id"];
  EXPECT_EQ(m["direction"], "outgoing");
  EXPECT_EQ(m["delivery_status"], "queued");
  EXPECT_EQ(m["sent_by"], kCoordinator);
  EXPECT_FALSE(m.contains("text")) << "the text is never echoed (idempotency keeps answers)";

  // One transaction wrote both: the sealed message and its outbox row.
  EXPECT_EQ(Q("SELECT content_key || ':' || (content NOT LIKE '%Hoş%')::text FROM messages "
              "WHERE id = $1",
              db::Params{id}),
            "patient:true");
  EXPECT_EQ(Q("SELECT channel || ':' || recipient || ':' || (payload->>'text') FROM outbox "
              "WHERE message_id = $1",
              db::Params{id}),
            "whatsapp:+905551112233:Hoş geldiniz, size nasıl yardımcı olabiliriz?");
  EXPECT_EQ(Q("SELECT count(*) FROM patient_journey_events WHERE event_type = 'message_sent'"),
            "1");
  EXPECT_EQ(Q("SELECT (first_response_at IS NOT NULL)::text FROM conversation_sessions "
              "WHERE id = $1",
              db::Params{conv}),
            "true");

  const auto report = Dispatch();
  EXPECT_EQ(report.sent, 1);
  ASSERT_EQ(wa_.count(), 1);
  const Json wire = Json::parse(wa_.requests()[0].body);
  EXPECT_EQ(wire["to"], kPatientNumber);
  EXPECT_EQ(wire["text"]["body"], "Hoş geldiniz, size nasıl yardımcı olabiliriz?");
  EXPECT_EQ(Q("SELECT provider || ':' || provider_message_id || ':' || delivery_status FROM "
              "messages WHERE id = $1",
              db::Params{id}),
            "whatsapp:wamid.OUT0:sent");
  EXPECT_EQ(Q("SELECT payload::text FROM outbox WHERE message_id = $1", db::Params{id}), "{}");

  ASSERT_EQ(Status("wamid.OUT0", "delivered", kPatientNumber)->status, 200);
  EXPECT_EQ(Q("SELECT delivery_status FROM messages WHERE id = $1", db::Params{id}), "delivered");
  ASSERT_EQ(Status("wamid.OUT0", "read", kPatientNumber)->status, 200);
  ASSERT_EQ(Status("wamid.OUT0", "delivered", kPatientNumber)->status, 200);
  EXPECT_EQ(Q("SELECT delivery_status FROM messages WHERE id = $1", db::Params{id}), "read");

  // The thread, opened for the coordinator, newest first; the read audited.
  auto thread = As(kCoordinator, "GET", "/conversations/" + conv + "/messages");
  ASSERT_TRUE(thread);
  ASSERT_EQ(thread->status, 200) << thread->body;
  const Json items = Json::parse(thread->body)["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["text"], "Hoş geldiniz, size nasıl yardımcı olabiliriz?");
  EXPECT_EQ(items[0]["delivery_status"], "read");
  EXPECT_EQ(items[1]["text"], "Merhaba");
  EXPECT_EQ(items[1]["direction"], "incoming");
  EXPECT_EQ(Q("SELECT count(*) FROM audit_log WHERE action = 'read' AND table_name = 'messages' "
              "AND actor_user_id = $1",
              db::Params{std::string(kCoordinator)}),
            "1");
}

TEST_F(MessagingConversations, IdempotentRetrySendsOnce) {
  const std::string conv = Inbound(kPatientNumber, "wamid.IN2", "Fiyat?");
  auto first = Send(kCoordinator, conv, {{"text", "2500 EUR"}}, "send-1");
  auto again = Send(kCoordinator, conv, {{"text", "2500 EUR"}}, "send-1");
  ASSERT_TRUE(first && again);
  EXPECT_EQ(first->status, 201) << first->body;
  EXPECT_EQ(again->status, 201) << again->body;
  EXPECT_EQ(again->Header("idempotent-replayed"), "true");
  EXPECT_EQ(Json::parse(first->body)["id"], Json::parse(again->body)["id"]);
  auto other = Send(kCoordinator, conv, {{"text", "3000 EUR"}}, "send-1");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 422) << "the key was used with another body";
  EXPECT_EQ(Q("SELECT count(*) FROM messages WHERE direction = 'outgoing'"), "1");
  EXPECT_EQ(Q("SELECT count(*) FROM outbox WHERE message_id IS NOT NULL"), "1");
  Dispatch();
  Dispatch();
  EXPECT_EQ(wa_.count(), 1);
}

TEST_F(MessagingConversations, OutsideTheWindowOnlyAnApprovedTemplate) {
  const std::string conv = Inbound(kPatientNumber, "wamid.IN3", "Merhaba");
  ASSERT_TRUE(db_.conn().ExecParams(
      "UPDATE conversation_sessions SET last_inbound_at = now() - interval '25 hours' "
      "WHERE id = $1",
      db::Params{conv}));
  auto text = Send(kCoordinator, conv, {{"text", "Are you still there?"}});
  ASSERT_TRUE(text);
  EXPECT_EQ(text->status, 422) << text->body;
  EXPECT_EQ(ProblemFields(*text), std::set<std::string>{"text"});
  EXPECT_EQ(Q("SELECT reason FROM message_send_refusals"), "outside_window");

  ApproveTemplate("visit_reminder", "utility", "Merhaba {{1}}, randevunuz {{2}} tarihinde.");
  ApproveTemplate("draft_offer", "utility", "Offer {{1}}", "pending");
  auto approved = As(kCoordinator, "GET", "/message-templates?status=approved");
  ASSERT_EQ(approved->status, 200) << approved->body;
  EXPECT_EQ(Json::parse(approved->body)["items"].size(), 1u);
  EXPECT_EQ(As(kMarketing, "GET", "/message-templates")->status, 403);
  EXPECT_EQ(As(kCoordinator, "POST", "/message-templates", R"({"name":"x"})")->status, 403);
  auto gap = As(kAdmin, "POST", "/message-templates",
                R"({"name":"gap","language":"tr","category":"utility","body":"{{1}} {{3}}"})");
  EXPECT_EQ(gap->status, 422);
  EXPECT_EQ(ProblemFields(*gap), std::set<std::string>{"body"});
  auto pending = Send(
      kCoordinator, conv,
      {{"template_name", "draft_offer"}, {"template_language", "tr"}, {"variables", {"x"}}});
  EXPECT_EQ(pending->status, 422);
  EXPECT_EQ(ProblemFields(*pending), std::set<std::string>{"template_name"});
  auto short_vars = Send(
      kCoordinator, conv,
      {{"template_name", "visit_reminder"}, {"template_language", "tr"}, {"variables", {"Ayşe"}}});
  EXPECT_EQ(short_vars->status, 422);
  EXPECT_EQ(ProblemFields(*short_vars), std::set<std::string>{"variables"});

  auto sent = Send(kCoordinator, conv,
                   {{"template_name", "visit_reminder"},
                    {"template_language", "tr"},
                    {"variables", {"Ayşe", "12 Mart"}}});
  ASSERT_TRUE(sent);
  ASSERT_EQ(sent->status, 201) << sent->body;
  EXPECT_EQ(Json::parse(sent->body)["metadata"]["template"], "visit_reminder");
  EXPECT_EQ(Dispatch().sent, 1);
  ASSERT_EQ(wa_.count(), 1);
  const Json wire = Json::parse(wa_.requests()[0].body);
  EXPECT_EQ(wire["type"], "template");
  EXPECT_EQ(wire["template"]["name"], "visit_reminder");
  EXPECT_EQ(wire["template"]["language"]["code"], "tr");
  EXPECT_EQ(wire["template"]["components"][0]["parameters"][1]["text"], "12 Mart");
  // The thread shows the rendered text.
  auto thread = As(kCoordinator, "GET", "/conversations/" + conv + "/messages?limit=1");
  const Json page = Json::parse(thread->body);
  EXPECT_EQ(page["items"][0]["text"], "Merhaba Ayşe, randevunuz 12 Mart tarihinde.");
  ASSERT_TRUE(page["next"].is_string());
  auto rest = As(kCoordinator, "GET", page["next"].get<std::string>());
  ASSERT_EQ(rest->status, 200) << rest->body;
  EXPECT_EQ(Json::parse(rest->body)["items"][0]["text"], "Merhaba");
}

TEST_F(MessagingConversations, OptedOutChannelAndMarketingWithoutConsentAreRefused) {
  const std::string conv = Inbound(kPatientNumber, "wamid.IN4", "Merhaba");
  auto marketing = Send(kCoordinator, conv, {{"text", "Kampanya!"}, {"purpose", "marketing"}});
  ASSERT_TRUE(marketing);
  EXPECT_EQ(marketing->status, 409) << marketing->body;
  EXPECT_EQ(ProblemFields(*marketing), std::set<std::string>{"purpose"});
  EXPECT_EQ(Q("SELECT reason FROM message_send_refusals"), "no_marketing_consent");
  ASSERT_TRUE(db_.conn().ExecParams(
      "INSERT INTO consent_events (user_id, purpose, action, text_version, text_sha256, channel) "
      "VALUES ($1, 'marketing_whatsapp', 'given', 'v1', repeat('a', 64), 'whatsapp')",
      db::Params{std::string(kPatientUser)}));
  EXPECT_EQ(Send(kCoordinator, conv, {{"text", "Kampanya!"}, {"purpose", "marketing"}})->status,
            201);

  Inbound(kPatientNumber, "wamid.IN5", "STOP");
  auto refused = Send(kCoordinator, conv, {{"text", "Are you sure?"}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 409) << refused->body;
  EXPECT_EQ(ProblemFields(*refused), std::set<std::string>{"channel"});
  EXPECT_EQ(Q("SELECT string_agg(reason, ',' ORDER BY id) FROM message_send_refusals"),
            "no_marketing_consent,opted_out");
  EXPECT_EQ(Q("SELECT count(*) FROM outbox WHERE message_id IS NOT NULL"), "1");
}

TEST_F(MessagingConversations, AccessFollowsScope) {
  const std::string mine = Inbound(kPatientNumber, "wamid.IN6", "A");
  const std::string other = Inbound(kOtherNumber, "wamid.IN7", "B");
  const std::string lead = Inbound(kLeadNumber, "wamid.IN8", "C");
  const auto status = [&](const std::string& user, const std::string& method,
                          const std::string& path) {
    auto r = As(user, method, path, method == "POST" ? R"({"text":"hi"})" : "");
    return r ? r->status : 0;
  };
  EXPECT_EQ(status(kCoordinator, "GET", "/conversations/" + mine), 200);
  EXPECT_EQ(status(kCoordinator, "GET", "/conversations/" + other), 404);
  EXPECT_EQ(status(kCoordinator, "GET", "/conversations/" + other + "/messages"), 404);
  EXPECT_EQ(status(kCoordinator, "POST", "/conversations/" + other + "/messages"), 404);
  EXPECT_EQ(status(kOtherCoordinator, "GET", "/conversations/" + mine), 404);
  EXPECT_EQ(status(kOtherCoordinator, "POST", "/conversations/" + mine + "/messages"), 404);
  EXPECT_EQ(status(kSales, "GET", "/conversations/" + lead), 200);
  EXPECT_EQ(status(kSales, "GET", "/conversations/" + mine), 404);
  EXPECT_EQ(status(kMarketing, "GET", "/conversations"), 403);
  EXPECT_EQ(status(kMarketing, "GET", "/conversations/" + mine + "/messages"), 403);
  EXPECT_EQ(status(kPatientUser, "GET", "/me/conversations/" + other + "/messages"), 404);
  EXPECT_EQ(status(kPatientUser, "GET", "/me/conversations/" + mine + "/messages"), 200);
  EXPECT_EQ(status(kPatientUser, "POST", "/conversations/" + mine + "/messages"), 404)
      << "patients do not send through the staff route";
  EXPECT_EQ(status(kPatientUser, "GET", "/conversations/" + mine), 404) << "they use /me";

  auto list = As(kCoordinator, "GET", "/conversations");
  ASSERT_EQ(list->status, 200) << list->body;
  const Json items = Json::parse(list->body)["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["id"], mine);
  auto own = As(kPatientUser, "GET", "/me/conversations");
  ASSERT_EQ(own->status, 200) << own->body;
  ASSERT_EQ(Json::parse(own->body)["items"].size(), 1u);
  EXPECT_EQ(Json::parse(own->body)["items"][0]["id"], mine);
  auto own_thread = As(kPatientUser, "GET", "/me/conversations/" + mine + "/messages");
  EXPECT_EQ(Json::parse(own_thread->body)["items"][0]["text"], "A");
}

TEST_F(MessagingConversations, InboxAssignReadCloseAndFilters) {
  const std::string conv = Inbound(kPatientNumber, "wamid.IN9", "Merhaba");
  auto bad = As(kCoordinator, "POST", "/conversations/" + conv + "/assign",
                Json{{"assigned_to", kMarketing}}.dump());
  EXPECT_EQ(bad->status, 422) << "marketing reads no conversation";
  auto assigned = As(kCoordinator, "POST", "/conversations/" + conv + "/assign",
                     Json{{"assigned_to", kCoordinator}, {"respond_within_minutes", 30}}.dump());
  ASSERT_EQ(assigned->status, 200) << assigned->body;
  const Json a = Json::parse(assigned->body);
  EXPECT_EQ(a["assigned_to"], kCoordinator);
  EXPECT_TRUE(a["first_response_due_at"].is_string());
  EXPECT_EQ(a["unread_count"], 1);
  EXPECT_EQ(a["window_open"], true);

  auto mine = As(kCoordinator, "GET", "/conversations?assigned=me&unread=true&status=open");
  ASSERT_EQ(mine->status, 200) << mine->body;
  EXPECT_EQ(Json::parse(mine->body)["items"].size(), 1u);
  EXPECT_EQ(As(kCoordinator, "GET", "/conversations?assigned=nobody")->status, 422);

  auto read = As(kCoordinator, "POST", "/conversations/" + conv + "/read");
  ASSERT_EQ(read->status, 200) << read->body;
  EXPECT_EQ(Json::parse(read->body)["unread_count"], 0);
  EXPECT_EQ(
      Json::parse(As(kCoordinator, "GET", "/conversations?unread=true")->body)["items"].size(), 0u);
  auto closed = As(kCoordinator, "POST", "/conversations/" + conv + "/close");
  ASSERT_EQ(closed->status, 200) << closed->body;
  EXPECT_EQ(Json::parse(closed->body)["status"], "closed");
  EXPECT_EQ(
      Json::parse(As(kCoordinator, "GET", "/conversations?status=closed")->body)["items"].size(),
      1u);
  EXPECT_EQ(Q("SELECT count(*) FROM audit_log WHERE table_name = 'conversation_sessions' AND "
              "actor_user_id = $1",
              db::Params{std::string(kCoordinator)}),
            "3");
}

TEST_F(MessagingConversations, TimeoutJobClosesQuietConversationsOnce) {
  const std::string quiet = Inbound(kPatientNumber, "wamid.IN10", "A");
  const std::string busy = Inbound(kOtherNumber, "wamid.IN11", "B");
  ASSERT_TRUE(db_.conn().ExecParams(
      "UPDATE conversation_sessions SET last_activity_at = now() - interval '2 hours' "
      "WHERE id = $1",
      db::Params{quiet}));
  const auto before = messaging::ConversationsTimedOutTotal();
  auto n = messaging::TimeOutIdleConversations(server_.app().pool(), 60);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(messaging::ConversationsTimedOutTotal() - before, 1u);
  EXPECT_EQ(*messaging::TimeOutIdleConversations(server_.app().pool(), 60), 0);
  EXPECT_EQ(Q("SELECT status FROM conversation_sessions WHERE id = $1", db::Params{quiet}),
            "timeout");
  EXPECT_EQ(Q("SELECT status FROM conversation_sessions WHERE id = $1", db::Params{busy}),
            "active");
  // The next inbound message opens a new conversation.
  EXPECT_NE(Inbound(kPatientNumber, "wamid.IN12", "again"), quiet);
}

// An unknown sender's lead enters through the lead pipeline's capture
// (lead_capture_touch): one lead, one touch per message, assigned by the
// rules; a lead known by its user (the sales fixture) is joined, not copied.
TEST_F(MessagingConversations, UnknownSendersBecomeLeadsThroughTheCapture) {
  Inbound("905321230000", "wamid.NEW1", "Merhaba");
  Inbound("905321230000", "wamid.NEW2", "Fiyat?");
  EXPECT_EQ(Q("SELECT count(*) FROM leads WHERE phone = '+905321230000' AND source = 'whatsapp'"),
            "1");
  EXPECT_EQ(Q("SELECT count(*) FROM lead_touches t JOIN leads l ON l.id = t.lead_id "
              "WHERE l.phone = '+905321230000' AND t.channel = 'whatsapp'"),
            "2");
  EXPECT_EQ(Q("SELECT (user_id IS NOT NULL)::text FROM leads WHERE phone = '+905321230000'"),
            "true");
  Inbound(kLeadNumber, "wamid.LEAD1", "Hallo");
  EXPECT_EQ(Q("SELECT count(*) FROM leads WHERE user_id = $1", db::Params{std::string(kLeadUser)}),
            "1");
  EXPECT_EQ(Q("SELECT count(*) FROM lead_touches WHERE lead_id = "
              "'30000000-0000-4000-8000-000000000001'"),
            "1");
  // A patient without an open lead is not made a lead by writing.
  Inbound(kPatientNumber, "wamid.PAT1", "Merhaba");
  EXPECT_EQ(
      Q("SELECT count(*) FROM leads WHERE user_id = $1", db::Params{std::string(kPatientUser)}),
      "0");
}

}  // namespace
}  // namespace imedic::testing
