#include "records/list_query.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <iterator>

#include <nlohmann/json.hpp>

#include "core/base64.hpp"
#include "core/rfc3339.hpp"
#include "core/uuid.hpp"
#include "db/text_array.hpp"
#include "http/query_string.hpp"

namespace imedic::records {

namespace {

using Type = ListColumn::Type;

constexpr std::size_t kMaxInItems = 200;
constexpr std::size_t kMaxValueBytes = 1024;
constexpr std::size_t kMaxCursorBytes = 4096;

core::Error Bad(std::string_view field, std::string message) {
  return http::QueryParameterError(field, std::move(message));
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsDigit);
}

int Num(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

std::optional<std::string> ParseInt(std::string_view s) {
  std::string_view digits = !s.empty() && s[0] == '-' ? s.substr(1) : s;
  if (!AllDigits(digits)) return std::nullopt;
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return std::to_string(v);
}

// -?digits[.digits][(e|E)[+-]digits], or -?.digits; no NaN or infinities.
std::optional<std::string> ParseNumeric(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::size_t int_start = i;
  while (i < s.size() && IsDigit(s[i])) ++i;
  std::size_t int_digits = i - int_start;
  std::size_t frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    std::size_t frac_start = i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    frac_digits = i - frac_start;
  }
  if (int_digits + frac_digits == 0) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    std::size_t exp_start = i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    if (i == exp_start || i - exp_start > 4) return std::nullopt;
  }
  if (i != s.size() || s.size() > 100) return std::nullopt;
  return std::string(s);
}

std::optional<std::string> ParseBool(std::string_view s) {
  if (s == "true" || s == "t") return std::string("true");
  if (s == "false" || s == "f") return std::string("false");
  return std::nullopt;
}

bool ValidDate(std::string_view s) { return core::ParseFullDate(s).has_value(); }

bool ValidTimestamp(std::string_view s) {
  return core::ParseDateTime(s, core::kTimestampParameter).has_value();
}

// Checks a value against a column type; returns the value to bind.
std::optional<std::string> ParseValue(Type type, std::string_view s) {
  if (s.size() > kMaxValueBytes) return std::nullopt;
  switch (type) {
    case Type::kText:
    case Type::kTextArray: return std::string(s);
    case Type::kUuid: return core::ParseUuid(s);
    case Type::kInt: return ParseInt(s);
    case Type::kNumeric: return ParseNumeric(s);
    case Type::kBool: return ParseBool(s);
    case Type::kDate:
      if (!ValidDate(s)) return std::nullopt;
      return std::string(s);
    case Type::kTimestamp:
      if (!ValidTimestamp(s)) return std::nullopt;
      return std::string(s);
  }
  return std::nullopt;
}

const char* TypeDescription(Type type) {
  switch (type) {
    case Type::kText:
    case Type::kTextArray: return "text";
    case Type::kUuid: return "a UUID";
    case Type::kInt: return "an integer";
    case Type::kNumeric: return "a decimal number";
    case Type::kBool: return "true or false";
    case Type::kDate: return "a date (YYYY-MM-DD)";
    case Type::kTimestamp: return "an RFC 3339 date-time (e.g. 2026-01-14T09:30:00Z) or a date";
  }
  return "a value";
}

// The cast after a placeholder. Text is left uncast so that the column's own
// type (text, varchar, citext, an enum) is inferred for the parameter.
const char* Cast(Type type) {
  switch (type) {
    case Type::kText:
    case Type::kTextArray: return "";
    case Type::kUuid: return "::uuid";
    case Type::kInt: return "::bigint";
    case Type::kNumeric: return "::numeric";
    case Type::kBool: return "::boolean";
    case Type::kDate: return "::date";
    case Type::kTimestamp: return "::timestamptz";
  }
  return "";
}

// The lowest value of a type, standing in for NULL in a nullable sort key.
const char* LowestValue(Type type) {
  switch (type) {
    case Type::kText:
    case Type::kTextArray: return "''";
    case Type::kUuid: return "'00000000-0000-0000-0000-000000000000'::uuid";
    case Type::kInt: return "(-9223372036854775807)::bigint";
    case Type::kNumeric: return "(-1e30)::numeric";
    case Type::kBool: return "false";
    case Type::kDate: return "'-infinity'::date";
    case Type::kTimestamp: return "'-infinity'::timestamptz";
  }
  return "NULL";
}

// A cursor value: as ParseValue, plus the lowest values of date and time
// types that a nullable sort key carries for NULL.
std::optional<std::string> ParseCursorValue(Type type, std::string_view s) {
  if ((type == Type::kDate || type == Type::kTimestamp) && s == "-infinity") {
    return std::string(s);
  }
  return ParseValue(type, s);
}

