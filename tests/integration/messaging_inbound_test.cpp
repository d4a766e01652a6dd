// The inbound messaging webhooks (issue 12) on the real server and a real
// PostgreSQL: a corpus of WhatsApp payloads (tests/data/whatsapp/, one per
// message type and one batched) each POSTed three times and stored once,
// with the users, channels, leads and sessions it implies; forged, stale and
// missing signatures refused with nothing stored; delivery statuses out of
// order; opt-out and opt-in by keyword; known and unknown senders; Twilio
// SMS and status callbacks; inbound e-mail threaded by its references; a
// quiet session timed out by the next message.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/aead.hpp"
#include "core/log.hpp"
#include "domains/messaging/inbound_signature.hpp"
#include "domains/privacy/data_keys.hpp"
#include "http/query_string.hpp"
#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace imedic::testing {
namespace {

using Json = nlohmann::json;

constexpr const char* kAppSecret = "wa_app_secret_test";
constexpr const char* kVerifyToken = "verify-me-7";
constexpr const char* kTwilioToken = "twilio_auth_token_test";
constexpr const char* kEmailSecret = "email_secret_test";
constexpr const char* kBaseUrl = "https://api.imedic.test";

// A patient who already talks to us on WhatsApp (+90 555 111 22 33), a
// campaign running the click-to-WhatsApp ad 120212345678901234, and an open
// lead from a web form with the phone number of a future SMS sender.
constexpr const char* kFixture = R"sql(
INSERT INTO users (id, email, phone_number, user_type) VALUES
  ('10000000-0000-4000-8000-000000000001', 'known@example.test', '+905551112233', 'patient');
INSERT INTO user_roles (user_id, role) VALUES ('10000000-0000-4000-8000-000000000001', 'patient');
INSERT INTO patient_profiles (id, user_id, patient_id, medical_condition) VALUES
  ('20000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001',
   'PAT-2026-000001', 'hair loss');
INSERT INTO communication_channels (user_id, channel_type, channel_value, is_primary, is_verified)
VALUES ('10000000-0000-4000-8000-000000000001', 'whatsapp', '+90 555 111 22 33', TRUE, TRUE);
INSERT INTO marketing_campaigns (id, name, type, status, target_audience) VALUES
  ('50000000-0000-4000-8000-000000000001', 'FUE Germany', 'facebook_ads', 'active',
   '{"ad_ids": ["120212345678901234"]}');
INSERT INTO leads (id, phone, first_name, source, status) VALUES
  ('60000000-0000-4000-8000-000000000001', '+905329998877', 'Web', 'website', 'new');
)sql";

void WebhookApp(app::ApplicationOptions& o) {
  o.messaging_webhooks.whatsapp_app_secret = kAppSecret;
  o.messaging_webhooks.whatsapp_verify_token = kVerifyToken;
  o.messaging_webhooks.twilio_auth_token = kTwilioToken;
  o.messaging_webhooks.public_base_url = kBaseUrl;
  o.messaging_webhooks.email_webhook_secret = kEmailSecret;
  o.messaging_webhooks.session_timeout_minutes = 60;
}

std::string ReadCorpus(const std::string& name) {
  std::ifstream in(std::string(IMEDIC_SOURCE_DIR) + "/tests/data/whatsapp/" + name + ".json",
                   std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& params) {
  return http::BuildQueryString(http::QueryPairs(params.begin(), params.end()));
}

class MessagingInbound : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(db_.conn().Exec(kFixture)) << "fixture failed"; }

  std::optional<HttpResponse> PostWhatsApp(const std::string& body,
                                           std::optional<std::string> signature = std::nullopt) {
    std::map<std::string, std::string> headers;
    headers["X-Hub-Signature-256"] =
        signature.value_or("sha256=" + messaging::WhatsAppSignature(kAppSecret, body));
    if (signature && signature->empty()) headers.clear();
    return Request(server_.port(), "POST", "/webhooks/whatsapp", body, "application/json", headers);
  }

  std::optional<HttpResponse> PostTwilio(const std::string& path,
                                         const std::vector<std::pair<std::string, std::string>>& p,
                                         const std::string& token = kTwilioToken) {
    const std::string sig = messaging::TwilioSignature(token, kBaseUrl + path, p);
    return Request(server_.port(), "POST", path, FormEncode(p), "application/x-www-form-urlencoded",
                   {{"X-Twilio-Signature", sig}});
  }

  std::optional<HttpResponse> PostEmail(const Json& mail, std::int64_t at = std::time(nullptr),
                                        const std::string& secret = kEmailSecret) {
    const std::string body = mail.dump();
    const std::string sig = "t=" + std::to_string(at) +
                            ",v1=" + messaging::TimestampedSignature(secret, at, body);
    return Request(server_.port(), "POST", "/webhooks/email", body, "application/json",
                   {{"Imedic-Signature", sig}});
  }

  std::string Q(const std::string& sql) { return Scalar(db_.conn(), sql); }
  std::string Q(const std::string& sql, const db::Params& p) { return Scalar(db_.conn(), sql, p); }

  std::string UserOf(const std::string& e164) {
    return Q(
        "SELECT user_id FROM communication_channels WHERE normalized_value = $1 AND "
        "channel_type = 'whatsapp'",
        db::Params{e164});
  }

  TestDatabase db_;
  TestServer server_{db_.conninfo(), nullptr, WebhookApp};
};

