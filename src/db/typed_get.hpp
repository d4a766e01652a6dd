// Typed reads of one result value, for request code: a value that is NULL,
// out of range or not of the expected type is a kInternal Result (the
// statement and the code disagree: a bug, answered 500 and logged), never an
// exception and never undefined behaviour. Error details name the row and
// column, never the value (it may be personal data).
//
//   auto n = db::GetInt64(*r, 0, 0);
//   if (!n) return core::Fail(n.error());
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "db/connection.hpp"

namespace imedic::db {

// int4/int8 text ("-12"); the whole value must be an integer in range.
core::Result<int> GetInt(const PgResult& r, int row, int col);
core::Result<std::int64_t> GetInt64(const PgResult& r, int row, int col);
// boolean text: "t" or "f".
core::Result<bool> GetBool(const PgResult& r, int row, int col);
// json/jsonb text.
core::Result<nlohmann::json> GetJson(const PgResult& r, int row, int col);

// As above, with NULL read as nullopt instead of an error.
core::Result<std::optional<int>> GetOptionalInt(const PgResult& r, int row, int col);
core::Result<std::optional<std::int64_t>> GetOptionalInt64(const PgResult& r, int row, int col);
core::Result<std::optional<bool>> GetOptionalBool(const PgResult& r, int row, int col);
core::Result<std::optional<nlohmann::json>> GetOptionalJson(const PgResult& r, int row, int col);

// The same rules for JSON text the database rendered (a json_build_object
// passed around as text): the parsed value, or kInternal.
core::Result<nlohmann::json> ParseDbJson(std::string_view text);
// The string member `key` of a JSON object, or kInternal when `object` is no
// object, lacks it, or it is not a string.
core::Result<std::string> StringMember(const nlohmann::json& object, const std::string& key);

}  // namespace imedic::db
