// The outbound adapters against local fake providers speaking the real wire
// formats (WhatsApp Cloud API, Twilio), and the dispatcher's outcomes:
// retried after a 500 or a timeout, dead at once after a permanent 4xx,
// dead after max_attempts, and every message sent exactly once with two
// dispatchers claiming from the same outbox.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/base64.hpp"
#include "domains/messaging/channels/channel_router.hpp"
#include "domains/messaging/channels/twilio_channel.hpp"
#include "domains/messaging/channels/whatsapp_channel.hpp"
#include "domains/messaging/outbox.hpp"
#include "support/fake_http_server.hpp"
#include "support/test_database.hpp"

namespace imedic::messaging {
namespace {

using nlohmann::json;
using testing::FakeHttpServer;
using testing::FakeReply;
using testing::FakeRequest;
using testing::TestDatabase;

HttpRequest Post(const std::string& url) {
  HttpRequest request;
  request.url = url;
  request.body = "{}";
  return request;
}

constexpr char kToken[] = "EAAG-test-token";

FakeReply WamidReply(int index) {
  return {
      200,
      R"({"messaging_product":"whatsapp","contacts":[{"input":"905321234567","wa_id":"905321234567"}],"messages":[{"id":"wamid.TEST)" +
          std::to_string(index) + R"("}]})"};
}

WhatsAppConfig WhatsAppFor(const FakeHttpServer& server,
                           std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  return {
      .api_base = server.base_url(),
      .api_version = "v21.0",
      .phone_number_id = "1098765432",
      .access_token = kToken,
      .http = {
          .timeout = timeout, .connect_timeout = std::chrono::seconds(2), .ca_file = std::nullopt}};
}

std::int64_t Enqueue(TestDatabase& db, const std::string& channel, const std::string& recipient,
                     const std::string& payload, int max_attempts = 8) {
  auto r = db.conn().ExecParams(
      "INSERT INTO outbox (channel, recipient, template, payload, max_attempts) "
      "VALUES ($1, $2, 'conversation_message', $3::jsonb, $4) RETURNING id",
      db::Params{channel, recipient, payload, max_attempts});
  EXPECT_TRUE(r.has_value());
  return std::stoll(std::string(r->Get(0, 0)));
}

std::map<std::string, std::string> Row(TestDatabase& db, std::int64_t id) {
  auto r = db.conn().ExecParams(
      "SELECT status, attempts::text, coalesce(last_error, ''), coalesce(provider_message_id, ''), "
      "payload::text, (next_attempt_at > now())::text FROM outbox WHERE id = $1",
      db::Params{id});
  EXPECT_TRUE(r.has_value());
  return {{"status", std::string(r->Get(0, 0))},     {"attempts", std::string(r->Get(0, 1))},
          {"last_error", std::string(r->Get(0, 2))}, {"provider_id", std::string(r->Get(0, 3))},
          {"payload", std::string(r->Get(0, 4))},    {"backed_off", std::string(r->Get(0, 5))}};
}

void MakeDue(TestDatabase& db) {
  ASSERT_TRUE(db.conn().Exec("UPDATE outbox SET next_attempt_at = now() WHERE status = 'failed'"));
}

// --- Wire formats -----------------------------------------------------------

TEST(WhatsAppWire, TextMessageIsTheDocumentedBodyWithBearerToken) {
  FakeHttpServer server([](const FakeRequest&, int i) { return WamidReply(i); });
  WhatsAppChannel channel(WhatsAppFor(server));
  auto receipt = channel.Deliver({1, "whatsapp", "+905321234567", "conversation_message",
                                  R"({"type":"text","text":"Merhaba, randevunuz yarın 10:00"})"});
  IMEDIC_ASSERT_OK(receipt);
  EXPECT_EQ(receipt->provider_message_id, "wamid.TEST0");
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/v21.0/1098765432/messages");
  EXPECT_EQ(requests[0].headers["authorization"], std::string("Bearer ") + kToken);
  EXPECT_EQ(requests[0].headers["content-type"], "application/json");
  EXPECT_EQ(json::parse(requests[0].body), json::parse(R"({
    "messaging_product": "whatsapp", "recipient_type": "individual", "to": "905321234567",
    "type": "text", "text": {"preview_url": false, "body": "Merhaba, randevunuz yarın 10:00"}})"));
}

