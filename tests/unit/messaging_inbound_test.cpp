// The inbound webhooks' pure parts: the three providers' signatures against
// vectors computed independently (Python's hmac module; the Twilio one is
// the example of Twilio's security documentation), the consent keywords,
// and the WhatsApp payload reader.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "domains/messaging/consent_keywords.hpp"
#include "domains/messaging/inbound_signature.hpp"
#include "domains/messaging/whatsapp_payload.hpp"

namespace imedic::messaging {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

TEST(InboundSignature, WhatsAppMatchesIndependentVector) {
  const std::string body = R"({"object":"whatsapp_business_account","entry":[]})";
  // python3: hmac.new(b"wa_app_secret_1", body, hashlib.sha256).hexdigest()
  const std::string hex = "38a2d91d287cc95643861a13fef823fed100a74ab478ee16e29910adac15cc04";
  EXPECT_EQ(WhatsAppSignature("wa_app_secret_1", body), hex);
  EXPECT_TRUE(VerifyWhatsAppSignature("sha256=" + hex, body, "wa_app_secret_1"));
  EXPECT_FALSE(VerifyWhatsAppSignature("sha256=" + hex, body + " ", "wa_app_secret_1"));
  EXPECT_FALSE(VerifyWhatsAppSignature("sha256=" + hex, body, "another_secret"));
  EXPECT_FALSE(VerifyWhatsAppSignature(hex, body, "wa_app_secret_1"));  // no "sha256="
  EXPECT_FALSE(VerifyWhatsAppSignature("sha256=" + hex.substr(2), body, "wa_app_secret_1"));
  EXPECT_FALSE(VerifyWhatsAppSignature("", body, "wa_app_secret_1"));
  // Not configured: everything is refused, even a signature made with "".
  EXPECT_FALSE(VerifyWhatsAppSignature("sha256=" + WhatsAppSignature("", body), body, ""));
}

TEST(InboundSignature, TwilioMatchesTheDocumentedExample) {
  const Params params{{"CallSid", "CA1234567890ABCDE"},
                      {"Caller", "+12349013030"},
                      {"Digits", "1234"},
                      {"From", "+12349013030"},
                      {"To", "+18005551212"}};
  const std::string url = "https://mycompany.com/myapp.php?foo=1&bar=2";
  EXPECT_EQ(TwilioSignature("12345", url, params), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
  EXPECT_TRUE(VerifyTwilioSignature("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", "12345", url, params));
  EXPECT_FALSE(VerifyTwilioSignature("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", "12345",
                                     "http://mycompany.com/myapp.php?foo=1&bar=2", params));
  EXPECT_FALSE(VerifyTwilioSignature("", "12345", url, params));
  EXPECT_FALSE(VerifyTwilioSignature(TwilioSignature("", url, params), "", url, params));
}

TEST(InboundSignature, TwilioSortsParametersByName) {
  // python3: base64(hmac.new(b"twilio_token_1", url + sorted name+value, sha1))
  const Params params{{"MessageSid", "SM0123456789abcdef0123456789abcdef"},
                      {"From", "+905321234567"},
                      {"Body", "Merhaba"},
                      {"To", "+15005550006"},
                      {"NumMedia", "0"}};
  EXPECT_EQ(
      TwilioSignature("twilio_token_1", "https://api.imedic.example/webhooks/twilio/sms", params),
      "ghsmYnc/nHNmsXgFOM+7XNRfqps=");
}

TEST(InboundSignature, TimestampedMatchesIndependentVector) {
  const std::string body = R"({"from":"a@b.c"})";
  const std::string hex = "e1a2c7a4657c34ebd96bb8627cd8b0aa8417109abd2e7db12d23e7dbd9aa86e7";
  EXPECT_EQ(TimestampedSignature("email_secret_1", 1767225600, body), hex);
  const auto tolerance = std::chrono::seconds(300);
  EXPECT_TRUE(VerifyTimestampedSignature("t=1767225600,v1=" + hex, body, "email_secret_1",
                                         1767225700, tolerance));
  // Stale, forged, missing pieces.
  EXPECT_FALSE(VerifyTimestampedSignature("t=1767225600,v1=" + hex, body, "email_secret_1",
                                          1767226000, tolerance));
  EXPECT_FALSE(VerifyTimestampedSignature("t=1767225601,v1=" + hex, body, "email_secret_1",
                                          1767225700, tolerance));
  EXPECT_FALSE(
      VerifyTimestampedSignature("v1=" + hex, body, "email_secret_1", 1767225700, tolerance));
  EXPECT_FALSE(
      VerifyTimestampedSignature("t=1767225600", body, "email_secret_1", 1767225700, tolerance));
  // A rolled secret: one of several v1 entries matching is enough.
  EXPECT_TRUE(VerifyTimestampedSignature("t=1767225600,v1=" + std::string(64, '0') + ",v1=" + hex,
                                         body, "email_secret_1", 1767225700, tolerance));
}

TEST(ConsentKeywords, WholeMessageCaseInsensitiveInFiveLanguages) {
  for (const char* out :
       {"STOP", " stop ", "Stop\n", "UNSUBSCRIBE", "dur", "İPTAL", "iptal", "IPTAL", "Stopp",
        "abmelden", "إلغاء", "الغاء", "توقف", "СТОП", "стоп", "Отписаться"}) {
    auto k = MatchConsentKeyword(out);
    ASSERT_TRUE(k) << out;
    EXPECT_EQ(k->state, "opted_out") << out;
  }
  for (const char* in : {"START", "start", "BAŞLA", "başla", "basla", "ANMELDEN", "СТАРТ"}) {
    auto k = MatchConsentKeyword(in);
    ASSERT_TRUE(k) << in;
    EXPECT_EQ(k->state, "opted_in") << in;
  }
  EXPECT_EQ(MatchConsentKeyword("iptal")->keyword, "İPTAL");
  for (const char* other : {"please stop", "STOP!", "", "   ", "stopp it", "\xff"}) {
    EXPECT_FALSE(MatchConsentKeyword(other)) << other;
  }
}

TEST(WhatsAppPayload, ReadsTypesContactsStatusesAndIgnoresTheRest) {
  const auto payload = nlohmann::json::parse(R"({
    "object": "whatsapp_business_account",
    "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
      "messaging_product": "whatsapp",
      "metadata": {"display_phone_number": "15550000000", "phone_number_id": "PNID"},
      "contacts": [{"profile": {"name": "Ayşe Yılmaz"}, "wa_id": "905321234567"}],
      "messages": [
        {"from": "905321234567", "id": "wamid.A", "timestamp": "1767225600", "type": "text",
         "text": {"body": "Merhaba"},
         "referral": {"source_id": "ad-7", "source_type": "ad", "headline": "FUE",
                      "ctwa_clid": "clid-1", "source_url": "https://fb.me/x"}},
        {"from": "905321234567", "id": "wamid.B", "timestamp": "1767225601", "type": "sticker",
         "sticker": {"id": "media-1", "mime_type": "image/webp", "sha256": "abc",
                     "animated": false}},
        {"from": "905321234567", "id": "wamid.C", "type": "order", "order": {"x": 1}},
        {"from": "not-a-number", "id": "wamid.D", "type": "text", "text": {"body": "x"}},
        {"from": "905321234567", "type": "text", "text": {"body": "no id"}}
      ],
      "statuses": [
        {"id": "wamid.OUT", "status": "read", "timestamp": "1767225700", "recipient_id": "1"},
        {"id": "wamid.OUT", "status": "deleted"},
        {"id": "wamid.OUT2", "status": "failed",
         "errors": [{"code": 131047, "title": "Re-engagement message"}]}
      ]}}]}]})");
  const WhatsAppBatch b = ReadWhatsAppPayload(payload);
  ASSERT_EQ(b.messages.size(), 3u);
  EXPECT_EQ(b.ignored, 3);
  const InboundMessage& text = b.messages[0];
  EXPECT_EQ(text.from, "+905321234567");
  EXPECT_EQ(text.first_name, "Ayşe");
  EXPECT_EQ(text.last_name, "Yılmaz");
  EXPECT_EQ(text.text, "Merhaba");
  EXPECT_EQ(text.sent_at_unix, 1767225600);
  EXPECT_EQ(text.referral_source_id, "ad-7");
  EXPECT_EQ(text.metadata["referral"]["ctwa_clid"], "clid-1");
  EXPECT_EQ(text.metadata["phone_number_id"], "PNID");
  const InboundMessage& sticker = b.messages[1];
  EXPECT_EQ(sticker.message_type, "image");
  EXPECT_EQ(sticker.metadata["type"], "sticker");
  EXPECT_EQ(sticker.media.size(), 1u);
  const InboundMessage& order = b.messages[2];
  EXPECT_EQ(order.metadata["type"], "order");
  ASSERT_TRUE(order.sealed);
  EXPECT_EQ((*order.sealed)["order"]["x"], 1);
  ASSERT_EQ(b.statuses.size(), 2u);
  EXPECT_EQ(b.statuses[0].status, "read");
  EXPECT_EQ(b.statuses[1].status, "failed");
  EXPECT_EQ((*b.statuses[1].error)["errors"][0]["code"], 131047);

  EXPECT_TRUE(ReadWhatsAppPayload(nlohmann::json::parse(R"({"object":"page"})")).messages.empty());
}

}  // namespace
}  // namespace imedic::messaging
