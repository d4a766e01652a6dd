#include "db/typed_get.hpp"

#include <charconv>
#include <string>

namespace imedic::db {

namespace {

core::Error Bad(int row, int col, const char* what) {
  return core::Error::Internal("result row " + std::to_string(row) + " column " +
                               std::to_string(col) + ": " + what);
}

bool InRange(const PgResult& r, int row, int col) {
  return row >= 0 && col >= 0 && row < r.rows() && col < r.cols();
}

template <typename T>
core::Result<std::optional<T>> Integer(const PgResult& r, int row, int col) {
  if (!InRange(r, row, col)) return core::Fail(Bad(row, col, "no such value"));
  if (r.IsNull(row, col)) return std::optional<T>();
  const std::string_view s = r.Get(row, col);
  T v{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) {
    return core::Fail(Bad(row, col, "not an integer in range"));
  }
  return std::optional<T>(v);
}

template <typename T>
core::Result<T> Required(core::Result<std::optional<T>> v, int row, int col) {
  if (!v) return core::Fail(v.error());
  if (!*v) return core::Fail(Bad(row, col, "unexpected NULL"));
  return std::move(**v);
}

}  // namespace

core::Result<std::optional<int>> GetOptionalInt(const PgResult& r, int row, int col) {
  return Integer<int>(r, row, col);
}

core::Result<std::optional<std::int64_t>> GetOptionalInt64(const PgResult& r, int row, int col) {
  return Integer<std::int64_t>(r, row, col);
}

core::Result<std::optional<bool>> GetOptionalBool(const PgResult& r, int row, int col) {
  if (!InRange(r, row, col)) return core::Fail(Bad(row, col, "no such value"));
  if (r.IsNull(row, col)) return std::optional<bool>();
  const std::string_view s = r.Get(row, col);
  if (s == "t") return std::optional<bool>(true);
  if (s == "f") return std::optional<bool>(false);
  return core::Fail(Bad(row, col, "not a boolean"));
}

core::Result<std::optional<nlohmann::json>> GetOptionalJson(const PgResult& r, int row, int col) {
  if (!InRange(r, row, col)) return core::Fail(Bad(row, col, "no such value"));
  if (r.IsNull(row, col)) return std::optional<nlohmann::json>();
  auto j = ParseDbJson(r.Get(row, col));
  if (!j) return core::Fail(Bad(row, col, "not JSON"));
  return std::optional<nlohmann::json>(std::move(*j));
}

core::Result<nlohmann::json> ParseDbJson(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return core::Fail(core::Error::Internal("database text is not JSON"));
  return j;
}

core::Result<std::string> StringMember(const nlohmann::json& object, const std::string& key) {
  if (object.is_object()) {
    auto it = object.find(key);
    if (it != object.end() && it->is_string()) return it->get<std::string>();
  }
  return core::Fail(core::Error::Internal("database JSON lacks the text member " + key));
}

core::Result<int> GetInt(const PgResult& r, int row, int col) {
  return Required(GetOptionalInt(r, row, col), row, col);
}

core::Result<std::int64_t> GetInt64(const PgResult& r, int row, int col) {
  return Required(GetOptionalInt64(r, row, col), row, col);
}

core::Result<bool> GetBool(const PgResult& r, int row, int col) {
  return Required(GetOptionalBool(r, row, col), row, col);
}

core::Result<nlohmann::json> GetJson(const PgResult& r, int row, int col) {
  return Required(GetOptionalJson(r, row, col), row, col);
}

}  // namespace imedic::db