TEST(WhatsAppWire, TemplateMessageCarriesLanguageAndComponents) {
  FakeHttpServer server([](const FakeRequest&, int i) { return WamidReply(i); });
  WhatsAppChannel channel(WhatsAppFor(server));
  const json components = json::parse(R"([
    {"type": "header", "parameters": [{"type": "image", "image": {"link": "https://cdn.example/c.jpg"}}]},
    {"type": "body", "parameters": [{"type": "text", "text": "Ayşe"}, {"type": "text", "text": "14:30"}]},
    {"type": "button", "sub_type": "quick_reply", "index": "0",
     "parameters": [{"type": "payload", "payload": "CONFIRM"}]}])");
  json payload = {{"type", "template"},
                  {"name", "appointment_reminder"},
                  {"language", "tr"},
                  {"components", components}};
  IMEDIC_ASSERT_OK(
      channel.Deliver({2, "whatsapp", "+905321234567", "appointment_reminder", payload.dump()}));
  json expected = {{"messaging_product", "whatsapp"},
                   {"recipient_type", "individual"},
                   {"to", "905321234567"},
                   {"type", "template"},
                   {"template",
                    {{"name", "appointment_reminder"},
                     {"language", {{"code", "tr"}}},
                     {"components", components}}}};
  EXPECT_EQ(json::parse(server.requests().at(0).body), expected);
}

