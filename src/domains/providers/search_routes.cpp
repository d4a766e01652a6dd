#include "domains/providers/search_routes.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <stdexcept>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/utf8.hpp"
#include "core/uuid.hpp"
#include "core/validate/country.hpp"
#include "core/validate/currency.hpp"
#include "core/validate/language.hpp"
#include "db/text_array.hpp"
#include "db/typed_get.hpp"
#include "domains/providers/resources.hpp"
#include "domains/providers/sql/queries.hpp"
#include "records/list_query.hpp"

namespace imedic::providers {

namespace {

constexpr std::string_view kPath = "/search/providers";
constexpr std::size_t kMaxTextChars = 100;
constexpr std::size_t kCursorKeys = 6;
constexpr std::size_t kMaxCursorKeyBytes = 1024;  // a name of up to 200 characters
constexpr std::array<std::string_view, 12> kParameters = {
    "specialty", "category", "city",       "country", "language", "verified",
    "budget",    "currency", "min_rating", "order",   "limit",    "cursor"};

// The parameters as the OpenAPI document shows them; checked against
// kParameters at start-up so the two cannot drift apart.
const std::vector<http::DocParam>& DocumentedParameters() {
  static const std::vector<http::DocParam> params = {
      {"specialty", "string", "One of the provider's specialties (case-insensitive)."},
      {"category", "string",
       "The provider offers an active procedure of this category (e.g. hair_transplant)."},
      {"city", "string", "City of the provider's location (case-insensitive)."},
      {"country", "string", "ISO 3166-1 alpha-2 country code of the location, e.g. TR."},
      {"language", "string",
       "A language spoken (BCP 47; only the primary tag counts: en-US finds en and en-GB)."},
      {"verified", "boolean", "`true`: verified providers only."},
      {"budget", "number",
       "An active procedure (of `category`, if given) starts at or below this price; needs "
       "`currency` (no currency conversion)."},
      {"currency", "string", "ISO 4217 currency of `budget`."},
      {"min_rating", "number", "Minimum average rating, 1 to 5."},
      {"order", "string", "`relevance` (default), `rating` or `name`."},
      {"limit", "integer", "Page size, 1 to 100 (default 20)."},
      {"cursor", "string", "The opaque cursor of the previous page's `next` link."},
  };
  return params;
}

core::Error Bad(std::string_view field, std::string message) {
  return http::QueryParameterError(field, std::move(message));
}

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A plain decimal: up to `int_digits` digits, optionally '.' and 1 to
// `frac_digits` digits. No sign, exponent, NaN or infinity.
bool IsDecimal(std::string_view s, std::size_t int_digits, std::size_t frac_digits) {
  const std::size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  if (!IsDigits(whole) || whole.size() > int_digits) return false;
  if (dot == std::string_view::npos) return true;
  std::string_view frac = s.substr(dot + 1);
  return IsDigits(frac) && frac.size() <= frac_digits;
}

// REQUIRES: IsDecimal(s, …). Locale-independent.
double ToDouble(std::string_view s) {
  double v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// A sort key of a cursor: an optionally negative plain decimal.
bool IsSignedDecimal(std::string_view s) {
  if (!s.empty() && s[0] == '-') s.remove_prefix(1);
  return IsDecimal(s, 12, 12);
}

// Free text (specialty, city): 1 to 100 characters, no control characters.
core::Result<std::string> Text(const std::string& name, const std::string& value) {
  if (value.empty()) return core::Fail(Bad(name, "must not be empty"));
  if (core::Utf8Length(value) > kMaxTextChars)
    return core::Fail(Bad(name, "at most 100 characters"));
  if (std::any_of(value.begin(), value.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    return core::Fail(Bad(name, "must not contain control characters"));
  }
  return value;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

std::string Signature(std::string_view order) { return "search." + std::string(order); }

const std::vector<std::string_view>& Categories() {
  static const std::vector<std::string_view> kValues = ProcedureResource().Find("category")->values;
  return kValues;
}

core::Result<void> ReadOne(SearchQuery& q, const std::string& name, const std::string& value) {
  if (name == "specialty") {
    auto t = Text(name, value);
    if (!t) return core::Fail(t.error());
    q.specialty = Lower(*t);
  } else if (name == "city") {
    auto t = Text(name, value);
    if (!t) return core::Fail(t.error());
    q.city = *t;
  } else if (name == "category") {
    const auto& values = Categories();
    if (std::find(values.begin(), values.end(), value) == values.end()) {
      std::string list;
      for (std::string_view v : values) list += (list.empty() ? "" : ", ") + std::string(v);
      return core::Fail(Bad(name, "must be one of " + list));
    }
    q.category = value;
  } else if (name == "country") {
    std::string code = Upper(value);
    if (!core::validate::IsCountryCode(code)) {
      return core::Fail(Bad(name, "must be an ISO 3166-1 alpha-2 country code, e.g. TR"));
    }
    q.country = std::move(code);
  } else if (name == "language") {
    if (!core::validate::IsLanguageTag(value)) {
      return core::Fail(Bad(name, "must be a language tag (ISO 639-1 / BCP 47), e.g. en"));
    }
    q.language = Lower(value.substr(0, value.find('-')));
  } else if (name == "verified") {
    if (value != "true") return core::Fail(Bad(name, "the only accepted value is true"));
    q.verified = true;
  } else if (name == "budget") {
    if (!IsDecimal(value, 9, 2) || ToDouble(value) <= 0) {
      return core::Fail(
          Bad(name, "must be a positive amount with at most 2 decimals, e.g. 2500 or 2499.50"));
    }
    q.budget = value;
  } else if (name == "currency") {
    std::string code = Upper(value);
    if (!core::validate::IsCurrencyCode(code)) {
      return core::Fail(Bad(name, "must be an ISO 4217 currency code, e.g. EUR"));
    }
    q.currency = std::move(code);
  } else if (name == "min_rating") {
    if (!IsDecimal(value, 1, 2) || ToDouble(value) < 1 || ToDouble(value) > 5) {
      return core::Fail(Bad(name, "must be a number from 1 to 5 (at most 2 decimals)"));
    }
    q.min_rating = value;
  } else if (name == "order") {
    if (value != "relevance" && value != "rating" && value != "name") {
      return core::Fail(Bad(name, "must be relevance, rating or name"));
    }
    q.order = value;
  } else if (name == "limit") {
    int n = 0;
    if (!IsDigits(value) || value.size() > 3 ||
        std::from_chars(value.data(), value.data() + value.size(), n).ec != std::errc() || n < 1 ||
        n > kSearchMaxLimit) {
      return core::Fail(Bad(name, "must be an integer from 1 to 100"));
    }
    q.limit = n;
  }
  return {};
}

}  // namespace

std::string SearchCursor(const std::vector<std::string>& keys, std::string_view order) {
  return records::EncodeCursor(keys, Signature(order));
}

core::Result<SearchQuery> ParseSearchQuery(std::string_view query_string) {
  auto pairs = http::ReadQuery(query_string, {.known = [](std::string_view name) {
                                 return std::find(kParameters.begin(), kParameters.end(), name) !=
                                        kParameters.end();
                               }});
  if (!pairs) return core::Fail(pairs.error());
  SearchQuery q;
  std::optional<std::string> cursor;
  for (const auto& [name, value] : *pairs) {
    if (name == "cursor") {
      cursor = value;
      continue;
    }
    if (auto r = ReadOne(q, name, value); !r) return core::Fail(r.error());
  }
  if (q.budget && !q.currency) return core::Fail(Bad("currency", "required with budget"));
  if (q.currency && !q.budget) return core::Fail(Bad("currency", "only allowed with budget"));
  if (cursor) {
    auto decoded = records::DecodeCursor(*cursor);
    if (!decoded || decoded->values.size() != kCursorKeys) {
      return core::Fail(Bad("cursor", "not a cursor this search gave out"));
    }
    if (decoded->order_signature != Signature(q.order)) {
      return core::Fail(Bad("cursor", "the cursor belongs to another order"));
    }
    const auto& v = decoded->values;
    const bool ok = IsSignedDecimal(v[0]) && IsSignedDecimal(v[1]) && IsSignedDecimal(v[2]) &&
                    IsSignedDecimal(v[3]) && v[4].size() <= kMaxCursorKeyBytes &&
                    core::IsUuid(v[5]);
    if (!ok) return core::Fail(Bad("cursor", "not a cursor this search gave out"));
    q.after = decoded->values;
  }
  q.pairs = std::move(*pairs);
  return q;
}

namespace {

// The search statement as prepared for one order: every "$10::text" spelled
// as the order's literal, so the planner folds the sort keys and, for
// 'rating' and 'name', reads providers in index order (search_providers.sql).
struct OrderedStatement {
  std::string name, text;
  db::Query query() const { return {name, text}; }
};

OrderedStatement SearchStatement(std::string_view order) {
  OrderedStatement st{std::string(sql::kSearchProviders.name) + "_" + std::string(order),
                      std::string(sql::kSearchProviders.text)};
  const std::string from = "$10::text", to = "'" + std::string(order) + "'::text";
  for (auto at = st.text.find(from); at != std::string::npos; at = st.text.find(from, at)) {
    st.text.replace(at, from.size(), to);
    at += to.size();
  }
  return st;
}

db::Query SearchQueryFor(std::string_view order) {
  static const std::array<OrderedStatement, 3> statements = {
      SearchStatement("relevance"), SearchStatement("rating"), SearchStatement("name")};
  if (order == "rating") return statements[1].query();
  if (order == "name") return statements[2].query();
  return statements[0].query();
}

core::Result<http::Response> Search(db::Pool& pool, http::RequestContext& ctx) {
  auto q = ParseSearchQuery(ctx.request.query);
  if (!q) return core::Fail(q.error());
  std::optional<std::string> after;
  if (q->after) after = db::ToTextArray(*q->after);

  auto conn = pool.Acquire();
  if (!conn) return core::Fail(conn.error());
  auto r = (*conn)->Execute(
      SearchQueryFor(q->order),
      db::Params{q->specialty, q->category, q->city, q->country, q->language, q->verified,
                 q->budget, q->currency, q->min_rating, q->order, after, q->limit});
  if (!r) return core::Fail(r.error());

  std::string next = "null";
  if (!r->IsNull(0, 1)) {
    auto keys = db::GetJson(*r, 0, 1);
    if (!keys) return core::Fail(keys.error());
    std::vector<std::string> values;
    for (const auto& k : *keys) {
      if (!k.is_string())
        return core::Fail(core::Error::Internal("search: a cursor key is not text"));
      values.push_back(k.get<std::string>());
    }
    std::string link =
        std::string(kPath) + "?" +
        http::BuildQueryString(records::WithCursor(q->pairs, SearchCursor(values, q->order)));
    next = nlohmann::json(link).dump();
  }
  std::string body = R"({"items":)" + std::string(r->Get(0, 0)) + R"(,"next":)" + next + "}";
  return http::Response::Json(200, std::move(body));
}

}  // namespace

void RegisterSearchRoutes(http::Router& router, db::Pool& pool) {
  const auto& documented = DocumentedParameters();
  if (documented.size() != kParameters.size() ||
      !std::equal(kParameters.begin(), kParameters.end(), documented.begin(),
                  [](std::string_view a, const http::DocParam& b) { return a == b.name; })) {
    throw std::logic_error("provider search: documented parameters differ from accepted ones");
  }
  router.Add({"GET", std::string(kPath),
              [&pool](http::RequestContext& ctx) { return Search(pool, ctx); }, http::kPublic,
              "none",
              "Search providers (specialty, category, city, country, language, verified, budget, "
              "rating; by relevance, rating or name)",
              http::BodyKind::kNone, http::RowKind::kNone,
              http::RouteDoc{&ProviderResource(), http::DocShape::kNone, http::DocShape::kPage, 200,
                             &documented}});
}

}  // namespace imedic::providers
