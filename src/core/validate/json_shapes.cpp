#include "core/validate/json_shapes.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "core/contact.hpp"
#include "core/utf8.hpp"
#include "core/validate/country.hpp"
#include "core/validate/currency.hpp"

namespace imedic::core::validate {
namespace {

using nlohmann::json;

bool IsBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

std::string Join(std::string_view prefix, std::string_view key) {
  if (prefix.empty()) return std::string(key);
  std::string out(prefix);
  out += '.';
  out += key;
  return out;
}

std::string NumberText(double d) {
  if (d == std::floor(d) && std::fabs(d) < 1e15)
    return std::to_string(static_cast<std::int64_t>(d));
  return std::to_string(d);
}

// Reads the keys of one JSON object, recording which keys are known and
// appending errors under `prefix`.
class Shape {
 public:
  Shape(const json& value, std::string_view prefix, std::vector<FieldError>& errors)
      : value_(value), prefix_(prefix), errors_(errors) {
    if (!value.is_object()) {
      Add(std::string(prefix), "must be an object");
      valid_ = false;
    }
  }

  bool valid() const { return valid_; }
  std::string Path(std::string_view key) const { return Join(prefix_, key); }
  void Add(std::string field, std::string message) {
    errors_.push_back({std::move(field), std::move(message)});
  }

  // The value of `key`, or nullptr when absent or null (then an error if
  // required).
  const json* Get(std::string_view key, bool required) {
    known_.emplace(key);
    if (!valid_) return nullptr;
    auto it = value_.find(key);
    if (it == value_.end() || it->is_null()) {
      if (required) Add(Path(key), "is required");
      return nullptr;
    }
    return &*it;
  }

  bool Present(std::string_view key) const {
    if (!valid_) return false;
    auto it = value_.find(key);
    return it != value_.end() && !it->is_null();
  }

  std::optional<std::string> String(std::string_view key, bool required, std::size_t max_len) {
    const json* v = Get(key, required);
    if (v == nullptr) return std::nullopt;
    if (!v->is_string()) {
      Add(Path(key), "must be a string");
      return std::nullopt;
    }
    const auto& s = v->get_ref<const std::string&>();
    if (s.find('\0') != std::string::npos) {
      Add(Path(key), "must not contain NUL characters");
      return std::nullopt;
    }
    if (Utf8Length(s) > max_len) {
      Add(Path(key), "must be at most " + std::to_string(max_len) + " characters");
      return std::nullopt;
    }
    if (required && IsBlank(s)) {
      Add(Path(key), "must not be empty");
      return std::nullopt;
    }
    return s;
  }

  std::optional<double> Number(std::string_view key, bool required, double min, double max) {
    const json* v = Get(key, required);
    if (v == nullptr) return std::nullopt;
    if (!v->is_number()) {
      Add(Path(key), "must be a number");
      return std::nullopt;
    }
    double d = v->get<double>();
    if (!std::isfinite(d) || d < min || d > max) {
      Add(Path(key), "must be from " + NumberText(min) + " to " + NumberText(max));
      return std::nullopt;
    }
    return d;
  }

  std::optional<std::int64_t> Int(std::string_view key, bool required, std::int64_t min,
                                  std::int64_t max) {
    const json* v = Get(key, required);
    if (v == nullptr) return std::nullopt;
    std::string range = "must be an integer from " + std::to_string(min) + " to " +
                        std::to_string(max);
    if (!v->is_number_integer()) {
      Add(Path(key), range);
      return std::nullopt;
    }
    if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
      Add(Path(key), range);
      return std::nullopt;
    }
    std::int64_t n = v->get<std::int64_t>();
    if (n < min || n > max) {
      Add(Path(key), range);
      return std::nullopt;
    }
    return n;
  }

  std::optional<bool> Bool(std::string_view key, bool required) {
    const json* v = Get(key, required);
    if (v == nullptr) return std::nullopt;
    if (!v->is_boolean()) {
      Add(Path(key), "must be true or false");
      return std::nullopt;
    }
    return v->get<bool>();
  }

