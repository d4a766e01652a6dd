#include "domains/care/travel_resources.hpp"

#include <nlohmann/json.hpp>

#include "records/common_fields.hpp"

namespace imedic::care {

namespace {

using records::Access;
using records::Field;
using records::FieldType;
using records::Format;

// A text field given on create and changed by PATCH.
Field Text(std::string_view name, bool required, std::size_t min_len, std::size_t max_len,
           std::string_view description) {
  return {.name = name,
          .required = required,
          .nullable = !required,
          .min_len = min_len,
          .max_len = max_len,
          .description = description};
}

// An instant: a string the route checks as RFC 3339 with an offset (the
// records engine keeps kTimestamp for server-set times).
Field Instant(std::string_view name, std::string_view description) {
  Field f = Text(name, true, 16, 40, description);
  f.format = Format::kInstant;  // RFC 3339 with Z or an offset, checked and documented
  return f;
}

Field Zone(std::string_view name, bool required, std::string_view description) {
  Field f = Text(name, required, 1, 64, description);
  f.format = Format::kTimezone;
  f.nullable = false;
  return f;
}

Field Enum(std::string_view name, std::vector<std::string_view> values, bool required,
           std::string_view description) {
  Field f = Text(name, required, 0, 40, description);
  f.values = std::move(values);
  f.nullable = false;
  return f;
}

Field Id() { return records::ServerField("id", FieldType::kUuid, "Identifier", false); }
Field Parent() {
  return records::ServerField("travel_arrangement_id", FieldType::kUuid, "The travel arrangement",
                              false);
}
Field Created() {
  return records::ServerField("created_at", FieldType::kTimestamp, "Creation time", false);
}
Field Updated() {
  return records::ServerField("updated_at", FieldType::kTimestamp, "Last change", false);
}
Field Local(std::string_view name, std::string_view description) {
  return records::ServerField(name, FieldType::kString, description, false);
}

template <const records::Resource& (*R)()>
nlohmann::json ArrayOf() {
  return {{"type", "array"},
          {"items", {{"$ref", "#/components/schemas/" + std::string(R().name)}}}};
}

Field Rows(std::string_view name, nlohmann::json (*schema)(), std::string_view description) {
  Field f = records::ServerField(name, FieldType::kJson, description, false);
  f.shape_schema = schema;
  return f;
}

}  // namespace

const records::Resource& TravelFlightResource() {
  static const records::Resource r{
      .name = "TravelFlight",
      .table = "travel_flights",
      .description =
          "One flight leg of a trip; times are instants shown also at the local "
          "wall time of their airport",
      .fields = {
          Id(),
          Parent(),
          Enum("direction", {"inbound", "outbound", "connection"}, true,
               "inbound reaches the clinic's city, outbound leaves it"),
          Text("flight_number", true, 3, 7, "IATA flight designator, e.g. TK1980"),
          Text("departure_airport", true, 3, 3, "IATA airport code (3 capital letters)"),
          Text("arrival_airport", true, 3, 3, "IATA airport code (3 capital letters)"),
          Instant("departs_at", "Departure instant, RFC 3339 with an offset"),
          Zone("departure_timezone", true, "IANA zone of the departure airport"),
          Instant("arrives_at", "Arrival instant, RFC 3339 with an offset; after departs_at"),
          Zone("arrival_timezone", true, "IANA zone of the arrival airport"),
          Local("departs_local", "Local wall time of departure (YYYY-MM-DDTHH:MM:SS)"),
          Local("arrives_local", "Local wall time of arrival (YYYY-MM-DDTHH:MM:SS)"),
          Created(),
          Updated(),
      }};
  return r;
}

const records::Resource& TravelHotelStayResource() {
  static const records::Resource r{
      .name = "TravelHotelStay",
      .table = "travel_hotel_stays",
      .description = "A hotel stay of a trip, in local dates at the hotel",
      .fields = {
          Id(),
          Parent(),
          Text("hotel_name", true, 1, 200, "Hotel"),
          Text("address", true, 1, 500, "Hotel address"),
          {.name = "check_in",
           .type = FieldType::kDate,
           .required = true,
           .nullable = false,
           .description = "Local check-in date"},
          {.name = "check_out",
           .type = FieldType::kDate,
           .required = true,
           .nullable = false,
           .description = "Local check-out date; after check_in"},
          Zone("timezone", false, "IANA zone of the hotel (default: the clinic's)"),
          Text("confirmation_number", false, 0, 100, "The hotel's confirmation number"),
          Created(),
          Updated(),
      }};
  return r;
}

const records::Resource& TravelTransferResource() {
  static const records::Resource r{
      .name = "TravelTransfer",
      .table = "travel_transfers",
      .description = "A ride of a trip (airport, hotel, clinic)",
      .fields = {
          Id(),
          Parent(),
          Enum("kind",
               {"airport_to_hotel", "hotel_to_clinic", "clinic_to_hotel", "hotel_to_airport",
                "other"},
               true, "Which ride"),
          Instant("pickup_at", "Pick-up instant, RFC 3339 with an offset"),
          Zone("timezone", false, "IANA zone of the pick-up place (default: the clinic's)"),
          Text("pickup_place", true, 1, 300, "Where the driver waits"),
          Text("dropoff_place", true, 1, 300, "Where the ride ends"),
          Local("pickup_local", "Local wall time of the pick-up (YYYY-MM-DDTHH:MM:SS)"),
          Created(),
          Updated(),
      }};
  return r;
}

const records::Resource& TravelCompanionResource() {
  static const records::Resource r{
      .name = "TravelCompanion",
      .table = "travel_companions",
      .description = "Someone travelling with the patient",
      .fields = {
          Id(),
          Parent(),
          Text("full_name", true, 1, 200, "Full name"),
          Text("relationship", false, 0, 100, "Relationship to the patient"),
          Created(),
          Updated(),
      }};
  return r;
}

const records::Resource& TravelResource() {
  static const records::Resource r{
      .name = "Travel",
      .table = "travel_arrangements",
      .description =
          "A booking's travel arrangement, owned by care coordinators, with its live "
          "flights, hotel stays, transfers and companions and the problems "
          "check_travel finds against the booking",
      .fields = {
          Id(),
          records::ServerField("booking_id", FieldType::kUuid, "The booking", false),
          {.name = "visa_assistance",
           .type = FieldType::kBool,
           .nullable = false,
           .default_json = "false",
           .description = "Visa assistance was asked for"},
          {.name = "visa_status",
           .nullable = false,
           .values = {"not_needed", "needed", "applied", "approved", "refused"},
           .default_json = "\"not_needed\"",
           .description = "Where the visa stands"},
          {.name = "airport_transfer",
           .type = FieldType::kBool,
           .nullable = false,
           .default_json = "false",
           .description = "Airport transfers are part of the package"},
          {.name = "travel_insurance",
           .type = FieldType::kBool,
           .nullable = false,
           .default_json = "false",
           .description = "Travel insurance is part of the package"},
          {.name = "total_cost",
           .type = FieldType::kNumber,
           .min = 0,
           .max = 99999999.99,
           .description = "Cost of the travel package"},
          {.name = "currency",
           .format = Format::kCurrency,
           .default_json = "\"USD\"",
           .description = "ISO 4217 code of total_cost"},
          records::ServerField("flight_info", FieldType::kJson,
                               "Free-form flight notes of the original schema (read-only)"),
          records::ServerField("accommodation_info", FieldType::kJson,
                               "Free-form accommodation notes of the original schema (read-only)"),
          Rows("flights", &ArrayOf<TravelFlightResource>, "Live flight legs, by departure"),
          Rows("hotel_stays", &ArrayOf<TravelHotelStayResource>, "Live hotel stays, by check-in"),
          Rows("transfers", &ArrayOf<TravelTransferResource>, "Live transfers, by pick-up"),
          Rows("companions", &ArrayOf<TravelCompanionResource>, "Live companions"),
          {.name = "problems",
           .type = FieldType::kStringArray,
           .access = Access::kServer,
           .nullable = false,
           .values = {"no_inbound_flight", "arrival_after_procedure", "no_outbound_flight",
                      "departure_before_recovery", "hotel_gap"},
           .description = "What check_travel finds against the booking: an inbound flight "
                          "landing before the procedure, an outbound one leaving after the "
                          "recovery days, a hotel night over the procedure date; empty = fine"},
          Created(),
          Updated(),
      }};
  return r;
}

}  // namespace imedic::care
