#include "seed/generator.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "seed/journey_planner.hpp"
#include "seed/people.hpp"
#include "seed/text_util.hpp"

namespace imedic::seed {

std::string_view PhaseCode(Phase phase) {
  static constexpr std::string_view kCodes[] = {"discovery", "research", "consultation",
                                                "booking",   "travel",   "procedure",
                                                "recovery",  "follow_up"};
  return kCodes[static_cast<int>(phase)];
}

std::string_view ProviderTypeCode(ProviderType type) {
  static constexpr std::string_view kCodes[] = {"clinic", "hospital", "doctor", "dental_clinic"};
  return kCodes[static_cast<int>(type)];
}

std::string_view Code(ConsultationType v) {
  static constexpr std::string_view kCodes[] = {"video", "phone", "in_person", "zoom"};
  return kCodes[static_cast<int>(v)];
}
std::string_view Code(ConsultationStatus v) {
  static constexpr std::string_view kCodes[] = {"scheduled", "completed", "cancelled", "no_show"};
  return kCodes[static_cast<int>(v)];
}
std::string_view Code(Outcome v) {
  static constexpr std::string_view kCodes[] = {"", "qualified", "not_qualified",
                                                "needs_follow_up"};
  return kCodes[static_cast<int>(v)];
}
std::string_view Code(BookingStatus v) {
  static constexpr std::string_view kCodes[] = {"confirmed", "cancelled", "completed", "no_show"};
  return kCodes[static_cast<int>(v)];
}
std::string_view Code(PaymentStatus v) {
  static constexpr std::string_view kCodes[] = {"pending", "deposit", "paid", "refunded"};
  return kCodes[static_cast<int>(v)];
}
std::string_view Code(LeadSource v) {
  static constexpr std::string_view kCodes[] = {"website", "google_ads", "facebook", "instagram",
                                                "tiktok",  "referral",   "whatsapp", "email"};
  return kCodes[static_cast<int>(v)];
}
std::string_view Code(CampaignType v) {
  static constexpr std::string_view kCodes[] = {"email", "social_media", "google_ads",
                                                "facebook_ads", "referral"};
  return kCodes[static_cast<int>(v)];
}

bool CampaignTypeFor(LeadSource source, CampaignType* type) {
  switch (source) {
    case LeadSource::kGoogleAds: *type = CampaignType::kGoogleAds; return true;
    case LeadSource::kFacebook: *type = CampaignType::kFacebookAds; return true;
    case LeadSource::kInstagram:
    case LeadSource::kTikTok: *type = CampaignType::kSocialMedia; return true;
    case LeadSource::kReferral: *type = CampaignType::kReferral; return true;
    case LeadSource::kEmail: *type = CampaignType::kEmail; return true;
    default: return false;
  }
}

std::span<const Slot> SlotsFor(const Provider& provider) {
  static constexpr Slot kHairDay[] = {{8 * kHour, 17 * kHour}};
  static constexpr Slot kDentalDay[] = {{9 * kHour, 13 * kHour}, {14 * kHour, 19 * kHour}};
  static constexpr Slot kSurgeryDay[] = {{8 * kHour, 12 * kHour}, {13 * kHour, 17 * kHour}};
  if (provider.type == ProviderType::kDentalClinic) return kDentalDay;
  if (provider.categories == (1 << static_cast<int>(Category::kHair))) return kHairDay;
  return kSurgeryDay;
}

int MonthIndex(std::int64_t day) {
  const CivilDate c = CivilFromDays(day);
  const int index = (c.year - 2024) * 12 + c.month - 1;
  return std::clamp(index, 0, kCampaignMonths - 1);
}

const ref::CatalogueEntry& World::EntryOf(const Procedure& p) const {
  return ref::Catalogue()[p.entry];
}

std::int32_t World::CampaignOn(CampaignType type, std::int64_t day, Prng& rng) const {
  const auto& running = campaigns_by_month[static_cast<int>(type)][MonthIndex(day)];
  if (running.empty()) return -1;
  // Prefer a campaign whose dates cover the day; the month bucket is coarse.
  const std::int32_t pick = running[rng.Below(running.size())];
  const Campaign& c = campaigns[pick];
  if (day < c.start_day || day > c.end_day) return -1;
  return pick;
}

namespace {

constexpr std::uint8_t Bit(Category c) {
  return static_cast<std::uint8_t>(1 << static_cast<int>(c));
}
constexpr std::uint8_t kHairBit = Bit(Category::kHair);
constexpr std::uint8_t kDentalBit = Bit(Category::kDental);
constexpr std::uint8_t kCosmeticBit = Bit(Category::kCosmetic);

struct ProviderKind {
  ProviderType type;
  std::uint8_t categories;
};

// The mix of every block of 20 providers: hair and dental clinics dominate
// Istanbul's medical tourism, with a few hospitals and named surgeons.
constexpr ProviderKind kProviderMix[20] = {
    {ProviderType::kClinic, kHairBit},
    {ProviderType::kClinic, kHairBit},
    {ProviderType::kClinic, kHairBit},
    {ProviderType::kClinic, kHairBit},
    {ProviderType::kClinic, kHairBit},
    {ProviderType::kDentalClinic, kDentalBit},
    {ProviderType::kDentalClinic, kDentalBit},
    {ProviderType::kDentalClinic, kDentalBit},
    {ProviderType::kDentalClinic, kDentalBit},
    {ProviderType::kDentalClinic, kDentalBit},
    {ProviderType::kDentalClinic, kDentalBit},
    {ProviderType::kClinic, kCosmeticBit},
    {ProviderType::kClinic, kCosmeticBit},
    {ProviderType::kClinic, kCosmeticBit},
    {ProviderType::kHospital, kHairBit | kDentalBit | kCosmeticBit},
    {ProviderType::kHospital, kHairBit | kDentalBit | kCosmeticBit},
    {ProviderType::kDoctor, kHairBit},
    {ProviderType::kDoctor, kCosmeticBit},
    {ProviderType::kDoctor, kCosmeticBit},
    {ProviderType::kClinic, kHairBit | kCosmeticBit},
};

constexpr std::string_view kStaffDomain = "imedic.example.com";

std::int32_t AddStaff(World& w, ContactBook& contacts, Prng& rng, Role role) {
  const std::size_t turkey = ref::CountryIndex("TR");
  const Gender gender = rng.Chance(0.5) ? Gender::kMale : Gender::kFemale;
  Person person = MakePerson(rng, turkey, gender, 23, 52);
  User u;
  u.id = rng.NewUuid();
  u.profile_id = rng.NewUuid();
  u.role = role;
  u.gender = gender;
  u.country = person.country;
  u.city = person.city;
  u.email = contacts.ClaimWorkEmail(rng, person, kStaffDomain);
  u.phone = contacts.ClaimPhone(rng, ref::Countries()[turkey]);
  u.first_name = std::move(person.first_name);
  u.last_name = std::move(person.last_name);
  u.birth_day = person.birth_day;
  // Admins were there from day one, the clinicians (who review every
  // booking) soon after; the others joined as the team grew.
  const std::int64_t joined_within = role == Role::kAdmin       ? 20
                                     : role == Role::kClinician ? 60
                                                                : 420;
  u.created_at = kBusinessStart + rng.Range(0, joined_within) * kDay + rng.Range(7, 10) * kHour;
  w.users.push_back(std::move(u));
  return static_cast<std::int32_t>(w.users.size() - 1);
}

void BuildStaff(World& w, ContactBook& contacts, const Volumes& v) {
  Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kStaff));
  for (int i = 0; i < v.admins * w.scale; ++i) {
    w.admins.push_back(AddStaff(w, contacts, rng, Role::kAdmin));
  }
  for (int i = 0; i < v.sales_reps * w.scale; ++i) {
    w.sales_reps.push_back(AddStaff(w, contacts, rng, Role::kSalesRep));
  }
  for (int i = 0; i < v.marketers * w.scale; ++i) {
    w.marketers.push_back(AddStaff(w, contacts, rng, Role::kMarketer));
  }
  for (int i = 0; i < v.coordinators * w.scale; ++i) {
    w.coordinators.push_back(AddStaff(w, contacts, rng, Role::kCareCoordinator));
  }
}

