#include "domains/care/quote_resources.hpp"

#include <string>

#include "records/body_validator.hpp"
#include "records/common_fields.hpp"

namespace imedic::care {

namespace {

using records::Access;
using records::FieldType;
using records::Format;

}  // namespace

const records::Resource& QuoteResource() {
  static const records::Resource r{
      .name = "Quote",
      .table = "consultation_quotes",
      .description =
          "A versioned offer after a consultation: procedure, price and what is "
          "included, valid until a time; the patient accepts one",
      .fields = {
          records::IdField(),
          records::ServerField("consultation_id", FieldType::kUuid, "The consultation", false),
          records::ServerField("version", FieldType::kInt, "1, 2, … per consultation", false),
          {.name = "procedure_id",
           .type = FieldType::kUuid,
           .access = Access::kCreateOnly,
           .description = "The procedure offered (default: the consultation's)"},
          {.name = "price_minor",
           .type = FieldType::kInt,
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .min = 1,
           .max = 1e12,
           .description = "The price in minor units of the currency (cents)"},
          {.name = "currency",
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .min_len = 3,
           .max_len = 3,
           .format = Format::kCurrency,
           .description = "ISO 4217"},
          {.name = "hotel_nights",
           .type = FieldType::kInt,
           .access = Access::kCreateOnly,
           .nullable = false,
           .min = 0,
           .max = 60,
           .default_json = "0",
           .description = "Hotel nights included"},
          {.name = "airport_transfers",
           .type = FieldType::kBool,
           .access = Access::kCreateOnly,
           .nullable = false,
           .default_json = "false",
           .description = "Airport transfers included"},
          {.name = "interpreter",
           .type = FieldType::kBool,
           .access = Access::kCreateOnly,
           .nullable = false,
           .default_json = "false",
           .description = "An interpreter included"},
          {.name = "valid_until",
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .max_len = 40,
           .format = Format::kInstant,
           .description = "Until when the patient may accept it"},
          records::ServerField("accepted_at", FieldType::kTimestamp,
                               "When the patient accepted it"),
          records::ServerField("created_by", FieldType::kUuid, "Who issued it"),
          records::TimeField("created_at", "Issued"),
      }};
  return r;
}

void CheckQuoteShape(const nlohmann::json& value, std::string_view prefix,
                     std::vector<core::FieldError>& errors) {
  if (!value.is_object()) {
    errors.push_back({std::string(prefix), "must be an object"});
    return;
  }
  auto valid = records::ValidateBody(QuoteResource(), value, records::WriteMode::kCreate);
  if (valid) return;
  for (const core::FieldError& e : valid.error().fields) {
    errors.push_back({std::string(prefix) + "." + e.field, e.message});
  }
}

nlohmann::json QuoteShapeSchema() {
  // The component POST /consultations/{id}/quotes registers for its body.
  return {{"$ref", "#/components/schemas/QuoteCreate"}};
}

}  // namespace imedic::care
