#include "seed/journey_planner.hpp"

#include <algorithm>
#include <cmath>

namespace imedic::seed {
namespace {

// Share of patients per phase on the reference day: many in the early
// funnel, and a long tail of past patients in follow-up.
constexpr int kPhaseWeights[kPhaseCount] = {12, 14, 18, 12, 6, 4, 12, 22};

// Review ratings by provider quality (0..2): mostly 4-5 everywhere.
constexpr int kRatingWeights[3][5] = {
    {6, 8, 14, 30, 42},
    {3, 4, 9, 28, 56},
    {1, 2, 5, 22, 70},
};

class Planner {
 public:
  Planner(World& w, ContactBook& contacts) : w_(w), contacts_(contacts) {
    for (const ref::Country& c : ref::Countries()) country_weights_.push_back(c.weight);
    for (int c = 0; c < kCategoryCount; ++c) {
      for (std::int32_t p : w_.providers_by_category[c]) {
        provider_weights_[c].push_back(w_.providers[p].popularity);
      }
    }
  }

  void Plan(std::int32_t index);

 private:
  std::int64_t Days(Prng& rng, double lo, double hi) {
    return static_cast<std::int64_t>(rng.Real(lo, hi) * kDay);
  }
  // An instant during Istanbul office hours (UTC+3) on the day of `t`.
  static std::int64_t OfficeHours(Prng& rng, std::int64_t t) {
    return DayOf(t) * kDay + rng.Range(6, 14) * kHour + rng.Range(0, 3) * 15 * kMinute;
  }
  bool Choose(Prng& rng, Category category, Gender gender, std::int32_t exclude,
              std::int32_t* provider, std::int32_t* procedure);
  std::int32_t AddConsultation(Prng& rng, std::int32_t patient, std::int32_t provider,
                               std::int32_t procedure, std::int64_t requested,
                               std::int64_t scheduled);
  void PlanBooking(Prng& rng, std::int32_t index, Patient& p);
  void PlanReview(Prng& rng, Booking& b);