TEST(WhatsAppWire, MediaByIdOrLinkWithCaptionAndFilename) {
  FakeHttpServer server([](const FakeRequest&, int i) { return WamidReply(i); });
  WhatsAppChannel channel(WhatsAppFor(server));
  IMEDIC_ASSERT_OK(channel.Deliver(
      {3, "whatsapp", "+905321234567", "m",
       R"({"type":"document","media_id":"1234567890","caption":"Teklif","filename":"quote.pdf"})"}));
  IMEDIC_ASSERT_OK(channel.Deliver({4, "whatsapp", "+905321234567", "m",
                                    R"({"type":"image","link":"https://cdn.example/x-ray.jpg",
                                        "caption":"Kontrol"})"}));
  IMEDIC_ASSERT_OK(
      channel.Deliver({5, "whatsapp", "+905321234567", "m",
                       R"({"type":"audio","media_id":"555","caption":"dropped: audio has none",
                                        "context_message_id":"wamid.INBOUND1"})"}));
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(json::parse(requests[0].body)["document"],
            json::parse(R"({"id":"1234567890","caption":"Teklif","filename":"quote.pdf"})"));
  EXPECT_EQ(json::parse(requests[0].body)["type"], "document");
  EXPECT_EQ(json::parse(requests[1].body)["image"],
            json::parse(R"({"link":"https://cdn.example/x-ray.jpg","caption":"Kontrol"})"));
  EXPECT_EQ(json::parse(requests[2].body)["audio"], json::parse(R"({"id":"555"})"));
  EXPECT_EQ(json::parse(requests[2].body)["context"],
            json::parse(R"({"message_id":"wamid.INBOUND1"})"));
  EXPECT_FALSE(json::parse(requests[0].body).contains("context"));
  // A media message with neither id nor link is refused before any call.
  auto bad = channel.Deliver({6, "whatsapp", "+905321234567", "m", R"({"type":"video"})"});
  ASSERT_FALSE(bad.has_value());
  EXPECT_TRUE(IsPermanent(bad.error()));
  EXPECT_EQ(server.count(), 3);
}

TEST(TwilioWire, FormBodyBasicAuthAndStatusCallback) {
  FakeHttpServer server([](const FakeRequest&, int) {
    return FakeReply{201, R"({"sid":"SM0123456789abcdef0123456789abcdef","status":"queued"})"};
  });
  TwilioChannel channel({.api_base = server.base_url(),
                         .account_sid = "AC00000000000000000000000000000001",
                         .auth_token = "twilio-secret",
                         .from = "+15005550006",
                         .messaging_service_sid = "",
                         .status_callback_url = "https://api.imedic.example/webhooks/twilio/status",
                         .http = {.timeout = std::chrono::seconds(5),
                                  .connect_timeout = std::chrono::seconds(2),
                                  .ca_file = std::nullopt}});
  auto receipt = channel.Deliver({7, "sms", "+905321234567", "phone_verification",
                                  R"({"body":"Kodunuz: 123456 & iyi günler"})"});
  IMEDIC_ASSERT_OK(receipt);
  EXPECT_EQ(receipt->provider_message_id, "SM0123456789abcdef0123456789abcdef");
  auto r = server.requests().at(0);
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages.json");
  EXPECT_EQ(r.headers["content-type"], "application/x-www-form-urlencoded");
  EXPECT_EQ(r.headers["authorization"],
            "Basic " + core::Base64Encode("AC00000000000000000000000000000001:twilio-secret"));
  auto form = testing::ParseForm(r.body);
  EXPECT_EQ(form, (std::map<std::string, std::string>{
                      {"To", "+905321234567"},
                      {"From", "+15005550006"},
                      {"Body", "Kodunuz: 123456 & iyi günler"},
                      {"StatusCallback", "https://api.imedic.example/webhooks/twilio/status"}}));
  EXPECT_NE(r.body.find("To=%2B905321234567"), std::string::npos) << r.body;
}

TEST(TwilioWire, CodeWithoutTextIsRenderedAndErrorsAreClassified) {
  FakeHttpServer server([](const FakeRequest&, int i) {
    if (i == 0) {
      return FakeReply{400, R"({"code":21211,"message":"The 'To' number +90... is not valid.",
                               "more_info":"https://www.twilio.com/docs/errors/21211","status":400})"};
    }
    return FakeReply{429, R"({"code":20429,"message":"Too Many Requests","status":429})"};
  });
  TwilioChannel channel({.api_base = server.base_url(),
                         .account_sid = "AC1",
                         .auth_token = "t",
                         .from = "",
                         .messaging_service_sid = "MG123",
                         .status_callback_url = "",
                         .http = {}});
  auto first =
      channel.Deliver({8, "sms", "+905321234567", "phone_verification", R"({"code":"654321"})"});
  ASSERT_FALSE(first.has_value());
  EXPECT_TRUE(IsPermanent(first.error()));
  EXPECT_EQ(first.error().internal_detail, "twilio 400 code 21211");
  auto form = testing::ParseForm(server.requests().at(0).body);
  EXPECT_EQ(form["Body"], "Phone verification\ncode: 654321");
  EXPECT_EQ(form["MessagingServiceSid"], "MG123");
  EXPECT_EQ(form.count("From"), 0u);
  EXPECT_EQ(form.count("StatusCallback"), 0u);
  auto second = channel.Deliver({9, "sms", "+905321234567", "x", R"({"body":"b"})"});
  ASSERT_FALSE(second.has_value());
  EXPECT_FALSE(IsPermanent(second.error())) << "429 must be retried";
}

TEST(HttpClient, TransportErrorsAreTellableApart) {
  HttpClient client({.timeout = std::chrono::milliseconds(300),
                     .connect_timeout = std::chrono::milliseconds(300),
                     .ca_file = std::nullopt});
  {
    FakeHttpServer hang([](const FakeRequest&, int) {
      return FakeReply{200, "{}", "application/json", std::chrono::seconds(3)};
    });
    auto timed_out = client.Send(Post(hang.base_url() + "/x"));
    ASSERT_FALSE(timed_out.has_value());
    EXPECT_EQ(timed_out.error().kind, HttpTransportError::Kind::kTimeout);
  }
  // Nothing listens on port 1 of the loopback interface.
  auto refused = client.Send(Post("http://127.0.0.1:1/x"));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().kind, HttpTransportError::Kind::kConnect);
  // https verification stays on: a plain-HTTP server spoken to as https fails as TLS.
  FakeHttpServer plain([](const FakeRequest&, int) { return FakeReply{}; });
  std::string https = plain.base_url();
  https.replace(0, 4, "https");
  auto tls = client.Send(Post(https + "/x"));
  ASSERT_FALSE(tls.has_value());
  EXPECT_EQ(tls.error().kind, HttpTransportError::Kind::kTls);
}

// --- The dispatcher's outcomes ---------------------------------------------

TEST(OutboundDispatch, A500IsRetriedWithBackoffThenSent) {
  TestDatabase db;
  FakeHttpServer server([](const FakeRequest&, int i) {
    if (i == 0) return FakeReply{500, R"({"error":{"message":"Service unavailable","code":2}})"};
    return WamidReply(i);
  });
  WhatsAppChannel channel(WhatsAppFor(server));
  db::Pool pool({.conninfo = db.conninfo(), .size = 1});
  const auto id = Enqueue(db, "whatsapp", "+905321234567", R"({"type":"text","text":"hi"})");
  auto first = DispatchOutbox(pool, channel);
  IMEDIC_ASSERT_OK(first);
  EXPECT_EQ(first->failed, 1);
  auto row = Row(db, id);
  EXPECT_EQ(row["status"], "failed");
  EXPECT_EQ(row["last_error"], "whatsapp 500 code 2");
  EXPECT_EQ(row["backed_off"], "true");
  EXPECT_EQ(DispatchOutbox(pool, channel)->sent, 0) << "retried before its backoff";
  MakeDue(db);
  auto second = DispatchOutbox(pool, channel);
  IMEDIC_ASSERT_OK(second);
  EXPECT_EQ(second->sent, 1);
  row = Row(db, id);
  EXPECT_EQ(row["status"], "sent");
  EXPECT_EQ(row["attempts"], "2");
  EXPECT_EQ(row["provider_id"], "wamid.TEST1");
  EXPECT_EQ(row["payload"], "{}") << "payload kept after delivery";
  EXPECT_EQ(server.count(), 2);
}

TEST(OutboundDispatch, ATimeoutIsRetriedThenSent) {
  TestDatabase db;
  FakeHttpServer server([](const FakeRequest&, int i) {
    if (i == 0) return FakeReply{200, "{}", "application/json", std::chrono::seconds(3)};
    return WamidReply(i);
  });
  WhatsAppChannel channel(WhatsAppFor(server, std::chrono::milliseconds(400)));
  db::Pool pool({.conninfo = db.conninfo(), .size = 1});
  const auto id = Enqueue(db, "whatsapp", "+905321234567", R"({"text":"hi"})");
  EXPECT_EQ(DispatchOutbox(pool, channel)->failed, 1);
  EXPECT_EQ(Row(db, id)["last_error"], "whatsapp: timeout");
  MakeDue(db);
  EXPECT_EQ(DispatchOutbox(pool, channel)->sent, 1);
  EXPECT_EQ(Row(db, id)["status"], "sent");
  EXPECT_EQ(Row(db, id)["provider_id"], "wamid.TEST1");
}

TEST(OutboundDispatch, APermanent400IsDeadAtOnceWithAShortReason) {
  TestDatabase db;
  FakeHttpServer server([](const FakeRequest&, int) {
    return FakeReply{
        400,
        R"({"error":{"message":"(#131030) Recipient phone number +905321234567 not in allowed list",
                                       "type":"OAuthException","code":131030,"fbtrace_id":"Az"}})"};
  });
  WhatsAppChannel channel(WhatsAppFor(server));
  db::Pool pool({.conninfo = db.conninfo(), .size = 1});
  const auto id = Enqueue(db, "whatsapp", "+905321234567", R"({"text":"hi"})");
  auto report = DispatchOutbox(pool, channel);
  IMEDIC_ASSERT_OK(report);
  EXPECT_EQ(report->dead, 1);
  auto row = Row(db, id);
  EXPECT_EQ(row["status"], "dead");
  EXPECT_EQ(row["attempts"], "1");
  EXPECT_EQ(row["last_error"], "whatsapp 400 code 131030") << "no number in the reason";
  EXPECT_EQ(row["payload"], "{}");
  MakeDue(db);
  EXPECT_EQ(DispatchOutbox(pool, channel)->dead, 0);
  EXPECT_EQ(server.count(), 1) << "a dead letter was tried again";
}

TEST(OutboundDispatch, ThrottlingWith400IsRetriedNotDead) {
  TestDatabase db;
  FakeHttpServer server([](const FakeRequest&, int) {
    return FakeReply{400, R"({"error":{"message":"rate limit","code":130429}})"};
  });
  WhatsAppChannel channel(WhatsAppFor(server));
  db::Pool pool({.conninfo = db.conninfo(), .size = 1});
  const auto id = Enqueue(db, "whatsapp", "+905321234567", R"({"text":"hi"})");
  EXPECT_EQ(DispatchOutbox(pool, channel)->failed, 1);
  EXPECT_EQ(Row(db, id)["status"], "failed");
}

TEST(OutboundDispatch, MaxAttemptsDeadLetters) {
  TestDatabase db;
  FakeHttpServer server([](const FakeRequest&, int) { return FakeReply{503, "busy"}; });
  TwilioChannel channel({.api_base = server.base_url(),
                         .account_sid = "AC1",
                         .auth_token = "t",
                         .from = "+15005550006",
                         .messaging_service_sid = "",
                         .status_callback_url = "",
                         .http = {}});
  db::Pool pool({.conninfo = db.conninfo(), .size = 1});
  const auto id = Enqueue(db, "sms", "+905321234567", R"({"body":"hi"})", 3);
  for (int attempt = 1; attempt <= 3; ++attempt) {
    auto report = DispatchOutbox(pool, channel);
    IMEDIC_ASSERT_OK(report);
    EXPECT_EQ(report->failed + report->dead, 1);
    MakeDue(db);
  }
  auto row = Row(db, id);
  EXPECT_EQ(row["status"], "dead");
  EXPECT_EQ(row["attempts"], "3");
  EXPECT_EQ(row["last_error"], "twilio 503");
  EXPECT_EQ(row["payload"], "{}");
  EXPECT_EQ(DispatchOutbox(pool, channel)->failed, 0);
  EXPECT_EQ(server.count(), 3);
}

TEST(OutboundDispatch, BackoffGrowsWithJitterWithinItsBounds) {
  TestDatabase db;
  FakeHttpServer server([](const FakeRequest&, int) { return FakeReply{500, "{}"}; });
  WhatsAppChannel channel(WhatsAppFor(server));
  db::Pool pool({.conninfo = db.conninfo(), .size = 1});
  for (int i = 0; i < 20; ++i) Enqueue(db, "whatsapp", "+905321234567", R"({"text":"hi"})");
  ASSERT_TRUE(db.conn().Exec("UPDATE outbox SET attempts = 3"));  // the 4th attempt: 80 s step
  EXPECT_EQ(DispatchOutbox(pool, channel)->failed, 20);
  // Equal jitter: between half and the whole step (40–80 s), and not all alike.
  auto r = db.conn().Exec(
      "SELECT min(extract(epoch FROM next_attempt_at - now())), "
      "max(extract(epoch FROM next_attempt_at - now())), count(DISTINCT next_attempt_at) "
      "FROM outbox");
  EXPECT_GE(std::stod(std::string(r->Get(0, 0))), 39.0);
  EXPECT_LE(std::stod(std::string(r->Get(0, 1))), 80.5);
  EXPECT_GT(std::stoi(std::string(r->Get(0, 2))), 10);
}

TEST(OutboundDispatch, ABatchOutOfTimeReleasesWhatItDidNotStart) {
  TestDatabase db;
  FakeHttpServer server([](const FakeRequest&, int i) { return WamidReply(i); });
  WhatsAppChannel channel(WhatsAppFor(server));
  db::Pool pool({.conninfo = db.conninfo(), .size = 1});
  for (int i = 0; i < 3; ++i) Enqueue(db, "whatsapp", "+905321234567", R"({"text":"hi"})");
  auto report = DispatchOutbox(
      pool, channel, DispatchOptions{.batch = 10, .budget = std::chrono::milliseconds(-1)});
  IMEDIC_ASSERT_OK(report);
  EXPECT_EQ(report->released, 3);
  EXPECT_EQ(server.count(), 0);
  auto r = db.conn().Exec(
      "SELECT count(*) FROM outbox WHERE status = 'pending' AND attempts = 0 AND "
      "next_attempt_at <= now()");
  EXPECT_EQ(r->Get(0, 0), "3") << "released messages are not due again at once";
  EXPECT_EQ(DispatchOutbox(pool, channel)->sent, 3);
}

TEST(OutboundDispatch, RouterPicksTheAdapterByChannel) {
  TestDatabase db;
  FakeHttpServer whatsapp([](const FakeRequest&, int i) { return WamidReply(i); });
  FakeHttpServer twilio([](const FakeRequest&, int) { return FakeReply{201, R"({"sid":"SM1"})"}; });
  testing::TempDir dir("imedic-outbound");
  ChannelRouter router;
  router.Route("whatsapp", std::make_shared<WhatsAppChannel>(WhatsAppFor(whatsapp)));
  router.Route("sms", std::make_shared<TwilioChannel>(TwilioConfig{.api_base = twilio.base_url(),
                                                                   .account_sid = "AC1",
                                                                   .auth_token = "t",
                                                                   .from = "+15005550006",
                                                                   .messaging_service_sid = "",
                                                                   .status_callback_url = "",
                                                                   .http = {}}));
  router.Route("email", std::make_shared<FileChannel>(dir.path()));
  db::Pool pool({.conninfo = db.conninfo(), .size = 1});
  const auto w = Enqueue(db, "whatsapp", "+905321234567", R"({"text":"hi"})");
  const auto s = Enqueue(db, "sms", "+905321234567", R"({"body":"hi"})");
  const auto e = Enqueue(db, "email", "a@example.com", R"({"code":"1"})");
  const auto h = Enqueue(db, "webhook", "https://example.com/hook", R"({})");
  auto report = DispatchOutbox(pool, router);
  IMEDIC_ASSERT_OK(report);
  EXPECT_EQ(report->sent, 3);
  EXPECT_EQ(report->dead, 1);
  EXPECT_EQ(Row(db, w)["provider_id"], "wamid.TEST0");
  EXPECT_EQ(Row(db, s)["provider_id"], "SM1");
  EXPECT_EQ(Row(db, e)["status"], "sent");
  EXPECT_EQ(Row(db, e)["provider_id"], "");
  EXPECT_EQ(Row(db, h)["last_error"], "no adapter for the channel");
}

// Two dispatchers (two pools, two adapters: two nodes) drain 200 messages
// concurrently; the fake provider counts what reaches it.
TEST(OutboundDispatch, TwoDispatchersSendEveryMessageExactlyOnce) {
  TestDatabase db;
  std::mutex mu;
  std::map<std::string, int> seen;  // message text → times received
  FakeHttpServer server([&](const FakeRequest& r, int i) {
    {
      std::lock_guard lock(mu);
      ++seen[json::parse(r.body)["text"]["body"].get<std::string>()];
    }
    return WamidReply(i);
  });
  constexpr int kMessages = 200;
  ASSERT_TRUE(db.conn().Exec(
      "INSERT INTO outbox (channel, recipient, template, payload) SELECT 'whatsapp', "
      "'+905321234567', 'conversation_message', jsonb_build_object('text', 'message ' || n) "
      "FROM generate_series(1, 200) n"));
  std::atomic<int> sent{0};
  std::atomic<int> errors{0};
  int node_sent[2] = {0, 0};
  auto node = [&](int n) {
    db::Pool pool({.conninfo = db.conninfo(), .size = 1});
    WhatsAppChannel channel(WhatsAppFor(server));
    int idle = 0;
    while (idle < 3) {
      auto report = DispatchOutbox(pool, channel, 7);
      if (!report) {
        ++errors;
        return;
      }
      sent += report->sent;
      node_sent[n] += report->sent;
      idle = report->sent == 0 ? idle + 1 : 0;
    }
  };
  std::thread a(node, 0);
  std::thread b(node, 1);
  a.join();
  b.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(sent.load(), kMessages);
  EXPECT_GT(node_sent[0], 0) << "one node did all the work: nothing was contended";
  EXPECT_GT(node_sent[1], 0) << "one node did all the work: nothing was contended";
  EXPECT_EQ(server.count(), kMessages);
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kMessages));
  for (const auto& [text, times] : seen) EXPECT_EQ(times, 1) << text;
  auto r = db.conn().Exec(
      "SELECT count(*) FILTER (WHERE status = 'sent' AND attempts = 1), "
      "count(DISTINCT provider_message_id) FROM outbox");
  EXPECT_EQ(r->Get(0, 0), "200");
  EXPECT_EQ(r->Get(0, 1), "200");
}

}  // namespace
}  // namespace imedic::messaging