// The clinicians and auditors came with the access-control model: they are
// planned after the patients, on their own stream, so that every user planned
// before them keeps its index and its rows.
void BuildClinicalStaff(World& w, ContactBook& contacts, const Volumes& v) {
  Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kClinicalStaff));
  for (int i = 0; i < v.clinicians * w.scale; ++i) {
    w.clinicians.push_back(AddStaff(w, contacts, rng, Role::kClinician));
  }
  for (int i = 0; i < v.auditors * w.scale; ++i) {
    w.auditors.push_back(AddStaff(w, contacts, rng, Role::kAuditor));
  }
}

// The privacy officer came with the consent ledger: planned after everyone
// else, on a stream of its own, so every earlier user keeps its rows.
void BuildPrivacyStaff(World& w, ContactBook& contacts, const Volumes& v) {
  Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kPrivacyStaff));
  for (int i = 0; i < v.privacy_officers * w.scale; ++i) {
    w.privacy_officers.push_back(AddStaff(w, contacts, rng, Role::kPrivacyOfficer));
  }
}

// Every booked patient gets a staff clinician for the medical review.
void AssignClinicians(World& w) {
  if (w.clinicians.empty()) return;
  for (std::size_t i = 0; i < w.patients.size(); ++i) {
    Patient& p = w.patients[i];
    if (p.booking < 0) continue;
    Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kClinicians), i);
    p.clinician = w.clinicians[rng.Below(w.clinicians.size())];
  }
}

