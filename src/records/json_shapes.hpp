// Bounded shapes of free-form JSONB values the resource definitions use:
// lists of entries (medications, allergies, treatments…), flat objects,
// small documents and lists of file ids. Bounded in size and depth so a body
// cannot smuggle arbitrary documents into (encrypted) columns, yet open
// enough for real intake forms. Each check appends FieldErrors under
// `prefix`, as in core/validate/json_shapes.hpp; each schema is its JSON
// Schema twin.
#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace imedic::records {

// An array of at most 100 entries; each entry is a non-empty string of at most
// 500 characters, or a flat object (at most 20 keys of [a-z0-9_] up to 50
// characters) whose values are strings of at most 500 characters, numbers,
// booleans or null. E.g. [{"name": "finasteride", "dose": "1 mg"}, "PRP"].
void CheckClinicalList(const nlohmann::json& value, std::string_view prefix,
                       std::vector<core::FieldError>& errors);
nlohmann::json ClinicalListSchema();

// A flat object of at most 30 such keys and scalar values, e.g.
// {"smoking": "former", "alcohol_units_per_week": 4}.
void CheckFlatObject(const nlohmann::json& value, std::string_view prefix,
                     std::vector<core::FieldError>& errors);
nlohmann::json FlatObjectSchema();

// An array of at most 30 distinct file ids (UUIDs) of uploaded files.
void CheckFileRefs(const nlohmann::json& value, std::string_view prefix,
                   std::vector<core::FieldError>& errors);
nlohmann::json FileRefsSchema();

// A small structured document (credentials, insurance details): an object
// nested at most 3 levels, at most 30 members per object and 50 items per
// array, strings of at most 500 characters.
void CheckDocument(const nlohmann::json& value, std::string_view prefix,
                   std::vector<core::FieldError>& errors);
nlohmann::json DocumentSchema();

// Free-form requirements of a procedure: a flat object as above.
inline void CheckRequirements(const nlohmann::json& value, std::string_view prefix,
                              std::vector<core::FieldError>& errors) {
  CheckFlatObject(value, prefix, errors);
}

}  // namespace imedic::records
