// Accounts, sessions, second factor and provider sign-in, end to end over
// HTTP against a real database.
#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "core/base32.hpp"
#include "core/metrics.hpp"
#include "core/opaque_token.hpp"
#include "core/totp.hpp"
#include "domains/identity/declared_body.hpp"
#include "http/router.hpp"
#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/id_token_signer.hpp"
#include "support/sign_in.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace imedic::testing {
namespace {

using Json = nlohmann::json;

class IdentityTest : public ::testing::Test {
 protected:
  std::string LastCode(const std::string& recipient, const std::string& mail_template) {
    return imedic::testing::LastCode(db_.conn(), recipient, mail_template);
  }
  std::optional<HttpResponse> Post(const std::string& path, const Json& body,
                                   const std::string& token = "") {
    return PostJson(server_.port(), path, body, token);
  }
  void RegisterVerified(const std::string& email, const std::string& password) {
    imedic::testing::RegisterVerified(server_.port(), db_.conn(), email, password);
  }
  std::string Login(const std::string& email, const std::string& password,
                    const Json& extra = Json::object()) {
    return SignIn(server_.port(), email, password, extra);
  }

  TestDatabase db_;
  TestServer server_{db_.conninfo()};
};

TEST_F(IdentityTest, RegisterVerifyLoginUseRefreshLogout) {
  RegisterVerified("emma@example.com", "correct horse battery");
  // Before login, /me needs credentials.
  auto anon = Authed(server_.port(), "", "GET", "/me");
  ASSERT_TRUE(anon);
  EXPECT_EQ(anon->status, 401);
  EXPECT_EQ(anon->Header("www-authenticate"), "Bearer");

  std::string token = Login("emma@example.com", "correct horse battery");
  ASSERT_FALSE(token.empty());
  auto me = Authed(server_.port(), token, "GET", "/me");
  ASSERT_TRUE(me);
  ASSERT_EQ(me->status, 200) << me->body;
  Json m = JsonBody(me);
  EXPECT_EQ(m["email"], "emma@example.com");
  EXPECT_EQ(m["status"], "active");
  EXPECT_EQ(m["email_verified"], true);
  EXPECT_EQ(m["roles"], Json::array({"patient"}));
  EXPECT_EQ(me->Header("cache-control"), "no-store");

  auto refreshed = Post("/auth/refresh", Json::object(), token);
  ASSERT_TRUE(refreshed);
  ASSERT_EQ(refreshed->status, 200);
  std::string token2 = JsonBody(refreshed)["token"];
  EXPECT_NE(token2, token);
  EXPECT_EQ(Authed(server_.port(), token, "GET", "/me")->status, 401) << "old token still works";
  EXPECT_EQ(Authed(server_.port(), token2, "GET", "/me")->status, 200);

  EXPECT_EQ(Post("/auth/logout", Json::object(), token2)->status, 200);
  EXPECT_EQ(Authed(server_.port(), token2, "GET", "/me")->status, 401);

  // The trail: creation, verification, login, logout — and never the password.
  auto audit = db_.conn().Exec(
      "SELECT string_agg(action, ',' ORDER BY id) FROM audit_log WHERE table_name IN "
      "('users','sessions')");
  ASSERT_TRUE(audit);
  EXPECT_EQ(audit->Get(0, 0), "create,verify,login,token_issue,logout");
  auto stored = db_.conn().Exec("SELECT password_hash FROM user_credentials");
  EXPECT_TRUE(std::string(stored->Get(0, 0)).starts_with("$argon2id$"));
}

TEST_F(IdentityTest, UnverifiedAccountCannotSignIn) {
  ASSERT_EQ(Post("/auth/register", {{"email", "new@example.com"},
                                    {"password", "long enough pass"},
                                    {"first_name", "A"},
                                    {"last_name", "B"}})
                ->status,
            202);
  auto r = Post("/auth/login", {{"email", "new@example.com"}, {"password", "long enough pass"}});
  EXPECT_EQ(r->status, 401);
}

TEST_F(IdentityTest, RegistrationAnswersAlikeForTakenEmails) {
  Json body = {{"email", "Taken@Example.com"},
               {"password", "long enough pass"},
               {"first_name", "A"},
               {"last_name", "B"}};
  auto first = Post("/auth/register", body);
  auto second = Post("/auth/register", body);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->status, second->status);
  EXPECT_EQ(first->body, second->body);
  auto users = db_.conn().Exec("SELECT count(*), min(email) FROM users");
  EXPECT_EQ(users->Get(0, 0), "1");
  EXPECT_EQ(users->Get(0, 1), "taken@example.com") << "email not normalised";
  auto notice = db_.conn().Exec(
      "SELECT count(*) FROM outbox WHERE template = 'registration_attempt_on_existing_account'");
  EXPECT_EQ(notice->Get(0, 0), "1");
}