std::string ProviderName(Prng& rng, ProviderKind kind, const ref::Area& area,
                         const Person& doctor) {
  std::string brand(rng.Pick(ref::ProviderBrands()));  // not const: `return brand` moves
  switch (kind.type) {
    case ProviderType::kDoctor:
      return std::string(rng.Pick(ref::DoctorTitles())) + " " + doctor.first_name + " " +
             doctor.last_name;
    case ProviderType::kDentalClinic:
      if (rng.Chance(0.3)) {
        return std::string(area.neighbourhood) + " " +
               std::string(rng.Pick(ref::DentalClinicSuffixes()));
      }
      return brand + " " + std::string(rng.Pick(ref::DentalClinicSuffixes()));
    case ProviderType::kHospital: {
      const std::string_view suffix = rng.Pick(ref::HospitalSuffixes());
      if (suffix == "Hastanesi")
        return "Özel " + brand + " " + std::string(area.district) + " Hastanesi";
      return brand + " " + std::string(suffix);
    }
    case ProviderType::kClinic:
      if (kind.categories == (kHairBit | kCosmeticBit)) return brand + " Hair & Aesthetic Clinic";
      if (kind.categories == kHairBit) {
        return brand + " " + std::string(rng.Pick(ref::HairClinicSuffixes()));
      }
      return brand + " " + std::string(rng.Pick(ref::CosmeticClinicSuffixes()));
  }
  return brand;
}

// How many catalogue entries of `category` a provider of `kind` offers.
int OfferCount(Prng& rng, ProviderKind kind, Category category) {
  const bool multi = (kind.categories & (kind.categories - 1)) != 0;
  if (kind.type == ProviderType::kDoctor) return rng.Int(4, 6);
  if (kind.type == ProviderType::kHospital) {
    return category == Category::kHair     ? rng.Int(4, 5)
           : category == Category::kDental ? rng.Int(5, 7)
                                           : rng.Int(7, 9);
  }
  if (multi) return category == Category::kHair ? 5 : 4;
  return category == Category::kHair     ? rng.Int(8, 10)
         : category == Category::kDental ? rng.Int(9, 11)
                                         : rng.Int(8, 10);
}

std::int32_t RoundTo50(double value) {
  return static_cast<std::int32_t>(std::lround(value / 50.0) * 50);
}

