#include "http/json_body.hpp"

#include <algorithm>

#include "core/utf8.hpp"

namespace imedic::http {

std::string TrimSpace(std::string s) {
  auto not_space = [](unsigned char c) {
    return !(c == ' ' || c == '\t' || c == '\n' || c == '\r');
  };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

core::Result<nlohmann::json> ParseJsonObject(std::string_view body) {
  // Depth is bounded by the body size limit; nlohmann parses iteratively
  // enough for that, and rejects invalid UTF-8 in strings.
  nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return core::Fail(
        core::Error(core::ErrorCode::kMalformed, "the request body is not valid JSON"));
  }
  if (!j.is_object()) {
    return core::Fail(core::Error::InvalidInput("the request body must be a JSON object",
                                                {{"", "expected an object"}}));
  }
  return j;
}

const nlohmann::json* FieldReader::Find(std::string_view name, bool required) {
  known_.emplace(name);
  auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) {
    if (required) AddError(std::string(name), "is required");
    return nullptr;
  }
  return &*it;
}

bool FieldReader::Present(std::string_view name) const {
  auto it = object_.find(name);
  return it != object_.end() && !it->is_null();
}

void FieldReader::AddError(std::string field, std::string message) {
  errors_.push_back({std::move(field), std::move(message)});
}

std::optional<std::string> FieldReader::String(std::string_view name, bool required,
                                               std::size_t max_len, std::size_t min_len) {
  const nlohmann::json* v = Find(name, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    AddError(std::string(name), "must be a string");
    return std::nullopt;
  }
  std::string s = v->get<std::string>();
  if (s.find('\0') != std::string::npos) {
    AddError(std::string(name), "must not contain NUL characters");
    return std::nullopt;
  }
  s = TrimSpace(std::move(s));
  std::size_t len = core::Utf8Length(s);
  if (len < min_len || len > max_len) {
    AddError(std::string(name), min_len > 0
                                    ? "must be " + std::to_string(min_len) + " to " +
                                          std::to_string(max_len) + " characters"
                                    : "must be at most " + std::to_string(max_len) + " characters");
    return std::nullopt;
  }
  if (required && s.empty()) {
    AddError(std::string(name), "must not be empty");
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> FieldReader::Enum(std::string_view name, bool required,
                                             const std::vector<std::string_view>& allowed) {
  auto s = String(name, required, 100);
  if (!s) return std::nullopt;
  if (std::find(allowed.begin(), allowed.end(), *s) == allowed.end()) {
    std::string list;
    for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    AddError(std::string(name), "must be one of: " + list);
    return std::nullopt;
  }
  return s;
}

std::optional<bool> FieldReader::Bool(std::string_view name, bool required) {
  const nlohmann::json* v = Find(name, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    AddError(std::string(name), "must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::int64_t> FieldReader::Int(std::string_view name, bool required, std::int64_t min,
                                             std::int64_t max) {
  const nlohmann::json* v = Find(name, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number_integer()) {
    AddError(std::string(name), "must be an integer");
    return std::nullopt;
  }
  // Unsigned values above INT64_MAX arrive as number_unsigned.
  if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
    AddError(std::string(name),
             "must be from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  std::int64_t n = v->get<std::int64_t>();
  if (n < min || n > max) {
    AddError(std::string(name),
             "must be from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<std::vector<std::string>> FieldReader::StringArray(std::string_view name,
                                                                 bool required,
                                                                 std::size_t max_items,
                                                                 std::size_t max_len) {
  const nlohmann::json* v = Find(name, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_array() || v->size() > max_items) {
    AddError(std::string(name),
             "must be an array of at most " + std::to_string(max_items) + " strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    const auto& item = (*v)[i];
    std::string field = std::string(name) + "[" + std::to_string(i) + "]";
    if (!item.is_string()) {
      AddError(field, "must be a string");
      return std::nullopt;
    }
    std::string s = item.get<std::string>();
    if (s.empty() || core::Utf8Length(s) > max_len || s.find('\0') != std::string::npos) {
      AddError(field, "must be 1 to " + std::to_string(max_len) + " characters");
      return std::nullopt;
    }
    out.push_back(std::move(s));
  }
  return out;
}

core::Result<void> FieldReader::Finish() {
  for (const auto& [key, value] : object_.items()) {
    if (!known_.contains(key)) AddError(key, "is not a known field");
  }
  if (errors_.empty()) return {};
  return core::Fail(
      core::Error::InvalidInput("the request has invalid fields", std::move(errors_)));
}

std::optional<std::string> OptionalString(const nlohmann::json& body, std::string_view name) {
  auto it = body.find(name);
  if (it == body.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace imedic::http