  void Enum(std::string_view key, bool required, std::initializer_list<std::string_view> allowed) {
    auto s = String(key, required, 100);
    if (!s) return;
    if (std::find(allowed.begin(), allowed.end(), *s) == allowed.end()) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      Add(Path(key), "must be one of: " + list);
    }
  }

  void Country(std::string_view key, bool required) {
    auto s = String(key, required, 2);
    if (s && !IsCountryCode(*s)) {
      Add(Path(key), "must be an ISO 3166-1 alpha-2 country code (upper case)");
    }
  }

  void Phone(std::string_view key, bool required) {
    auto s = String(key, required, 40);
    if (s && !NormalizePhone(*s)) {
      Add(Path(key), "must be an international phone number in E.164 form (+905321234567)");
    }
  }

  void Email(std::string_view key, bool required) {
    auto s = String(key, required, 254);
    if (s && !NormalizeEmail(*s)) Add(Path(key), "must be an email address");
  }

  // One error per key nobody asked for.
  void Finish() {
    if (!valid_) return;
    for (const auto& [key, v] : value_.items()) {
      if (!known_.contains(key)) Add(Path(key), "is not a known field");
    }
  }

 private:
  const json& value_;
  std::string_view prefix_;
  std::vector<FieldError>& errors_;
  std::set<std::string, std::less<>> known_;
  bool valid_ = true;
};

bool IsHostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.';
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

}  // namespace

bool IsWebUrl(std::string_view url, std::size_t max_len) {
  if (url.size() > max_len) return false;
  std::string_view rest;
  if (StartsWithNoCase(url, "https://")) {
    rest = url.substr(8);
  } else if (StartsWithNoCase(url, "http://")) {
    rest = url.substr(7);
  } else {
    return false;
  }
  for (char c : url) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '"' || c == '<' || c == '>' || c == '\\') return false;
  }
  std::size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  std::string_view host = authority;
  std::size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos) {
    std::string_view port = authority.substr(colon + 1);
    host = authority.substr(0, colon);
    if (port.empty() || port.size() > 5) return false;
    std::uint32_t p = 0;
    for (char c : port) {
      if (c < '0' || c > '9') return false;
      p = p * 10 + static_cast<std::uint32_t>(c - '0');
    }
    if (p == 0 || p > 65535) return false;
  }
  // A DNS name: labels of letters, digits and '-', at least two of them, not
  // starting or ending with '-' (no user info, no IP literals).
  if (host.empty() || host.size() > 253) return false;
  if (!std::all_of(host.begin(), host.end(), IsHostChar)) return false;
  std::size_t labels = 0;
  std::size_t start = 0;
  while (start <= host.size()) {
    std::size_t dot = host.find('.', start);
    std::string_view label = host.substr(
        start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    ++labels;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return labels >= 2;
}

void CheckPriceRange(const json& value, std::string_view prefix, std::vector<FieldError>& errors) {
  Shape s(value, prefix, errors);
  constexpr double kMaxPrice = 1e9;
  auto min = s.Number("min", true, 0, kMaxPrice);
  auto max = s.Number("max", true, 0, kMaxPrice);
  auto currency = s.String("currency", true, 3);
  if (currency && !IsCurrencyCode(*currency)) {
    s.Add(s.Path("currency"), "must be an ISO 4217 currency code (upper case)");
  }
  if (min && max && *min > *max) s.Add(s.Path("min"), "must not be greater than max");
  s.Finish();
}

void CheckLocation(const json& value, std::string_view prefix, std::vector<FieldError>& errors) {
  Shape s(value, prefix, errors);
  s.String("address", false, 300);
  s.String("city", true, 100);
  s.Country("country", true);
  s.String("district", false, 100);
  s.String("neighbourhood", false, 100);
  s.String("postal_code", false, 20);
  s.Number("lat", false, -90, 90);
  s.Number("lng", false, -180, 180);
  if (s.Present("lat") != s.Present("lng")) {
    s.Add(s.Path(s.Present("lat") ? "lng" : "lat"), "is required when the other coordinate is");
  }
  s.Finish();
}

void CheckContactInfo(const json& value, std::string_view prefix, std::vector<FieldError>& errors) {
  Shape s(value, prefix, errors);
  s.Phone("phone", false);
  s.Phone("whatsapp", false);
  s.Email("email", false);
  auto website = s.String("website", false, 300);
  if (website && !IsWebUrl(*website)) {
    s.Add(s.Path("website"), "must be an http:// or https:// address");
  }
  if (s.valid() && !s.Present("phone") && !s.Present("email") && !s.Present("website")) {
    s.Add(std::string(prefix), "needs at least one of phone, email, website");
  }
  s.Finish();
}

void CheckEmergencyContact(const json& value, std::string_view prefix,
                           std::vector<FieldError>& errors) {
  Shape s(value, prefix, errors);
  s.String("name", true, 200);
  s.Phone("phone", true);
  s.String("relationship", false, 50);
  s.Email("email", false);
  s.Finish();
}

void CheckTravelPreferences(const json& value, std::string_view prefix,
                            std::vector<FieldError>& errors) {
  Shape s(value, prefix, errors);
  s.String("departure_city", false, 100);
  s.Country("departure_country", false);
  s.Enum("seat", false, {"window", "aisle", "no_preference"});
  s.Enum("accommodation", false, {"hotel", "apartment", "clinic_partner", "none"});
  s.Int("nights", false, 0, 60);
  s.Int("companions", false, 0, 10);
  s.Bool("needs_airport_transfer", false);
  s.String("departure_airport", false, 4);
  s.Int("hotel_stars", false, 1, 5);
  s.Enum("travelling_with", false, {"alone", "partner", "friend", "family_member"});
  s.Enum("room_type", false, {"single", "double", "twin"});
  s.String("interpreter_language", false, 35);
  s.Enum("dietary", false, {"none", "halal", "kosher", "vegetarian", "vegan", "gluten_free"});
  s.String("notes", false, 1000);
  s.Finish();
}

void CheckStringArray(const json& value, std::string_view prefix, std::vector<FieldError>& errors,
                      std::size_t max_items, std::size_t max_len,
                      const std::function<bool(std::string_view)>& item_ok,
                      std::string_view item_message) {
  if (!value.is_array()) {
    errors.push_back({std::string(prefix), "must be an array of strings"});
    return;
  }
  if (value.size() > max_items) {
    errors.push_back(
        {std::string(prefix), "must have at most " + std::to_string(max_items) + " items"});
    return;
  }
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const json& item = value[i];
    std::string field = std::string(prefix) + "[" + std::to_string(i) + "]";
    if (!item.is_string()) {
      errors.push_back({field, "must be a string"});
      continue;
    }
    const auto& str = item.get_ref<const std::string&>();
    if (IsBlank(str) || Utf8Length(str) > max_len || str.find('\0') != std::string::npos) {
      errors.push_back({field, "must be 1 to " + std::to_string(max_len) + " characters"});
      continue;
    }
    if (item_ok && !item_ok(str)) {
      errors.push_back({field, std::string(item_message)});
      continue;
    }
    if (!seen.insert(str).second) errors.push_back({field, "is a duplicate"});
  }
}