void AddProcedures(World& w, Prng& rng, Provider& provider, ProviderKind kind, double factor) {
  const auto catalogue = ref::Catalogue();
  const double fx = provider.currency == "GBP" ? 0.86 : provider.currency == "USD" ? 1.08 : 1.0;
  provider.first_procedure = static_cast<std::int32_t>(w.procedures.size());
  for (int c = 0; c < kCategoryCount; ++c) {
    const auto category = static_cast<Category>(c);
    if (!provider.Offers(category)) continue;
    // Weighted sampling without replacement (Efraimidis-Spirakis keys):
    // popular procedures are offered by nearly everyone, rare ones by few.
    std::vector<std::pair<double, std::uint16_t>> keyed;
    for (std::size_t e = 0; e < catalogue.size(); ++e) {
      if (catalogue[e].category != category) continue;
      const double key = std::pow(rng.Unit(), 1.0 / catalogue[e].popularity);
      keyed.emplace_back(-key, static_cast<std::uint16_t>(e));
    }
    std::sort(keyed.begin(), keyed.end());
    const std::size_t take = std::min(keyed.size(),
                                      static_cast<std::size_t>(OfferCount(rng, kind, category)));
    std::vector<std::uint16_t> chosen;
    for (std::size_t k = 0; k < take; ++k) chosen.push_back(keyed[k].second);
    std::sort(chosen.begin(), chosen.end());
    for (std::uint16_t e : chosen) {
      const ref::CatalogueEntry& entry = catalogue[e];
      Procedure p;
      p.id = rng.NewUuid();
      p.provider = static_cast<std::int32_t>(w.providers.size());
      p.entry = e;
      p.currency = provider.currency;
      const double own = factor * rng.Real(0.95, 1.05);
      p.price_min = std::max(50, RoundTo50(entry.min_eur * own * fx));
      p.price_max = std::max(p.price_min + 50, RoundTo50(entry.max_eur * own * fx));
      p.is_active = rng.Chance(0.95);
      p.created_at = provider.created_at + rng.Range(0, 40) * kDay + rng.Range(0, 8) * kHour;
      w.procedures.push_back(p);
    }
  }
  provider.procedure_count = static_cast<std::int32_t>(w.procedures.size()) -
                             provider.first_procedure;
}

void BuildProviders(World& w, ContactBook& contacts, const Volumes& v) {
  const std::size_t turkey = ref::CountryIndex("TR");
  const auto areas = ref::Areas();
  std::unordered_set<std::string> names;
  const int count = v.providers * w.scale;
  for (int i = 0; i < count; ++i) {
    Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kProviders),
                            static_cast<std::uint64_t>(i));
    const ProviderKind kind = kProviderMix[(i * 7) % 20];
    Provider p;
    p.id = rng.NewUuid();
    p.type = kind.type;
    p.categories = kind.categories;
    p.area = static_cast<std::uint16_t>(rng.Below(areas.size()));
    const ref::Area& area = areas[p.area];
    p.lat = area.lat + rng.Real(-0.004, 0.004);
    p.lng = area.lng + rng.Real(-0.004, 0.004);
    p.currency =
        rng.Pick({std::string_view("EUR"), std::string_view("EUR"), std::string_view("EUR"),
                  std::string_view("EUR"), std::string_view("GBP"), std::string_view("USD")});
    p.created_at = DaysFromCivil(2023, 9, 1) * kDay + rng.Range(0, 125) * kDay +
                   rng.Range(8, 17) * kHour;
    p.popularity = rng.Int(1, 5);
    p.quality = static_cast<int>(rng.Weighted({20, 50, 30}));
    p.is_verified = rng.Chance(0.9);
    // One provider in twenty (a cosmetic clinic) has left the platform.
    p.is_active = i % 20 != 13;

    // The person behind the account: the surgeon himself for a doctor, a
    // medical director or manager otherwise.
    const Gender gender = rng.Chance(0.6) ? Gender::kMale : Gender::kFemale;
    Person person = MakePerson(rng, turkey, gender, 32, 62);
    // A second clinic of the same name is told apart by its neighbourhood.
    const std::string base = ProviderName(rng, kind, area, person);
    std::string name = base;
    for (int n = 1; !names.insert(name).second; ++n) {
      name = base;
      name.append(" ").append(area.neighbourhood);
      if (n > 1) name.append(" ").append(std::to_string(n));
    }
    p.name = std::move(name);
    p.slug = Slug(p.name);

    const double factor = kind.type == ProviderType::kHospital ? rng.Real(1.1, 1.4)
                          : kind.type == ProviderType::kDoctor ? rng.Real(1.0, 1.3)
                                                               : rng.Real(0.85, 1.2);
    AddProcedures(w, rng, p, kind, factor);

    User u;
    u.id = rng.NewUuid();
    u.profile_id = rng.NewUuid();
    u.role = Role::kProvider;
    u.gender = gender;
    u.country = person.country;
    u.city = person.city;
    u.email = contacts.ClaimWorkEmail(rng, person, p.slug + ".example.com");
    u.phone = contacts.ClaimPhone(rng, ref::Countries()[turkey]);
    u.first_name = std::move(person.first_name);
    u.last_name = std::move(person.last_name);
    u.birth_day = person.birth_day;
    u.created_at = p.created_at + rng.Range(1, 6) * kHour;
    u.provider = static_cast<std::int32_t>(w.providers.size());
    w.users.push_back(std::move(u));
    p.user = static_cast<std::int32_t>(w.users.size() - 1);

    for (int c = 0; c < kCategoryCount; ++c) {
      if (p.is_active && p.Offers(static_cast<Category>(c))) {
        w.providers_by_category[c].push_back(static_cast<std::int32_t>(w.providers.size()));
      }
    }
    w.providers.push_back(std::move(p));
  }
}

