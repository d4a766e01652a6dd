// The OpenAPI document of the live route table, and /openapi.json, /docs and
// its assets through the real server. None of this touches the database, so
// the server runs over a connection string that is never used.
#include "openapi/openapi.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>

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
