// Public provider search for patients: GET /search/providers.
//
// Filters (all optional): specialty, category, city, country, language,
// verified, budget + currency, min_rating; order = relevance | rating | name;
// limit; cursor (keyset, from the previous page's `next`). One prepared
// statement per request (sql/search_providers.sql), rendered as JSON by
// PostgreSQL.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "db/pool.hpp"
#include "http/query_string.hpp"
#include "http/router.hpp"

namespace imedic::providers {

inline constexpr int kSearchDefaultLimit = 20;
inline constexpr int kSearchMaxLimit = 100;

// A checked search request: the statement's parameters, normalised.
struct SearchQuery {
  std::optional<std::string> specialty;  // lower case
  std::optional<std::string> category;   // one of the procedure categories
  std::optional<std::string> city;
  std::optional<std::string> country;     // ISO 3166-1 alpha-2, upper case
  std::optional<std::string> language;    // primary language subtag, lower case
  std::optional<bool> verified;           // true or nullopt
  std::optional<std::string> budget;      // a positive decimal
  std::optional<std::string> currency;    // ISO 4217, upper case; only with budget
  std::optional<std::string> min_rating;  // a decimal from 1 to 5
  std::string order = "relevance";        // "relevance" | "rating" | "name"
  int limit = kSearchDefaultLimit;
  // The sort keys of the previous page's last row (6 values), from `cursor`.
  std::optional<std::vector<std::string>> after;
  http::QueryPairs pairs{};  // the decoded parameters, for the next link
};

// Parses and checks the query string. Fails with kInvalidInput naming the
// offending parameter as the field: an unknown or repeated parameter, an
// empty or malformed value, `currency` without `budget` (or the reverse), a
// cursor from another ordering.
core::Result<SearchQuery> ParseSearchQuery(std::string_view query_string);

// The `cursor` value for a page ending at a row with these sort keys.
std::string SearchCursor(const std::vector<std::string>& keys, std::string_view order);

void RegisterSearchRoutes(http::Router& router, db::Pool& pool);

}  // namespace imedic::providers
