// A person's profile: name, birth date and preferences, for patients and
// staff alike (the identity domain's resource; see records/resource.hpp).
#include "domains/identity/profile_resource.hpp"

#include "records/common_fields.hpp"

namespace imedic::identity {

using records::FieldType;
using records::Format;
using records::IdField;
using records::OwnerField;
using records::Resource;
using records::TimeField;

const Resource& UserProfileResource() {
  static const Resource r{
      .name = "UserProfile",
      .table = "user_profiles",
      .description = "A person's name and preferences (patients and staff alike)",
      .fields = {
          IdField(),
          OwnerField("user_id", "The user this profile belongs to"),
          {.name = "first_name",
           .required = true,
           .nullable = false,
           .min_len = 1,
           .max_len = 100,
           .filterable = true,
           .sortable = true,
           .description = "Given name"},
          {.name = "last_name",
           .required = true,
           .nullable = false,
           .min_len = 1,
           .max_len = 100,
           .filterable = true,
           .sortable = true,
           .description = "Family name"},
          {.name = "date_of_birth", .type = FieldType::kDate, .description = "Date of birth"},
          {.name = "gender",
           .max_len = 20,
           .values = {"male", "female", "other", "prefer_not_to_say"},
           .filterable = true,
           .description = "Gender"},
          {.name = "nationality",
           .max_len = 2,
           .format = Format::kCountry,
           .filterable = true,
           .description = "Nationality (ISO 3166-1 alpha-2)"},
          {.name = "preferred_language",
           .max_len = 35,
           .format = Format::kLanguage,
           .default_json = R"("en")",
           .filterable = true,
           .description = "Preferred language (BCP 47)"},
          {.name = "timezone",
           .max_len = 64,
           .format = Format::kTimezone,
           .default_json = R"("UTC")",
           .description = "IANA time zone"},
          {.name = "profile_picture_url",
           .max_len = 500,
           .format = Format::kUrl,
           .description = "Profile picture (http or https URL)"},
          TimeField("created_at", "When the profile was created"),
          TimeField("updated_at", "When the profile last changed"),
      }};
  return r;
}

}  // namespace imedic::identity