TEST_F(MessagingInbound, HandshakeEchoesTheChallengeOnlyWithTheToken) {
  auto ok = Get(server_.port(),
                "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=verify-me-7&"
                "hub.challenge=1158201444");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->body, "1158201444");
  EXPECT_EQ(Get(server_.port(),
                "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1")
                ->status,
            403);
  EXPECT_EQ(Get(server_.port(),
                "/webhooks/whatsapp?hub.mode=unsubscribe&hub.verify_token=verify-me-7&"
                "hub.challenge=1")
                ->status,
            403);
  EXPECT_EQ(Get(server_.port(), "/webhooks/whatsapp")->status, 403);
}

TEST_F(MessagingInbound, CorpusPostedThreeTimesIsStoredOnce) {
  const std::vector<std::string> corpus{"text",
                                        "image",
                                        "document",
                                        "audio",
                                        "video",
                                        "sticker",
                                        "location",
                                        "contacts",
                                        "interactive_button",
                                        "interactive_list",
                                        "button",
                                        "reaction",
                                        "referral",
                                        "unsupported",
                                        "unknown_type",
                                        "batched"};
  for (const std::string& name : corpus) {
    const std::string body = ReadCorpus(name);
    ASSERT_FALSE(body.empty()) << name;
    for (int round = 0; round < 3; ++round) {
      auto r = PostWhatsApp(body);
      ASSERT_TRUE(r) << name;
      EXPECT_EQ(r->status, 200) << name << ": " << r->body;
      const Json tally = JsonBody(r);
      if (round == 0) {
        EXPECT_EQ(tally["replayed"], 0) << name;
      } else {
        EXPECT_EQ(tally["stored"], 0) << name << " round " << round;
      }
    }
  }
  // 19 messages from three new senders, each stored once.
  EXPECT_EQ(Q("SELECT count(*) FROM messages WHERE provider = 'whatsapp'"), "19");
  EXPECT_EQ(Q("SELECT count(DISTINCT provider_message_id) FROM messages"), "19");
  EXPECT_EQ(Q("SELECT count(*) FROM users WHERE status = 'pending_verification' AND "
              "auth_provider = 'whatsapp' AND email LIKE 'unclaimed+%@imedic.invalid'"),
            "3");
  EXPECT_EQ(Q("SELECT count(*) FROM user_credentials c JOIN users u ON u.id = c.user_id WHERE "
              "u.auth_provider = 'whatsapp' AND c.password_hash IS NULL"),
            "3");
  EXPECT_EQ(Q("SELECT string_agg(first_name || '/' || last_name, ',' ORDER BY first_name) FROM "
              "user_profiles p JOIN users u ON u.id = p.user_id WHERE u.auth_provider = "
              "'whatsapp'"),
            "Ayşe/Yılmaz,Hans/Müller,Layla/");
  EXPECT_EQ(Q("SELECT count(*) FROM communication_channels WHERE channel_type = 'whatsapp' AND "
              "is_verified IS FALSE AND normalized_value IN ('+905321234567', '+4915123456789', "
              "'+971501234567')"),
            "3");
  // One lead per new sender, source whatsapp; the ad referral's lead has its campaign.
  EXPECT_EQ(Q("SELECT count(*) FROM leads WHERE source = 'whatsapp'"), "3");
  EXPECT_EQ(Q("SELECT campaign_id FROM leads WHERE phone = '+4915123456789'"),
            "50000000-0000-4000-8000-000000000001");
  EXPECT_EQ(Q("SELECT count(*) FROM leads WHERE phone = '+905321234567' AND campaign_id IS NULL"),
            "1");
  // One active session per sender, its unread count the number of messages.
  EXPECT_EQ(Q("SELECT string_agg(unread_count::text, ',' ORDER BY unread_count) FROM "
              "conversation_sessions WHERE status = 'active' AND channel_type = 'whatsapp'"),
            "2,3,14");
  EXPECT_EQ(Q("SELECT count(*) FROM messages WHERE conversation_session_id IS NULL"), "0");
  EXPECT_EQ(Q("SELECT count(*) FROM conversation_sessions WHERE last_inbound_at IS NULL"), "0");
  // Types beyond message_type's five keep their original type.
  EXPECT_EQ(Q("SELECT string_agg(message_type || ':' || (metadata->>'type'), ',' ORDER BY "
              "provider_message_id) FROM messages WHERE metadata->>'type' IN ('sticker', "
              "'order', 'unsupported', 'location', 'contacts', 'reaction', 'button', "
              "'interactive')"),
            "image:sticker,text:location,text:contacts,text:interactive,text:interactive,"
            "text:button,text:reaction,text:unsupported,text:order");
  // Content and personal metadata are sealed; nothing of it is in the clear.
  EXPECT_EQ(Q("SELECT count(*) FROM messages WHERE content IS NOT NULL AND content NOT LIKE "
              "'e1.%'"),
            "0");
  EXPECT_EQ(Q("SELECT count(*) FROM messages WHERE content_key = 'user'"), "19");
  EXPECT_EQ(Q("SELECT count(*) FROM messages m WHERE m::text LIKE '%Merhaba%' OR m::text LIKE "
              "'%tahlil_ayse%' OR m::text LIKE '%41.0082%' OR m::text LIKE '%905327654321%'"),
            "0");
  EXPECT_EQ(Q("SELECT count(*) FROM user_data_keys"), "3");
  // The referral's ids, the media to fetch.
  EXPECT_EQ(Q("SELECT metadata->'referral'->>'ctwa_clid' IS NOT NULL AND "
              "metadata->'referral'->>'source_id' = '120212345678901234' FROM messages WHERE "
              "metadata ? 'referral'"),
            "t");
  EXPECT_EQ(Q("SELECT string_agg(mime_type, ',' ORDER BY mime_type) FROM message_media_fetches "
              "WHERE status = 'pending'"),
            "application/pdf,audio/ogg; codecs=opus,image/jpeg,image/webp,video/mp4");
  // Every write is audited; the batched status for an unknown message changed nothing.
  EXPECT_EQ(Q("SELECT count(*) FROM audit_log WHERE table_name = 'messages' AND action = "
              "'create'"),
            "19");
}

