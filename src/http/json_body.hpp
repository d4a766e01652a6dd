// Reading JSON request bodies safely: parse, then read fields one by one,
// collecting every problem so a single 422 answer names every bad field.
// Fields nobody read are rejected as unknown (mass-assignment safety).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace imedic::http {

// The body must be a JSON object: malformed JSON is 400, anything else 422.
core::Result<nlohmann::json> ParseJsonObject(std::string_view body);

// A string member of an already checked object, or nullopt when it is
// absent, null or not a string.
std::optional<std::string> OptionalString(const nlohmann::json& body, std::string_view name);

class FieldReader {
 public:
  explicit FieldReader(const nlohmann::json& object) : object_(object) {}

  // A string field. Rejects non-strings, NUL characters, and lengths (in
  // UTF-8 code points) outside [min_len, max_len]. Leading and trailing
  // white space is trimmed first.
  std::optional<std::string> String(std::string_view name, bool required,
                                    std::size_t max_len = 1000, std::size_t min_len = 0);
  // A string that must be one of `allowed`.
  std::optional<std::string> Enum(std::string_view name, bool required,
                                  const std::vector<std::string_view>& allowed);
  std::optional<bool> Bool(std::string_view name, bool required);
  std::optional<std::int64_t> Int(std::string_view name, bool required, std::int64_t min,
                                  std::int64_t max);
  std::optional<std::vector<std::string>> StringArray(std::string_view name, bool required,
                                                      std::size_t max_items,
                                                      std::size_t max_len = 200);
  // Marks a field as known without reading it (read elsewhere).
  void Accept(std::string_view name) { known_.emplace(name); }
  bool Present(std::string_view name) const;
  void AddError(std::string field, std::string message);

  // Adds an error per unknown field; fails with kInvalidInput listing all
  // errors, if any.
  core::Result<void> Finish();

 private:
  const nlohmann::json* Find(std::string_view name, bool required);

  const nlohmann::json& object_;
  std::set<std::string, std::less<>> known_;
  std::vector<core::FieldError> errors_;
};

// `s` without leading and trailing spaces, tabs and line breaks.
std::string TrimSpace(std::string s);

}  // namespace imedic::http
