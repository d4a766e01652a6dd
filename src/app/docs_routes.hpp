// The API description and its reference page:
//   GET /openapi.json        the OpenAPI 3.1 document of the route table
//   GET /docs                an HTML page that renders it (Swagger UI)
//   GET /docs/assets/{name}  the page's scripts and styles, from the npm
//                            package swagger-ui-dist in `assets_dir`
// All public. The page loads nothing from other origins; its
// Content-Security-Policy allows only 'self' (and data: images, which
// Swagger UI's stylesheet embeds).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "http/router.hpp"

namespace imedic::app {

// The document for the routes of `router` (openapi::BuildOpenApi): everything
// it says of a route comes from the route's row.
nlohmann::json OpenApiDocument(const http::Router& router, std::string_view version);

// Registers the three routes. Call it LAST: /openapi.json describes the
// routes the router holds when it is first requested (it is built once,
// then served from memory). When the assets are missing from `assets_dir`,
// /docs and its assets answer 503 saying how to install them.
void RegisterDocsRoutes(http::Router& router, std::string version, std::string assets_dir);

}  // namespace imedic::app
