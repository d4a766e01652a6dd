#include "records/json_shapes.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "core/utf8.hpp"
#include "core/uuid.hpp"

namespace imedic::records {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxListItems = 100;
constexpr std::size_t kMaxKeys = 20;
constexpr std::size_t kMaxObjectKeys = 30;
constexpr std::size_t kMaxKeyLength = 50;
constexpr std::size_t kMaxText = 500;
constexpr std::size_t kMaxFiles = 30;

std::string Path(std::string_view prefix, std::string_view rest) {
  if (prefix.empty()) return std::string(rest);
  if (!rest.empty() && rest.front() == '[') return std::string(prefix) + std::string(rest);
  return std::string(prefix) + "." + std::string(rest);
}

bool IsKey(std::string_view k) {
  return !k.empty() && k.size() <= kMaxKeyLength && std::all_of(k.begin(), k.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool TextOk(const json& v) {
  if (!v.is_string()) return false;
  const auto& s = v.get_ref<const std::string&>();
  return s.find('\0') == std::string::npos && core::Utf8Length(s) <= kMaxText;
}

void CheckFlat(const json& value, const std::string& path, std::size_t max_keys,
               std::vector<core::FieldError>& errors) {
  if (!value.is_object()) {
    errors.push_back({path, "must be an object"});
    return;
  }
  if (value.size() > max_keys) {
    errors.push_back({path, "must have at most " + std::to_string(max_keys) + " keys"});
    return;
  }
  for (const auto& [k, v] : value.items()) {
    const std::string key_path = Path(path, k);
    if (!IsKey(k)) {
      errors.push_back({key_path, "keys must be 1 to 50 characters of a-z, 0-9 and _"});
    } else if (v.is_string()) {
      if (!TextOk(v)) errors.push_back({key_path, "must be at most 500 characters"});
    } else if (!(v.is_number() || v.is_boolean() || v.is_null())) {
      errors.push_back({key_path, "must be a string, number, boolean or null"});
    }
  }
}

json ScalarSchema() {
  return {{"oneOf", json::array({{{"type", "string"}, {"maxLength", kMaxText}},
                                 {{"type", "number"}},
                                 {{"type", "boolean"}},
                                 {{"type", "null"}}})}};
}

json FlatSchema(std::size_t max_keys) {
  return {{"type", "object"},
          {"maxProperties", max_keys},
          {"propertyNames", {{"pattern", "^[a-z0-9_]{1,50}$"}}},
          {"additionalProperties", ScalarSchema()}};
}

}  // namespace

void CheckClinicalList(const json& value, std::string_view prefix,
                       std::vector<core::FieldError>& errors) {
  const std::string path(prefix);
  if (!value.is_array()) {
    errors.push_back({path, "must be an array"});
    return;
  }
  if (value.size() > kMaxListItems) {
    errors.push_back({path, "must have at most " + std::to_string(kMaxListItems) + " entries"});
    return;
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string item_path = path + "[" + std::to_string(i) + "]";
    const json& item = value[i];
    if (item.is_string()) {
      if (item.get_ref<const std::string&>().empty() || !TextOk(item)) {
        errors.push_back({item_path, "must be 1 to 500 characters"});
      }
    } else if (item.is_object()) {
      CheckFlat(item, item_path, kMaxKeys, errors);
    } else {
      errors.push_back({item_path, "must be a string or an object"});
    }
  }
}

json ClinicalListSchema() {
  return {{"type", "array"},
          {"maxItems", kMaxListItems},
          {"items",
           {{"oneOf", json::array({{{"type", "string"}, {"minLength", 1}, {"maxLength", kMaxText}},
                                   FlatSchema(kMaxKeys)})}}}};
}

void CheckFlatObject(const json& value, std::string_view prefix,
                     std::vector<core::FieldError>& errors) {
  CheckFlat(value, std::string(prefix), kMaxObjectKeys, errors);
}

json FlatObjectSchema() { return FlatSchema(kMaxObjectKeys); }

namespace {

void CheckNode(const json& v, const std::string& path, int depth,
               std::vector<core::FieldError>& errors) {
  if (v.is_object() || v.is_array()) {
    if (depth >= 3) {
      errors.push_back({path, "is nested too deeply (at most 3 levels)"});
      return;
    }
    if (v.is_object()) {
      if (v.size() > kMaxObjectKeys) {
        errors.push_back({path, "must have at most 30 keys"});
        return;
      }
      for (const auto& [k, item] : v.items()) {
        const std::string key_path = Path(path, k);
        if (!IsKey(k)) {
          errors.push_back({key_path, "keys must be 1 to 50 characters of a-z, 0-9 and _"});
          continue;
        }
        CheckNode(item, key_path, depth + 1, errors);
      }
    } else {
      if (v.size() > 50) {
        errors.push_back({path, "must have at most 50 items"});
        return;
      }
      for (std::size_t i = 0; i < v.size(); ++i) {
        CheckNode(v[i], path + "[" + std::to_string(i) + "]", depth + 1, errors);
      }
    }
  } else if (v.is_string() && !TextOk(v)) {
    errors.push_back({path, "must be at most 500 characters"});
  }
}

}  // namespace

void CheckDocument(const json& value, std::string_view prefix,
                   std::vector<core::FieldError>& errors) {
  const std::string path(prefix);
  if (!value.is_object()) {
    errors.push_back({path, "must be an object"});
    return;
  }
  CheckNode(value, path, 0, errors);
}

json DocumentSchema() {
  return {{"type", "object"},
          {"maxProperties", kMaxObjectKeys},
          {"description",
           "A structured document: at most 3 levels deep, 30 keys per object, 50 items per "
           "array, strings of at most 500 characters."}};
}

void CheckFileRefs(const json& value, std::string_view prefix,
                   std::vector<core::FieldError>& errors) {
  const std::string path(prefix);
  if (!value.is_array()) {
    errors.push_back({path, "must be an array of file ids"});
    return;
  }
  if (value.size() > kMaxFiles) {
    errors.push_back({path, "must have at most " + std::to_string(kMaxFiles) + " files"});
    return;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string item_path = path + "[" + std::to_string(i) + "]";
    if (!value[i].is_string() || !core::IsUuid(value[i].get_ref<const std::string&>())) {
      errors.push_back({item_path, "must be the id of an uploaded file"});
    } else if (!seen.insert(value[i].get<std::string>()).second) {
      errors.push_back({item_path, "is a duplicate"});
    }
  }
}

json FileRefsSchema() {
  return {{"type", "array"},
          {"maxItems", kMaxFiles},
          {"uniqueItems", true},
          {"items", {{"type", "string"}, {"format", "uuid"}}}};
}

}  // namespace imedic::records
