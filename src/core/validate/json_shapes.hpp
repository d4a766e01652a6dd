// Shape checks for the JSONB columns of the schema (providers.location,
// providers.contact_info, procedures.price_range, patient_profiles.
// emergency_contact and travel_preferences) and for string arrays.
//
// Each check appends one FieldError per problem to `errors`, naming the field
// by its path under `prefix` ("price_range.min", "location.country"; with an
// empty prefix just "min"), so a caller can combine them with FieldReader's
// errors into a single 422. Unknown keys are rejected, by name. A null value
// of an optional key counts as absent. The checks never modify the value.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace imedic::core::validate {

// {"min": number >= 0, "max": number >= 0, "currency": ISO 4217}, all three
// required, min <= max (the error names "<prefix>.min").
void CheckPriceRange(const nlohmann::json& value, std::string_view prefix,
                     std::vector<FieldError>& errors);

// {"address" <= 300, "city" <= 100 (required), "country" ISO 3166-1 alpha-2
// (required), "district" <= 100, "neighbourhood" <= 100, "postal_code" <= 20, "lat" -90..90,
// "lng" -180..180}; lat and lng come together or not at all.
void CheckLocation(const nlohmann::json& value, std::string_view prefix,
                   std::vector<FieldError>& errors);

// {"phone" E.164, "whatsapp" E.164, "email", "website" http(s) URL <= 300},
// at least one of phone, email, website.
void CheckContactInfo(const nlohmann::json& value, std::string_view prefix,
                      std::vector<FieldError>& errors);

// {"name" <= 200 (required), "phone" E.164 (required), "relationship" <= 50,
// "email"}.
void CheckEmergencyContact(const nlohmann::json& value, std::string_view prefix,
                           std::vector<FieldError>& errors);

// {"departure_city" <= 100, "departure_country" alpha-2, "seat" window|aisle|
// no_preference, "accommodation" hotel|apartment|clinic_partner|none,
// "nights" 0..60, "companions" 0..10, "needs_airport_transfer" bool,
// "departure_airport" <= 4 (IATA), "hotel_stars" 1..5, "travelling_with"
// alone|partner|friend|family_member, "room_type" single|double|twin,
// "interpreter_language" <= 35, "dietary" none|halal|kosher|vegetarian|vegan|
// gluten_free, "notes" <= 1000}, all optional.
void CheckTravelPreferences(const nlohmann::json& value, std::string_view prefix,
                            std::vector<FieldError>& errors);

// JSON Schemas (draft 2020-12) of the shapes above, for the OpenAPI document
// (records::Field::shape_schema). Each mirrors its check: the same keys, limits,
// required keys and formats; an optional key may be null; unknown keys are
// refused (additionalProperties: false). Cross-key rules JSON Schema cannot
// say (min <= max) are stated in the description.
nlohmann::json PriceRangeSchema();
nlohmann::json LocationSchema();
nlohmann::json ContactInfoSchema();
nlohmann::json EmergencyContactSchema();
nlohmann::json TravelPreferencesSchema();

// An array of at most `max_items` non-empty strings of at most `max_len`
// code points each, without duplicates; when `item_ok` is given each item
// must also satisfy it (e.g. IsLanguageTag), else "<prefix>[i]" gets
// `item_message`.
void CheckStringArray(const nlohmann::json& value, std::string_view prefix,
                      std::vector<FieldError>& errors, std::size_t max_items, std::size_t max_len,
                      const std::function<bool(std::string_view)>& item_ok = nullptr,
                      std::string_view item_message = "is not an accepted value");

// True for an absolute http:// or https:// URL with a host name, no user
// info, no white space or control characters, at most `max_len` bytes.
bool IsWebUrl(std::string_view url, std::size_t max_len = 300);

}  // namespace imedic::core::validate
