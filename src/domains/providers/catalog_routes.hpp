// The public catalog reads served through the CatalogCache, with HTTP
// caching headers: provider search, providers, procedures, availability
// slots (lists and pages) and a provider's published reviews.
//
// Each of those routes is registered where its domain registers it; this
// wraps their handlers afterwards (http::Router::Find), so the handlers stay
// plain database reads. A wrapped handler:
//  - builds the normalised key of the request (the route, its path
//    parameters, its decoded query parameters sorted by name; for search,
//    the checked SearchQuery with its defaults applied), so equivalent URLs
//    share one entry;
//  - answers a hit from memory, without a pool connection;
//  - on a miss runs the handler and stores a 200 answer with what it was
//    computed from (CatalogDependency), unless an invalidation came between;
//  - adds `Cache-Control: public, max-age=N, stale-while-revalidate=M` to
//    its 200 answers (hits and misses alike; the dispatcher's strong ETag
//    and If-None-Match → 304 apply to them as to every GET).
// A write through this node to a catalog table (a route whose documented
// resource is one: providers, procedures, availability, reviews) waits,
// once it succeeded, for `settle` (the listener's Sync): the next read on
// this node then sees the write, as it would without a cache.
// These routes are public: the dispatcher gives their handlers no
// principal, so their answers never depend on the caller.
#pragma once

#include <chrono>
#include <functional>

#include "domains/providers/catalog_cache.hpp"
#include "http/router.hpp"

namespace imedic::providers {

struct CatalogHttpOptions {
  std::chrono::seconds max_age{10};                 // IMEDIC_CATALOG_MAX_AGE_SECONDS
  std::chrono::seconds stale_while_revalidate{30};  // IMEDIC_CATALOG_STALE_SECONDS
};

// Wraps the catalog routes' handlers; `cache` null: headers only (the cache
// is off, `settle` unused). Call after every catalog route is registered.
void CacheCatalogRoutes(http::Router& router, CatalogCache* cache, CatalogHttpOptions options,
                        const std::function<void()>& settle);

}  // namespace imedic::providers