// "(a,\"b,c\",d)" → {a, "b,c", d}. Inside quotes a backslash escapes the next
// character. nullopt for anything malformed.
std::optional<std::vector<std::string>> ParseInList(std::string_view s) {
  if (s.size() < 2 || s.front() != '(' || s.back() != ')') return std::nullopt;
  s = s.substr(1, s.size() - 2);
  std::vector<std::string> items;
  if (s.empty()) return items;
  std::size_t i = 0;
  while (true) {
    std::string item;
    if (i < s.size() && s[i] == '"') {
      ++i;
      bool closed = false;
      while (i < s.size()) {
        char c = s[i++];
        if (c == '\\') {
          if (i >= s.size()) return std::nullopt;
          item += s[i++];
        } else if (c == '"') {
          closed = true;
          break;
        } else {
          item += c;
        }
      }
      if (!closed) return std::nullopt;
      if (i < s.size() && s[i] != ',') return std::nullopt;
    } else {
      while (i < s.size() && s[i] != ',') {
        if (s[i] == '"' || s[i] == '(' || s[i] == ')') return std::nullopt;
        item += s[i++];
      }
    }
    items.push_back(std::move(item));
    if (items.size() > kMaxInItems) return std::nullopt;
    if (i >= s.size()) break;
    ++i;                                     // the comma
    if (i >= s.size()) return std::nullopt;  // trailing comma
  }
  return items;
}

// "user*smith" → "user%smith" with the user's own % _ \ escaped.
std::string LikePattern(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '*') {
      out += '%';
    } else {
      if (c == '%' || c == '_' || c == '\\') out += '\\';
      out += c;
    }
  }
  return out;
}

