#include "records/body_validator.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/contact.hpp"
#include "core/rfc3339.hpp"
#include "core/utf8.hpp"
#include "core/uuid.hpp"
#include "core/validate/country.hpp"
#include "core/validate/currency.hpp"
#include "core/validate/date.hpp"
#include "core/validate/json_shapes.hpp"
#include "core/validate/language.hpp"
#include "core/validate/timezone.hpp"
#include "http/json_body.hpp"

namespace imedic::records {

namespace {

using core::FieldError;
using nlohmann::json;

bool Digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int Number(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

std::string LengthMessage(const Field& f) {
  if (f.min_len > 0) {
    return "must be " + std::to_string(f.min_len) + " to " + std::to_string(f.max_len) +
           " characters";
  }
  return "must be at most " + std::to_string(f.max_len) + " characters";
}

std::string FormatMessage(Format format) {
  switch (format) {
    case Format::kEmail: return "must be an email address";
    case Format::kE164: return "must be an international phone number (E.164, e.g. +905321234567)";
    case Format::kCountry: return "must be an ISO 3166-1 alpha-2 country code (e.g. TR)";
    case Format::kCurrency: return "must be an ISO 4217 currency code (e.g. EUR)";
    case Format::kLanguage: return "must be a BCP 47 language tag (e.g. en, pt-BR)";
    case Format::kTimezone: return "must be an IANA time zone (e.g. Europe/Istanbul)";
    case Format::kUrl: return "must be an http(s) URL";
    case Format::kUuid: return "must be a UUID";
    case Format::kInstant: return "must be an RFC 3339 date-time with Z or an offset";
    case Format::kNone: break;
  }
  return "is not valid";
}

// The normalised string, or nullopt after adding an error.
std::optional<std::string> CheckString(const Field& f, const json& v, const std::string& path,
                                       std::vector<FieldError>& errors) {
  if (!v.is_string()) {
    errors.push_back({path, "must be a string"});
    return std::nullopt;
  }
  std::string s = http::TrimSpace(v.get<std::string>());
  if (s.find('\0') != std::string::npos) {
    errors.push_back({path, "must not contain NUL characters"});
    return std::nullopt;
  }
  for (unsigned char c : s) {
    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
      errors.push_back({path, "must not contain control characters"});
      return std::nullopt;
    }
  }
  const std::size_t len = core::Utf8Length(s);
  if (len < f.min_len || len > f.max_len) {
    errors.push_back({path, LengthMessage(f)});
    return std::nullopt;
  }
  if (!f.values.empty() && std::find(f.values.begin(), f.values.end(), s) == f.values.end()) {
    std::string list;
    for (std::string_view a : f.values) list += (list.empty() ? "" : ", ") + std::string(a);
    errors.push_back({path, "must be one of: " + list});
    return std::nullopt;
  }
  bool ok = true;
  switch (f.format) {
    case Format::kNone: break;
    case Format::kEmail: {
      auto e = core::NormalizeEmail(s);
      ok = e.has_value();
      if (ok) s = *e;
      break;
    }
    case Format::kE164: {
      auto p = core::NormalizePhone(s);
      ok = p.has_value();
      if (ok) s = *p;
      break;
    }
    case Format::kCountry: ok = core::validate::IsCountryCode(s); break;
    case Format::kCurrency: ok = core::validate::IsCurrencyCode(s); break;
    case Format::kLanguage: ok = core::validate::IsLanguageTag(s); break;
    case Format::kTimezone: ok = core::validate::IsTimeZone(s); break;
    case Format::kUrl: ok = core::validate::IsWebUrl(s, f.max_len); break;
    case Format::kUuid: ok = core::IsUuid(s); break;
    case Format::kInstant: ok = core::IsRfc3339(s); break;
  }
  if (!ok) {
    errors.push_back({path, FormatMessage(f.format)});
    return std::nullopt;
  }
  return s;
}

// The checked value of one present, non-null field, or nullopt after adding
// errors.
std::optional<json> CheckValue(const Field& f, const json& v, std::vector<FieldError>& errors) {
  const std::string path(f.name);
  switch (f.type) {
    case FieldType::kString: {
      auto s = CheckString(f, v, path, errors);
      if (!s) return std::nullopt;
      if (s->empty() && f.min_len > 0) return std::nullopt;
      return json(*s);
    }
    case FieldType::kInt: {
      if (!v.is_number_integer()) {
        errors.push_back({path, "must be an integer"});
        return std::nullopt;
      }
      const double n = v.is_number_unsigned() ? static_cast<double>(v.get<std::uint64_t>())
                                              : static_cast<double>(v.get<std::int64_t>());
      if (n < f.min || n > f.max) {
        errors.push_back({path, "must be from " + std::to_string(static_cast<long long>(f.min)) +
                                    " to " + std::to_string(static_cast<long long>(f.max))});
        return std::nullopt;
      }
      return v;
    }
    case FieldType::kNumber: {
      if (!v.is_number()) {
        errors.push_back({path, "must be a number"});
        return std::nullopt;
      }
      const double n = v.get<double>();
      if (!std::isfinite(n) || n < f.min || n > f.max) {
        std::string lo = std::to_string(f.min), hi = std::to_string(f.max);
        errors.push_back({path, "must be a number from " + lo.substr(0, lo.find('.') + 3) + " to " +
                                    hi.substr(0, hi.find('.') + 3)});
        return std::nullopt;
      }
      return v;
    }
    case FieldType::kBool:
      if (!v.is_boolean()) {
        errors.push_back({path, "must be true or false"});
        return std::nullopt;
      }
      return v;
    case FieldType::kDate:
      if (!v.is_string() || !IsIsoDate(v.get_ref<const std::string&>())) {
        errors.push_back({path, "must be a date (YYYY-MM-DD)"});
        return std::nullopt;
      }
      return v;
    case FieldType::kTime:
      if (!v.is_string() || !IsClockTime(v.get_ref<const std::string&>())) {
        errors.push_back({path, "must be a time of day (HH:MM)"});
        return std::nullopt;
      }
      return v;
    case FieldType::kTimestamp:
      errors.push_back({path, "is set by the server"});
      return std::nullopt;
    case FieldType::kUuid:
      if (!v.is_string() || !core::IsUuid(v.get_ref<const std::string&>())) {
        errors.push_back({path, "must be a UUID"});
        return std::nullopt;
      }
      return v;
    case FieldType::kStringArray: {
      if (!v.is_array()) {
        errors.push_back({path, "must be an array of strings"});
        return std::nullopt;
      }
      if (v.size() > f.max_items) {
        errors.push_back({path, "must have at most " + std::to_string(f.max_items) + " items"});
        return std::nullopt;
      }
      json out = json::array();
      const std::size_t before = errors.size();
      for (std::size_t i = 0; i < v.size(); ++i) {
        const std::string item_path = path + "[" + std::to_string(i) + "]";
        Field item = f;
        if (item.min_len == 0) item.min_len = 1;
        auto s = CheckString(item, v[i], item_path, errors);
        if (!s) continue;
        if (std::find(out.begin(), out.end(), json(*s)) != out.end()) {
          errors.push_back({item_path, "is a duplicate"});
          continue;
        }
        out.push_back(*s);
      }
      if (errors.size() != before) return std::nullopt;
      return out;
    }
    case FieldType::kJson: {
      const std::size_t before = errors.size();
      if (f.shape != nullptr) f.shape(v, path, errors);
      if (errors.size() != before) return std::nullopt;
      return v;
    }
  }
  return std::nullopt;
}

}  // namespace

bool IsIsoDate(std::string_view s) {
  if (!core::validate::IsCalendarDate(s)) return false;
  const int year = Number(s.substr(0, 4));
  return year >= 1900 && year <= 2200;
}

bool IsClockTime(std::string_view s) {
  if (s.size() != 5 && s.size() != 8) return false;
  if (!Digits(s.substr(0, 2)) || s[2] != ':' || !Digits(s.substr(3, 2))) return false;
  if (Number(s.substr(0, 2)) > 23 || Number(s.substr(3, 2)) > 59) return false;
  if (s.size() == 8) return s[5] == ':' && Digits(s.substr(6, 2)) && Number(s.substr(6, 2)) <= 59;
  return true;
}

core::Result<nlohmann::json> ValidateBody(const Resource& resource, const nlohmann::json& body,
                                          WriteMode mode) {
  std::vector<FieldError> errors;
  if (!body.is_object()) {
    return core::Fail(core::Error::InvalidInput("the request body must be a JSON object",
                                                {{"", "expected an object"}}));
  }
  json out = json::object();
  for (const auto& [name, value] : body.items()) {
    const Field* f = resource.Find(name);
    if (f == nullptr) {
      errors.push_back({name, "is not a field of " + std::string(resource.name)});
      continue;
    }
    if (f->access == Access::kServer) {
      errors.push_back({name, "is set by the server"});
      continue;
    }
    if (mode == WriteMode::kPatch && f->access == Access::kCreateOnly) {
      errors.push_back({name, "cannot be changed after creation"});
      continue;
    }
    if (value.is_null()) {
      if (!f->nullable || f->required) {
        errors.push_back({name, f->required ? "is required" : "must not be null"});
      } else {
        out[name] = nullptr;
      }
      continue;
    }
    if (auto v = CheckValue(*f, value, errors)) out[name] = std::move(*v);
  }
  if (mode == WriteMode::kCreate) {
    for (const Field& f : resource.fields) {
      if (f.access == Access::kServer || body.contains(f.name)) continue;
      if (f.required) {
        errors.push_back({std::string(f.name), "is required"});
      } else if (!f.default_json.empty()) {
        out[std::string(f.name)] = json::parse(f.default_json);
      }
    }
  }
  if (!errors.empty()) {
    return core::Fail(
        core::Error::InvalidInput("the request body has invalid fields", std::move(errors)));
  }
  return out;
}

core::Result<nlohmann::json> ParseAndValidateBody(const Resource& resource, std::string_view text,
                                                  WriteMode mode) {
  auto object = http::ParseJsonObject(text);
  if (!object) return core::Fail(object.error());
  return ValidateBody(resource, *object, mode);
}

}  // namespace imedic::records