// Markets a campaign can target, with their currency.
struct Market {
  std::string_view label;
  std::string_view countries[3];
  std::string_view currency;
};
constexpr Market kMarkets[] = {
    {"UK", {"GB", "IE", ""}, "GBP"},
    {"DACH", {"DE", "", ""}, "EUR"},
    {"Benelux", {"NL", "", ""}, "EUR"},
    {"France", {"FR", "", ""}, "EUR"},
    {"Gulf", {"SA", "AE", "KW"}, "USD"},
    {"North America", {"US", "CA", ""}, "USD"},
    {"Nordics", {"SE", "NO", "DK"}, "EUR"},
    {"Southern Europe", {"IT", "ES", ""}, "EUR"},
    {"Eastern Europe", {"PL", "RO", ""}, "EUR"},
    {"Australia", {"AU", "", ""}, "USD"},
    {"Russia", {"RU", "", ""}, "USD"},
};

std::string_view CategoryTopic(Category c) {
  return c == Category::kHair ? "Hair Transplant" : c == Category::kDental ? "Dental" : "Aesthetic";
}

std::string_view Season(std::int64_t day) {
  const int month = CivilFromDays(day).month;
  if (month <= 2 || month == 12) return "Winter";
  if (month <= 5) return "Spring";
  if (month <= 8) return "Summer";
  return "Autumn";
}

void BuildCampaigns(World& w, const Volumes& v) {
  for (auto& by_month : w.campaigns_by_month) by_month.assign(kCampaignMonths, {});
  const int count = v.campaigns * w.scale;
  for (int i = 0; i < count; ++i) {
    Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kCampaigns),
                            static_cast<std::uint64_t>(i));
    Campaign c;
    c.id = rng.NewUuid();
    c.type = static_cast<CampaignType>(rng.Weighted({15, 20, 30, 25, 10}));
    c.category = static_cast<Category>(rng.Weighted({45, 35, 20}));
    const Market& market = kMarkets[rng.Below(std::size(kMarkets))];
    for (std::string_view code : market.countries) {
      if (!code.empty()) c.countries.push_back(static_cast<std::uint16_t>(ref::CountryIndex(code)));
    }
    c.currency = market.currency;
    const std::int64_t first_start = kBusinessStartDay + 7;
    c.start_day = rng.Range(first_start, kReferenceDay + 45);
    c.end_day = c.start_day +
                (c.type == CampaignType::kReferral ? rng.Range(180, 365) : rng.Range(14, 120));
    switch (c.type) {
      case CampaignType::kGoogleAds: c.budget_cents = rng.Range(50, 600) * 10000; break;
      case CampaignType::kFacebookAds: c.budget_cents = rng.Range(30, 400) * 10000; break;
      case CampaignType::kSocialMedia: c.budget_cents = rng.Range(20, 250) * 10000; break;
      case CampaignType::kEmail: c.budget_cents = rng.Range(5, 50) * 10000; break;
      case CampaignType::kReferral: c.budget_cents = rng.Range(10, 100) * 10000; break;
    }
    c.created_at = std::max(kBusinessStart, (c.start_day - rng.Range(3, 30)) * kDay) +
                   rng.Range(8, 18) * kHour;
    c.created_at = std::min(c.created_at, kReferenceTime - kHour);
    c.created_by = w.marketers[rng.Below(w.marketers.size())];
    const std::string_view channel = c.type == CampaignType::kGoogleAds     ? "Google Search"
                                     : c.type == CampaignType::kFacebookAds ? "Facebook"
                                     : c.type == CampaignType::kSocialMedia ? "Instagram & TikTok"
                                     : c.type == CampaignType::kEmail       ? "Newsletter"
                                                                            : "Referral";
    c.name = std::string(market.label) + " " + std::string(CategoryTopic(c.category)) + " " +
             std::string(Season(c.start_day)) + " " +
             std::to_string(CivilFromDays(c.start_day).year) + " (" + std::string(channel) + ")";
    const auto index = static_cast<std::int32_t>(w.campaigns.size());
    for (int m = MonthIndex(c.start_day); m <= MonthIndex(c.end_day); ++m) {
      w.campaigns_by_month[static_cast<int>(c.type)][m].push_back(index);
    }
    w.campaigns.push_back(std::move(c));
  }
}

