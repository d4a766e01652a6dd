#include "core/config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace imedic::core {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  void TearDown() override {
    for (const char* v : {"DATABASE_URL", "IMEDIC_PORT", "IMEDIC_DATA_DIR", "IMEDIC_LOG_LEVEL",
                          "IMEDIC_MAX_BODY_BYTES", "IMEDIC_READ_TIMEOUT_MS",
                          "IMEDIC_AFTERCARE_ESCALATE_AFTER_DAYS", "IMEDIC_WHATSAPP_APP_SECRET",
                          "IMEDIC_PUBLIC_BASE_URL", "IMEDIC_CONVERSATION_TIMEOUT_MINUTES"}) {
      unsetenv(v);
    }
  }
};

TEST_F(ConfigTest, DefaultsWithoutEnvironment) {
  auto c = LoadConfigFromEnv();
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->database_url.has_value());
  EXPECT_EQ(c->port, 8080);
  EXPECT_EQ(c->data_dir, "./var");
  EXPECT_EQ(c->EmbeddedPostgresDir(), "./var/postgres");
  EXPECT_EQ(c->max_body_bytes, 1u << 20);
}

TEST_F(ConfigTest, ReadsVariables) {
  setenv("DATABASE_URL", "postgresql:///x", 1);
  setenv("IMEDIC_PORT", "9000", 1);
  setenv("IMEDIC_DATA_DIR", "/srv/imedic", 1);
  setenv("IMEDIC_READ_TIMEOUT_MS", "2500", 1);
  auto c = LoadConfigFromEnv();
  ASSERT_TRUE(c);
  EXPECT_EQ(*c->database_url, "postgresql:///x");
  EXPECT_EQ(c->port, 9000);
  EXPECT_EQ(c->EmbeddedPostgresDir(), "/srv/imedic/postgres");
  EXPECT_EQ(c->read_timeout.count(), 2500);
}

TEST_F(ConfigTest, RejectsMalformedValuesNamingTheVariable) {
  for (const char* bad : {"80x", "-1", "70000", ""}) {
    if (*bad == '\0') continue;  // empty means unset
    setenv("IMEDIC_PORT", bad, 1);
    auto c = LoadConfigFromEnv();
    ASSERT_FALSE(c) << bad;
    ASSERT_EQ(c.error().fields.size(), 1u);
    EXPECT_EQ(c.error().fields[0].field, "IMEDIC_PORT");
  }
  unsetenv("IMEDIC_PORT");
  setenv("IMEDIC_LOG_LEVEL", "loud", 1);
  EXPECT_FALSE(LoadConfigFromEnv());
}

TEST_F(ConfigTest, AftercareEscalationDaysFromOneToAYear) {
  EXPECT_EQ(LoadConfigFromEnv()->aftercare_escalate_after_days, 3);
  setenv("IMEDIC_AFTERCARE_ESCALATE_AFTER_DAYS", "7", 1);
  EXPECT_EQ(LoadConfigFromEnv()->aftercare_escalate_after_days, 7);
  for (const char* bad : {"0", "366", "two"}) {
    setenv("IMEDIC_AFTERCARE_ESCALATE_AFTER_DAYS", bad, 1);
    auto c = LoadConfigFromEnv();
    ASSERT_FALSE(c) << bad;
    EXPECT_EQ(c.error().fields.at(0).field, "IMEDIC_AFTERCARE_ESCALATE_AFTER_DAYS");
  }
}

TEST_F(ConfigTest, MessagingWebhookSettings) {
  auto defaults = LoadConfigFromEnv();
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->whatsapp_app_secret, "");
  EXPECT_EQ(defaults->conversation_timeout_minutes, 1440);
  setenv("IMEDIC_WHATSAPP_APP_SECRET", "s3cret", 1);
  setenv("IMEDIC_PUBLIC_BASE_URL", "https://api.imedic.example", 1);
  setenv("IMEDIC_CONVERSATION_TIMEOUT_MINUTES", "90", 1);
  auto c = LoadConfigFromEnv();
  ASSERT_TRUE(c);
  EXPECT_EQ(c->whatsapp_app_secret, "s3cret");
  EXPECT_EQ(c->public_base_url, "https://api.imedic.example");
  EXPECT_EQ(c->conversation_timeout_minutes, 90);
  // Twilio signs the exact URL: a trailing slash or another scheme would never match.
  for (const char* bad : {"https://api.imedic.example/", "api.imedic.example", "ftp://x"}) {
    setenv("IMEDIC_PUBLIC_BASE_URL", bad, 1);
    auto r = LoadConfigFromEnv();
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().fields.at(0).field, "IMEDIC_PUBLIC_BASE_URL");
  }
  unsetenv("IMEDIC_PUBLIC_BASE_URL");
  setenv("IMEDIC_CONVERSATION_TIMEOUT_MINUTES", "0", 1);
  EXPECT_FALSE(LoadConfigFromEnv());
}

}  // namespace
}  // namespace imedic::core