TEST_F(IdentityTest, RegistrationValidatesEveryField) {
  auto r = Post("/auth/register", {{"email", "not-an-email"},
                                   {"password", "short"},
                                   {"first_name", ""},
                                   {"phone_number", "12345"},
                                   {"user_type", "admin"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422);
  EXPECT_EQ(r->Header("content-type"), "application/problem+json");
  const std::set<std::string> fields = ProblemFields(*r);
  for (const char* f :
       {"email", "password", "first_name", "last_name", "phone_number", "user_type"}) {
    EXPECT_TRUE(fields.contains(f)) << f << " not reported: " << r->body;
  }
  auto malformed = Authed(server_.port(), "", "POST", "/auth/register", "{\"email\":");
  EXPECT_EQ(malformed->status, 400);
  auto wrong_type = Request(server_.port(), "POST", "/auth/register", "{}", "text/plain");
  EXPECT_EQ(wrong_type->status, 415);
}

TEST_F(IdentityTest, PhoneIsStoredInE164) {
  ASSERT_EQ(Post("/auth/register", {{"email", "p@example.com"},
                                    {"password", "long enough pass"},
                                    {"first_name", "A"},
                                    {"last_name", "B"},
                                    {"phone_number", "+90 (532) 123-45-67"}})
                ->status,
            202);
  auto r = db_.conn().Exec("SELECT phone_number FROM users");
  EXPECT_EQ(r->Get(0, 0), "+905321234567");
}

TEST_F(IdentityTest, WrongPasswordUnknownAccountAndSuspendedAnswerAlike) {
  RegisterVerified("kim@example.com", "correct horse battery");
  RegisterVerified("sus@example.com", "correct horse battery");
  ASSERT_TRUE(
      db_.conn().Exec("UPDATE users SET status = 'suspended' WHERE email = 'sus@example.com'"));
  auto wrong = Post("/auth/login", {{"email", "kim@example.com"}, {"password", "wrong password!"}});
  auto unknown = Post("/auth/login", {{"email", "nobody@example.com"}, {"password", "x"}});
  auto suspended = Post("/auth/login",
                        {{"email", "sus@example.com"}, {"password", "correct horse battery"}});
  ASSERT_TRUE(wrong && unknown && suspended);
  for (const auto* r : {&*wrong, &*unknown, &*suspended}) {
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(JsonBody(*r)["detail"], JsonBody(*wrong)["detail"]);
    EXPECT_EQ(JsonBody(*r)["type"], JsonBody(*wrong)["type"]);
  }
  auto failed = db_.conn().Exec("SELECT count(*) FROM audit_log WHERE action = 'login_failed'");
  EXPECT_EQ(failed->Get(0, 0), "3");
}

// Statements executed by this process so far (core/metrics counts each
// named statement; this test server runs no jobs, so only requests count).
double StatementsRun() {
  std::string text;
  core::metrics::WriteRegistry(text);
  double total = 0;
  const std::string family = "imedic_db_statement_duration_seconds_count{";
  for (std::size_t at = text.find(family); at != std::string::npos;
       at = text.find(family, at + 1)) {
    const std::size_t end = text.find('\n', at);
    total += std::stod(text.substr(text.rfind(' ', end) + 1, end));
  }
  return total;
}

// A password sign-in is two round trips: throttle + account, then session +
// audit row + throttle clear. The clear still happens: the failures before a
// good password are forgotten.
TEST_F(IdentityTest, PasswordSignInTakesTwoRoundTrips) {
  RegisterVerified("two@example.com", "correct horse battery");
  ASSERT_EQ(
      Post("/auth/login", {{"email", "two@example.com"}, {"password", "not it at all"}})->status,
      401);
  EXPECT_EQ(
      Scalar(db_.conn(), "SELECT count(*) FROM login_throttles WHERE bucket LIKE 'account:%'"),
      "1");
  const double before = StatementsRun();
  auto ok = Post("/auth/login",
                 {{"email", "two@example.com"}, {"password", "correct horse battery"}});
  const double after = StatementsRun();
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(after - before, 2);
  EXPECT_EQ(
      Scalar(db_.conn(), "SELECT count(*) FROM login_throttles WHERE bucket LIKE 'account:%'"),
      "0");
  EXPECT_EQ(Scalar(db_.conn(), "SELECT count(*) FROM audit_log WHERE action = 'login'"), "1");
  // A wrong password: the lookup, then the failure and its audit row.
  const double failing = StatementsRun();
  EXPECT_EQ(
      Post("/auth/login", {{"email", "two@example.com"}, {"password", "not it either"}})->status,
      401);
  EXPECT_EQ(StatementsRun() - failing, 3);
}

TEST_F(IdentityTest, RateLimitLocksOutAfterRepeatedFailures) {
  RegisterVerified("ana@example.com", "correct horse battery");
  int first_429 = 0;
  for (int i = 1; i <= 8 && first_429 == 0; ++i) {
    auto r = Post("/auth/login",
                  {{"email", "ana@example.com"}, {"password", "guess " + std::to_string(i)}});
    ASSERT_TRUE(r);
    if (r->status == 429) {
      first_429 = i;
      EXPECT_GE(std::stoi(r->Header("retry-after")), 1);
      EXPECT_EQ(r->Header("content-type"), "application/problem+json");
    } else {
      EXPECT_EQ(r->status, 401);
    }
  }
  EXPECT_EQ(first_429, 6) << "5 free failures, then a lock-out";
  // Locked out even with the right password until the block passes.
  auto right = Post("/auth/login",
                    {{"email", "ana@example.com"}, {"password", "correct horse battery"}});
  EXPECT_EQ(right->status, 429);
  // Unknown accounts are throttled exactly the same way (no existence leak).
  for (int i = 0; i < 5; ++i)
    Post("/auth/login", {{"email", "ghost@example.com"}, {"password", "x"}});
  EXPECT_EQ(Post("/auth/login", {{"email", "ghost@example.com"}, {"password", "x"}})->status, 429);
  // After the block expires, the right password works again.
  ASSERT_TRUE(
      db_.conn().Exec("UPDATE login_throttles SET blocked_until = now() - interval '1 s', "
                      "failures = 0"));
  EXPECT_FALSE(Login("ana@example.com", "correct horse battery").empty());
}

TEST_F(IdentityTest, PasswordResetAndChangeEndEverySession) {
  RegisterVerified("lea@example.com", "correct horse battery");
  std::string a = Login("lea@example.com", "correct horse battery");
  std::string b = Login("lea@example.com", "correct horse battery");
  // Reset is answered alike for unknown addresses.
  auto unknown = Post("/auth/password/forgot", {{"email", "nobody@example.com"}});
  auto known = Post("/auth/password/forgot", {{"email", "lea@example.com"}});
  EXPECT_EQ(unknown->status, 202);
  EXPECT_EQ(known->body, unknown->body);
  auto bad = Post(
      "/auth/password/reset",
      {{"email", "lea@example.com"}, {"code", "000000"}, {"new_password", "a brand new secret"}});
  EXPECT_EQ(bad->status, 422);
  auto reset = Post("/auth/password/reset",
                    {{"email", "lea@example.com"},
                     {"code", LastCode("lea@example.com", "password_reset")},
                     {"new_password", "a brand new secret"}});
  ASSERT_EQ(reset->status, 200) << reset->body;
  EXPECT_EQ(Authed(server_.port(), a, "GET", "/me")->status, 401);
  EXPECT_EQ(Authed(server_.port(), b, "GET", "/me")->status, 401);
  std::string c = Login("lea@example.com", "a brand new secret");
  auto change = Post(
      "/auth/password/change",
      {{"current_password", "a brand new secret"}, {"new_password", "yet another secret"}}, c);
  ASSERT_EQ(change->status, 200) << change->body;
  EXPECT_EQ(Authed(server_.port(), c, "GET", "/me")->status, 401);
  EXPECT_FALSE(Login("lea@example.com", "yet another secret").empty());
}

TEST_F(IdentityTest, StaffMustEnrolTotpAndThenUseIt) {
  auto id = server_.app().identity().CreateStaffUser(
      "rep@imedic.example", "staff", "Sara", "Yilmaz", std::string("staff password 1"), {"sales"},
      std::nullopt, "system", {"req", std::nullopt, std::nullopt});
  ASSERT_TRUE(id) << id.error().public_message << " " << id.error().internal_detail;
  auto login = Post("/auth/login",
                    {{"email", "rep@imedic.example"}, {"password", "staff password 1"}});
  ASSERT_EQ(login->status, 200);
  EXPECT_EQ(JsonBody(login)["mfa_enrollment_required"], true);
  std::string pre = JsonBody(login)["token"];
  // Nothing but enrolment until the second factor exists.
  auto blocked = Authed(server_.port(), pre, "GET", "/users/" + *id);
  EXPECT_EQ(blocked->status, 403);
  auto setup = Post("/auth/mfa/totp", Json::object(), pre);
  ASSERT_EQ(setup->status, 201) << setup->body;
  auto secret = core::Base32Decode(JsonBody(setup)["secret"].get<std::string>());
  ASSERT_TRUE(secret);
  EXPECT_TRUE(JsonBody(setup)["otpauth_uri"].get<std::string>().starts_with("otpauth://totp/"));
  auto sealed = db_.conn().Exec("SELECT totp_secret_sealed FROM user_credentials");
  EXPECT_EQ(std::string(sealed->Get(0, 0)).find(JsonBody(setup)["secret"].get<std::string>()),
            std::string::npos)
      << "TOTP secret stored in the clear";
  const std::int64_t now = std::time(nullptr);
  auto confirm = Post("/auth/mfa/totp/confirm", {{"code", core::TotpCode(*secret, now - 30)}}, pre);
  ASSERT_EQ(confirm->status, 200) << confirm->body;
  auto recovery = JsonBody(confirm)["recovery_codes"];
  ASSERT_EQ(recovery.size(), 10u);
  EXPECT_EQ(Authed(server_.port(), pre, "GET", "/users/" + *id)->status, 200)
      << "the enrolling session has passed its second factor";

  auto no_code = Post("/auth/login",
                      {{"email", "rep@imedic.example"}, {"password", "staff password 1"}});
  EXPECT_EQ(no_code->status, 401);
  EXPECT_EQ(JsonBody(no_code)["errors"][0]["field"], "otp_code");
  // The code used at confirmation (step t-1) cannot be replayed.
  auto replay = Post("/auth/login", {{"email", "rep@imedic.example"},
                                     {"password", "staff password 1"},
                                     {"otp_code", core::TotpCode(*secret, now - 30)}});
  EXPECT_EQ(replay->status, 401);
  std::string token = Login("rep@imedic.example", "staff password 1",
                            {{"otp_code", core::TotpCode(*secret, now)}});
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(Authed(server_.port(), token, "GET", "/users/" + *id)->status, 200);
  // A recovery code works once.
  std::string code = recovery[0];
  EXPECT_FALSE(Login("rep@imedic.example", "staff password 1", {{"recovery_code", code}}).empty());
  auto again = Post(
      "/auth/login",
      {{"email", "rep@imedic.example"}, {"password", "staff password 1"}, {"recovery_code", code}});
  EXPECT_EQ(again->status, 401);
}

TEST_F(IdentityTest, PhoneVerificationBySmsCode) {
  ASSERT_EQ(Post("/auth/register", {{"email", "ph@example.com"},
                                    {"password", "long enough pass"},
                                    {"first_name", "A"},
                                    {"last_name", "B"},
                                    {"phone_number", "+905321112233"}})
                ->status,
            202);
  ASSERT_EQ(Post("/auth/verify-email", {{"email", "ph@example.com"},
                                        {"code", LastCode("ph@example.com", "email_verification")}})
                ->status,
            200);
  std::string token = Login("ph@example.com", "long enough pass");
  ASSERT_EQ(Post("/auth/phone/verification", Json::object(), token)->status, 202);
  EXPECT_EQ(Post("/auth/phone/verify", {{"code", "999999x"}}, token)->status, 422);
  auto ok = Post("/auth/phone/verify", {{"code", LastCode("+905321112233", "phone_verification")}},
                 token);
  ASSERT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(JsonBody(Authed(server_.port(), token, "GET", "/me"))["phone_verified"], true);
  // Nothing left to verify.
  EXPECT_EQ(Post("/auth/phone/verification", Json::object(), token)->status, 409);
}

TEST_F(IdentityTest, CodesAllowOnlyFiveAttempts) {
  ASSERT_EQ(Post("/auth/register", {{"email", "five@example.com"},
                                    {"password", "long enough pass"},
                                    {"first_name", "A"},
                                    {"last_name", "B"}})
                ->status,
            202);
  std::string code = LastCode("five@example.com", "email_verification");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Post("/auth/verify-email",
                   {{"email", "five@example.com"}, {"code", "wrong" + std::to_string(i)}})
                  ->status,
              422);
  }
  // The right code no longer works: the attempts are used up.
  EXPECT_EQ(Post("/auth/verify-email", {{"email", "five@example.com"}, {"code", code}})->status,
            422);
  auto stored = db_.conn().Exec("SELECT code_hash FROM verification_codes");
  EXPECT_NE(std::string(stored->Get(0, 0)), code) << "code stored in the clear";
}

