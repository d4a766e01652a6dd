// Query strings (the part of a request target after '?'), as HTML forms and
// most clients encode them: pairs separated by '&', key and value by the
// first '=', '+' meaning a space, %XX escapes.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace imedic::http {

using QueryPairs = std::vector<std::pair<std::string, std::string>>;

// Decodes a query string into (key, value) pairs, in order, duplicates kept.
// Empty segments ("a=1&&b=2", a trailing '&') are skipped; "flag" alone is
// ("flag", ""). Returns nullopt for a bad escape (not two hex digits), an
// encoded NUL, or a key or value that is not valid UTF-8 once decoded — the
// caller answers 400/422 rather than guess.
std::optional<QueryPairs> ParseQueryString(std::string_view query);

// The one grammar of query parameters, shared by every endpoint that reads
// them (lists, provider search, the audit trail, uploads):
//  - decoding is ParseQueryString's; a query string it refuses is kInvalidInput
//    naming the field "query";
//  - a name `known` refuses is kInvalidInput "unknown parameter" naming it
//    (cut to 64 bytes);
//  - a name given twice is kInvalidInput "given more than once" naming it,
//    unless `repeatable` accepts it (list filters: a=gte.1&a=lt.9);
//  - an empty value ("a=" or a bare "a") reaches the caller as "": whether
//    empty is acceptable is the parameter's own rule;
//  - the first offence, in query order, is the one reported.
struct QueryRules {
  std::function<bool(std::string_view)> known;
  std::function<bool(std::string_view)> repeatable = [](std::string_view) { return false; };
};

// Decodes `query` and checks it against `rules`.
core::Result<QueryPairs> ReadQuery(std::string_view query, const QueryRules& rules);

// Checks already-decoded pairs against `rules` (as ReadQuery does).
core::Result<void> CheckQueryNames(const QueryPairs& pairs, const QueryRules& rules);

// The error every query parameter check reports: kInvalidInput "invalid query
// parameter" with one field error naming the parameter (cut to 64 bytes).
core::Error QueryParameterError(std::string_view name, std::string message);

// Encodes one key or value for a query string: unreserved characters
// (A-Z a-z 0-9 - . _ ~) stay, every other byte becomes %XX (upper case).
std::string PercentEncode(std::string_view text);

// "k1=v1&k2=v2", each side PercentEncode'd.
std::string BuildQueryString(const QueryPairs& pairs);

}  // namespace imedic::http