TEST_F(MessagingInbound, SealedContentOpensWithTheSendersKey) {
  ASSERT_EQ(PostWhatsApp(ReadCorpus("text"))->status, 200);
  auto r = db_.conn().ExecParams(
      "SELECT m.id, m.content, k.id, k.wrapped_key FROM messages m JOIN user_data_keys k ON "
      "k.user_id = m.user_id",
      db::Params{});
  ASSERT_TRUE(r && r->rows() == 1);
  auto raw = core::Open(TestKeyring(), r->Get(0, 3), "user_data_key:" + std::string(r->Get(0, 2)));
  ASSERT_TRUE(raw);
  core::MasterKey key;
  std::memcpy(key.key.data(), raw->data(), key.key.size());
  auto text = privacy::DecryptField(key, r->Get(0, 1), "messages.content", r->Get(0, 0));
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, "Merhaba, saç ekimi fiyatı nedir?");
}

// `imedic keys rotate` re-wraps users' keys with the patients': the sender's
// messages still open under the new master key.
TEST_F(MessagingInbound, UserKeysAreRewrappedOnRotation) {
  ASSERT_EQ(PostWhatsApp(ReadCorpus("text"))->status, 200);
  TempDir dir("imedic-messaging-keys");
  const std::string file = dir.path() + "/messaging-rotate.keys";
  {
    std::ofstream out(file, std::ios::trunc);
    out << "test1 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
        << "test2 ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=\n";
  }
  ASSERT_EQ(::chmod(file.c_str(), 0600), 0);
  auto ring = core::Keyring::LoadFile(file);
  ASSERT_TRUE(ring);
  auto n = privacy::RewrapAll(db_.conn(), *ring);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1);
  auto r = db_.conn().ExecParams(
      "SELECT m.id, m.content, k.id, k.wrapped_key, k.master_key_id FROM messages m JOIN "
      "user_data_keys k ON k.user_id = m.user_id",
      db::Params{});
  ASSERT_TRUE(r && r->rows() == 1);
  EXPECT_EQ(r->Get(0, 4), "test2");
  auto raw = core::Open(*ring, r->Get(0, 3), privacy::UserDataKeyAad(r->Get(0, 2)));
  ASSERT_TRUE(raw);
  core::MasterKey key;
  std::memcpy(key.key.data(), raw->data(), key.key.size());
  auto text = privacy::DecryptField(key, r->Get(0, 1), "messages.content", r->Get(0, 0));
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, "Merhaba, saç ekimi fiyatı nedir?");
}