TEST_F(IdentityTest, SessionsEndAfterInactivityAndAtTheirAbsoluteLifetime) {
  RegisterVerified("tim@example.com", "correct horse battery");
  std::string idle = Login("tim@example.com", "correct horse battery");
  std::string old = Login("tim@example.com", "correct horse battery");
  ASSERT_TRUE(db_.conn().ExecParams(
      "UPDATE sessions SET last_used_at = now() - interval '31 minutes' WHERE token_hash = $1",
      db::Params{core::TokenHash(idle)}));
  ASSERT_TRUE(db_.conn().ExecParams(
      "UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1",
      db::Params{core::TokenHash(old)}));
  EXPECT_EQ(Authed(server_.port(), idle, "GET", "/me")->status, 401);
  EXPECT_EQ(Authed(server_.port(), old, "GET", "/me")->status, 401);
  // Use within the idle window keeps a session alive; last use, ip and agent are recorded.
  std::string live = Login("tim@example.com", "correct horse battery");
  EXPECT_EQ(Authed(server_.port(), live, "GET", "/me")->status, 200);
  auto row = db_.conn().ExecParams(
      "SELECT ip IS NOT NULL, last_used_at > now() - interval '1 minute', "
      "(SELECT last_login_at IS NOT NULL FROM users WHERE email = 'tim@example.com') "
      "FROM sessions WHERE token_hash = $1",
      db::Params{core::TokenHash(live)});
  EXPECT_EQ(row->Get(0, 0), "t");
  EXPECT_EQ(row->Get(0, 1), "t");
  EXPECT_EQ(row->Get(0, 2), "t");
  auto all = Post("/auth/logout-all", Json::object(), live);
  ASSERT_EQ(all->status, 200);
  EXPECT_EQ(Authed(server_.port(), live, "GET", "/me")->status, 401);
}

