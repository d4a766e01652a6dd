// Bound parameters for a statement. Values travel as text in libpq's
// parameter array, never spliced into SQL.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"

namespace imedic::db {

class Params {
 public:
  Params() = default;

  template <typename... Args>
  explicit Params(Args&&... args) {
    values_.reserve(sizeof...(Args));
    (Add(std::forward<Args>(args)), ...);
  }

  Params& Add(std::nullopt_t) {
    values_.emplace_back(std::nullopt);
    return *this;
  }
  Params& Add(std::string v) {
    values_.emplace_back(std::move(v));
    return *this;
  }
  Params& Add(std::string_view v) {
    values_.emplace_back(std::string(v));
    return *this;
  }
  Params& Add(const char* v) {
    values_.emplace_back(std::string(v));
    return *this;
  }
  Params& Add(bool v) {
    values_.emplace_back(v ? "t" : "f");
    return *this;
  }
  Params& Add(int v) {
    values_.emplace_back(std::to_string(v));
    return *this;
  }
  Params& Add(std::int64_t v) {
    values_.emplace_back(std::to_string(v));
    return *this;
  }
  template <typename Tag>
  Params& Add(const core::Id<Tag>& id) {  // a strong id binds as its UUID text
    values_.emplace_back(id.str());
    return *this;
  }
  Params& Add(double v);  // full precision (%.17g), not std::to_string's six decimals
  template <typename T>
  Params& Add(const std::optional<T>& v) {
    if (v) return Add(*v);
    return Add(std::nullopt);
  }

  std::size_t size() const { return values_.size(); }
  const std::vector<std::optional<std::string>>& values() const { return values_; }

 private:
  std::vector<std::optional<std::string>> values_;
};

inline Params& Params::Add(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  values_.emplace_back(buf);
  return *this;
}

}  // namespace imedic::db
