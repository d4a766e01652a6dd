// The generated world held in memory before any row is written: people,
// providers and their procedures, and each patient's journey with its
// consultations, bookings and reviews. Tables that others point at, or
// whose values depend on other tables (a provider's rating on its reviews),
// are planned here first; the big, leaf-like tables (messages, journey
// events, leads) are streamed by their writers from this plan.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "seed/calendar.hpp"
#include "seed/prng.hpp"
#include "seed/reference_data.hpp"
#include "seed/uuid.hpp"

namespace imedic::seed {

// Independent random streams (see Prng::Stream). Append only: renumbering
// changes every generated value of the streams involved.
enum class Stream : std::uint64_t {
  kStaff = 1,
  kProviders,
  kPatients,
  kCampaigns,
  kUserRows,
  kProviderRows,
  kAvailability,
  kPatientRows,
  kMedicalHistory,
  kHairLoss,
  kCareRows,
  kTravel,
  kAftercare,
  kChannels,
  kSessions,
  kMessages,
  kLeads,
  kJourney,
  kUserProfiles,
  kFollowUps,
  kReviews,
  kOutcomes,
  kHairTreatments,
  kBookingRows,
  kTravelRows,
  kChannelRows,
  kCampaignRows,
  kClinicalStaff,
  kClinicians,
  kRoleRows,
  kMemberRows,
  kCareAssignments,
  kQuoteRows,
  kLedgerRows,
  kPersonas,
  kPrivacyStaff,
};

enum class Role : std::uint8_t {
  kAdmin,
  kSalesRep,
  kMarketer,
  kCareCoordinator,
  kProvider,
  kPatient,
  kClinician,       // staff physician: medical review of booked patients
  kAuditor,         // compliance: reads the audit trail
  kPrivacyOfficer,  // consents, data export and erasure (0026_consent_ledger.sql)
};

enum class Phase : std::uint8_t {
  kDiscovery,
  kResearch,
  kConsultation,
  kBooking,
  kTravel,
  kProcedure,
  kRecovery,
  kFollowUp,
};
constexpr int kPhaseCount = 8;
std::string_view PhaseCode(Phase phase);

enum class ProviderType : std::uint8_t { kClinic, kHospital, kDoctor, kDentalClinic };
std::string_view ProviderTypeCode(ProviderType type);

enum class ConsultationType : std::uint8_t { kVideo, kPhone, kInPerson, kZoom };
enum class ConsultationStatus : std::uint8_t { kScheduled, kCompleted, kCancelled, kNoShow };
enum class Outcome : std::uint8_t { kNone, kQualified, kNotQualified, kNeedsFollowUp };
enum class BookingStatus : std::uint8_t { kConfirmed, kCancelled, kCompleted, kNoShow };
enum class PaymentStatus : std::uint8_t { kPending, kDeposit, kPaid, kRefunded };
std::string_view Code(ConsultationType v);
std::string_view Code(ConsultationStatus v);
std::string_view Code(Outcome v);  // "" for kNone
std::string_view Code(BookingStatus v);
std::string_view Code(PaymentStatus v);

// Where a lead (and so a patient) came from; leads.source values.
enum class LeadSource : std::uint8_t {
  kWebsite,
  kGoogleAds,
  kFacebook,
  kInstagram,
  kTikTok,
  kReferral,
  kWhatsApp,
  kEmail,
};
constexpr int kLeadSourceCount = 8;
std::string_view Code(LeadSource v);

enum class CampaignType : std::uint8_t {
  kEmail,
  kSocialMedia,
  kGoogleAds,
  kFacebookAds,
  kReferral
};
constexpr int kCampaignTypeCount = 5;
std::string_view Code(CampaignType v);
// The campaign type a lead source is attributed to, if any.
bool CampaignTypeFor(LeadSource source, CampaignType* type);

struct Channels {
  Uuid email;
  Uuid whatsapp;  // nil when the user has no WhatsApp channel
  Uuid sms;       // nil when the user has no SMS channel
};

struct User {
  Uuid id;
  Uuid profile_id;  // user_profiles.id
  Role role = Role::kPatient;
  Gender gender = Gender::kMale;
  std::uint16_t country = 0;  // into ref::Countries()
  std::uint16_t city = 0;     // into that country's cities
  std::string first_name;
  std::string last_name;
  std::string email;
  std::string phone;  // E.164
  std::int64_t birth_day = kNoTime;
  std::int64_t created_at = 0;
  Channels channels;
  std::int32_t patient = -1;   // into World::patients
  std::int32_t provider = -1;  // into World::providers, for provider users
  bool persona = false;        // a demo persona (World::personas): signs in with a password
};

struct Provider {
  Uuid id;
  std::string name;
  std::string slug;  // for its e-mail and web domains
  ProviderType type = ProviderType::kClinic;
  std::uint8_t categories = 0;  // bit (1 << Category)
  std::uint16_t area = 0;       // into ref::Areas()
  double lat = 0;
  double lng = 0;
  std::string_view currency;
  std::int64_t created_at = 0;
  std::int32_t first_procedure = 0;
  std::int32_t procedure_count = 0;
  std::int32_t user = -1;  // the provider's own user account
  int popularity = 1;      // weight when patients choose a provider
  int quality = 1;         // 0..2: shifts its review ratings
  bool is_verified = true;
  bool is_active = true;
  std::int64_t rating_sum = 0;  // of its reviews
  std::int32_t review_count = 0;