TEST_F(IdentityTest, SecondFactorGuessesAreThrottledPerAccount) {
  auto id = server_.app().identity().CreateStaffUser(
      "mfa@imedic.example", "staff", "M", "F", std::string("staff password 1"), {"sales"},
      std::nullopt, "system", {"req", std::nullopt, std::nullopt});
  ASSERT_TRUE(id);
  std::string pre = Login("mfa@imedic.example", "staff password 1");
  ASSERT_FALSE(EnrolTotp(server_.port(), pre).empty());
  int first_429 = 0;
  for (int i = 1; i <= 8 && first_429 == 0; ++i) {
    auto r = Post("/auth/login", {{"email", "mfa@imedic.example"},
                                  {"password", "staff password 1"},
                                  {"otp_code", "00000" + std::to_string(i % 10)}});
    if (r->status == 429) first_429 = i;
    else EXPECT_EQ(r->status, 401);
  }
  EXPECT_EQ(first_429, 6) << "second-factor guessing is not throttled";
}

TEST_F(IdentityTest, AdminResetsALostSecondFactor) {
  auto admin = server_.app().identity().CreateStaffUser(
      "boss@imedic.example", "admin", "B", "A", std::string("admin password 1"), {"admin"},
      std::nullopt, "system", {"req", std::nullopt, std::nullopt});
  auto staff = server_.app().identity().CreateStaffUser(
      "lost@imedic.example", "staff", "L", "P", std::string("staff password 1"), {"sales"},
      std::nullopt, "system", {"req", std::nullopt, std::nullopt});
  ASSERT_TRUE(admin && staff);
  std::string pre = Login("lost@imedic.example", "staff password 1");
  ASSERT_FALSE(EnrolTotp(server_.port(), pre).empty());
  std::string boss = Login("boss@imedic.example", "admin password 1");
  ASSERT_TRUE(db_.conn().Exec("UPDATE sessions SET mfa_verified = TRUE WHERE revoked_at IS NULL"));
  auto reset = Post("/admin/users/" + *staff + "/mfa/reset", Json::object(), boss);
  ASSERT_EQ(reset->status, 200) << reset->body;
  EXPECT_EQ(Authed(server_.port(), pre, "GET", "/me")->status, 401) << "sessions not ended";
  // The user signs in with the password alone again and must re-enrol.
  auto again = Post("/auth/login",
                    {{"email", "lost@imedic.example"}, {"password", "staff password 1"}});
  ASSERT_EQ(again->status, 200);
  EXPECT_EQ(JsonBody(again)["mfa_enrollment_required"], true);
  auto trail = db_.conn().Exec(
      "SELECT count(*) FROM audit_log WHERE table_name = 'user_credentials' AND action = 'update' "
      "AND 'recovery_codes' = ANY (changed_columns)");
  EXPECT_EQ(trail->Get(0, 0), "1");
}

