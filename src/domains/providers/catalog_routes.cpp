#include "domains/providers/catalog_routes.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "domains/providers/search_routes.hpp"
#include "http/query_string.hpp"
#include "records/resource.hpp"

namespace imedic::providers {

namespace {

// What a route's answers are computed from, given its {id} ("" when it has none).
using Dependencies = std::vector<CatalogDependency> (*)(const std::string& id);

// Appends one length-prefixed field, so no value can forge a separator.
void Field(std::string& key, std::string_view value) {
  key += std::to_string(value.size());
  key += ':';
  key += value;
}

// The route, its {id} and its decoded query pairs sorted (a stable sort
// keeps repeated parameters in their order, which can matter); nullopt when
// the query does not decode (the handler refuses it).
std::optional<std::string> GenericKey(std::string_view pattern, const http::RequestContext& ctx) {
  auto pairs = http::ParseQueryString(ctx.request.query);
  if (!pairs) return std::nullopt;
  std::stable_sort(pairs->begin(), pairs->end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string key(pattern);
  key += '\n';
  Field(key, ctx.params.Get("id"));
  for (const auto& [name, value] : *pairs) {
    Field(key, name);
    Field(key, value);
  }
  return key;
}

// Search: the checked query, defaults applied (order=relevance, limit=20),
// so `?country=tr` and `?limit=20&country=TR&order=relevance` share an entry.
std::optional<std::string> SearchKey(std::string_view pattern, const http::RequestContext& ctx) {
  auto q = ParseSearchQuery(ctx.request.query);
  if (!q) return std::nullopt;
  std::string key(pattern);
  key += '\n';
  const auto opt = [&key](std::string_view name, const std::optional<std::string>& v) {
    if (!v) return;
    Field(key, name);
    Field(key, *v);
  };
  opt("budget", q->budget);
  opt("category", q->category);
  opt("city", q->city);
  opt("country", q->country);
  opt("currency", q->currency);
  opt("language", q->language);
  opt("min_rating", q->min_rating);
  opt("specialty", q->specialty);
  if (q->verified) opt("verified", std::string("true"));
  opt("order", q->order);
  opt("limit", std::to_string(q->limit));
  if (q->after) {
    Field(key, "after");
    for (const auto& k : *q->after) Field(key, k);
  }
  return key;
}

using KeyOf = std::optional<std::string> (*)(std::string_view, const http::RequestContext&);

struct CatalogRoute {
  const char* pattern;
  KeyOf key;
  Dependencies depends_on;
};

std::vector<CatalogDependency> One(const char* table, const std::string& id) {
  return {{table, id}};
}

// Search reads providers and their procedures (ratings are provider
// columns, kept by the reviews' trigger, so a review changes a provider).
const std::vector<CatalogRoute>& Routes() {
  static const std::vector<CatalogRoute> routes = {
      {"/search/providers", SearchKey,
       [](const std::string&) {
         return std::vector<CatalogDependency>{{"providers", ""}, {"procedures", ""}};
       }},
      {"/providers", GenericKey, [](const std::string&) { return One("providers", ""); }},
      {"/providers/{id}", GenericKey, [](const std::string& id) { return One("providers", id); }},
      {"/providers/{id}/procedures", GenericKey,
       [](const std::string& id) { return One("procedures", id); }},
      {"/procedures", GenericKey, [](const std::string&) { return One("procedures", ""); }},
      {"/procedures/{id}", GenericKey, [](const std::string& id) { return One("procedures", id); }},
      {"/providers/{id}/availability", GenericKey,
       [](const std::string& id) { return One("provider_availability", id); }},
      {"/availability/{id}", GenericKey,
       [](const std::string& id) { return One("provider_availability", id); }},
      {"/providers/{id}/reviews", GenericKey,
       [](const std::string& id) { return One("reviews", id); }},
  };
  return routes;
}

void AddCacheControl(http::Response& response, const std::string& value) {
  if (response.status == 200) response.headers.emplace_back("cache-control", value);
}

bool IsCatalogTable(const records::Resource* r) {
  if (r == nullptr) return false;
  const std::string_view t = r->table;
  return t == "providers" || t == "procedures" || t == "provider_availability" || t == "reviews";
}

// A write whose documented resource (or body, or answer) is a catalog row.
bool WritesCatalog(const http::Route& route) {
  return route.method != "GET" && route.method != "HEAD" &&
         (IsCatalogTable(route.doc.resource) || IsCatalogTable(route.doc.input) ||
          IsCatalogTable(route.doc.output));
}

}  // namespace

void CacheCatalogRoutes(http::Router& router, CatalogCache* cache, CatalogHttpOptions options,
                        const std::function<void()>& settle) {
  const std::string cache_control =
      "public, max-age=" + std::to_string(options.max_age.count()) +
      ", stale-while-revalidate=" + std::to_string(options.stale_while_revalidate.count());
  for (const CatalogRoute& c : Routes()) {
    http::Route& route = router.Find("GET", c.pattern);
    if (route.permission != http::kPublic) {
      // A protected answer may depend on its caller: never shared.
      throw std::logic_error(std::string("catalog cache: ") + c.pattern + " is not public");
    }
    route.handler = [inner = std::move(route.handler), cache, cache_control,
                     c](http::RequestContext& ctx) -> core::Result<http::Response> {
      std::optional<std::string> key;
      if (cache != nullptr) key = c.key(c.pattern, ctx);
      if (!key) {
        auto r = inner(ctx);
        if (r) AddCacheControl(*r, cache_control);
        return r;
      }
      if (auto hit = cache->Find(*key)) {
        http::Response out = http::Response::Json(200, hit->body);
        out.version = hit->version;
        AddCacheControl(out, cache_control);
        return out;
      }
      const std::uint64_t ticket = cache->Ticket();
      auto r = inner(ctx);
      if (!r) return r;
      if (r->status == 200 && r->headers.empty() &&
          r->content_type.starts_with("application/json")) {
        cache->Store(ticket, *key, {r->body, r->version},
                     c.depends_on(std::string(ctx.params.Get("id"))));
      }
      AddCacheControl(*r, cache_control);
      return r;
    };
  }
  if (cache == nullptr || !settle) return;
  for (const http::Route& listed : router.routes()) {
    if (!WritesCatalog(listed)) continue;
    http::Route& route = router.Find(listed.method, listed.pattern);
    route.handler = [inner = std::move(route.handler),
                     settle](http::RequestContext& ctx) -> core::Result<http::Response> {
      auto r = inner(ctx);
      if (r && r->status < 300) settle();
      return r;
    };
  }
}

}  // namespace imedic::providers