TEST_F(MessagingInbound, BadSignaturesAreRefusedAndStoreNothing) {
  const std::string body = ReadCorpus("text");
  const std::string forged = "sha256=" + messaging::WhatsAppSignature("not-the-secret", body);
  for (const std::string& sig : {forged, std::string(""), std::string("sha256=zz"),
                                 std::string("sha1=") + std::string(40, 'a')}) {
    auto r = PostWhatsApp(body, sig);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401) << sig;
    EXPECT_NE(r->Header("content-type").find("application/problem+json"), std::string::npos);
  }
  // A body changed after signing.
  const std::string sig = "sha256=" + messaging::WhatsAppSignature(kAppSecret, body);
  EXPECT_EQ(PostWhatsApp(body + " ", sig)->status, 401);
  EXPECT_EQ(Q("SELECT count(*) FROM messages"), "0");
  EXPECT_EQ(Q("SELECT count(*) FROM users"), "1");
  EXPECT_EQ(Q("SELECT count(*) FROM audit_log"), "0");

  // Well signed: malformed JSON is 400, odd JSON is acknowledged.
  EXPECT_EQ(PostWhatsApp("{not json")->status, 400);
  EXPECT_EQ(PostWhatsApp("[1,2]")->status, 200);
  EXPECT_EQ(PostWhatsApp(R"({"object":"page","entry":[]})")->status, 200);
  EXPECT_EQ(PostWhatsApp(R"({"object":"whatsapp_business_account","entry":[{"changes":[{}]},
    {"changes":[{"value":{"messages":[{"id":"x","from":"12","type":"text"},
    {"id":7,"from":"905321234567"}],"statuses":[{"id":"q","status":"exploded"}]}}]}, 5]})")
                ->status,
            200);
  EXPECT_EQ(Q("SELECT count(*) FROM messages"), "0");
}

TEST_F(MessagingInbound, KnownNumberJoinsItsUserAndPatientKey) {
  const std::string body =
      Json{{"object", "whatsapp_business_account"},
           {"entry",
            {{{"id", "1"},
              {"changes",
               {{{"field", "messages"},
                 {"value",
                  {{"messaging_product", "whatsapp"},
                   {"metadata", {{"phone_number_id", "PNID"}}},
                   {"contacts", {{{"profile", {{"name", "Known"}}}, {"wa_id", "905551112233"}}}},
                   {"messages",
                    {{{"from", "905551112233"},
                      {"id", "wamid.KNOWN1"},
                      {"timestamp", "1767225600"},
                      {"type", "text"},
                      {"text", {{"body", "Ne zaman geliyorum?"}}}}}}}}}}}}}}}
          .dump();
  ASSERT_EQ(PostWhatsApp(body)->status, 200);
  EXPECT_EQ(Q("SELECT count(*) FROM users"), "1");
  EXPECT_EQ(Q("SELECT count(*) FROM leads WHERE source = 'whatsapp'"), "0");
  EXPECT_EQ(Q("SELECT user_id::text || ':' || content_key FROM messages"),
            "10000000-0000-4000-8000-000000000001:patient");
  // Sealed with the patient's data key (created on first use), so erasure shreds it.
  EXPECT_EQ(Q("SELECT count(*) FROM patient_data_keys"), "1");
  EXPECT_EQ(Q("SELECT count(*) FROM user_data_keys"), "0");
  EXPECT_EQ(Q("SELECT count(*) FROM patient_journey_events WHERE event_type = "
              "'message_received'"),
            "1");
}