TEST_F(IdentityTest, ResetCodesAreCappedPerHour) {
  RegisterVerified("cap@example.com", "correct horse battery");
  for (int i = 0; i < 7; ++i) {
    EXPECT_EQ(Post("/auth/password/forgot", {{"email", "cap@example.com"}})->status, 202);
  }
  auto codes =
      db_.conn().Exec("SELECT count(*) FROM verification_codes WHERE purpose = 'password_reset'");
  EXPECT_EQ(codes->Get(0, 0), "5");
}

void TrustProxy(app::ApplicationOptions& o) { o.http.trust_forwarded_for = true; }

TEST(HttpPolicy, TrustedProxyAddressIsTheClientAddress) {
  TestDatabase db;
  TestServer server(db.conninfo(), nullptr, TrustProxy);
  Json body = {{"email", "fwd@example.com"}, {"password", "nope nope nope"}};
  auto r = Request(server.port(), "POST", "/auth/login", body.dump(), "application/json",
                   {{"X-Forwarded-For", "198.51.100.7, 203.0.113.9"}});
  ASSERT_EQ(r->status, 401);
  auto ip = db.conn().Exec("SELECT host(ip) FROM audit_log WHERE action = 'login_failed'");
  EXPECT_EQ(ip->Get(0, 0), "203.0.113.9");
  auto bucket =
      db.conn().Exec("SELECT count(*) FROM login_throttles WHERE bucket = 'ip:203.0.113.9'");
  EXPECT_EQ(bucket->Get(0, 0), "1");
}

// One provider configured for the whole suite: options are plain function
// pointers, so the signer and its JWKS file live in statics.
IdTokenSigner& Google() {
  static IdTokenSigner signer("google-key-1");
  return signer;
}
std::string GoogleJwksFile() {
  static std::string path = [] {
    std::string p = "/tmp/imedic-test-jwks-" + std::to_string(getpid()) + ".json";
    std::ofstream(p) << Google().Jwks();
    return p;
  }();
  return path;
}
void WithGoogle(app::ApplicationOptions& o) {
  auto keys = core::JwkSet::FromFile(GoogleJwksFile());
  ASSERT_TRUE(keys);
  o.identity.providers.push_back(
      {"google", std::move(*keys), "imedic-client", {"https://accounts.google.com"}});
}

Json GoogleClaims(const std::string& sub, const std::string& email) {
  const std::int64_t now = std::time(nullptr);
  return {{"iss", "https://accounts.google.com"},
          {"aud", "imedic-client"},
          {"sub", sub},
          {"email", email},
          {"email_verified", true},
          {"iat", now},
          {"exp", now + 600}};
}

TEST(ExternalSignIn, GoodTokenSignsInAndForgedTokenIsRefused) {
  TestDatabase db;
  TestServer server(db.conninfo(), nullptr, WithGoogle);
  auto post = [&](const Json& body) {
    return Authed(server.port(), "", "POST", "/auth/external/google", body.dump());
  };
  std::string token = Google().Sign(GoogleClaims("g-123", "Omar@Example.com"));
  auto created = post({{"id_token", token}, {"first_name", "Omar"}, {"last_name", "Haddad"}});
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 200) << created->body;
  std::string session = JsonBody(created)["token"];
  auto me = Authed(server.port(), session, "GET", "/me");
  EXPECT_EQ(JsonBody(me)["email"], "omar@example.com");
  EXPECT_EQ(JsonBody(me)["auth_provider"], "google");
  // The same subject signs in again to the same account.
  auto again = post({{"id_token", Google().Sign(GoogleClaims("g-123", "omar@example.com"))}});
  ASSERT_EQ(again->status, 200);
  auto users = db.conn().Exec("SELECT count(*) FROM users");
  EXPECT_EQ(users->Get(0, 0), "1");

  // Signed by another key with the same kid: refused.
  IdTokenSigner forger("google-key-1");
  auto forged = post({{"id_token", forger.Sign(GoogleClaims("g-123", "omar@example.com"))}});
  EXPECT_EQ(forged->status, 401);
  // Tampered payload: refused.
  std::string tampered = token;
  tampered[tampered.find('.') + 5] ^= 1;
  EXPECT_EQ(post({{"id_token", tampered}})->status, 401);
  // Wrong audience: refused.
  Json claims = GoogleClaims("g-123", "omar@example.com");
  claims["aud"] = "someone-else";
  EXPECT_EQ(post({{"id_token", Google().Sign(claims)}})->status, 401);
  // A provider that is not configured.
  EXPECT_EQ(
      Authed(server.port(), "", "POST", "/auth/external/apple", Json{{"id_token", token}}.dump())
          ->status,
      404);
  std::filesystem::remove(GoogleJwksFile());
}

TEST_F(IdentityTest, ApiTokensAreLimitedToTheirScopes) {
  auto id = server_.app().identity().CreateStaffUser(
      "ops@imedic.example", "admin", "Ada", "Admin", std::string("admin password 1"), {"admin"},
      std::nullopt, "system", {"req", std::nullopt, std::nullopt});
  ASSERT_TRUE(id);
  // Skip TOTP enrolment for this test: mark the session as second-factor verified.
  std::string session = Login("ops@imedic.example", "admin password 1");
  ASSERT_TRUE(db_.conn().Exec("UPDATE sessions SET mfa_verified = TRUE"));
  auto issued = Post("/me/api-tokens", {{"name", "crm sync"}, {"scopes", {"users.read"}}}, session);
  ASSERT_EQ(issued->status, 201) << issued->body;
  std::string api = JsonBody(issued)["token"];
  EXPECT_TRUE(api.starts_with("imd_t_"));
  EXPECT_EQ(Authed(server_.port(), api, "GET", "/users/" + *id)->status, 200);
  EXPECT_EQ(Authed(server_.port(), api, "GET", "/admin/roles")->status, 403)
      << "scope not enforced";
  auto list = Authed(server_.port(), session, "GET", "/me/api-tokens");
  EXPECT_EQ(JsonBody(list).size(), 1u);
  EXPECT_EQ(list->body.find(api), std::string::npos) << "token listed back";
  auto too_wide = Post("/me/api-tokens", {{"name", "x"}, {"scopes", {"patients.medical.read"}}},
                       session);
  EXPECT_EQ(too_wide->status, 422);
  std::string token_id = JsonBody(issued)["id"];
  EXPECT_EQ(Authed(server_.port(), session, "DELETE", "/me/api-tokens/" + token_id)->status, 200);
  EXPECT_EQ(Authed(server_.port(), api, "GET", "/users/" + *id)->status, 401);
}

