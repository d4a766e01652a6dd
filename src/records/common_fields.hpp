// Fields every resource definition shares: the id, the owner's id and the
// server-kept timestamps.
#pragma once

#include <string_view>

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

inline Field TimeField(std::string_view name, std::string_view description) {
  return {.name = name,
          .type = FieldType::kTimestamp,
          .access = Access::kServer,
          .filterable = true,
          .sortable = true,
          .description = description};
}

}  // namespace imedic::records