void AssignChannels(World& w) {
  for (std::size_t i = 0; i < w.users.size(); ++i) {
    User& u = w.users[i];
    Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kChannels), i);
    u.channels.email = rng.NewUuid();
    const bool patient = u.role == Role::kPatient;
    const bool talks_to_patients = u.role == Role::kCareCoordinator || u.role == Role::kSalesRep;
    if ((patient && rng.Chance(0.85)) || talks_to_patients) u.channels.whatsapp = rng.NewUuid();
    if (patient && rng.Chance(0.25)) u.channels.sms = rng.NewUuid();
  }
}

// Rewrites the codes of patients and bookings so that the numbers count up
// in the order the records were created, per year, like a real sequence.
void AssignCodes(World& w) {
  auto assign = [](auto& items, auto created_of, std::string_view prefix, auto set_code) {
    std::vector<std::int32_t> order(items.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::int32_t>(i);
    std::stable_sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
      return created_of(items[a]) < created_of(items[b]);
    });
    int year = 0;
    int sequence = 0;
    for (std::int32_t i : order) {
      const int y = YearOf(created_of(items[i]));
      if (y != year) {
        year = y;
        sequence = 0;
      }
      std::string number = std::to_string(++sequence);
      if (number.size() < 6) number.insert(0, 6 - number.size(), '0');
      set_code(items[i], std::string(prefix) + std::to_string(y) + "-" + number);
    }
  };
  assign(
      w.patients, [](const Patient& p) { return p.created_at; }, "PAT-",
      [](Patient& p, std::string code) { p.code = std::move(code); });
  assign(
      w.bookings, [](const Booking& b) { return b.created_at; }, "BK-",
      [](Booking& b, std::string code) { b.reference = std::move(code); });
}

}  // namespace

namespace {

// The demo personas, around the first patient whose journey is complete:
// followed up, reviewed, treated by an active clinic (not a lone doctor,
// whose account is also medical) with a staff clinician.
void ChoosePersonas(World& w) {
  const Patient* chosen = nullptr;
  for (const Patient& p : w.patients) {
    if (p.phase != Phase::kFollowUp || p.booking < 0 || p.consultation < 0 || p.clinician < 0) {
      continue;
    }
    const Provider& clinic = w.providers[p.provider];
    if (w.bookings[p.booking].review_rating == 0 || !clinic.is_active || clinic.user < 0 ||
        clinic.type == ProviderType::kDoctor) {
      continue;
    }
    chosen = &p;
    break;
  }
  if (chosen == nullptr) return;  // no such patient at this size: no personas
  w.personas = {{"patient", chosen->user},
                {"provider_staff", w.providers[chosen->provider].user},
                {"care_coordinator", chosen->coordinator},
                {"medical", chosen->clinician},
                {"sales", chosen->sales_rep},
                {"marketing", w.marketers.front()},
                {"auditor", w.auditors.front()},
                {"privacy_officer", w.privacy_officers.front()},
                {"admin", w.admins.front()}};
  for (const Persona& persona : w.personas) {
    User& u = w.users[persona.user];
    u.persona = true;
    u.email = std::string(persona.role) + "@" + std::string(kPersonaDomain);
  }
}

}  // namespace

World BuildWorld(std::uint64_t seed, int scale) {
  const Volumes v;
  World w;
  w.seed = seed;
  w.scale = std::max(scale, 1);
  ContactBook contacts;
  BuildStaff(w, contacts, v);
  BuildProviders(w, contacts, v);
  BuildCampaigns(w, v);
  PlanPatients(w, contacts, v.patients * w.scale);
  BuildClinicalStaff(w, contacts, v);
  BuildPrivacyStaff(w, contacts, v);
  AssignClinicians(w);
  AssignCodes(w);
  AssignChannels(w);
  ChoosePersonas(w);
  w.lead_count = static_cast<std::int64_t>(v.leads) * w.scale;
  return w;
}

}  // namespace imedic::seed