// An administrator signed in with the second factor taken as done, for the
// admin routes below.
class AdminRoutesTest : public IdentityTest {
 protected:
  void SetUp() override {
    auto id = server_.app().identity().CreateStaffUser(
        "root@imedic.example", "admin", "Ro", "Ot", std::string("admin password 1"), {"admin"},
        std::nullopt, "system", {"req", std::nullopt, std::nullopt});
    ASSERT_TRUE(id);
    admin_id_ = *id;
    admin_ = Login("root@imedic.example", "admin password 1");
    ASSERT_TRUE(db_.conn().Exec("UPDATE sessions SET mfa_verified = TRUE"));
  }

  std::optional<HttpResponse> Send(const std::string& method, const std::string& path,
                                   const std::string& body = "") {
    return Authed(server_.port(), admin_, method, path, body);
  }

  std::string Count(const char* sql) {
    auto r = db_.conn().Exec(sql);
    return r && r->rows() == 1 ? std::string(r->Get(0, 0)) : "?";
  }

  // What the OpenAPI document says of a route: it must be what it does.
  void ExpectAnswerAsDocumented(const std::string& method, const std::string& pattern,
                                const std::optional<HttpResponse>& answer) {
    ASSERT_TRUE(answer);
    const http::Route* route = nullptr;
    for (const auto& r : server_.app().router().routes()) {
      if (r.method == method && r.pattern == pattern) route = &r;
    }
    ASSERT_NE(route, nullptr) << method << " " << pattern;
    EXPECT_EQ(answer->status, route->doc.status)
        << method << " " << pattern << ": " << answer->body;
    ASSERT_NE(route->doc.output, nullptr) << method << " " << pattern;
    std::set<std::string> declared;
    for (const auto& f : route->doc.output->fields) declared.insert(std::string(f.name));
    Json body = JsonBody(answer);
    std::vector<Json> items;
    if (route->doc.response == http::DocShape::kList) {
      ASSERT_TRUE(body.is_array()) << method << " " << pattern;
      ASSERT_FALSE(body.empty()) << method << " " << pattern << ": nothing to compare";
      items.assign(body.begin(), body.end());
    } else {
      items.push_back(body);
    }
    for (const Json& item : items) {
      ASSERT_TRUE(item.is_object()) << method << " " << pattern;
      std::set<std::string> answered;
      for (const auto& [key, _] : item.items()) answered.insert(key);
      EXPECT_EQ(answered, declared) << method << " " << pattern;
    }
  }

  std::string admin_;
  std::string admin_id_;
};

TEST_F(AdminRoutesTest, BadBodiesAreRefusedNamingTheFieldBeforeAnythingRuns) {
  ASSERT_TRUE(db_.conn().Exec(
      "INSERT INTO providers (id, name, type, location, contact_info) VALUES "
      "('10000000-0000-4000-8000-000000000001', 'Clinic P', 'clinic', '{\"city\":\"Istanbul\"}', "
      "'{}')"));
  const std::string users_before = Count("SELECT count(*) FROM users");
  const std::string audit_before = Count("SELECT count(*) FROM audit_log");
  struct Case {
    const char* method;
    std::string path;
    Json body;
    const char* field;  // the field the 422 must name
  };
  const std::string user = "/admin/users/" + admin_id_;
  const Json good_user = {{"email", "new@imedic.example"},
                          {"user_type", "staff"},
                          {"first_name", "N"},
                          {"last_name", "U"},
                          {"roles", {"sales"}}};
  auto with = [](Json body, const char* key, Json value) {
    body[key] = std::move(value);
    return body;
  };
  auto without = [](Json body, const char* key) {
    body.erase(key);
    return body;
  };
  const std::vector<Case> cases = {
      {"POST", "/admin/users", with(good_user, "email", "not-an-email"), "email"},
      {"POST", "/admin/users", with(good_user, "user_type", "patient"), "user_type"},
      {"POST", "/admin/users", without(good_user, "last_name"), "last_name"},
      {"POST", "/admin/users", with(good_user, "first_name", ""), "first_name"},
      {"POST", "/admin/users", with(good_user, "roles", "sales"), "roles"},
      {"POST", "/admin/users", with(good_user, "roles", {"sales", "sales"}), "roles[1]"},
      {"POST", "/admin/users", with(good_user, "password", "aaaaaaaaaaaa"), "password"},
      {"POST", "/admin/users", with(good_user, "password", "short"), "password"},
      {"POST", "/admin/users", with(good_user, "is_admin", true), "is_admin"},
      {"POST", user + "/roles", Json::object(), "role"},
      {"POST", user + "/roles", {{"role", 7}}, "role"},
      {"PUT", "/admin/roles/sales/permissions", {{"permissions", {1}}}, "permissions[0]"},
      {"PUT", "/admin/roles/sales/permissions", Json::object(), "permissions"},
      {"PUT", "/admin/settings/sales-lead-scope", {{"value", "some"}}, "value"},
      {"POST",
       "/admin/providers/10000000-0000-4000-8000-000000000001/members",
       {{"user_id", "not-a-uuid"}},
       "user_id"},
      {"POST",
       "/admin/care-assignments",
       {{"staff_user_id", admin_id_}, {"patient_profile_id", admin_id_}, {"kind", "surgeon"}},
       "kind"},
      {"POST",
       "/admin/care-assignments",
       {{"staff_user_id", admin_id_}, {"kind", "medical"}},
       "patient_profile_id"},
      {"POST",
       "/me/api-tokens",
       {{"name", "x"}, {"scopes", {"users.read"}}, {"expires_in_days", 0}},
       "expires_in_days"},
      {"POST", "/me/api-tokens", {{"name", "x"}, {"scopes", {"no.such_permission"}}}, "scopes"},
      {"POST", "/me/api-tokens", {{"scopes", {"users.read"}}}, "name"},
  };
  for (const Case& c : cases) {
    auto r = Send(c.method, c.path, c.body.dump());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 422) << c.method << " " << c.path << " " << c.body.dump() << ": "
                              << r->body;
    EXPECT_EQ(r->Header("content-type"), "application/problem+json");
    std::set<std::string> named;
    const Json problem = JsonBody(r);
    for (const auto& e : problem["errors"]) named.insert(e["field"].get<std::string>());
    EXPECT_TRUE(named.contains(c.field)) << c.method << " " << c.path << " " << c.body.dump()
                                         << " does not name " << c.field << ": " << r->body;
  }
  // One answer names every bad field at once, the password rules included.
  auto many = Send(
      "POST", "/admin/users",
      with(with(without(good_user, "email"), "password", "password123"), "user_type", "robot")
          .dump());
  std::set<std::string> named;
  const Json problem = JsonBody(many);
  for (const auto& e : problem["errors"]) named.insert(e["field"].get<std::string>());
  EXPECT_EQ(named, (std::set<std::string>{"email", "password", "user_type"})) << many->body;
  // Malformed JSON is a 400, as before.
  EXPECT_EQ(Send("POST", "/admin/users", "{\"email\":")->status, 400);
  EXPECT_EQ(Count("SELECT count(*) FROM users"), users_before) << "an account was created";
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log"), audit_before) << "something ran";
}

