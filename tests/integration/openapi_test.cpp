// The OpenAPI document of the live route table, and /openapi.json, /docs and
// its assets through the real server. None of this touches the database, so
// the server runs over a connection string that is never used.
#include "openapi/openapi.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/docs_routes.hpp"
#include "support/http_client.hpp"
#include "support/test_server.hpp"

namespace imedic::testing {
namespace {

using nlohmann::json;

constexpr const char* kNoDatabase = "host=/nonexistent-imedic-openapi-test dbname=none";

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

void WithAssets(app::ApplicationOptions& o) {
  o.web_assets_dir = IMEDIC_SOURCE_DIR "/web/node_modules/swagger-ui-dist";
}
void WithoutAssets(app::ApplicationOptions& o) { o.web_assets_dir = "/nonexistent-imedic-assets"; }

TEST(OpenApiDocument, ListsEveryRouteOfTheTable) {
  TestServer server(kNoDatabase);
  const auto& routes = server.app().router().routes();
  json doc = app::OpenApiDocument(server.app().router(), "test");
  ASSERT_EQ(doc["openapi"], "3.1.0");
  std::set<std::string> ids;
  std::size_t operations = 0;
  for (const auto& [path, item] : doc["paths"].items()) operations += item.size();
  EXPECT_EQ(operations, routes.size());
  for (const http::Route& r : routes) {
    SCOPED_TRACE(r.method + " " + r.pattern);
    ASSERT_TRUE(doc["paths"].contains(r.pattern));
    ASSERT_TRUE(doc["paths"][r.pattern].contains(Lower(r.method)));
    const json& op = doc["paths"][r.pattern][Lower(r.method)];
    EXPECT_TRUE(ids.insert(op["operationId"].get<std::string>()).second)
        << "duplicate operationId " << op["operationId"];
    EXPECT_EQ(op["x-permission"], r.permission);
    EXPECT_EQ(op["x-audit"], r.audit_tag);
    EXPECT_EQ(op["security"].empty(), r.permission == http::kPublic);
    bool has_2xx = false;
    bool has_4xx = false;
    for (const auto& [status, _] : op["responses"].items()) {
      has_2xx = has_2xx || status[0] == '2';
      has_4xx = has_4xx || status[0] == '4';
    }
    EXPECT_TRUE(has_2xx);
    EXPECT_TRUE(has_4xx);
    // Every {name} of the pattern is a declared path parameter.
    std::size_t pos = 0;
    while ((pos = r.pattern.find('{', pos)) != std::string::npos) {
      std::string name = r.pattern.substr(pos + 1, r.pattern.find('}', pos) - pos - 1);
      bool declared = false;
      for (const auto& p : op.value("parameters", json::array())) {
        declared = declared || (p["in"] == "path" && p["name"] == name && p["required"] == true);
      }
      EXPECT_TRUE(declared) << name;
      ++pos;
    }
    if (r.permission != http::kPublic) {
      EXPECT_TRUE(op["responses"].contains("401"));
      EXPECT_TRUE(op["responses"].contains("403"));
    }
    if (r.body == http::BodyKind::kJson) {
      EXPECT_TRUE(op.contains("requestBody"));
      EXPECT_TRUE(op["responses"].contains("415"));
      EXPECT_TRUE(op["responses"].contains("422"));
    }
  }
  // Every $ref points at something the document holds.
  std::string text = doc.dump();
  for (std::size_t at = text.find("\"$ref\":\""); at != std::string::npos;
       at = text.find("\"$ref\":\"", at + 1)) {
    std::size_t start = at + 8;
    std::string ref = text.substr(start, text.find('"', start) - start);
    ASSERT_TRUE(ref.starts_with("#/")) << ref;
    EXPECT_TRUE(doc.contains(json::json_pointer(ref.substr(1)))) << ref;
  }
}

// The facts that used to live in lists of patterns away from the rows
// (app/routes.cpp's access-change table, the server's health special cases,
// the OpenAPI generator's sign-in and hashing checks) are declared on the
// rows: exactly these routes carry them.
std::map<std::string, std::string> RoutesWhere(
    const std::vector<http::Route>& routes,
    const std::function<std::string(const http::Route&)>& fact) {
  std::map<std::string, std::string> out;
  for (const http::Route& r : routes) {
    if (std::string value = fact(r); !value.empty()) out[r.method + " " + r.pattern] = value;
  }
  return out;
}

TEST(RouteFacts, EveryAccessChangeIsDeclaredOnItsRow) {
  TestServer server(kNoDatabase);
  auto marked = RoutesWhere(server.app().router().routes(), [](const http::Route& r) {
    switch (r.access_change) {
      case http::AccessChange::kNone: return std::string();
      case http::AccessChange::kCaller: return std::string("caller");
      case http::AccessChange::kAnyone: return std::string("anyone");
    }
    return std::string("?");
  });
  const std::map<std::string, std::string> expected = {
      {"POST /auth/refresh", "caller"},
      {"POST /auth/logout", "caller"},
      {"POST /auth/logout-all", "caller"},
      {"POST /auth/password/change", "caller"},
      {"POST /auth/mfa/totp", "caller"},
      {"POST /auth/mfa/totp/confirm", "caller"},
      {"POST /me/patient-profile", "caller"},
      {"DELETE /me/api-tokens/{id}", "caller"},
      {"POST /auth/password/reset", "anyone"},
      {"POST /admin/users/{id}/suspend", "anyone"},
      {"POST /admin/users/{id}/reactivate", "anyone"},
      {"POST /admin/users/{id}/mfa/reset", "anyone"},
      {"POST /admin/users/{id}/roles", "anyone"},
      {"DELETE /admin/users/{id}/roles/{role}", "anyone"},
      {"PUT /admin/roles/{role}/permissions", "anyone"},
      {"PUT /admin/settings/sales-lead-scope", "anyone"},
      {"POST /admin/providers/{id}/members", "anyone"},
      {"DELETE /patients/{id}", "anyone"},
      {"POST /patients/{id}/restore", "anyone"},
  };
  EXPECT_EQ(marked, expected);
}

TEST(RouteFacts, SheddingHashingAndExtraErrorsAreDeclaredOnTheirRows) {
  TestServer server(kNoDatabase);
  const auto& routes = server.app().router().routes();
  auto shedding = RoutesWhere(routes, [](const http::Route& r) {
    switch (r.shedding) {
      case http::Shedding::kShed: return std::string();
      case http::Shedding::kExempt: return std::string("exempt");
      case http::Shedding::kIoThread: return std::string("io-thread");
    }
    return std::string("?");
  });
  EXPECT_EQ(shedding, (std::map<std::string, std::string>{{"GET /healthz", "io-thread"},
                                                          {"GET /readyz", "exempt"},
                                                          {"GET /metrics", "exempt"}}));
  auto hashing = RoutesWhere(
      routes, [](const http::Route& r) { return r.hashes_passwords ? "argon2id" : ""; });
  EXPECT_EQ(hashing,
            (std::map<std::string, std::string>{{"POST /auth/register", "argon2id"},
                                                {"POST /auth/login", "argon2id"},
                                                {"POST /auth/password/reset", "argon2id"},
                                                {"POST /auth/password/change", "argon2id"},
                                                {"POST /admin/users", "argon2id"},
                                                {"POST /auth/invitations/accept", "argon2id"}}));
  auto errors = RoutesWhere(routes, [](const http::Route& r) {
    std::string text;
    for (int status : r.doc.errors) text += (text.empty() ? "" : ",") + std::to_string(status);
    return text;
  });
  // Sign-ins answer 401 for a failed sign-in and 429 for their throttles;
  // commands that meet a state they cannot change answer 409 (an account
  // that exists, one's own status, a second factor already enrolled, a phone
  // number taken, a booking, consultation, quote or aftercare item past that
  // step, a protocol position taken); the
  // payment webhook 401 for a bad signature and 409 for a refund beyond what
  // is paid; the messaging webhooks 401 for a bad signature (the WhatsApp
  // handshake 403 for a wrong token; Twilio's form body 400 when malformed); lists with their own
  // query grammar 422; routes without {id} that still find nothing (the caller's own profile, a
  // patient out of reach) 404; /metrics 401 for a wrong scrape token and 404 when off; the
  // public lead form 413 past its own 16 KiB and 429 past its rate limits, a lead's stage move
  // 409 when the machine refuses it, its assignment by the rules 409 when no rule or rep fits;
  // a send into a conversation 409 on an opted-out channel or without marketing consent, a
  // template registered twice 409.
  // an export request 409 when a concurrent twin holds the queue, its download 409 before the
  // archive is ready, 410 after its 24 hours and 422 without its token.
  // a lead's conversion 403 without patients.register and 409 when converted already (or the
  // email has an account, as for POST /patients), a campaign's status move and a mapped UTM
  // value 409, the report's and the spend list's own grammar 422.
  EXPECT_EQ(errors,
            (std::map<std::string, std::string>{{"GET /metrics", "401,404"},
                                                {"POST /auth/login", "401,429"},
                                                {"POST /auth/external/{provider}", "401,429"},
                                                {"POST /admin/users", "409"},
                                                {"POST /admin/users/{id}/suspend", "409"},
                                                {"POST /admin/users/{id}/reactivate", "409"},
                                                {"POST /auth/mfa/totp", "409"},
                                                {"POST /auth/mfa/totp/confirm", "409"},
                                                {"POST /auth/phone/verification", "409"},
                                                {"POST /bookings/{id}/cancel", "409"},
                                                {"POST /bookings/{id}/complete", "409"},
                                                {"POST /bookings/{id}/no-show", "409"},
                                                {"POST /webhooks/payments", "401,409"},
                                                {"GET /webhooks/whatsapp", "403"},
                                                {"POST /webhooks/whatsapp", "401"},
                                                {"POST /webhooks/twilio/sms", "400,401"},
                                                {"POST /webhooks/twilio/status", "400,401"},
                                                {"POST /webhooks/email", "401"},
                                                {"POST /consultations", "404"},
                                                {"GET /consultations", "422"},
                                                {"GET /me/consultations", "404,422"},
                                                {"POST /consultations/{id}/confirm", "409"},
                                                {"POST /consultations/{id}/decline", "409"},
                                                {"POST /consultations/{id}/complete", "409"},
                                                {"POST /consultations/{id}/cancel", "409"},
                                                {"POST /consultations/{id}/no-show", "409"},
                                                {"POST /consultations/{id}/quotes", "409"},
                                                {"POST /quotes/{id}/accept", "409"},
                                                {"GET /me/journey", "404,422"},
                                                {"GET /patients/{id}/journey", "422"},
                                                {"POST /reviews", "409"},
                                                {"GET /providers/{id}/reviews", "422"},
                                                {"GET /me/reviews", "404"},
                                                {"POST /bookings/{id}/outcome", "409"},
                                                {"POST /bookings/{id}/travel", "409"},
                                                {"GET /travel", "422"},
                                                {"PATCH /aftercare/protocols/{id}", "409"},
                                                {"POST /follow-ups/{id}/complete", "409"},
                                                {"POST /follow-ups/{id}/reschedule", "409"},
                                                {"POST /leads/capture", "413,429"},
                                                {"GET /leads", "422"},
                                                {"GET /leads/export.csv", "422"},
                                                {"POST /leads/{id}/stage", "409"},
                                                {"POST /leads/{id}/assign", "409"},
                                                {"GET /leads/{id}/activities", "422"},
                                                {"GET /conversations", "422"},
                                                {"GET /conversations/{id}/messages", "422"},
                                                {"POST /conversations/{id}/messages", "409"},
                                                {"GET /me/conversations", "422"},
                                                {"GET /me/conversations/{id}/messages", "422"},
                                                {"GET /message-templates", "422"},
                                                {"POST /message-templates", "409"},
                                                {"POST /me/export", "409"},
                                                {"POST /users/{id}/export", "409"},
                                                {"GET /exports/{id}/download", "409,410,422"},
                                                {"POST /leads/{id}/convert", "403,409"},
                                                {"POST /patients", "409"},
                                                {"GET /campaigns/report", "422"},
                                                {"PATCH /campaigns/{id}", "409"},
                                                {"GET /campaigns/{id}/spend", "422"},
                                                {"POST /campaigns/{id}/utm-mappings", "409"},
                                                {"PUT /lead-scoring/config", "409"},
                                                {"GET /experiments/sample-size", "422"},
                                                {"POST /experiments", "409"},
                                                {"POST /experiments/{id}/status", "409"},
                                                {"POST /experiments/{id}/exposures", "409"},
                                                {"POST /experiments/{id}/conversions", "409"}}));
}

TEST(OpenApiHttp, ServesTheDocument) {
  TestServer server(kNoDatabase);
  auto r = Get(server.port(), "/openapi.json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("content-type"), "application/json");
  json doc = json::parse(r->body, nullptr, false);
  ASSERT_FALSE(doc.is_discarded());
  EXPECT_EQ(doc["openapi"], "3.1.0");
  EXPECT_EQ(doc["info"]["version"], "test");
  EXPECT_TRUE(doc["paths"].contains("/openapi.json"));
  EXPECT_TRUE(doc["paths"].contains("/docs"));
  EXPECT_EQ(doc, app::OpenApiDocument(server.app().router(), "test"));
  // Built once: a second answer is the same bytes.
  auto again = Get(server.port(), "/openapi.json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, r->body);
}

TEST(OpenApiHttp, ServesTheReferencePageAndItsAssets) {
  TestServer server(kNoDatabase, nullptr, WithAssets);
  auto page = Get(server.port(), "/docs");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body << "\n(run `npm ci` in web/)";
  EXPECT_EQ(page->Header("content-type"), "text/html; charset=utf-8");
  const std::string csp = page->Header("content-security-policy");
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe"), std::string::npos);
  EXPECT_EQ(csp.find("http"), std::string::npos);  // no other origin
  EXPECT_NE(page->body.find("/docs/assets/swagger-ui-bundle.js"), std::string::npos);
  EXPECT_EQ(page->body.find("<script>"), std::string::npos);  // no inline script

  struct Expect {
    const char* name;
    const char* type;
  };
  for (auto [name, type] : {Expect{"swagger-ui-bundle.js", "text/javascript; charset=utf-8"},
                            Expect{"swagger-ui.css", "text/css; charset=utf-8"},
                            Expect{"favicon-32x32.png", "image/png"},
                            Expect{"imedic-docs.js", "text/javascript; charset=utf-8"}}) {
    auto a = Get(server.port(), std::string("/docs/assets/") + name);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->status, 200) << name;
    EXPECT_EQ(a->Header("content-type"), type) << name;
    EXPECT_EQ(a->Header("cache-control"), "public, max-age=3600") << name;
    EXPECT_EQ(a->Header("x-content-type-options"), "nosniff");
    EXPECT_FALSE(a->body.empty());
  }
  auto init = Get(server.port(), "/docs/assets/imedic-docs.js");
  ASSERT_TRUE(init);
  EXPECT_NE(init->body.find("/openapi.json"), std::string::npos);

  // Only allow-listed names: other files of the package, and any attempt to
  // leave the folder, are 404 (an encoded '/' is refused by the router).
  for (const char* path : {"/docs/assets/index.html", "/docs/assets/package.json",
                           "/docs/assets/..%2F..%2Fpackage.json", "/docs/assets/..",
                           "/docs/assets/swagger-ui.js.map"}) {
    auto a = Get(server.port(), path);
    ASSERT_TRUE(a);
    EXPECT_TRUE(a->status == 404 || a->status == 400) << path << " " << a->status;
    EXPECT_EQ(a->Header("content-type"), "application/problem+json") << path;
  }
}

TEST(OpenApiHttp, MissingAssetsAnswer503NotACrash) {
  TestServer server(kNoDatabase, nullptr, WithoutAssets);
  for (const char* path : {"/docs", "/docs/assets/swagger-ui.css"}) {
    auto r = Get(server.port(), path);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 503) << path;
    EXPECT_EQ(r->Header("content-type"), "application/problem+json");
    EXPECT_NE(r->body.find("npm ci"), std::string::npos) << r->body;
    EXPECT_EQ(r->body.find("nonexistent"), std::string::npos) << "no server paths in answers";
  }
  auto doc = Get(server.port(), "/openapi.json");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->status, 200);
}

}  // namespace
}  // namespace imedic::testing
