// The outbound delivery settings: files by default (./dev run needs no
// provider), a provider only with complete settings, clear-text SMTP only
// to a loopback sink, production endpoints by default.
#include <gtest/gtest.h>

#include <cstdlib>
#include <vector>

#include "core/config.hpp"
#include "domains/messaging/channels/channel_router.hpp"

namespace imedic::core {
namespace {

class OutboundConfigTest : public ::testing::Test {
 protected:
  void Set(const char* name, const char* value) {
    setenv(name, value, 1);
    set_.push_back(name);
  }
  void TearDown() override {
    for (const char* v : set_) unsetenv(v);
  }

 private:
  std::vector<const char*> set_;
};

TEST_F(OutboundConfigTest, FilesByDefaultAndTheRealEndpoints) {
  auto c = LoadConfigFromEnv();
  ASSERT_TRUE(c);
  EXPECT_EQ(c->email_delivery, "file");
  EXPECT_EQ(c->sms_delivery, "file");
  EXPECT_EQ(c->whatsapp_delivery, "file");
  EXPECT_EQ(c->whatsapp_api_base, "https://graph.facebook.com");
  EXPECT_EQ(c->twilio_api_base, "https://api.twilio.com");
  EXPECT_TRUE(c->smtp_require_tls);
  EXPECT_EQ(messaging::MakeOutboundChannel(*c).summary,
            "email=file sms=file whatsapp=file webhook=file");
}

TEST_F(OutboundConfigTest, AProviderNeedsItsSettings) {
  Set("IMEDIC_WHATSAPP_DELIVERY", "cloud");
  auto c = LoadConfigFromEnv();
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().fields.at(0).field, "IMEDIC_WHATSAPP_TOKEN");
  Set("IMEDIC_WHATSAPP_TOKEN", "t");
  Set("IMEDIC_WHATSAPP_PHONE_NUMBER_ID", "123");
  Set("IMEDIC_WHATSAPP_API_BASE", "http://127.0.0.1:9/");
  c = LoadConfigFromEnv();
  ASSERT_TRUE(c);
  EXPECT_EQ(c->whatsapp_api_base, "http://127.0.0.1:9") << "trailing slash kept";
  EXPECT_EQ(messaging::MakeOutboundChannel(*c).summary,
            "email=file sms=file whatsapp=cloud webhook=file");
  Set("IMEDIC_SMS_DELIVERY", "twilio");
  Set("IMEDIC_TWILIO_ACCOUNT_SID", "AC1");
  Set("IMEDIC_TWILIO_AUTH_TOKEN", "secret");
  c = LoadConfigFromEnv();
  ASSERT_FALSE(c) << "neither From nor a messaging service";
  Set("IMEDIC_TWILIO_MESSAGING_SERVICE_SID", "MG1");
  EXPECT_TRUE(LoadConfigFromEnv());
  Set("IMEDIC_SMS_DELIVERY", "carrier-pigeon");
  c = LoadConfigFromEnv();
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().fields.at(0).field, "IMEDIC_SMS_DELIVERY");
}

TEST_F(OutboundConfigTest, ClearTextSmtpOnlyToALoopbackSink) {
  Set("IMEDIC_EMAIL_DELIVERY", "smtp");
  Set("IMEDIC_SMTP_URL", "smtp://mail.example.com:587");
  Set("IMEDIC_SMTP_STARTTLS", "off");
  auto c = LoadConfigFromEnv();
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().fields.at(0).field, "IMEDIC_SMTP_STARTTLS");
  Set("IMEDIC_SMTP_URL", "smtp://127.0.0.1:2525");
  c = LoadConfigFromEnv();
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->smtp_require_tls);
  Set("IMEDIC_SMTP_URL", "http://mail.example.com");
  EXPECT_FALSE(LoadConfigFromEnv()) << "not an SMTP URL";
  Set("IMEDIC_SMTP_URL", "smtp://127.0.0.1:2525");
  Set("IMEDIC_OUTBOUND_TIMEOUT_MS", "50");
  EXPECT_FALSE(LoadConfigFromEnv()) << "timeout below 100 ms";
}

}  // namespace
}  // namespace imedic::core
