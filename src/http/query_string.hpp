// Query strings (the part of a request target after '?'), as HTML forms and
// most clients encode them: pairs separated by '&', key and value by the
// first '=', '+' meaning a space, %XX escapes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace imedic::http {

using QueryPairs = std::vector<std::pair<std::string, std::string>>;

// Decodes a query string into (key, value) pairs, in order, duplicates kept.
// Empty segments ("a=1&&b=2", a trailing '&') are skipped; "flag" alone is
// ("flag", ""). Returns nullopt for a bad escape (not two hex digits), an
// encoded NUL, or a key or value that is not valid UTF-8 once decoded — the
// caller answers 400/422 rather than guess.
std::optional<QueryPairs> ParseQueryString(std::string_view query);

// Encodes one key or value for a query string: unreserved characters
// (A-Z a-z 0-9 - . _ ~) stay, every other byte becomes %XX (upper case).
std::string PercentEncode(std::string_view text);

// "k1=v1&k2=v2", each side PercentEncode'd.
std::string BuildQueryString(const QueryPairs& pairs);

}  // namespace imedic::http
