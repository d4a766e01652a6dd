// Fixed reference data the generator draws from: countries with their
// names, phone formats and cities; Istanbul's districts; the procedure
// catalogue; medical vocabulary; and the texts of messages, notes and
// reviews. All names are common given/family names in a fictional
// combination; all e-mail domains are reserved example domains.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace imedic::seed {

// procedures.category and providers.specialty values.
enum class Category : std::uint8_t { kHair, kDental, kCosmetic };
constexpr int kCategoryCount = 3;
std::string_view CategoryCode(Category category);

enum class Gender : std::uint8_t { kMale, kFemale, kOther, kUndisclosed };
std::string_view GenderCode(Gender gender);

namespace ref {

using Names = std::span<const std::string_view>;

struct City {
  std::string_view name;
  std::string_view airport;   // IATA code of the usual departure airport
  std::string_view timezone;  // IANA
  // North American numbers carry the city's area code; elsewhere mobiles
  // are national, and this is empty.
  std::string_view area_code = {};
};

struct Country {
  std::string_view code;  // ISO 3166-1 alpha-2
  std::string_view name;
  std::string_view language;      // BCP 47
  std::string_view calling_code;  // E.164 country code, no '+'
  // National significant numbers of mobiles: '#' any digit, 'N' 2-9.
  Names mobile_patterns;
  std::span<const City> cities;
  std::string_view currency;  // the currency quotes are given in (EUR, GBP or USD)
  int weight;                 // relative share of patients; 0 = staff only
  Names male_first;
  Names female_first;
  Names last;                 // family names (male forms where they differ)
  Names female_last;          // female forms, index-aligned with `last`; empty if the same
  std::string_view greeting;  // "Hi", "Hallo", "Merhaba" … for message texts
};

std::span<const Country> Countries();
// Index of a country by code; REQUIRES: the code is in Countries().
std::size_t CountryIndex(std::string_view code);

// A neighbourhood of Istanbul where clinics and hotels are.
struct Area {
  std::string_view neighbourhood;
  std::string_view district;  // the official ilçe
  double lat;
  double lng;
  std::string_view streets[2];
  int postcode;
  std::string_view phone_area;  // 212 (European side) or 216 (Asian side)
  std::string_view airport;     // nearest airport: IST or SAW
};
std::span<const Area> Areas();

// Building blocks of provider names.
Names ProviderBrands();
Names HairClinicSuffixes();
Names DentalClinicSuffixes();
Names CosmeticClinicSuffixes();
Names HospitalSuffixes();
Names DoctorTitles();

struct Hotel {
  std::string_view name;
  std::size_t area;  // index into Areas()
  int stars;
};
std::span<const Hotel> Hotels();

struct Airline {
  std::string_view name;
  std::string_view code;  // IATA designator
};
// Carriers flying to Istanbul from the given country (always includes
// Turkish Airlines and Pegasus).
std::span<const Airline> AirlinesFrom(std::string_view country_code);

// Who a procedure is meant for.
enum class Audience : std::uint8_t { kAny, kMale, kFemale };

// One procedure of the catalogue; providers offer a subset at their prices.
struct CatalogueEntry {
  Category category;
  std::string_view name;
  std::string_view description;
  std::string_view condition;  // the patient's condition it treats
  int min_eur;
  int max_eur;
  int duration_hours;
  int recovery_days;
  std::string_view anaesthesia;  // local, sedation, general
  int min_age;
  int nights_in_istanbul;
  int popularity;  // relative weight among its category
  Audience audience = Audience::kAny;
};
std::span<const CatalogueEntry> Catalogue();

// Medical vocabulary for medical histories.
struct Medication {
  std::string_view name;
  std::string_view dose;
  std::string_view frequency;
  std::string_view reason;
};
std::span<const Medication> Medications();
struct Allergy {
  std::string_view substance;
  std::string_view reaction;
};
std::span<const Allergy> Allergies();
Names ChronicConditions();
Names PastSurgeries();
Names FamilyConditions();
Names MedicalNotes();

// Hair-loss specifics.
Names HairTreatments();
Names HairExpectations();

// Free texts, by purpose. Texts may hold a {procedure} placeholder.
Names ConsultationNotes(Category category);
// The outcome note of a procedure: `text` holds {n}, a number (grafts,
// veneers, millilitres …) the writer draws from [min, max].
struct ProcedureNote {
  std::string_view text;
  int min;
  int max;
};
ProcedureNote ProcedureNoteFor(const CatalogueEntry& entry);
Names DoctorNotes(Category category);
Names Complications(Category category);
Names PatientFeedback(int rating);  // 1..5
Names ReviewTitles(int rating);     // 1..5
Names ReviewBodies(Category category, int rating);
Names SpecialInstructions();
Names FollowUpNotes();
Names FollowUpResponses();
enum class LeadNoteKind : std::uint8_t { kOpen, kLost, kConverted };
Names LeadNotes(LeadNoteKind kind);
Names InsuranceCompanies();
Names Companies();
Names JobTitles();
Names Interests(Category category);

// Scripted message exchanges. A conversation session plays the first few
// turns of one script of its topic.
enum class Direction : std::uint8_t { kIncoming, kOutgoing };
enum class Media : std::uint8_t { kNone, kImage, kDocument, kAudio };
struct Turn {
  Direction direction;
  // May hold {greeting} {first} {agent} {procedure} {provider} {date} {time}
  // {price} {hotel}.
  std::string_view text;
  Media media;
};
using Script = std::span<const Turn>;
enum class Topic : std::uint8_t {
  kInquiry,           // discovery: first contact
  kPricing,           // research: prices, packages, photos
  kConsultation,      // arranging a consultation
  kConsultationCall,  // the day of the call: link, treatment plan
  kBooking,           // quote accepted, deposit, dates
  kTravel,            // flights, hotel, transfer
  kArrival,           // landing in Istanbul
  kProcedureDay,      // in Istanbul, around the operation
  kRecovery,          // first days after
  kFollowUp,          // months after: photos, review
};
std::span<const Script> Scripts(Topic topic);
std::string_view EmailSubject(Topic topic);

}  // namespace ref
}  // namespace imedic::seed