  bool Offers(Category c) const { return (categories >> static_cast<int>(c)) & 1; }
};

struct Procedure {
  Uuid id;
  std::int32_t provider = 0;
  std::uint16_t entry = 0;  // into ref::Catalogue()
  std::int32_t price_min = 0;
  std::int32_t price_max = 0;
  std::string_view currency;
  bool is_active = true;
  std::int64_t created_at = 0;
};

struct Consultation {
  Uuid id;
  std::int32_t patient = 0;
  std::int32_t provider = 0;
  std::int32_t procedure = 0;
  ConsultationType type = ConsultationType::kVideo;
  ConsultationStatus status = ConsultationStatus::kScheduled;
  Outcome outcome = Outcome::kNone;
  std::int64_t created_at = 0;
  std::int64_t scheduled_at = 0;
  int duration_minutes = 30;
};

struct Booking {
  Uuid id;
  std::string reference;  // BK-YYYY-NNNNNN
  std::int32_t patient = 0;
  std::int32_t provider = 0;
  std::int32_t procedure = 0;
  std::int32_t consultation = -1;
  BookingStatus status = BookingStatus::kConfirmed;
  PaymentStatus payment = PaymentStatus::kPending;
  std::int64_t procedure_day = 0;
  std::int64_t procedure_time = 0;  // seconds after midnight, Istanbul time
  std::int64_t cost_cents = 0;
  std::string_view currency;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  bool has_travel = false;
  int review_rating = 0;  // 0: no review
  std::int64_t review_at = kNoTime;
  int satisfaction = 0;  // 0: not yet asked
};

struct Patient {
  std::int32_t user = 0;
  Uuid profile_id;
  std::string code;  // PAT-YYYY-NNNNNN
  Category category = Category::kHair;
  Phase phase = Phase::kDiscovery;
  std::int32_t provider = 0;             // the provider of the main interest or booking
  std::int32_t procedure = 0;            // the main interest, or the booked procedure
  std::int32_t consultation = -1;        // the deciding consultation, if any
  std::int32_t early_consultation = -1;  // an earlier one elsewhere, if any
  std::int32_t booking = -1;
  std::int32_t coordinator = 0;  // users index of the care coordinator
  std::int32_t clinician = -1;   // users index of the staff clinician, when booked
  std::int32_t sales_rep = 0;    // users index of the sales rep
  LeadSource source = LeadSource::kWebsite;
  std::int32_t campaign = -1;
  std::int64_t first_touch = 0;  // first contact: the lead's created_at
  std::int64_t research_at = 0;  // started researching (kNoTime if not yet)
  std::int64_t consult_request = kNoTime;
  std::int64_t created_at = 0;  // patient profile
  bool hair_profile = false;
};

struct Campaign {
  Uuid id;
  std::string name;
  CampaignType type = CampaignType::kEmail;
  Category category = Category::kHair;
  std::vector<std::uint16_t> countries;
  std::string_view currency;
  std::int64_t budget_cents = 0;
  std::int64_t start_day = 0;
  std::int64_t end_day = 0;
  std::int64_t created_at = 0;
  std::int32_t created_by = 0;  // users index of a marketer
};

// A demo persona: one account per role a newcomer can sign in as, all
// around one patient's story (the patient, the clinic that treated them,
// their coordinator, clinician and sales rep, and a marketer, an auditor
// and an administrator). Its email is <role>@demo.example.com.
struct Persona {
  std::string_view role;  // as in 0010_access_control.sql
  std::int32_t user = 0;  // into World::users
};
inline constexpr std::string_view kPersonaDomain = "demo.example.com";

struct World {
  std::uint64_t seed = 0;
  int scale = 1;
  std::vector<User> users;
  std::vector<Provider> providers;
  std::vector<Procedure> procedures;
  std::vector<Patient> patients;
  std::vector<Consultation> consultations;
  std::vector<Booking> bookings;
  std::vector<Campaign> campaigns;
  std::vector<std::int32_t> admins;
  std::vector<std::int32_t> sales_reps;
  std::vector<std::int32_t> marketers;
  std::vector<std::int32_t> coordinators;
  std::vector<std::int32_t> clinicians;
  std::vector<std::int32_t> auditors;
  std::vector<std::int32_t> privacy_officers;
  std::array<std::vector<std::int32_t>, kCategoryCount> providers_by_category;
  // campaigns_by_month[type][month since 2024-01]: campaigns running that month.
  std::array<std::vector<std::vector<std::int32_t>>, kCampaignTypeCount> campaigns_by_month;
  std::int64_t lead_count = 0;  // total leads to write (patients' own included)
  std::vector<Persona> personas;

  const ref::CatalogueEntry& EntryOf(const Procedure& p) const;
  // A campaign of `type` running on `day`, or -1.
  std::int32_t CampaignOn(CampaignType type, std::int64_t day, Prng& rng) const;
};

// Volumes at scale 1; everything is multiplied by the scale.
struct Volumes {
  int admins = 2;
  int sales_reps = 8;
  int marketers = 3;
  int coordinators = 6;
  int clinicians = 4;
  int auditors = 1;
  int privacy_officers = 1;
  int providers = 20;
  int patients = 1000;
  int campaigns = 24;
  int leads = 10000;
};

World BuildWorld(std::uint64_t seed, int scale);

// Month index since January 2024 of a day, clamped to [0, months).
int MonthIndex(std::int64_t day);
constexpr int kCampaignMonths = 40;

}  // namespace imedic::seed

namespace imedic::seed {

// A daily time window in which a provider operates (Istanbul time).
struct Slot {
  std::int64_t start;  // seconds after midnight
  std::int64_t end;
};
// The provider's daily slots; bookings start at a slot's start (dental
// appointments also on the half hour after it).
std::span<const Slot> SlotsFor(const Provider& provider);

}  // namespace imedic::seed
