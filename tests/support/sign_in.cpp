#include "support/sign_in.hpp"

#include <gtest/gtest.h>

#include <ctime>

#include "core/base32.hpp"
#include "core/totp.hpp"

namespace imedic::testing {

std::string LastCode(db::Connection& conn, const std::string& recipient,
                     const std::string& mail_template) {
  auto r = conn.ExecParams(
      "SELECT payload->>'code' FROM outbox WHERE recipient = $1 AND template = $2 "
      "ORDER BY id DESC LIMIT 1",
      db::Params{recipient, mail_template});
  EXPECT_TRUE(r && r->rows() == 1) << "no " << mail_template << " mail for " << recipient;
  return r && r->rows() == 1 ? std::string(r->Get(0, 0)) : "";
}

void RegisterVerified(int port, db::Connection& conn, const std::string& email,
                      const std::string& password) {
  auto r = PostJson(
      port, "/auth/register",
      {{"email", email}, {"password", password}, {"first_name", "Emma"}, {"last_name", "Schmidt"}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 202) << r->body;
  auto v = PostJson(port, "/auth/verify-email",
                    {{"email", email}, {"code", LastCode(conn, email, "email_verification")}});
  ASSERT_TRUE(v);
  ASSERT_EQ(v->status, 200) << v->body;
}

std::string SignIn(int port, const std::string& email, const std::string& password,
                   const nlohmann::json& extra) {
  nlohmann::json body = {{"email", email}, {"password", password}};
  for (const auto& [k, v] : extra.items()) body[k] = v;
  auto r = PostJson(port, "/auth/login", body);
  EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
  return r && r->status == 200 ? JsonBody(r)["token"].get<std::string>() : "";
}

std::string EnrolTotp(int port, const std::string& token) {
  auto setup = PostJson(port, "/auth/mfa/totp", nlohmann::json::object(), token);
  EXPECT_TRUE(setup && setup->status == 201) << (setup ? setup->body : "no answer");
  if (!setup || setup->status != 201) return "";
  auto secret = core::Base32Decode(JsonBody(setup)["secret"].get<std::string>());
  EXPECT_TRUE(secret) << "the secret is not base32";
  if (!secret) return "";
  auto confirm = PostJson(port, "/auth/mfa/totp/confirm",
                          {{"code", core::TotpCode(*secret, std::time(nullptr))}}, token);
  EXPECT_TRUE(confirm && confirm->status == 200) << (confirm ? confirm->body : "no answer");
  return *secret;
}

}  // namespace imedic::testing
