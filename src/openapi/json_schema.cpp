#include "openapi/json_schema.hpp"

#include <cmath>
#include <limits>
#include <string>

namespace imedic::openapi {

using records::Access;
using records::Field;
using records::FieldType;
using records::Format;
using records::Resource;

namespace {

using nlohmann::json;

// A whole number as an integer, anything else as a double.
json NumberValue(double d) {
  if (std::fabs(d) < 9.0e15 && d == std::floor(d)) return static_cast<long long>(d);
  return d;
}

void AddRange(const Field& f, json& s) {
  if (f.min != std::numeric_limits<double>::lowest()) s["minimum"] = NumberValue(f.min);
  if (f.max != std::numeric_limits<double>::max()) s["maximum"] = NumberValue(f.max);
}

// The schema of one string (a string field, or one item of a string array).
json StringSchema(const Field& f) {
  json s = {{"type", "string"}};
  if (!f.values.empty()) {
    json values = json::array();
    for (std::string_view v : f.values) values.push_back(std::string(v));
    s["enum"] = std::move(values);
  }
  if (f.min_len > 0) s["minLength"] = f.min_len;
  s["maxLength"] = f.max_len;
  switch (f.format) {
    case Format::kNone: break;
    case Format::kEmail: s["format"] = "email"; break;
    case Format::kUuid: s["format"] = "uuid"; break;
    case Format::kInstant: s["format"] = "date-time"; break;
    case Format::kUrl:
      s["format"] = "uri";
      s["pattern"] = "^[Hh][Tt][Tt][Pp][Ss]?://";
      break;
    case Format::kE164:
      s["pattern"] = kE164Pattern;
      s["description"] = "An international phone number in E.164 form, e.g. +905321234567.";
      break;
    case Format::kCountry:
      s["pattern"] = kCountryPattern;
      s["description"] = "An ISO 3166-1 alpha-2 country code in upper case, e.g. TR.";
      break;
    case Format::kCurrency:
      s["pattern"] = kCurrencyPattern;
      s["description"] = "An ISO 4217 currency code in upper case, e.g. EUR.";
      break;
    case Format::kLanguage:
      s["pattern"] = kLanguagePattern;
      s["description"] = "A BCP 47 language tag with an ISO 639-1 language, e.g. en or pt-BR.";
      break;
    case Format::kTimezone:
      s["pattern"] = kTimezonePattern;
      s["description"] = "An IANA time zone name, e.g. Europe/Istanbul.";
      break;
  }
  return s;
}

// Adds "null" to the schema's type (and to its enum, which would refuse it).
void AllowNull(json& s) {
  if (s.contains("type")) {
    json& type = s["type"];
    if (type.is_string()) {
      type = json::array({type, "null"});
    } else if (type.is_array()) {
      bool has_null = false;
      for (const auto& t : type) has_null = has_null || t == "null";
      if (!has_null) type.push_back("null");
    }
    if (s.contains("enum")) s["enum"].push_back(nullptr);
    return;
  }
  // A composite shape without a top-level type: wrap it.
  json inner = std::move(s);
  s = {{"anyOf", json::array({std::move(inner), {{"type", "null"}}})}};
}

}  // namespace

std::string WithSentence(std::string_view text, std::string_view sentence) {
  std::string out(text);
  if (!out.empty() && out.back() != '.' && out.back() != '?') out += '.';
  if (!out.empty()) out += ' ';
  out += sentence;
  return out;
}

json FieldSchema(const Field& f) {
  json s;
  switch (f.type) {
    case FieldType::kString: s = StringSchema(f); break;
    case FieldType::kInt:
      s = {{"type", "integer"}};
      AddRange(f, s);
      break;
    case FieldType::kNumber:
      s = {{"type", "number"}};
      AddRange(f, s);
      break;
    case FieldType::kBool: s = {{"type", "boolean"}}; break;
    case FieldType::kDate: s = {{"type", "string"}, {"format", "date"}}; break;
    case FieldType::kTime:
      s = {{"type", "string"},
           {"pattern", kTimePattern},
           {"description", "A time of day, HH:MM or HH:MM:SS."}};
      break;
    case FieldType::kTimestamp: s = {{"type", "string"}, {"format", "date-time"}}; break;
    case FieldType::kUuid: s = {{"type", "string"}, {"format", "uuid"}}; break;
    case FieldType::kStringArray: {
      json item = StringSchema(f);
      if (!item.contains("minLength")) item["minLength"] = 1;
      s = {{"type", "array"},
           {"items", std::move(item)},
           {"maxItems", f.max_items},
           {"uniqueItems", true}};
      break;
    }
    case FieldType::kJson:
      s = f.shape_schema != nullptr ? f.shape_schema()
                                    : json{{"type", json::array({"object", "array"})}};
      break;
  }
  if (f.nullable) AllowNull(s);

  std::string description(f.description);
  if (s.contains("description")) {
    // The format's own note goes after the field's description.
    std::string note = s["description"].get<std::string>();
    description = description.empty() ? note : description + " " + note;
  }
  if (f.encrypted) description = WithSentence(description, "Encrypted at rest.");
  if (!description.empty()) s["description"] = description;
  if (!f.default_json.empty()) {
    json d = json::parse(f.default_json, nullptr, /*allow_exceptions=*/false);
    if (!d.is_discarded()) s["default"] = std::move(d);
  }
  return s;
}

json ResourceSchema(const Resource& r, SchemaMode mode) {
  json properties = json::object();
  json required = json::array();
  for (const Field& f : r.fields) {
    json s = FieldSchema(f);
    switch (mode) {
      case SchemaMode::kRead:
        if (f.access == Access::kServer) s["readOnly"] = true;
        // Every field is present in an answer (null when it has no value).
        required.push_back(std::string(f.name));
        break;
      case SchemaMode::kCreate:
        if (f.access == Access::kServer) continue;
        if (f.required) required.push_back(std::string(f.name));
        break;
      case SchemaMode::kPatch:
        if (f.access != Access::kWritable) continue;
        s.erase("default");  // absent means unchanged, not the default
        break;
    }
    properties[std::string(f.name)] = std::move(s);
  }
  json out = {{"type", "object"}, {"properties", std::move(properties)}};
  std::string description(r.description);
  if (mode == SchemaMode::kCreate) {
    description += description.empty() ? "" : " ";
    description += "The fields a client may set when creating one; unknown fields are refused.";
  } else if (mode == SchemaMode::kPatch) {
    description += description.empty() ? "" : " ";
    description +=
        "A JSON merge patch (RFC 7396): absent fields stay unchanged, null clears a nullable "
        "field; unknown and read-only fields are refused.";
  }
  if (!description.empty()) out["description"] = description;
  if (!required.empty()) out["required"] = std::move(required);
  if (mode != SchemaMode::kRead) out["additionalProperties"] = false;
  return out;
}

}  // namespace imedic::openapi