// A number and an address still held by soft-deleted accounts: the sender
// gets a new account (the placeholder address, no phone number on it) and
// the message is stored, not lost to a unique violation.
TEST_F(MessagingInbound, NumberOfADeletedAccountStartsANewOne) {
  ASSERT_TRUE(db_.conn().Exec(
      "INSERT INTO users (email, phone_number, deleted) VALUES "
      "('gone@example.test', '+905321234567', TRUE), ('jane.doe@example.com', NULL, TRUE)"));
  ASSERT_EQ(PostWhatsApp(ReadCorpus("text"))->status, 200);
  EXPECT_EQ(Q("SELECT count(*) FROM messages"), "1");
  EXPECT_EQ(Q("SELECT (u.phone_number IS NULL AND u.email LIKE 'unclaimed+%')::text FROM users u "
              "JOIN messages m ON m.user_id = u.id"),
            "true");
  ASSERT_EQ(
      PostEmail(Json{{"from", "jane.doe@example.com"}, {"message_id", "<d1@example.com>"}})->status,
      200);
  EXPECT_EQ(Q("SELECT count(*) FROM messages"), "2");
}

TEST_F(MessagingInbound, StatusesMoveForwardOnly) {
  ASSERT_TRUE(db_.conn().Exec(R"sql(
    INSERT INTO messages (user_id, direction, message_type, provider, provider_message_id,
                          delivery_status)
    VALUES ('10000000-0000-4000-8000-000000000001', 'outgoing', 'text', 'whatsapp', 'wamid.OUT1',
            'sent'),
           ('10000000-0000-4000-8000-000000000001', 'outgoing', 'text', 'twilio', 'SMout1',
            'queued');
  )sql"));
  auto status = [&](const std::string& s, const std::string& ts) {
    Json st{{"id", "wamid.OUT1"}, {"status", s}, {"timestamp", ts}, {"recipient_id", "1"}};
    if (s == "failed") st["errors"] = {{{"code", 131026}, {"title", "Message undeliverable"}}};
    return Json{{"object", "whatsapp_business_account"},
                {"entry", {{{"changes", {{{"value", {{"statuses", {st}}}}}}}}}}}
        .dump();
  };
  auto final_status = [&] {
    return Q("SELECT delivery_status FROM messages WHERE provider_message_id = 'wamid.OUT1'");
  };
  ASSERT_EQ(PostWhatsApp(status("read", "1767225700"))->status, 200);
  EXPECT_EQ(final_status(), "read");
  ASSERT_EQ(PostWhatsApp(status("delivered", "1767225650"))->status, 200);
  EXPECT_EQ(final_status(), "read");
  ASSERT_EQ(PostWhatsApp(status("failed", "1767225800"))->status, 200);
  EXPECT_EQ(final_status(), "read");
  EXPECT_EQ(Q("SELECT extract(epoch FROM delivery_status_at)::bigint FROM messages WHERE "
              "provider_message_id = 'wamid.OUT1'"),
            "1767225700");
  // The database itself refuses to go back, whoever writes.
  ASSERT_TRUE(db_.conn().Exec(
      "UPDATE messages SET delivery_status = 'sent' WHERE provider_message_id = 'wamid.OUT1'"));
  EXPECT_EQ(final_status(), "read");

  // Twilio: delivered, then a late sent; an undelivered after delivered.
  auto twilio = [&](const std::string& s) {
    return PostTwilio("/webhooks/twilio/status",
                      {{"MessageSid", "SMout1"}, {"MessageStatus", s}, {"ErrorCode", "30003"}});
  };
  auto r = twilio("delivered");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->Header("content-type").find("text/xml"), std::string::npos);
  EXPECT_EQ(r->body, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
  twilio("sent");
  twilio("undelivered");
  EXPECT_EQ(Q("SELECT delivery_status FROM messages WHERE provider_message_id = 'SMout1'"),
            "delivered");
  // A failure before delivery is kept with its code.
  ASSERT_TRUE(db_.conn().Exec(
      "INSERT INTO messages (user_id, direction, provider, provider_message_id, delivery_status) "
      "VALUES ('10000000-0000-4000-8000-000000000001', 'outgoing', 'twilio', 'SMout2', 'sent')"));
  PostTwilio("/webhooks/twilio/status",
             {{"MessageSid", "SMout2"}, {"MessageStatus", "failed"}, {"ErrorCode", "30008"}});
  EXPECT_EQ(Q("SELECT delivery_status || ':' || (delivery_error->'errors'->0->>'code') FROM "
              "messages WHERE provider_message_id = 'SMout2'"),
            "failed:30008");
}

TEST_F(MessagingInbound, KeywordsOptOutAndBackIn) {
  auto say = [&](const std::string& id, const std::string& text) {
    const std::string body = Json{{"object", "whatsapp_business_account"},
                                  {"entry",
                                   {{{"changes",
                                      {{{"value",
                                         {{"messages",
                                           {{{"from", "905321234567"},
                                             {"id", id},
                                             {"type", "text"},
                                             {"text", {{"body", text}}}}}}}}}}}}}}}
                                 .dump();
    ASSERT_EQ(PostWhatsApp(body)->status, 200);
  };
  auto state = [&] {
    return Q(
        "SELECT consent_state || ':' || coalesce(consent_keyword, '') || ':' || "
        "coalesce(consent_method, '') FROM communication_channels WHERE normalized_value = "
        "'+905321234567'");
  };
  say("wamid.K1", "Merhaba");
  EXPECT_EQ(state(), "opted_in::");
  say("wamid.K2", "  iptal ");
  EXPECT_EQ(state(), "opted_out:İPTAL:keyword");
  say("wamid.K3", "please stop");
  EXPECT_EQ(state(), "opted_out:İPTAL:keyword");
  say("wamid.K4", "Başla");
  EXPECT_EQ(state(), "opted_in:BAŞLA:keyword");
  say("wamid.K5", "СТОП");
  EXPECT_EQ(state(), "opted_out:СТОП:keyword");
  EXPECT_EQ(Q("SELECT string_agg(state || ':' || keyword, ',' ORDER BY id) FROM "
              "channel_consent_events"),
            "opted_out:İPTAL,opted_in:BAŞLA,opted_out:СТОП");
  EXPECT_EQ(Q("SELECT count(*) FROM channel_consent_events WHERE message_id IS NULL"), "0");
  // Each opt-out is a withdrawal of WhatsApp marketing in the consent ledger;
  // the keyword opt-in gave no consent (no text was shown), so marketing
  // stays blocked.
  const std::string user =
      Q("SELECT user_id FROM communication_channels WHERE normalized_value = '+905321234567'");
  EXPECT_EQ(Q("SELECT string_agg(purpose || ':' || action || ':' || channel, ',' ORDER BY seq) "
              "FROM consent_events WHERE user_id = '" +
              user + "'"),
            "marketing_whatsapp:withdrawn:whatsapp,marketing_whatsapp:withdrawn:whatsapp");
  EXPECT_EQ(Q("SELECT consent_allows('" + user + "', 'marketing_whatsapp')"), "f");
}

TEST_F(MessagingInbound, TwilioSmsStoredOnceAndJoinsTheOpenLead) {
  const std::vector<std::pair<std::string, std::string>> sms{
      {"MessageSid", "SM0123456789abcdef0123456789abcdef"},
      {"AccountSid", "AC0123456789abcdef0123456789abcdef"},
      {"From", "+905329998877"},
      {"To", "+15005550006"},
      {"Body", "Fiyat bilgisi alabilir miyim?"},
      {"NumMedia", "1"},
      {"MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/SM/Media/ME1"},
      {"MediaContentType0", "image/jpeg"}};
  for (int i = 0; i < 3; ++i) {
    auto r = PostTwilio("/webhooks/twilio/sms", sms);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(r->body, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
  }
  EXPECT_EQ(Q("SELECT count(*) FROM messages WHERE provider = 'twilio'"), "1");
  EXPECT_EQ(Q("SELECT message_type FROM messages"), "image");
  EXPECT_EQ(Q("SELECT count(*) FROM communication_channels WHERE channel_type = 'sms' AND "
              "normalized_value = '+905329998877'"),
            "1");
  // The web form's open lead is joined, not duplicated.
  EXPECT_EQ(Q("SELECT count(*) FROM leads"), "1");
  EXPECT_EQ(Q("SELECT (user_id = (SELECT user_id FROM messages)) AND last_interaction_at IS NOT "
              "NULL FROM leads"),
            "t");
  EXPECT_EQ(Q("SELECT count(*) FROM message_media_fetches"), "1");

  // Forged: another token, a changed parameter, a missing header.
  EXPECT_EQ(PostTwilio("/webhooks/twilio/sms", sms, "wrong-token")->status, 401);
  auto changed = sms;
  changed[0].second = "SMforged";
  const std::string sig = messaging::TwilioSignature(
      kTwilioToken, std::string(kBaseUrl) + "/webhooks/twilio/sms", sms);
  EXPECT_EQ(Request(server_.port(), "POST", "/webhooks/twilio/sms", FormEncode(changed),
                    "application/x-www-form-urlencoded", {{"X-Twilio-Signature", sig}})
                ->status,
            401);
  EXPECT_EQ(Request(server_.port(), "POST", "/webhooks/twilio/sms", FormEncode(changed),
                    "application/x-www-form-urlencoded")
                ->status,
            401);
  EXPECT_EQ(Q("SELECT count(*) FROM messages"), "1");
  // SMS STOP opts the SMS channel out.
  PostTwilio("/webhooks/twilio/sms",
             {{"MessageSid", "SMstop"}, {"From", "+905329998877"}, {"Body", "STOP"}});
  EXPECT_EQ(Q("SELECT consent_state FROM communication_channels WHERE channel_type = 'sms'"),
            "opted_out");
}

TEST_F(MessagingInbound, EmailIsThreadedByItsReferences) {
  auto mail = [](const std::string& id, const std::string& reply_to = "") {
    Json m{{"from", "Jane Doe <Jane.Doe@Example.com>"},
           {"to", "care@imedic.example"},
           {"subject", "Consultation"},
           {"text", "Hello, about my consultation"},
           {"html", "<p>Hello</p>"},
           {"message_id", "<" + id + ">"}};
    if (!reply_to.empty()) {
      m["in_reply_to"] = "<" + reply_to + ">";
      m["references"] = "<" + reply_to + ">";
    }
    return m;
  };
  for (int i = 0; i < 3; ++i) ASSERT_EQ(PostEmail(mail("m1@example.com"))->status, 200);
  EXPECT_EQ(Q("SELECT count(*) FROM messages WHERE provider = 'email'"), "1");
  EXPECT_EQ(Q("SELECT email || ':' || status FROM users WHERE auth_provider = 'email' AND email "
              "LIKE 'jane%'"),
            "jane.doe@example.com:pending_verification");
  EXPECT_EQ(Q("SELECT count(*) FROM leads WHERE source = 'email' AND email = "
              "'jane.doe@example.com'"),
            "1");
  const std::string first = Q("SELECT conversation_session_id FROM messages");
  // The conversation ends; a reply to the first message reopens it.
  ASSERT_TRUE(
      db_.conn().Exec("UPDATE conversation_sessions SET status = 'ended', ended_at = now()"));
  ASSERT_EQ(PostEmail(mail("m2@example.com", "m1@example.com"))->status, 200);
  EXPECT_EQ(Q("SELECT conversation_session_id FROM messages WHERE provider_message_id = "
              "'m2@example.com'"),
            first);
  EXPECT_EQ(Q("SELECT status FROM conversation_sessions"), "active");
  // Ended again: a new mail that references nothing opens a new conversation.
  ASSERT_TRUE(
      db_.conn().Exec("UPDATE conversation_sessions SET status = 'ended', ended_at = now()"));
  ASSERT_EQ(PostEmail(mail("m3@example.com"))->status, 200);
  EXPECT_NE(Q("SELECT conversation_session_id FROM messages WHERE provider_message_id = "
              "'m3@example.com'"),
            first);
  EXPECT_EQ(Q("SELECT count(*) FROM conversation_sessions"), "2");

  // Stale, forged, missing signature: 401, nothing stored.
  EXPECT_EQ(PostEmail(mail("m4@example.com"), std::time(nullptr) - 600)->status, 401);
  EXPECT_EQ(PostEmail(mail("m4@example.com"), std::time(nullptr), "wrong")->status, 401);
  EXPECT_EQ(
      Request(server_.port(), "POST", "/webhooks/email", mail("m4@example.com").dump())->status,
      401);
  EXPECT_EQ(Q("SELECT count(*) FROM messages"), "3");
  // Signed but without a sender: 422 naming the field.
  Json no_from = mail("m5@example.com");
  no_from.erase("from");
  auto bad = PostEmail(no_from);
  EXPECT_EQ(bad->status, 422);
  EXPECT_TRUE(ProblemFields(*bad).contains("from"));
}

TEST_F(MessagingInbound, QuietSessionTimesOutAndTheNextMessageOpensANewOne) {
  ASSERT_EQ(PostWhatsApp(ReadCorpus("text"))->status, 200);
  ASSERT_TRUE(db_.conn().Exec(
      "UPDATE conversation_sessions SET last_activity_at = now() - interval '2 hours'"));
  ASSERT_EQ(PostWhatsApp(ReadCorpus("image"))->status, 200);
  EXPECT_EQ(Q("SELECT string_agg(status || ':' || unread_count, ',' ORDER BY started_at) FROM "
              "conversation_sessions"),
            "timeout:1,active:1");
  EXPECT_EQ(Q("SELECT count(DISTINCT conversation_session_id) FROM messages"), "2");
}

// A new number's first messages arriving at once, on several connections
// (providers deliver in parallel), and one of them replayed at once: one
// user, one channel, one lead, one session, each message once.
TEST_F(MessagingInbound, ConcurrentFirstMessagesMakeOneSender) {
  auto body = [](int i) {
    return Json{
        {"object", "whatsapp_business_account"},
        {"entry",
         {{{"changes",
            {{{"value",
               {{"contacts", {{{"profile", {{"name", "Race"}}}, {"wa_id", "447911123456"}}}},
                {"messages",
                 {{{"from", "447911123456"},
                   {"id", "wamid.RACE" + std::to_string(i % 6)},
                   {"type", "text"},
                   {"text", {{"body", "hello " + std::to_string(i)}}}}}}}}}}}}}}}
        .dump();
  };
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 12; ++i) {
    threads.emplace_back([&, i] {
      auto r = PostWhatsApp(body(i));
      if (r && r->status == 200) ++ok;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 12);
  EXPECT_EQ(Q("SELECT count(*) FROM messages"), "6");
  EXPECT_EQ(Q("SELECT count(*) FROM users WHERE phone_number = '+447911123456'"), "1");
  EXPECT_EQ(Q("SELECT count(*) FROM communication_channels WHERE normalized_value = "
              "'+447911123456'"),
            "1");
  EXPECT_EQ(Q("SELECT count(*) FROM leads WHERE phone = '+447911123456'"), "1");
  EXPECT_EQ(Q("SELECT string_agg(unread_count::text, ',') FROM conversation_sessions"), "6");
}

// The server's log (stderr, at debug level) while the corpus, an SMS and an
// e-mail come in, and are refused forged: counts and codes, never a number,
// an address or a word of the messages.
TEST_F(MessagingInbound, LogsHoldNoContentNumbersOrAddresses) {
  TempDir dir("imedic-messaging-log");
  const std::string path = dir.path() + "/messaging-inbound-log.txt";
  std::fflush(stderr);
  const int saved = ::dup(2);
  const int file = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
  ASSERT_GE(saved, 0);
  ASSERT_GE(file, 0);
  ::dup2(file, 2);
  core::log::SetLevel("debug");
  for (const char* name : {"text", "document", "location", "contacts", "referral", "batched"}) {
    const std::string body = ReadCorpus(name);
    PostWhatsApp(body);
    PostWhatsApp(body, "sha256=" + messaging::WhatsAppSignature("forged", body));
  }
  PostTwilio("/webhooks/twilio/sms",
             {{"MessageSid", "SMlog"}, {"From", "+905329998877"}, {"Body", "Ağrı kesici?"}});
  PostEmail(Json{{"from", "Jane Doe <jane.doe@example.com>"},
                 {"subject", "Greft sayısı"},
                 {"text", "Kaç greft gerekir?"},
                 {"message_id", "<log1@example.com>"}});
  PostEmail(Json{{"from", "jane.doe@example.com"}, {"message_id", "<log2@example.com>"}},
            std::time(nullptr) - 3600);
  core::log::SetLevel("info");
  std::fflush(stderr);
  ::dup2(saved, 2);
  ::close(saved);
  ::close(file);
  std::ifstream in(path);
  std::stringstream log;
  log << in.rdbuf();
  const std::string text = log.str();
  EXPECT_NE(text.find("inbound_webhook"), std::string::npos) << "the log was not captured";
  for (const char* secret :
       {"905321234567", "4915123456789", "971501234567", "905329998877", "532 765", "Merhaba",
        "tahlil", "41.0082", "Sultanahmet", "Haartransplantation", "مرحبا", "Ağrı", "jane", "Jane",
        "Greft", "greft", "Ayşe", "Müller", "120212345678901234"}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << "the log holds " << secret;
  }
}

}  // namespace
}  // namespace imedic::testing