  World& w_;
  ContactBook& contacts_;
  std::vector<int> country_weights_;
  std::array<std::vector<int>, kCategoryCount> provider_weights_;
};

bool Suits(const ref::CatalogueEntry& entry, Gender gender) {
  if (entry.audience == ref::Audience::kMale) return gender == Gender::kMale;
  if (entry.audience == ref::Audience::kFemale) return gender == Gender::kFemale;
  return true;
}

bool Planner::Choose(Prng& rng, Category category, Gender gender, std::int32_t exclude,
                     std::int32_t* provider, std::int32_t* procedure) {
  const auto& candidates = w_.providers_by_category[static_cast<int>(category)];
  if (candidates.empty()) return false;
  const auto catalogue = ref::Catalogue();
  for (int attempt = 0; attempt < 12; ++attempt) {
    const std::int32_t pv = candidates[rng.Weighted(provider_weights_[static_cast<int>(category)])];
    if (pv == exclude && candidates.size() > 1) continue;
    const Provider& prov = w_.providers[pv];
    std::vector<int> weights;
    std::vector<std::int32_t> options;
    for (std::int32_t k = 0; k < prov.procedure_count; ++k) {
      const std::int32_t pr = prov.first_procedure + k;
      const Procedure& proc = w_.procedures[pr];
      const ref::CatalogueEntry& entry = catalogue[proc.entry];
      if (!proc.is_active || entry.category != category) continue;
      // After a few misses, accept any audience rather than fail.
      if (attempt < 8 && !Suits(entry, gender)) continue;
      options.push_back(pr);
      weights.push_back(entry.popularity);
    }
    if (options.empty()) continue;
    *provider = pv;
    *procedure = options[rng.Weighted(weights)];
    return true;
  }
  return false;
}

std::int32_t Planner::AddConsultation(Prng& rng, std::int32_t patient, std::int32_t provider,
                                      std::int32_t procedure, std::int64_t requested,
                                      std::int64_t scheduled) {
  Consultation c;
  c.id = rng.NewUuid();
  c.patient = patient;
  c.provider = provider;
  c.procedure = procedure;
  c.type = static_cast<ConsultationType>(rng.Weighted({45, 20, 15, 20}));
  c.created_at = requested;
  c.scheduled_at = scheduled;
  c.duration_minutes = rng.Pick({20, 30, 30, 30, 45, 60});
  w_.consultations.push_back(c);
  return static_cast<std::int32_t>(w_.consultations.size() - 1);
}

void Planner::PlanReview(Prng& rng, Booking& b) {
  Provider& provider = w_.providers[b.provider];
  const int rating = 1 + static_cast<int>(rng.Weighted(kRatingWeights[provider.quality]));
  b.review_rating = rating;
  provider.rating_sum += rating;
  provider.review_count += 1;
}

void Planner::PlanBooking(Prng& rng, std::int32_t index, Patient& p) {
  const std::int64_t today = kReferenceDay;
  Booking b;
  b.id = rng.NewUuid();
  b.patient = index;
  b.provider = p.provider;
  b.procedure = p.procedure;
  b.status = BookingStatus::kConfirmed;

  // The procedure date anchors the journey; everything else is placed
  // backwards from it.
  std::int64_t day = 0;
  bool lost = false;
  switch (p.phase) {
    case Phase::kBooking:
      lost = rng.Chance(0.15);
      if (lost && rng.Chance(0.3)) {
        b.status = BookingStatus::kNoShow;
        day = today - rng.Range(1, 40);
      } else {
        if (lost) b.status = BookingStatus::kCancelled;
        day = today + rng.Range(15, 150);
      }
      break;
    case Phase::kTravel: day = today + rng.Range(0, 10); break;
    case Phase::kProcedure: day = today - rng.Range(1, 3); break;
    case Phase::kRecovery: day = today - rng.Range(4, 35); break;
    default: day = today - rng.Range(36, 700); break;
  }
  if (Weekday(day) == 0) day += day >= today ? 1 : -1;  // clinics rest on Sundays
  b.procedure_day = day;
  if (p.phase >= Phase::kProcedure) b.status = BookingStatus::kCompleted;

  const Provider& prov = w_.providers[b.provider];
  const auto slots = SlotsFor(prov);
  const Slot& slot = slots[rng.Below(slots.size())];
  b.procedure_time = slot.start;
  if (prov.type == ProviderType::kDentalClinic) b.procedure_time += rng.Range(0, 4) * 30 * kMinute;

  const std::int64_t starts = day * kDay + b.procedure_time - 3 * kHour;  // Istanbul is UTC+3
  if (p.phase == Phase::kBooking && b.status != BookingStatus::kNoShow) {
    b.created_at = kReferenceTime - Days(rng, 1, 45);
  } else {
    b.created_at = starts - Days(rng, 14, 110);
  }

  const Procedure& proc = w_.procedures[b.procedure];
  b.currency = proc.currency;
  const std::int64_t steps = (proc.price_max - proc.price_min) / 10;
  b.cost_cents = (proc.price_min + rng.Range(0, steps) * 10) * 100LL;

  switch (b.status) {
    case BookingStatus::kCompleted: b.payment = PaymentStatus::kPaid; break;
    case BookingStatus::kNoShow: b.payment = PaymentStatus::kDeposit; break;
    case BookingStatus::kCancelled:
      b.payment = rng.Chance(0.55) ? PaymentStatus::kRefunded : PaymentStatus::kPending;
      break;
    case BookingStatus::kConfirmed:
      if (day - today <= 10) {
        b.payment = rng.Chance(0.5) ? PaymentStatus::kPaid : PaymentStatus::kDeposit;
      } else {
        b.payment = static_cast<PaymentStatus>(rng.Weighted({30, 60, 10}));
      }
      break;
  }
  // The last change: payment, cancellation, or the day after the procedure.
  const std::int64_t last_change =
      b.status == BookingStatus::kCompleted || b.status == BookingStatus::kNoShow
          ? starts + Days(rng, 0.3, 2)
          : b.created_at + static_cast<std::int64_t>(rng.Unit() * (kReferenceTime - b.created_at));
  b.updated_at = std::clamp(last_change, b.created_at, kReferenceTime - kMinute);

  switch (p.phase) {
    case Phase::kBooking:
      b.has_travel = b.status == BookingStatus::kConfirmed && rng.Chance(0.35);
      break;
    case Phase::kTravel: b.has_travel = true; break;
    default: b.has_travel = rng.Chance(0.88); break;
  }

  // Reviews come weeks after the procedure; satisfaction is asked at the
  // end of recovery.
  if (p.phase == Phase::kFollowUp || p.phase == Phase::kRecovery) {
    const bool reviews = rng.Chance(p.phase == Phase::kFollowUp ? 0.55 : 0.12);
    if (reviews) {
      PlanReview(rng, b);
      const std::int64_t earliest = starts + (p.phase == Phase::kFollowUp ? 10 : 3) * kDay;
      const std::int64_t latest = std::min(earliest + 80 * kDay, kReferenceTime - kHour);
      b.review_at = earliest + static_cast<std::int64_t>((latest - earliest) * rng.Unit());
      b.satisfaction = b.review_rating;
    } else if (rng.Chance(0.7) && b.procedure_day + 30 < kReferenceDay) {
      const int q = w_.providers[b.provider].quality;
      b.satisfaction = 1 + static_cast<int>(rng.Weighted(kRatingWeights[q]));
    }
  }

  // The consultation that led to it, and the first contact before that.
  const std::int64_t consulted = OfficeHours(rng, b.created_at - Days(rng, 1, 14));
  const std::int64_t requested = consulted - Days(rng, 2, 20);
  b.consultation = AddConsultation(rng, index, b.provider, b.procedure, requested, consulted);
  Consultation& c = w_.consultations[b.consultation];
  c.status = ConsultationStatus::kCompleted;
  c.outcome = Outcome::kQualified;
  p.consultation = b.consultation;
  p.consult_request = requested;
  p.first_touch = requested - Days(rng, 3, 60);

  w_.bookings.push_back(b);
  p.booking = static_cast<std::int32_t>(w_.bookings.size() - 1);
}

void Planner::Plan(std::int32_t index) {
  Prng rng = Prng::Stream(w_.seed, static_cast<std::uint64_t>(Stream::kPatients),
                          static_cast<std::uint64_t>(index));
  const std::size_t country = rng.Weighted(country_weights_);
  const auto category = static_cast<Category>(rng.Weighted({45, 35, 20}));
  Gender gender{};
  switch (category) {
    case Category::kHair: gender = static_cast<Gender>(rng.Weighted({85, 13, 1, 1})); break;
    case Category::kDental: gender = static_cast<Gender>(rng.Weighted({49, 49, 1, 1})); break;
    default: gender = static_cast<Gender>(rng.Weighted({20, 78, 1, 1})); break;
  }
  const int min_age = category == Category::kDental ? 25 : category == Category::kHair ? 21 : 19;
  const int max_age = category == Category::kDental ? 75 : category == Category::kHair ? 62 : 60;
  Person person = MakePerson(rng, country, gender, min_age, max_age);

  Patient p;
  p.profile_id = rng.NewUuid();
  p.category = category;
  p.phase = static_cast<Phase>(rng.Weighted(kPhaseWeights));
  p.hair_profile = category == Category::kHair;
  p.coordinator = w_.coordinators[rng.Below(w_.coordinators.size())];
  p.sales_rep = w_.sales_reps[rng.Below(w_.sales_reps.size())];
  p.source = static_cast<LeadSource>(rng.Weighted({22, 20, 14, 16, 5, 10, 9, 4}));
  if (!Choose(rng, category, gender, -1, &p.provider, &p.procedure)) {
    // A world without a provider for this category (impossible with the
    // fixed provider mix) would leave the patient in discovery.
    p.phase = Phase::kDiscovery;
  }

  switch (p.phase) {
    case Phase::kDiscovery:
      p.first_touch = kReferenceTime - Days(rng, 0.05, 30);
      p.research_at = kNoTime;
      break;
    case Phase::kResearch:
      p.first_touch = kReferenceTime - Days(rng, 6, 75);
      p.research_at = p.first_touch + Days(rng, 0.2, 5);
      break;
    case Phase::kConsultation: {
      p.consult_request = kReferenceTime - Days(rng, 1, 40);
      p.first_touch = p.consult_request - Days(rng, 3, 60);
      const std::int64_t scheduled = OfficeHours(rng, p.consult_request + Days(rng, 2, 21));
      p.consultation = AddConsultation(rng, index, p.provider, p.procedure, p.consult_request,
                                       scheduled);
      Consultation& c = w_.consultations[p.consultation];
      if (scheduled > kReferenceTime) {
        c.status = rng.Chance(0.92) ? ConsultationStatus::kScheduled
                                    : ConsultationStatus::kCancelled;
      } else {
        c.status = static_cast<ConsultationStatus>(1 + rng.Weighted({74, 16, 10}));
        if (c.status == ConsultationStatus::kCompleted) {
          c.outcome = static_cast<Outcome>(1 + rng.Weighted({40, 18, 42}));
        }
      }
      break;
    }
    default: PlanBooking(rng, index, p); break;
  }
  if (p.consult_request != kNoTime) {
    p.research_at = p.first_touch + static_cast<std::int64_t>((p.consult_request - p.first_touch) *
                                                              rng.Real(0.05, 0.4));
    // Some compared clinics first: an earlier consultation elsewhere.
    std::int32_t other_provider = -1;
    std::int32_t other_procedure = -1;
    if (rng.Chance(0.2) &&
        Choose(rng, category, gender, p.provider, &other_provider, &other_procedure) &&
        other_provider != p.provider) {
      const std::int64_t span = p.consult_request - p.first_touch;
      const std::int64_t scheduled = OfficeHours(
          rng, p.first_touch + static_cast<std::int64_t>(span * rng.Real(0.4, 0.9)));
      if (scheduled > p.first_touch && scheduled < p.consult_request) {
        const std::int64_t requested = p.first_touch + (scheduled - p.first_touch) / 2;
        p.early_consultation = AddConsultation(rng, index, other_provider, other_procedure,
                                               requested, scheduled);
        Consultation& c = w_.consultations[p.early_consultation];
        c.status = static_cast<ConsultationStatus>(1 + rng.Weighted({60, 25, 15}));
        if (c.status == ConsultationStatus::kCompleted) {
          c.outcome = rng.Chance(0.7) ? Outcome::kNeedsFollowUp : Outcome::kNotQualified;
        }
      }
    }
  }
  CampaignType campaign_type{};
  if (CampaignTypeFor(p.source, &campaign_type)) {
    p.campaign = w_.CampaignOn(campaign_type, DayOf(p.first_touch), rng);
  }

  // The account is opened shortly after the first contact, the patient
  // profile when medical intake starts.
  std::int64_t latest = kReferenceTime - 30 * kMinute;
  if (p.consult_request != kNoTime) latest = std::min(latest, p.consult_request);
  User u;
  u.id = rng.NewUuid();
  u.profile_id = rng.NewUuid();
  u.role = Role::kPatient;
  u.gender = gender;
  u.country = person.country;
  u.city = person.city;
  u.email = contacts_.ClaimPersonalEmail(rng, person);
  u.phone = contacts_.ClaimPhone(rng, ref::Countries()[country], person.city);
  u.first_name = std::move(person.first_name);
  u.last_name = std::move(person.last_name);
  u.birth_day = person.birth_day;
  // first_touch <= latest always holds, so both stay within [first_touch, latest].
  u.created_at = std::max(p.first_touch, std::min(p.first_touch + Days(rng, 0, 1.5), latest));
  p.created_at = std::min(u.created_at + Days(rng, 0.01, 2), latest);
  u.patient = index;
  w_.users.push_back(std::move(u));
  p.user = static_cast<std::int32_t>(w_.users.size() - 1);
  w_.patients.push_back(std::move(p));
}

}  // namespace

void PlanPatients(World& world, ContactBook& contacts, int patient_count) {
  Planner planner(world, contacts);
  world.patients.reserve(static_cast<std::size_t>(patient_count));
  for (std::int32_t i = 0; i < patient_count; ++i) planner.Plan(i);
}

}  // namespace imedic::seed
