// JSON Schemas (draft 2020-12, as OpenAPI 3.1 uses them) generated from the
// resource definitions of src/records/resource.hpp, so the API reference says
// exactly what the validators accept and what the renderers answer.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "records/resource.hpp"

namespace imedic::openapi {

// Which view of a resource a schema describes.
enum class SchemaMode {
  kRead,    // every field; server-owned ones are readOnly
  kCreate,  // the fields a client may set on create; `required` list; no other keys
  kPatch,   // a JSON merge patch: writable fields, all optional; null clears a nullable one
};

// The schema of one field's value: type (with "null" when nullable), format
// or pattern, enum, lengths, ranges, array limits, the JSONB shape's schema,
// the default and the description ("Encrypted at rest." for sealed fields).
nlohmann::json FieldSchema(const records::Field& field);

// `text` followed by `sentence`: declarations describe without a final full
// stop ("The provider"), so one is put in between when missing.
std::string WithSentence(std::string_view text, std::string_view sentence);

// The object schema of a resource in `mode`. In kCreate and kPatch it has
// `additionalProperties: false`: the validators refuse unknown keys.
nlohmann::json ResourceSchema(const records::Resource& resource, SchemaMode mode);

// The regular expressions used for string formats JSON Schema has no
// `format` for (exposed for tests).
inline constexpr const char* kE164Pattern = "^\\+[1-9][0-9]{6,14}$";
inline constexpr const char* kCountryPattern = "^[A-Z]{2}$";
inline constexpr const char* kCurrencyPattern = "^[A-Z]{3}$";
inline constexpr const char* kLanguagePattern = "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$";
inline constexpr const char* kTimezonePattern = "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$";
inline constexpr const char* kTimePattern = "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$";

}  // namespace imedic::openapi
