#include "http/query_string.hpp"

#include <algorithm>

#include "core/hex.hpp"
#include "core/percent_encoding.hpp"
#include "core/utf8.hpp"

namespace imedic::http {

namespace {

bool Decode(std::string_view in, std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= in.size()) return false;  // needs two hex digits
      const int hi = core::HexDigitValue(in[i + 1]);
      const int lo = core::HexDigitValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      const char decoded = static_cast<char>(hi * 16 + lo);
      if (decoded == '\0') return false;
      out.push_back(decoded);
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return core::IsValidUtf8(out);
}

}  // namespace

std::optional<QueryPairs> ParseQueryString(std::string_view query) {
  QueryPairs pairs;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view segment = query.substr(start, amp - start);
    start = amp + 1;
    if (segment.empty()) continue;
    const std::size_t eq = segment.find('=');
    std::string key, value;
    if (!Decode(segment.substr(0, eq), key)) return std::nullopt;
    if (eq != std::string_view::npos && !Decode(segment.substr(eq + 1), value)) {
      return std::nullopt;
    }
    pairs.emplace_back(std::move(key), std::move(value));
  }
  return pairs;
}

core::Error QueryParameterError(std::string_view name, std::string message) {
  return core::Error::InvalidInput(
      "invalid query parameter",
      {core::FieldError{std::string(name.substr(0, 64)), std::move(message)}});
}

core::Result<void> CheckQueryNames(const QueryPairs& pairs, const QueryRules& rules) {
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const std::string& name = pairs[i].first;
    if (!rules.known(name)) return core::Fail(QueryParameterError(name, "unknown parameter"));
    if (rules.repeatable(name)) continue;
    const bool seen = std::any_of(pairs.begin(), pairs.begin() + static_cast<std::ptrdiff_t>(i),
                                  [&](const auto& p) { return p.first == name; });
    if (seen) return core::Fail(QueryParameterError(name, "given more than once"));
  }
  return {};
}

core::Result<QueryPairs> ReadQuery(std::string_view query, const QueryRules& rules) {
  auto pairs = ParseQueryString(query);
  if (!pairs) {
    return core::Fail(
        QueryParameterError("query", "malformed query string (bad %-escape or not UTF-8)"));
  }
  if (auto checked = CheckQueryNames(*pairs, rules); !checked) return core::Fail(checked.error());
  return std::move(*pairs);
}

std::string PercentEncode(std::string_view text) { return core::PercentEncode(text); }

std::string BuildQueryString(const QueryPairs& pairs) {
  std::string out;
  for (const auto& [k, v] : pairs) {
    if (!out.empty()) out.push_back('&');
    out += PercentEncode(k);
    out.push_back('=');
    out += PercentEncode(v);
  }
  return out;
}

}  // namespace imedic::http
