// Providers, the procedures they offer and their bookable slots: public
// catalogue data, nothing encrypted.

#include "domains/providers/resources.hpp"

#include "core/validate/json_shapes.hpp"
#include "records/common_fields.hpp"
#include "records/json_shapes.hpp"

namespace imedic::providers {

namespace {

namespace shapes = core::validate;

using records::Access;
using records::CheckDocument;
using records::CheckFlatObject;
using records::DocumentSchema;
using records::Field;
using records::FieldType;
using records::FlatObjectSchema;
using records::Format;
using records::IdField;
using records::OwnerField;
using records::Resource;
using records::TimeField;

Field ActiveField(std::string_view description) {
  return {.name = "is_active",
          .type = FieldType::kBool,
          .nullable = false,
          .default_json = "true",
          .filterable = true,
          .description = description};
}

}  // namespace

const Resource& ProviderResource() {
  static const Resource r{.name = "Provider",
                          .table = "providers",
                          .description = "A clinic, hospital or doctor",
                          .fields = {
                              IdField(),
                              {.name = "name",
                               .required = true,
                               .nullable = false,
                               .min_len = 1,
                               .max_len = 200,
                               .filterable = true,
                               .sortable = true,
                               .description = "Name shown to patients"},
                              {.name = "type",
                               .required = true,
                               .nullable = false,
                               .max_len = 20,
                               .values = {"clinic", "hospital", "doctor", "dental_clinic"},
                               .filterable = true,
                               .description = "Kind of provider"},
                              {.name = "specialty",
                               .type = FieldType::kStringArray,
                               .max_len = 100,
                               .max_items = 20,
                               .filterable = true,
                               .description = "Specialties"},
                              {.name = "location",
                               .type = FieldType::kJson,
                               .required = true,
                               .nullable = false,
                               .shape = shapes::CheckLocation,
                               .shape_schema = shapes::LocationSchema,
                               .description = "Address, city, country and coordinates"},
                              {.name = "contact_info",
                               .type = FieldType::kJson,
                               .required = true,
                               .nullable = false,
                               .shape = shapes::CheckContactInfo,
                               .shape_schema = shapes::ContactInfoSchema,
                               .description = "Phone, email, website"},
                              {.name = "credentials",
                               .type = FieldType::kJson,
                               .shape = CheckDocument,
                               .shape_schema = DocumentSchema,
                               .description = "Licences, certifications, accreditations"},
                              {.name = "languages_spoken",
                               .type = FieldType::kStringArray,
                               .max_len = 35,
                               .max_items = 20,
                               .format = Format::kLanguage,
                               .filterable = true,
                               .description = "Languages spoken (BCP 47)"},
                              {.name = "rating",
                               .type = FieldType::kNumber,
                               .access = Access::kServer,
                               .min = 1,
                               .max = 5,
                               .filterable = true,
                               .sortable = true,
                               .description = "Average review rating, from verified reviews"},
                              {.name = "review_count",
                               .type = FieldType::kInt,
                               .access = Access::kServer,
                               .filterable = true,
                               .description = "Number of published reviews"},
                              {.name = "is_verified",
                               .type = FieldType::kBool,
                               .access = Access::kServer,
                               .filterable = true,
                               .description = "Verified by the platform"},
                              ActiveField("Listed and bookable"),
                              TimeField("created_at", "When the provider joined"),
                              TimeField("updated_at", "When the listing last changed"),
                          }};
  return r;
}

const Resource& ProcedureResource() {
  static const Resource r{
      .name = "Procedure",
      .table = "procedures",
      .description = "A procedure a provider offers, with its price range",
      .fields = {
          IdField(),
          OwnerField("provider_id", "The provider"),
          {.name = "name",
           .required = true,
           .nullable = false,
           .min_len = 1,
           .max_len = 200,
           .filterable = true,
           .sortable = true,
           .description = "Name shown to patients"},
          {.name = "category",
           .required = true,
           .nullable = false,
           .min_len = 1,
           .max_len = 50,
           .values = {"hair_transplant", "dental", "cosmetic", "bariatric", "eye", "orthopedic",
                      "fertility", "other"},
           .filterable = true,
           .sortable = true,
           .description = "Procedure category"},
          {.name = "description", .max_len = 5000, .description = "Description"},
          {.name = "duration_hours",
           .type = FieldType::kInt,
           .min = 0,
           .max = 72,
           .filterable = true,
           .description = "Duration of the procedure in hours"},
          {.name = "recovery_time_days",
           .type = FieldType::kInt,
           .min = 0,
           .max = 365,
           .filterable = true,
           .description = "Recovery time in days"},
          {.name = "price_range",
           .type = FieldType::kJson,
           .shape = shapes::CheckPriceRange,
           .shape_schema = shapes::PriceRangeSchema,
           .description = "Price range {min, max, currency}"},
          {.name = "requirements",
           .type = FieldType::kJson,
           .shape = CheckFlatObject,
           .shape_schema = FlatObjectSchema,
           .description = "Medical requirements (minimum age, stop smoking days, ...)"},
          ActiveField("Visible and bookable"),
          TimeField("created_at", "When the procedure was added"),
          TimeField("updated_at", "When the procedure last changed"),
      }};
  return r;
}

const Resource& AvailabilityResource() {
  static const Resource r{
      .name = "Availability",
      .table = "provider_availability",
      .description = "A bookable time slot of a provider (optionally for one procedure)",
      .fields = {
          IdField(),
          OwnerField("provider_id", "The provider"),
          {.name = "procedure_id",
           .type = FieldType::kUuid,
           .filterable = true,
           .description = "The procedure this slot is for (one of the provider's), or null"},
          {.name = "date",
           .type = FieldType::kDate,
           .required = true,
           .nullable = false,
           .filterable = true,
           .sortable = true,
           .description = "Day of the slot"},
          {.name = "start_time",
           .type = FieldType::kTime,
           .required = true,
           .nullable = false,
           .sortable = true,
           .description = "Start (Europe/Istanbul local time)"},
          {.name = "end_time",
           .type = FieldType::kTime,
           .required = true,
           .nullable = false,
           .description = "End, after the start"},
          {.name = "is_available",
           .type = FieldType::kBool,
           .nullable = false,
           .default_json = "true",
           .filterable = true,
           .description = "Open for booking"},
          {.name = "max_bookings",
           .type = FieldType::kInt,
           .nullable = false,
           .min = 1,
           .max = 100,
           .default_json = "1",
           .description = "How many bookings the slot takes"},
          {.name = "current_bookings",
           .type = FieldType::kInt,
           .access = Access::kServer,
           .filterable = true,
           .description = "Bookings taken (kept by the booking workflow)"},
          TimeField("created_at", "When the slot was added"),
          TimeField("updated_at", "When the slot last changed"),
      }};
  return r;
}

}  // namespace imedic::providers