TEST_F(AdminRoutesTest, AnswersAreWhatTheDocumentSays) {
  ASSERT_TRUE(db_.conn().Exec(
      "INSERT INTO providers (id, name, type, location, contact_info) VALUES "
      "('10000000-0000-4000-8000-000000000001', 'Clinic P', 'clinic', '{\"city\":\"Istanbul\"}', "
      "'{}')"));
  ASSERT_TRUE(
      db_.conn().Exec("INSERT INTO users (id, email, user_type) VALUES "
                      "('40000000-0000-4000-8000-000000000001', 'pat@example.com', 'patient')"));
  ASSERT_TRUE(db_.conn().Exec(
      "INSERT INTO patient_profiles (id, user_id, patient_id, medical_condition) VALUES "
      "('20000000-0000-4000-8000-00000000000a', '40000000-0000-4000-8000-000000000001', "
      "'PAT-2026-000001', 'hair loss')"));
  auto created = Send("POST", "/admin/users",
                      Json{{"email", "Clinic@Imedic.Example"},
                           {"user_type", "provider"},
                           {"first_name", "C"},
                           {"last_name", "L"},
                           {"roles", {"provider_staff"}}}
                          .dump());
  ExpectAnswerAsDocumented("POST", "/admin/users", created);
  const std::string id = JsonBody(created)["id"];
  EXPECT_EQ(created->Header("location"), "/admin/users/" + id);
  EXPECT_EQ(Count("SELECT email FROM users WHERE email LIKE 'clinic@%'"), "clinic@imedic.example");
  auto taken = Send("POST", "/admin/users",
                    Json{{"email", "clinic@imedic.example"},
                         {"user_type", "staff"},
                         {"first_name", "C"},
                         {"last_name", "L"},
                         {"roles", {"sales"}}}
                        .dump());
  EXPECT_EQ(taken->status, 409) << taken->body;

  ExpectAnswerAsDocumented("POST", "/admin/users/{id}/suspend",
                           Send("POST", "/admin/users/" + id + "/suspend"));
  ExpectAnswerAsDocumented("POST", "/admin/users/{id}/reactivate",
                           Send("POST", "/admin/users/" + id + "/reactivate"));
  EXPECT_EQ(Send("POST", "/admin/users/" + admin_id_ + "/suspend")->status, 409);
  ExpectAnswerAsDocumented(
      "POST", "/admin/users/{id}/roles",
      Send("POST", "/admin/users/" + id + "/roles", Json{{"role", "medical"}}.dump()));
  ExpectAnswerAsDocumented("DELETE", "/admin/users/{id}/roles/{role}",
                           Send("DELETE", "/admin/users/" + id + "/roles/medical"));
  ExpectAnswerAsDocumented(
      "POST", "/admin/providers/{id}/members",
      Send("POST", "/admin/providers/10000000-0000-4000-8000-000000000001/members",
           Json{{"user_id", id}}.dump()));
  auto roles = Send("GET", "/admin/roles");
  ExpectAnswerAsDocumented("GET", "/admin/roles", roles);
  ExpectAnswerAsDocumented("GET", "/admin/permissions", Send("GET", "/admin/permissions"));
  Json sales_permissions;
  for (const auto& r : JsonBody(roles)) {
    if (r["name"] == "sales") sales_permissions = r["permissions"];
  }
  ASSERT_FALSE(sales_permissions.empty());
  ExpectAnswerAsDocumented("PUT", "/admin/roles/{role}/permissions",
                           Send("PUT", "/admin/roles/sales/permissions",
                                Json{{"permissions", sales_permissions}}.dump()));
  ExpectAnswerAsDocumented(
      "PUT", "/admin/settings/sales-lead-scope",
      Send("PUT", "/admin/settings/sales-lead-scope", Json{{"value", "assigned"}}.dump()));
  ASSERT_TRUE(db_.conn().ExecParams("INSERT INTO user_roles (user_id, role) VALUES ($1, 'medical')",
                                    db::Params{admin_id_}));
  ExpectAnswerAsDocumented("POST", "/admin/care-assignments",
                           Send("POST", "/admin/care-assignments",
                                Json{{"staff_user_id", admin_id_},
                                     {"patient_profile_id", "20000000-0000-4000-8000-00000000000a"},
                                     {"kind", "medical"}}
                                    .dump()));
  auto token = Send(
      "POST", "/me/api-tokens",
      Json{{"name", "sync"}, {"scopes", {"users.read"}}, {"expires_in_days", 30}}.dump());
  ExpectAnswerAsDocumented("POST", "/me/api-tokens", token);
  ExpectAnswerAsDocumented("GET", "/me/api-tokens", Send("GET", "/me/api-tokens"));
  ExpectAnswerAsDocumented(
      "DELETE", "/me/api-tokens/{id}",
      Send("DELETE", "/me/api-tokens/" + JsonBody(token)["id"].get<std::string>()));
  ExpectAnswerAsDocumented("GET", "/me", Send("GET", "/me"));
  ExpectAnswerAsDocumented("POST", "/auth/mfa/totp", Send("POST", "/auth/mfa/totp"));
  ExpectAnswerAsDocumented("POST", "/auth/refresh", Send("POST", "/auth/refresh"));
}