// --- JSON Schemas of the shapes (mirrors of the checks above) ---

namespace {

// A string key as Shape::String reads it: at most `max_len` code points; a
// required one must not be blank, an optional one may be null.
json StringKey(std::size_t max_len, bool required) {
  json s = {{"type", required ? json("string") : json::array({"string", "null"})},
            {"maxLength", max_len}};
  if (required) {
    s["minLength"] = 1;
    s["pattern"] = "\\S";
  }
  return s;
}

json NumberKey(double min, double max, bool required) {
  return {{"type", required ? json("number") : json::array({"number", "null"})},
          {"minimum", min},
          {"maximum", max}};
}

json CountryKey(bool required) {
  json s = StringKey(2, required);
  s.erase("minLength");
  s["pattern"] = "^[A-Z]{2}$";
  s["description"] = "An ISO 3166-1 alpha-2 country code in upper case, e.g. TR.";
  return s;
}

json PhoneKey(bool required) {
  json s = StringKey(40, required);
  s.erase("minLength");
  s["pattern"] = "^\\+[1-9][0-9]{6,14}$";
  s["description"] = "An international phone number in E.164 form, e.g. +905321234567.";
  return s;
}

json EmailKey(bool required) {
  json s = StringKey(254, required);
  s.erase("minLength");
  s.erase("pattern");
  s["format"] = "email";
  return s;
}

json EnumKey(std::initializer_list<std::string_view> values) {
  json list = json::array();
  for (auto v : values) list.push_back(std::string(v));
  list.push_back(nullptr);
  return {{"type", json::array({"string", "null"})}, {"enum", std::move(list)}};
}

json ObjectSchema(json properties, std::initializer_list<const char*> required,
                  std::string_view description) {
  json s = {{"type", "object"},
            {"properties", std::move(properties)},
            {"additionalProperties", false},
            {"description", std::string(description)}};
  if (required.size() > 0) {
    json r = json::array();
    for (const char* k : required) r.push_back(k);
    s["required"] = std::move(r);
  }
  return s;
}

}  // namespace

