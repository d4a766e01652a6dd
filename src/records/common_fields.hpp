// Fields every resource definition shares: the id, the owner's id, the
// server-kept timestamps and other server-set fields.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "records/resource.hpp"

namespace imedic::records {

inline Field IdField() {
  return {.name = "id",
          .type = FieldType::kUuid,
          .access = Access::kServer,
          .nullable = false,
          .description = "Identifier"};
}

// The id of the row's owner (patient, user, provider), set by the server from the path.
inline Field OwnerField(std::string_view name, std::string_view description) {
  return {.name = name,
          .type = FieldType::kUuid,
          .access = Access::kServer,
          .nullable = false,
          .filterable = true,
          .description = description};
}

// A field only the server sets (read-only in the document).
inline Field ServerField(std::string_view name, FieldType type, std::string_view description,
                         bool nullable = true) {
  return {.name = name,
          .type = type,
          .access = Access::kServer,
          .nullable = nullable,
          .description = description};
}

// A read-only string that is always one of `values`.
inline Field ServerEnum(std::string_view name, std::vector<std::string_view> values,
                        std::string_view description) {
  Field f = ServerField(name, FieldType::kString, description, false);
  f.values = std::move(values);
  return f;
}

inline Field TimeField(std::string_view name, std::string_view description) {
  return {.name = name,
          .type = FieldType::kTimestamp,
          .access = Access::kServer,
          .filterable = true,
          .sortable = true,
          .description = description};
}

}  // namespace imedic::records