// PUT replaces the whole set, including one that overlaps the old set (the
// statement once failed 409 there: its insert did not see its delete).
TEST_F(AdminRoutesTest, ReplacingARolesPermissionsKeepsThoseThatStay) {
  auto put = [&](const Json& permissions) {
    return Send("PUT", "/admin/roles/sales/permissions", Json{{"permissions", permissions}}.dump());
  };
  auto stored = [&] {
    return Count(
        "SELECT string_agg(permission, ',' ORDER BY permission) FROM role_permissions "
        "WHERE role = 'sales'");
  };
  auto first = put({"leads.read", "users.read"});
  ASSERT_EQ(first->status, 200) << first->body;
  EXPECT_EQ(stored(), "leads.read,users.read");
  auto overlapping = put({"users.read", "leads.write"});
  ASSERT_EQ(overlapping->status, 200) << overlapping->body;
  EXPECT_EQ(stored(), "leads.write,users.read");
  auto unknown = put({"users.read", "no.such_permission"});
  EXPECT_EQ(unknown->status, 422) << unknown->body;
  EXPECT_EQ(stored(), "leads.write,users.read") << "a refused change left a trace";
}

// The document describes every identity operation: a declared body where it
// takes one, a declared answer, and the status it really gives.
TEST_F(IdentityTest, EveryIdentityOperationDeclaresItsBodyAndAnswer) {
  int checked = 0;
  for (const auto& r : server_.app().router().routes()) {
    const bool identity = r.pattern.starts_with("/auth/") || r.pattern.starts_with("/admin/") ||
                          r.pattern == "/break-glass" || r.pattern == "/me" ||
                          r.pattern.starts_with("/me/api-tokens");
    if (!identity) continue;
    ++checked;
    const std::string name = r.method + " " + r.pattern;
    EXPECT_NE(r.doc.output, nullptr) << name << " has no declared answer";
    EXPECT_EQ(r.body == http::BodyKind::kJson, r.doc.input != nullptr)
        << name << ": a JSON body must be declared, and only then";
    if (r.doc.input != nullptr) {
      for (const auto& f : r.doc.input->fields) {
        EXPECT_NE(f.access, identity::Access::kServer) << name << ": " << f.name << " in a body";
      }
    }
    if (r.doc.output != nullptr) {
      for (const auto& f : r.doc.output->fields) {
        EXPECT_EQ(f.access, identity::Access::kServer)
            << name << ": " << f.name << " is not an answer";
      }
    }
  }
  EXPECT_EQ(checked, 32);
}

void WithCors(app::ApplicationOptions& o) {
  o.http.cors_origins = {"https://console.imedic.example"};
}

TEST(HttpPolicy, CorsAllowsOnlyListedOrigins) {
  TestDatabase db;
  TestServer server(db.conninfo(), nullptr, WithCors);
  std::map<std::string, std::string> preflight = {{"Origin", "https://console.imedic.example"},
                                                  {"Access-Control-Request-Method", "POST"}};
  auto ok = Request(server.port(), "OPTIONS", "/auth/login", "", "text/plain", preflight);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 204);
  EXPECT_EQ(ok->Header("access-control-allow-origin"), "https://console.imedic.example");
  preflight["Origin"] = "https://evil.example";
  auto bad = Request(server.port(), "OPTIONS", "/auth/login", "", "text/plain", preflight);
  EXPECT_EQ(bad->status, 403);
  EXPECT_EQ(bad->Header("access-control-allow-origin"), "");
  auto get = Request(server.port(), "GET", "/healthz", "", "",
                     {{"Origin", "https://evil.example"}});
  EXPECT_EQ(get->Header("access-control-allow-origin"), "");
}

void WithHttps(app::ApplicationOptions& o) { o.http.require_https = true; }

TEST(HttpPolicy, ProductionModeRequiresForwardedHttps) {
  TestDatabase db;
  TestServer server(db.conninfo(), nullptr, WithHttps);
  EXPECT_EQ(Get(server.port(), "/healthz")->status, 403);
  auto https = Request(server.port(), "GET", "/healthz", "", "", {{"X-Forwarded-Proto", "https"}});
  EXPECT_EQ(https->status, 200);
}

}  // namespace
}  // namespace imedic::testing
