// List machinery shared by every collection endpoint: PostgREST-style
// filters on allow-listed columns, sorting on an allow-list with the primary
// key as tiebreaker, keyset (cursor) pagination with a capped page size, and
// the `Prefer: count=…` header. Pure C++: the output is SQL fragments whose
// column names come only from the allow-list and whose every value is a $n
// placeholder, plus the values for those placeholders.
//
// Typical use (with first_param_index = 1 when the statement has no other
// parameters):
//
//   SELECT … FROM t WHERE deleted = false [AND (where_sql)] [AND keyset_sql]
//   ORDER BY order_sql LIMIT limit + 1
//
// then, when limit + 1 rows came back, EncodeCursor(values of `sort` columns
// of the limit-th row, order_signature) is the `cursor` of the next link.
//
// Nullable sort columns must be marked `nullable` (keyset comparisons do not
// order NULLs; such columns are compared through COALESCE, see SortKey).
// ORDER BY resolves a bare name to an output column before a table column:
// when selecting the sort values as text for the cursor, alias them
// (`price::text AS sort_2`), or `price` would be ordered as text.
//
// Text columns are compared with an uncast placeholder (`status = $3`,
// `country = ANY($5)`) so the column's own type — text, varchar, citext or
// an enum — is inferred for the parameter.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "http/query_string.hpp"

namespace imedic::records {

struct ListColumn {
  enum class Type { kText, kUuid, kInt, kNumeric, kBool, kDate, kTimestamp, kTextArray };
  std::string name;
  Type type = Type::kText;
  bool filterable = false;
  bool sortable = false;
  // A nullable sort column is ordered as COALESCE(column, lowest value), so
  // NULLs come first ascending and last descending, and keyset comparisons
  // stay total.
  bool nullable = false;
};

struct ListSpec {
  std::vector<ListColumn> columns;  // the primary key `id` is assumed uuid unless listed
  std::string default_sort;         // e.g. "created_at.desc" (same grammar as `order`)
  int default_limit = 50;
  int max_limit = 200;
};

struct SortKey {
  std::string column;
  ListColumn::Type type = ListColumn::Type::kText;
  bool descending = false;
  // What is ordered and compared: the column, or COALESCE(column, lowest)
  // for a nullable one. Select `to_json(expr)#>>'{}'` as the cursor value.
  std::string expr;
};

struct ListQuery {
  // e.g. "status = $3 AND created_at >= $4::timestamptz AND country = ANY($5::text[])";
  // empty when there is no filter.
  std::string where_sql;
  // e.g. "created_at DESC, id DESC"; never empty (id is always the last key).
  std::string order_sql;
  // The cursor condition, e.g. "(created_at, id) < ($6::timestamptz, $7::uuid)";
  // empty when no cursor was given.
  std::string keyset_sql;
  int limit = 0;
  // Values for the placeholders, in order, from first_param_index on.
  std::vector<std::optional<std::string>> params;
  // The sort keys in order (id last): what a cursor holds, one value per key.
  std::vector<SortKey> sort;
  // Canonical form of the ordering ("created_at.desc,id.desc"); cursors carry it.
  std::string order_signature;
};

// The query-string rules of a list (see QueryRules): `order`, `limit` and
// `cursor` once each, any column of the spec (filters repeat: a=gte.1&a=lt.9).
// Holds a reference to `spec`, which must outlive it.
http::QueryRules ListQueryRules(const ListSpec& spec);

// Parses decoded query parameters (see ReadQuery) against a spec.
// Understands `col=op.value` (eq, neq, gt, gte, lt, lte, in, is, ilike),
// `order=col[.asc|.desc][,…]`, `limit=N` and `cursor=…`. Anything else is
// kInvalidInput naming the offending parameter as the field.
//
// Text-array columns take `eq.x` (the array contains x), `in.(x,y)` (the
// array shares an element with the list) and `is.null`.
core::Result<ListQuery> ParseListQuery(
    const std::vector<std::pair<std::string, std::string>>& params, const ListSpec& spec,
    int first_param_index);

enum class CountMode { kNone, kExact, kEstimated };

// The `Prefer` header: "count=exact" / "count=estimated" among comma- or
// semicolon-separated preferences; anything else (or none) is kNone.
CountMode ParsePrefer(std::string_view prefer_header);

// base64url of a small JSON array: [order_signature, value, value, …].
// Pass ListQuery::order_signature so a cursor from another ordering is refused.
std::string EncodeCursor(const std::vector<std::string>& sort_values,
                         std::string_view order_signature = {});

struct DecodedCursor {
  std::string order_signature;
  std::vector<std::string> values;
};
// nullopt for anything that is not a cursor EncodeCursor made.
std::optional<DecodedCursor> DecodeCursor(std::string_view cursor);

// The same parameters with `cursor` replaced (or added): for the `next` link.
std::vector<std::pair<std::string, std::string>> WithCursor(
    const std::vector<std::pair<std::string, std::string>>& params, const std::string& cursor);

}  // namespace imedic::records
