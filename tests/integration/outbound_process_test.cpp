// The real binary delivers through the providers its configuration names:
// an SMS verification code through (fake) Twilio and a WhatsApp text through
// the (fake) Cloud API, both recorded with the provider's id, e-mail still
// to files; and its log holds no number, no code, no message text, no token.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>

#include "support/child_process.hpp"
#include "support/fake_http_server.hpp"
#include "support/test_database.hpp"

namespace imedic::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

TEST(OutboundProcess, ServeSendsThroughTheConfiguredProvidersAndLogsNoPersonalData) {
  TestDatabase db;
  FakeHttpServer twilio([](const FakeRequest&, int) {
    return FakeReply{201, R"({"sid":"SM11111111111111111111111111111111","status":"queued"})"};
  });
  FakeHttpServer whatsapp([](const FakeRequest&, int) {
    return FakeReply{200, R"({"messaging_product":"whatsapp","messages":[{"id":"wamid.E2E"}]})"};
  });
  ASSERT_TRUE(db.conn().Exec(
      "INSERT INTO outbox (channel, recipient, template, payload) VALUES "
      "('sms', '+905551112233', 'phone_verification', '{\"code\":\"918273\"}'), "
      "('whatsapp', '+905551112244', 'conversation_message', "
      "'{\"type\":\"text\",\"text\":\"Gizli mesaj içeriği\"}'), "
      "('email', 'ayse.yilmaz@example.com', 'email_verification', '{\"code\":\"564738\"}')"));
  TempDir dir("imedic-outbound-proc");
  const std::string outbox_dir = dir.path() + "/outbox";
  ChildProcess server({"serve"},
                      {{"IMEDIC_DATA_DIR", dir.path()},
                       {"IMEDIC_PORT", "0"},
                       {"DATABASE_URL", db.conninfo()},
                       {"IMEDIC_LOG_LEVEL", "debug"},
                       {"IMEDIC_IO_THREADS", "2"},
                       {"IMEDIC_OUTBOX_DIR", outbox_dir},
                       {"IMEDIC_SMS_DELIVERY", "twilio"},
                       {"IMEDIC_TWILIO_API_BASE", twilio.base_url()},
                       {"IMEDIC_TWILIO_ACCOUNT_SID", "AC22222222222222222222222222222222"},
                       {"IMEDIC_TWILIO_AUTH_TOKEN", "twilio-auth-token-e2e"},
                       {"IMEDIC_TWILIO_FROM", "+15005550006"},
                       {"IMEDIC_WHATSAPP_DELIVERY", "cloud"},
                       {"IMEDIC_WHATSAPP_API_BASE", whatsapp.base_url()},
                       {"IMEDIC_WHATSAPP_TOKEN", "EAAG-whatsapp-token-e2e"},
                       {"IMEDIC_WHATSAPP_PHONE_NUMBER_ID", "1098765432"}},
                      dir.path() + "/serve.log");
  ASSERT_GT(server.WaitForPort(120s), 0) << server.Log();
  std::string statuses;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline) {
    auto r = db.conn().Exec(
        "SELECT string_agg(status || ':' || coalesce(provider_message_id, '-'), ',' ORDER BY id) "
        "FROM outbox");
    ASSERT_TRUE(r.has_value());
    statuses = std::string(r->Get(0, 0));
    if (statuses.find("pending") == std::string::npos &&
        statuses.find("sending") == std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(statuses, "sent:SM11111111111111111111111111111111,sent:wamid.E2E,sent:-");
  ASSERT_EQ(twilio.count(), 1);
  ASSERT_EQ(whatsapp.count(), 1);
  EXPECT_EQ(ParseForm(twilio.requests()[0].body)["Body"], "Phone verification\ncode: 918273");
  EXPECT_EQ(json::parse(whatsapp.requests()[0].body)["text"]["body"], "Gizli mesaj içeriği");
  EXPECT_TRUE(std::filesystem::exists(outbox_dir + "/3-email_verification.json"));
  server.Signal(SIGTERM);
  ASSERT_TRUE(server.Wait(60s));
  const std::string log = server.Log();
  EXPECT_NE(log.find("\"outbound_channels\""), std::string::npos);
  EXPECT_NE(log.find("email=file sms=twilio whatsapp=cloud"), std::string::npos);
  for (const char* secret : {"905551112233", "905551112244", "918273", "564738", "Gizli", "ayse",
                             "twilio-auth-token-e2e", "EAAG-whatsapp-token-e2e"}) {
    EXPECT_EQ(log.find(secret), std::string::npos) << secret << " in the server log";
  }
}

}  // namespace
}  // namespace imedic::testing
