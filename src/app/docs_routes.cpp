#include "app/docs_routes.hpp"

#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <utility>

#include "openapi/openapi.hpp"

namespace imedic::app {

namespace {

using http::Response;

// The files of swagger-ui-dist the page uses: nothing else is ever read, so
// a name can never reach outside the folder.
struct Asset {
  std::string_view name;
  std::string_view content_type;
};
constexpr Asset kNpmAssets[] = {
    {"swagger-ui-bundle.js", "text/javascript; charset=utf-8"},
    {"swagger-ui.css", "text/css; charset=utf-8"},
    {"favicon-32x32.png", "image/png"},
    {"favicon-16x16.png", "image/png"},
};

// Our own start-up script: an inline script would need 'unsafe-inline'.
constexpr std::string_view kInitScriptName = "imedic-docs.js";
constexpr std::string_view kInitScript = R"js(window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
});
)js";

constexpr std::string_view kPage = R"html(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>imedic API reference</title>
<link rel="icon" type="image/png" sizes="32x32" href="/docs/assets/favicon-32x32.png">
<link rel="icon" type="image/png" sizes="16x16" href="/docs/assets/favicon-16x16.png">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/imedic-docs.js"></script>
</body>
</html>
)html";

constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

// The scripts change only with the pinned package version (web/package.json).
constexpr std::string_view kAssetCacheControl = "public, max-age=3600";

constexpr std::size_t kMaxAssetBytes = 16 << 20;

core::Error AssetsMissing(const std::string& dir) {
  core::Error e(core::ErrorCode::kUnavailable,
                "the API reference page's assets are not installed: run `npm ci` in web/ "
                "(./dev setup does it), or set IMEDIC_WEB_ASSETS_DIR to a swagger-ui-dist "
                "folder; /openapi.json works without them",
                {}, "web assets missing in IMEDIC_WEB_ASSETS_DIR=" + dir);
  e.retry_after_seconds = 60;
  return e;
}

// Reads the allow-listed files once and keeps them; a missing file is not
// remembered, so installing the assets later needs no restart.
class AssetCache {
 public:
  explicit AssetCache(std::string dir) : dir_(std::move(dir)) {}

  core::Result<std::shared_ptr<const std::string>> Get(std::string_view name) {
    std::lock_guard lock(mu_);
    if (auto it = files_.find(name); it != files_.end()) return it->second;
    if (dir_.empty()) return core::Fail(AssetsMissing("(unset)"));
    std::ifstream in(dir_ + "/" + std::string(name), std::ios::binary);
    if (!in) return core::Fail(AssetsMissing(dir_));
    std::ostringstream out;
    out << in.rdbuf();
    std::string data = std::move(out).str();
    if (data.empty() || data.size() > kMaxAssetBytes) return core::Fail(AssetsMissing(dir_));
    auto shared = std::make_shared<const std::string>(std::move(data));
    files_.emplace(std::string(name), shared);
    return shared;
  }

 private:
  const std::string dir_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<const std::string>, std::less<>> files_;  // guarded by mu_
};

struct OpenApiState {
  std::once_flag once;
  std::string body;  // written once under `once`, then read-only
};

// What the API reference page and its assets answer with, for /openapi.json.
http::RouteDoc PageDoc() {
  http::RouteDoc doc;
  doc.media = {"text/html"};
  return doc;
}

http::RouteDoc AssetDoc() {
  http::RouteDoc doc;
  doc.media = {"text/javascript", "text/css", "image/png"};
  std::vector<std::string> names;
  for (const Asset& a : kNpmAssets) names.emplace_back(a.name);
  names.emplace_back(kInitScriptName);
  doc.path_values = {{"name", std::move(names)}};
  return doc;
}

}  // namespace

nlohmann::json OpenApiDocument(const http::Router& router, std::string_view version) {
  return openapi::BuildOpenApi(router.routes(), version);
}

void RegisterDocsRoutes(http::Router& router, std::string version, std::string assets_dir) {
  auto state = std::make_shared<OpenApiState>();
  const http::Router* table = &router;
  router.Add({"GET", "/openapi.json",
              [state, table, version](http::RequestContext&) -> core::Result<Response> {
                std::call_once(state->once,
                               [&] { state->body = OpenApiDocument(*table, version).dump(); });
                return Response::Json(200, state->body);
              },
              http::kPublic, "none", "The OpenAPI 3.1 description of this API"});

  auto cache = std::make_shared<AssetCache>(std::move(assets_dir));
  router.Add({"GET", "/docs",
              [cache](http::RequestContext&) -> core::Result<Response> {
                // Without the renderer the page would be blank: say so instead.
                if (auto bundle = cache->Get("swagger-ui-bundle.js"); !bundle) {
                  return core::Fail(bundle.error());
                }
                Response r;
                r.content_type = "text/html; charset=utf-8";
                r.body = std::string(kPage);
                r.headers.emplace_back("content-security-policy",
                                       std::string(kContentSecurityPolicy));
                r.headers.emplace_back("cache-control", "no-cache");
                return r;
              },
              http::kPublic, "none", "The API reference page (renders /openapi.json)",
              http::BodyKind::kNone, http::RowKind::kNone, PageDoc()});

  router.Add({"GET", "/docs/assets/{name}",
              [cache](http::RequestContext& ctx) -> core::Result<Response> {
                std::string_view name = ctx.params.Get("name");
                Response r;
                r.headers.emplace_back("cache-control", std::string(kAssetCacheControl));
                if (name == kInitScriptName) {
                  r.content_type = "text/javascript; charset=utf-8";
                  r.body = std::string(kInitScript);
                  return r;
                }
                for (const Asset& a : kNpmAssets) {
                  if (a.name != name) continue;
                  auto data = cache->Get(a.name);
                  if (!data) return core::Fail(data.error());
                  r.content_type = std::string(a.content_type);
                  r.body = **data;
                  return r;
                }
                return core::Fail(
                    core::Error(core::ErrorCode::kNotFound, "no such asset of the API reference"));
              },
              http::kPublic, "none", "A script, style sheet or icon of the API reference page",
              http::BodyKind::kNone, http::RowKind::kNone, AssetDoc()});
}

}  // namespace imedic::app
