// The data-transfer definition of a resource: one table's fields as the API
// sees them. The same definition drives request validation (types, ranges,
// formats, shapes, which fields a client may set), the SQL that writes and
// renders rows, list filters and sorting, encryption of sensitive columns,
// and the schemas of the OpenAPI document. Nothing about a field is written
// twice.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace imedic::records {

// How a value looks in JSON and which column type it is written to.
enum class FieldType {
  kString,       // TEXT
  kInt,          // INTEGER
  kNumber,       // NUMERIC / DECIMAL
  kBool,         // BOOLEAN
  kDate,         // DATE, "YYYY-MM-DD"
  kTime,         // TIME, "HH:MM" or "HH:MM:SS"
  kTimestamp,    // TIMESTAMPTZ, RFC 3339
  kUuid,         // UUID
  kStringArray,  // TEXT[] from a JSON array of strings
  kJson,         // JSONB: an object or array checked by `shape`
};

// Who may set a field.
enum class Access {
  kServer,      // set by the server only (ids, times, counters, flags); read-only
  kCreateOnly,  // given on create, fixed afterwards
  kWritable,    // given on create and changed by PATCH
};

// Extra syntax of a string (or of each item of a string array). kInstant:
// an RFC 3339 date-time with Z or an offset, for instants a client sets
// (a quote's validity); timestamps the server keeps are FieldType::kTimestamp.
enum class Format {
  kNone,
  kEmail,
  kE164,
  kCountry,
  kCurrency,
  kLanguage,
  kTimezone,
  kUrl,
  kUuid,
  kInstant
};

// Appends one FieldError per problem of a JSON value, naming paths under
// `prefix` (see core/validate/json_shapes.hpp).
using ShapeCheck = void (*)(const nlohmann::json& value, std::string_view prefix,
                            std::vector<core::FieldError>& errors);
// The JSON Schema of a JSONB shape, for the OpenAPI document.
using ShapeSchema = nlohmann::json (*)();

struct Field {
  std::string_view name{};  // the column name, and the JSON member name
  FieldType type = FieldType::kString;
  Access access = Access::kWritable;
  bool required = false;  // must be given on create
  bool nullable = true;   // may be null, and may be cleared by PATCH with null
  // Strings: length in code points. String arrays: per item.
  std::size_t min_len = 0;
  std::size_t max_len = 200;
  std::size_t max_items = 20;  // string arrays
  // Integers and numbers: inclusive range.
  double min = std::numeric_limits<double>::lowest();
  double max = std::numeric_limits<double>::max();
  std::vector<std::string_view> values{};  // allowed values of an enum string (or array items)
  Format format = Format::kNone;
  ShapeCheck shape = nullptr;          // kJson: the shape check
  ShapeSchema shape_schema = nullptr;  // kJson: its JSON Schema
  std::string_view default_json{};     // JSON applied on create when the field is absent
  bool encrypted = false;              // sealed with the patient's data key (docs/encryption.md)
  bool filterable = false;             // may appear in list filters
  bool sortable = false;               // may appear in `order=` (must be NOT NULL in SQL)
  std::string_view description{};
};

struct Resource {
  std::string_view name{};   // component name in the OpenAPI document, e.g. "MedicalHistory"
  std::string_view table{};  // e.g. "medical_histories"
  std::string_view description{};
  // Every column the API shows, in output order. `id` first; `deleted` is
  // never listed (it decides 410, it is not shown).
  std::vector<Field> fields{};

  const Field* Find(std::string_view field_name) const {
    for (const Field& f : fields) {
      if (f.name == field_name) return &f;
    }
    return nullptr;
  }
  bool HasEncryptedFields() const {
    for (const Field& f : fields) {
      if (f.encrypted) return true;
    }
    return false;
  }
};

}  // namespace imedic::records