const ListColumn* FindColumn(const ListSpec& spec, std::string_view name) {
  for (const auto& c : spec.columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

Type IdType(const ListSpec& spec) {
  const ListColumn* id = FindColumn(spec, "id");
  return id ? id->type : Type::kUuid;
}

class Builder {
 public:
  explicit Builder(int first) : next_(first) {}
  std::string Bind(std::string value) {
    params.emplace_back(std::move(value));
    return "$" + std::to_string(next_++);
  }
  std::vector<std::optional<std::string>> params;

 private:
  int next_;
};

// One `col=op.value` condition.
core::Result<std::string> Filter(const ListColumn& col, std::string_view value, Builder& b) {
  const std::string& field = col.name;
  bool negate = false;
  if (value.substr(0, 4) == "not.") {
    negate = true;
    value.remove_prefix(4);
  }
  std::size_t dot = value.find('.');
  if (dot == std::string_view::npos) {
    return core::Fail(Bad(field, "expected operator.value, e.g. eq.something"));
  }
  std::string_view op = value.substr(0, dot);
  std::string_view arg = value.substr(dot + 1);
  const bool array = col.type == Type::kTextArray;
  std::string cond;

  static constexpr std::pair<std::string_view, std::string_view> kCompare[] = {
      {"eq", "="}, {"neq", "<>"}, {"gt", ">"}, {"gte", ">="}, {"lt", "<"}, {"lte", "<="}};
  auto compare = std::find_if(std::begin(kCompare), std::end(kCompare),
                              [&](const auto& p) { return p.first == op; });

  if (op == "is") {
    if (arg == "null") {
      cond = col.name + " IS NULL";
    } else if ((arg == "true" || arg == "false") && col.type == Type::kBool) {
      cond = col.name + (arg == "true" ? " IS TRUE" : " IS FALSE");
    } else {
      return core::Fail(
          Bad(field, col.type == Type::kBool ? "is takes null, true or false" : "is takes null"));
    }
  } else if (array) {
    if (op == "eq") {
      auto v = ParseValue(col.type, arg);
      if (!v) return core::Fail(Bad(field, "value too long"));
      cond = b.Bind(std::move(*v)) + " = ANY(" + col.name + ")";
    } else if (op == "in") {
      auto items = ParseInList(arg);
      if (!items || items->empty()) {
        return core::Fail(Bad(field, "in takes a non-empty list like (a,b,\"c,d\")"));
      }
      for (const auto& item : *items) {
        if (item.size() > kMaxValueBytes) return core::Fail(Bad(field, "value too long"));
      }
      cond = col.name + " && " + b.Bind(db::ToTextArray(*items)) + "::text[]";
    } else {
      return core::Fail(Bad(field, "a list column takes eq, in or is"));
    }
  } else if (compare != std::end(kCompare)) {
    auto v = ParseValue(col.type, arg);
    if (!v) return core::Fail(Bad(field, std::string("must be ") + TypeDescription(col.type)));
    cond = col.name + " " + std::string(compare->second) + " " + b.Bind(std::move(*v)) +
           Cast(col.type);
  } else if (op == "in") {
    auto items = ParseInList(arg);
    if (!items || items->empty()) {
      return core::Fail(Bad(field, "in takes a non-empty list like (a,b,\"c,d\")"));
    }
    std::vector<std::string> values;
    for (const auto& item : *items) {
      auto v = ParseValue(col.type, item);
      if (!v) {
        return core::Fail(
            Bad(field, std::string("every item must be ") + TypeDescription(col.type)));
      }
      values.push_back(std::move(*v));
    }
    std::string cast = Cast(col.type);
    cond = col.name + " = ANY(" + b.Bind(db::ToTextArray(values)) +
           (cast.empty() ? "" : cast + "[]") + ")";
  } else if (op == "ilike") {
    if (col.type != Type::kText) return core::Fail(Bad(field, "ilike applies to text columns"));
    if (arg.size() > kMaxValueBytes) return core::Fail(Bad(field, "value too long"));
    cond = col.name + "::text ILIKE " + b.Bind(LikePattern(arg));
  } else {
    return core::Fail(
        Bad(field, "unknown operator (eq, neq, gt, gte, lt, lte, in, is, ilike, optionally not.)"));
  }
  if (negate) cond = "NOT (" + cond + ")";
  return cond;
}

core::Result<std::vector<SortKey>> ParseOrder(std::string_view text, const ListSpec& spec,
                                              std::string_view field) {
  std::vector<SortKey> keys;
  bool has_id = false;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t comma = text.find(',', pos);
    std::string_view item = text.substr(
        pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    pos = comma == std::string_view::npos ? text.size() + 1 : comma + 1;
    std::string_view name = item;
    bool desc = false;
    if (std::size_t dot = item.find('.'); dot != std::string_view::npos) {
      name = item.substr(0, dot);
      std::string_view dir = item.substr(dot + 1);
      if (dir == "desc") {
        desc = true;
      } else if (dir != "asc") {
        return core::Fail(Bad(field, "direction must be asc or desc"));
      }
    }
    if (name.empty())
      return core::Fail(Bad(field, "expected col.asc or col.desc, comma-separated"));
    const ListColumn* col = FindColumn(spec, name);
    if (name != "id" && (col == nullptr || !col->sortable)) {
      return core::Fail(Bad(field, "cannot sort by " + std::string(name.substr(0, 64))));
    }
    for (const auto& k : keys) {
      if (k.column == name) return core::Fail(Bad(field, "a column appears twice"));
    }
    std::string expr(name);
    if (col != nullptr && col->nullable) {
      expr = "COALESCE(" + expr + ", " + LowestValue(col->type) + ")";
    }
    keys.push_back(SortKey{std::string(name), col ? col->type : IdType(spec), desc, expr});
    if (name == "id") {
      has_id = true;
      break;  // the id is unique: any later key could never matter
    }
    if (keys.size() > 8) return core::Fail(Bad(field, "too many sort columns"));
  }
  if (!has_id) {
    keys.push_back(SortKey{"id", IdType(spec), !keys.empty() && keys.back().descending, "id"});
  }
  return keys;
}

std::string Signature(const std::vector<SortKey>& keys) {
  std::string out;
  for (const auto& k : keys) {
    if (!out.empty()) out += ',';
    out += k.column + (k.descending ? ".desc" : ".asc");
  }
  return out;
}

}  // namespace

http::QueryRules ListQueryRules(const ListSpec& spec) {
  auto control = [](std::string_view name) {
    return name == "order" || name == "cursor" || name == "limit";
  };
  return {.known =
              [&spec, control](std::string_view name) {
                return control(name) || FindColumn(spec, name) != nullptr;
              },
          .repeatable = [control](std::string_view name) { return !control(name); }};
}

core::Result<ListQuery> ParseListQuery(
    const std::vector<std::pair<std::string, std::string>>& params, const ListSpec& spec,
    int first_param_index) {
  ListQuery q;
  Builder b(first_param_index);
  q.limit = std::min(spec.default_limit, spec.max_limit);
  const std::string* order = nullptr;
  const std::string* cursor = nullptr;
  std::vector<std::string> conds;

  if (auto checked = http::CheckQueryNames(params, ListQueryRules(spec)); !checked) {
    return core::Fail(checked.error());
  }
  for (const auto& [name, value] : params) {
    if (name == "order") {
      order = &value;
    } else if (name == "cursor") {
      cursor = &value;
    } else if (name == "limit") {
      if (!AllDigits(value) || value.size() > 6 || Num(value) < 1 || Num(value) > spec.max_limit) {
        return core::Fail(
            Bad(name, "must be an integer from 1 to " + std::to_string(spec.max_limit)));
      }
      q.limit = Num(value);
    } else {
      const ListColumn* col = FindColumn(spec, name);  // known: CheckQueryNames
      if (!col->filterable) return core::Fail(Bad(name, "cannot filter on this column"));
      auto cond = Filter(*col, value, b);
      if (!cond) return core::Fail(cond.error());
      conds.push_back(std::move(*cond));
    }
  }
  for (std::size_t i = 0; i < conds.size(); ++i) {
    if (i > 0) q.where_sql += " AND ";
    q.where_sql += conds[i];
  }

  if (order) {
    auto keys = ParseOrder(*order, spec, "order");
    if (!keys) return core::Fail(keys.error());
    q.sort = std::move(*keys);
  } else {
    auto keys = ParseOrder(spec.default_sort.empty() ? "id" : spec.default_sort, spec, "order");
    if (!keys) {
      return core::Fail(
          core::Error::Internal("bad default_sort in list spec: " + spec.default_sort));
    }
    q.sort = std::move(*keys);
  }
  q.order_signature = Signature(q.sort);
  for (std::size_t i = 0; i < q.sort.size(); ++i) {
    if (i > 0) q.order_sql += ", ";
    q.order_sql += q.sort[i].expr + (q.sort[i].descending ? " DESC" : " ASC");
  }

  if (cursor) {
    auto decoded = DecodeCursor(*cursor);
    if (!decoded) return core::Fail(Bad("cursor", "not a cursor this list gave out"));
    if (decoded->values.size() != q.sort.size() ||
        (!decoded->order_signature.empty() && decoded->order_signature != q.order_signature)) {
      return core::Fail(Bad("cursor", "the cursor belongs to another ordering"));
    }
    std::vector<std::string> placeholders;
    for (std::size_t i = 0; i < q.sort.size(); ++i) {
      auto v = ParseCursorValue(q.sort[i].type, decoded->values[i]);
      if (!v) return core::Fail(Bad("cursor", "not a cursor this list gave out"));
      placeholders.push_back(b.Bind(std::move(*v)) + Cast(q.sort[i].type));
    }
    const bool uniform = std::all_of(q.sort.begin(), q.sort.end(), [&](const SortKey& k) {
      return k.descending == q.sort.front().descending;
    });
    if (uniform) {
      std::string cols, vals;
      for (std::size_t i = 0; i < q.sort.size(); ++i) {
        if (i > 0) {
          cols += ", ";
          vals += ", ";
        }
        cols += q.sort[i].expr;
        vals += placeholders[i];
      }
      q.keyset_sql = "(" + cols + ") " + (q.sort.front().descending ? "<" : ">") + " (" + vals +
                     ")";
    } else {
      // (a > $1) OR (a = $1 AND b < $2) OR (a = $1 AND b = $2 AND id > $3)
      q.keyset_sql = "(";
      for (std::size_t i = 0; i < q.sort.size(); ++i) {
        if (i > 0) q.keyset_sql += " OR ";
        q.keyset_sql += "(";
        for (std::size_t k = 0; k < i; ++k) {
          q.keyset_sql += q.sort[k].expr + " = " + placeholders[k] + " AND ";
        }
        q.keyset_sql += q.sort[i].expr + (q.sort[i].descending ? " < " : " > ") + placeholders[i] +
                        ")";
      }
      q.keyset_sql += ")";
    }
  }
  q.params = std::move(b.params);
  return q;
}

CountMode ParsePrefer(std::string_view prefer) {
  CountMode mode = CountMode::kNone;
  std::size_t pos = 0;
  while (pos <= prefer.size()) {
    std::size_t end = prefer.find_first_of(",;", pos);
    std::string_view item = prefer.substr(
        pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? prefer.size() + 1 : end + 1;
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (item == "count=exact") {
      mode = CountMode::kExact;
    } else if (item == "count=estimated" || item == "count=planned") {
      mode = CountMode::kEstimated;
    }
  }
  return mode;
}

std::string EncodeCursor(const std::vector<std::string>& sort_values,
                         std::string_view order_signature) {
  nlohmann::json array = nlohmann::json::array();
  array.push_back(std::string(order_signature));
  for (const auto& v : sort_values) array.push_back(v);
  return core::Base64UrlEncode(array.dump());
}

std::optional<DecodedCursor> DecodeCursor(std::string_view cursor) {
  if (cursor.empty() || cursor.size() > kMaxCursorBytes) return std::nullopt;
  auto bytes = core::Base64UrlDecode(cursor);
  if (!bytes) return std::nullopt;
  nlohmann::json array = nlohmann::json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  if (!array.is_array() || array.size() < 2) return std::nullopt;
  DecodedCursor out;
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (!array[i].is_string()) return std::nullopt;
    if (i == 0) {
      out.order_signature = array[i].get<std::string>();
    } else {
      out.values.push_back(array[i].get<std::string>());
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> WithCursor(
    const std::vector<std::pair<std::string, std::string>>& params, const std::string& cursor) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& p : params) {
    if (p.first != "cursor") out.push_back(p);
  }
  out.emplace_back("cursor", cursor);
  return out;
}

}  // namespace imedic::records
