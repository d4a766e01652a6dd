#include "domains/care/booking_resources.hpp"

#include "records/common_fields.hpp"

namespace imedic::care {

namespace {

using records::Access;
using records::Field;
using records::FieldType;
using records::Format;

Field CreateUuid(std::string_view name, std::string_view description) {
  return {.name = name,
          .type = FieldType::kUuid,
          .access = Access::kCreateOnly,
          .format = Format::kUuid,
          .filterable = true,
          .description = description};
}

}  // namespace

const records::Resource& BookingResource() {
  static const records::Resource r{
      .name = "Booking",
      .table = "bookings",
      .description = "A patient's place at a provider's slot for a procedure",
      .fields = {
          records::ServerField("id", FieldType::kUuid, "Identifier", false),
          records::ServerField("booking_reference", FieldType::kString,
                               "Reference shown to people: BK-YYYY-NNNNNN", false),
          CreateUuid("availability_id", "The slot booked (provider_availability); required"),
          CreateUuid("patient_profile_id",
                     "The patient; required unless quote_id is given (then the quote's patient)"),
          CreateUuid("procedure_id",
                     "The procedure; required unless quote_id is given (then the quote's)"),
          CreateUuid("quote_id",
                     "An accepted consultation quote: its price, currency and consultation are "
                     "taken"),
          CreateUuid("consultation_id", "The consultation that led to the booking"),
          {.name = "provider_id",
           .type = FieldType::kUuid,
           .access = Access::kServer,
           .nullable = false,
           .filterable = true,
           .description = "The slot's provider"},
          {.name = "status",
           .access = Access::kServer,
           .nullable = false,
           .values = {"confirmed", "cancelled", "completed", "no_show"},
           .filterable = true,
           .description = "confirmed → completed | cancelled | no_show"},
          {.name = "procedure_date",
           .type = FieldType::kDate,
           .access = Access::kServer,
           .nullable = false,
           .filterable = true,
           .sortable = true,
           .description = "Local date at the clinic"},
          records::ServerField("procedure_time", FieldType::kTime, "Local start time at the clinic",
                               false),
          records::ServerField("timezone", FieldType::kString, "IANA zone of the clinic", false),
          {.name = "starts_at",
           .type = FieldType::kTimestamp,
           .access = Access::kServer,
           .filterable = true,
           .description = "Start instant (RFC 3339)"},
          records::ServerField("ends_at", FieldType::kTimestamp, "End instant (RFC 3339)"),
          {.name = "total_cost",
           .type = FieldType::kNumber,
           .access = Access::kCreateOnly,
           .min = 0,
           .max = 99999999.99,
           .description = "Price; required without quote_id"},
          {.name = "currency",
           .access = Access::kCreateOnly,
           .format = Format::kCurrency,
           .description = "ISO 4217 code; required without quote_id"},
          {.name = "payment_status",
           .access = Access::kServer,
           .nullable = false,
           .values = {"pending", "deposit", "paid", "refunded"},
           .filterable = true,
           .description = "Derived from the payment ledger"},
          records::ServerField("paid_minor", FieldType::kInt, "Succeeded payments, in minor units",
                               false),
          records::ServerField("refunded_minor", FieldType::kInt,
                               "Succeeded refunds, in minor units", false),
          {.name = "special_instructions",
           .access = Access::kCreateOnly,
           .max_len = 2000,
           .description = "Notes for the clinic"},
          records::ServerField("cancelled_at", FieldType::kTimestamp, "When it was cancelled"),
          {.name = "created_at",
           .type = FieldType::kTimestamp,
           .access = Access::kServer,
           .nullable = false,
           .filterable = true,
           .sortable = true,
           .description = "Creation time"},
          records::ServerField("updated_at", FieldType::kTimestamp, "Last change"),
      }};
  return r;
}

const records::Resource& PaymentResource() {
  static const records::Resource r{
      .name = "Payment",
      .table = "payment_ledger",
      .description =
          "An entry of a booking's append-only payment ledger, with the booking's "
          "payment state after it",
      .fields = {
          records::ServerField("id", FieldType::kUuid, "Identifier", false),
          records::ServerField("booking_id", FieldType::kUuid, "The booking", false),
          {.name = "kind",
           .access = Access::kCreateOnly,
           .values = {"deposit", "balance", "adjustment", "refund"},
           .description = "POST …/payments: deposit, balance or adjustment (default deposit); "
                          "POST …/refunds: refund (the default)"},
          {.name = "amount_minor",
           .type = FieldType::kInt,
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .min = -1e12,
           .max = 1e12,
           .description = "Amount in minor units (cents); positive, except adjustments (≠ 0)"},
          {.name = "currency",
           .access = Access::kCreateOnly,
           .required = true,
           .nullable = false,
           .format = Format::kCurrency,
           .description = "ISO 4217; must be the booking's"},
          {.name = "method",
           .access = Access::kCreateOnly,
           .nullable = false,
           .values = {"card", "bank_transfer", "cash", "other"},
           .default_json = "\"card\"",
           .description = "How it was paid"},
          {.name = "external_reference",
           .access = Access::kCreateOnly,
           .max_len = 200,
           .description = "The payment processor's or bank's reference"},
          {.name = "status",
           .access = Access::kCreateOnly,
           .nullable = false,
           .values = {"pending", "succeeded", "failed"},
           .default_json = "\"succeeded\"",
           .description = "Only succeeded entries count"},
          records::ServerField("provider_event_id", FieldType::kString,
                               "The payment provider's event id"),
          records::ServerField("recorded_by", FieldType::kUuid,
                               "Who recorded it (none for webhooks)"),
          records::ServerField("created_at", FieldType::kTimestamp, "When it was recorded", false),
          {.name = "payment_status",
           .access = Access::kServer,
           .nullable = false,
           .values = {"pending", "deposit", "paid", "refunded"},
           .description = "The booking's payment status after this entry"},
          records::ServerField("paid_minor", FieldType::kInt,
                               "The booking's paid total after this entry", false),
          records::ServerField("refunded_minor", FieldType::kInt,
                               "The booking's refunded total after this entry", false),
      }};
  return r;
}

}  // namespace imedic::care
