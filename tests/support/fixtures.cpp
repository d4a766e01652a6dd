#include "support/fixtures.hpp"

#include <gtest/gtest.h>

#include <sodium.h>

#include <stdexcept>

#include "core/base64.hpp"
#include "core/opaque_token.hpp"

namespace imedic::testing {

namespace {

void Write(db::Connection& conn, std::string_view sql, const db::Params& params) {
  auto r = conn.ExecParams(sql, params);
  if (!r) {
    throw std::runtime_error("fixture row refused: " + std::string(sql) + ": " +
                             r.error().internal_detail);
  }
}

}  // namespace

void AddUser(db::Connection& conn, std::string_view id, std::string_view email,
             std::string_view user_type, std::initializer_list<std::string_view> roles) {
  Write(conn, "INSERT INTO users (id, email, user_type) VALUES ($1, $2, $3)",
        db::Params{id, email, user_type});
  for (std::string_view role : roles) {
    Write(conn, "INSERT INTO user_roles (user_id, role) VALUES ($1, $2)", db::Params{id, role});
  }
}

void AddProvider(db::Connection& conn, const ProviderRow& p) {
  db::Params params{p.id, p.name, p.location_json, p.contact_json};
  if (p.rating) {
    params.Add(*p.rating);
  } else {
    params.Add(std::nullopt);
  }
  Write(conn,
        "INSERT INTO providers (id, name, type, location, contact_info, rating) "
        "VALUES ($1, $2, 'clinic', $3, $4, $5)",
        params);
}

void AddProviderMember(db::Connection& conn, std::string_view user_id,
                       std::string_view provider_id) {
  Write(conn, "INSERT INTO provider_members (user_id, provider_id) VALUES ($1, $2)",
        db::Params{user_id, provider_id});
}

std::string MintSession(db::Connection& conn, std::string_view user_id, bool mfa_verified) {
  std::string token = core::NewOpaqueToken("imd_s_");
  auto r = conn.ExecParams(
      "INSERT INTO sessions (user_id, token_hash, expires_at, idle_timeout_seconds, "
      "mfa_verified) VALUES ($1, $2, now() + interval '1 hour', 3600, $3::boolean)",
      db::Params{user_id, core::TokenHash(token), mfa_verified ? "true" : "false"});
  EXPECT_TRUE(r) << "session for " << user_id << ": " << (r ? "" : r.error().internal_detail);
  return token;
}

std::optional<HttpResponse> CallAs(int port, db::Connection& conn, std::string_view user_id,
                                   const std::string& method, const std::string& path,
                                   const std::string& body, const std::string& content_type,
                                   std::map<std::string, std::string> headers) {
  if (!user_id.empty()) headers["Authorization"] = "Bearer " + MintSession(conn, user_id);
  return Request(port, method, path, body, content_type, headers);
}

nlohmann::json JsonBody(const std::optional<HttpResponse>& r) {
  return r ? nlohmann::json::parse(r->body, nullptr, false) : nlohmann::json();
}

std::optional<HttpResponse> PostJson(int port, const std::string& path, const nlohmann::json& body,
                                     const std::string& token) {
  return Authed(port, token, "POST", path, body.dump());
}

std::set<std::string> ProblemFields(const HttpResponse& r) {
  std::set<std::string> out;
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.contains("errors")) return out;
  for (const auto& e : j["errors"]) out.insert(e.value("field", ""));
  return out;
}

std::string Scalar(db::Connection& conn, const std::string& sql, const db::Params& params) {
  auto r = conn.ExecParams(sql, params);
  EXPECT_TRUE(r) << sql << ": " << (r ? "" : r.error().internal_detail);
  if (!r) return "<no row>";
  EXPECT_EQ(r->rows(), 1) << sql;
  if (r->rows() != 1) return "<no row>";
  return std::string(r->Get(0, 0));
}

core::Keyring RandomKeyring(const std::string& key_id) {
  std::string raw(32, '\0');
  randombytes_buf(raw.data(), raw.size());
  auto ring = core::Keyring::FromBase64(key_id, core::Base64Encode(raw));
  if (!ring) throw std::runtime_error("keyring " + key_id + ": " + ring.error().internal_detail);
  return std::move(*ring);
}

}  // namespace imedic::testing