json PriceRangeSchema() {
  constexpr double kMaxPrice = 1e9;
  json currency = StringKey(3, true);
  currency.erase("minLength");
  currency["pattern"] = "^[A-Z]{3}$";
  currency["description"] = "An ISO 4217 currency code in upper case, e.g. EUR.";
  return ObjectSchema({{"min", NumberKey(0, kMaxPrice, true)},
                       {"max", NumberKey(0, kMaxPrice, true)},
                       {"currency", std::move(currency)}},
                      {"min", "max", "currency"}, "A price range; min must not exceed max.");
}

json LocationSchema() {
  json s = ObjectSchema({{"address", StringKey(300, false)},
                         {"city", StringKey(100, true)},
                         {"country", CountryKey(true)},
                         {"district", StringKey(100, false)},
                         {"neighbourhood", StringKey(100, false)},
                         {"postal_code", StringKey(20, false)},
                         {"lat", NumberKey(-90, 90, false)},
                         {"lng", NumberKey(-180, 180, false)}},
                        {"city", "country"},
                        "A postal location; lat and lng come together or not at all.");
  s["dependentRequired"] = {{"lat", {"lng"}}, {"lng", {"lat"}}};
  return s;
}

json ContactInfoSchema() {
  json website = StringKey(300, false);
  website["format"] = "uri";
  website["pattern"] = "^[Hh][Tt][Tt][Pp][Ss]?://";
  website["description"] = "An http:// or https:// address with a host name.";
  json s = ObjectSchema({{"phone", PhoneKey(false)},
                         {"whatsapp", PhoneKey(false)},
                         {"email", EmailKey(false)},
                         {"website", std::move(website)}},
                        {}, "Contact details: at least one of phone, email and website.");
  s["anyOf"] = json::array(
      {{{"required", {"phone"}}}, {{"required", {"email"}}}, {{"required", {"website"}}}});
  return s;
}

json EmergencyContactSchema() {
  return ObjectSchema({{"name", StringKey(200, true)},
                       {"phone", PhoneKey(true)},
                       {"relationship", StringKey(50, false)},
                       {"email", EmailKey(false)}},
                      {"name", "phone"}, "Whom to call in an emergency.");
}

json TravelPreferencesSchema() {
  auto int_key = [](int min, int max) {
    return json{{"type", json::array({"integer", "null"})}, {"minimum", min}, {"maximum", max}};
  };
  return ObjectSchema(
      {{"departure_city", StringKey(100, false)},
       {"departure_country", CountryKey(false)},
       {"seat", EnumKey({"window", "aisle", "no_preference"})},
       {"accommodation", EnumKey({"hotel", "apartment", "clinic_partner", "none"})},
       {"nights", int_key(0, 60)},
       {"companions", int_key(0, 10)},
       {"needs_airport_transfer", {{"type", json::array({"boolean", "null"})}}},
       {"departure_airport", StringKey(4, false)},
       {"hotel_stars", int_key(1, 5)},
       {"travelling_with", EnumKey({"alone", "partner", "friend", "family_member"})},
       {"room_type", EnumKey({"single", "double", "twin"})},
       {"interpreter_language", StringKey(35, false)},
       {"dietary", EnumKey({"none", "halal", "kosher", "vegetarian", "vegan", "gluten_free"})},
       {"notes", StringKey(1000, false)}},
      {}, "Travel preferences, all optional.");
}

}  // namespace imedic::core::validate
