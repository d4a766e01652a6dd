// patient_profiles, patient_data_keys, medical_histories and
// hair_loss_profiles. The columns docs/encryption.md marks encrypted are
// sealed with the patient's data key (SealedFields); the generated plaintext
// is the same as before encryption, so the seed still decides every value.
#include <algorithm>
#include <string>

#include "seed/json_writer.hpp"
#include "seed/people.hpp"
#include "seed/rows.hpp"

namespace imedic::seed {
namespace {

// The medication usually taken for ref::ChronicConditions()[i]; -1: none.
constexpr int kMedicationFor[] = {0, 2, 5, 4, 3, 11, -1, 7, -1, -1, -1, -1};
constexpr int kFinasteride = 12;
constexpr int kMinoxidil = 13;

int AgeOn(std::int64_t birth_day, std::int64_t day) {
  return static_cast<int>((day - birth_day) * 4 / 1461);
}

std::string_view BudgetRange(std::int64_t usd) {
  if (usd < 1000) return "<$1k";
  if (usd < 3000) return "$1k-3k";
  if (usd < 5000) return "$3k-5k";
  if (usd < 10000) return "$5k-10k";
  if (usd < 20000) return "$10k-20k";
  return "$20k+";
}

double ToUsd(std::string_view currency) {
  return currency == "GBP" ? 1.27 : currency == "EUR" ? 1.08 : 1.0;
}

void WriteTravelPreferences(JsonWriter& j, Prng& rng, const User& u) {
  const ref::Country& country = ref::Countries()[u.country];
  const ref::City& city = country.cities[u.city];
  j.Reset().BeginObject();
  j.Field("departure_city", city.name).Field("departure_airport", city.airport);
  j.Field("seat", rng.Chance(0.55) ? "window" : "aisle");
  j.Field("hotel_stars", rng.Chance(0.65) ? 4 : 5);
  const std::string_view company = rng.Pick(
      {std::string_view("alone"), std::string_view("alone"), std::string_view("partner"),
       std::string_view("partner"), std::string_view("friend"), std::string_view("family_member")});
  j.Field("travelling_with", company);
  j.Field("room_type", company == "alone" ? "single" : "double");
  j.Field("needs_airport_transfer", rng.Chance(0.92));
  if (country.language.substr(0, 2) != "en") {
    j.Field("interpreter_language", country.language.substr(0, 2));
  }
  const bool gulf = country.code == "SA" || country.code == "AE" || country.code == "KW";
  j.Field("dietary", gulf || rng.Chance(0.08) ? "halal" : rng.Chance(0.1) ? "vegetarian" : "none");
  j.EndObject();
}

void WriteEmergencyContact(JsonWriter& j, Prng& rng, const User& u) {
  // Younger patients name a parent, older ones a grown-up child.
  const int age = AgeOn(u.birth_day, kReferenceDay);
  std::string_view relationship =
      rng.Pick({std::string_view("spouse"), std::string_view("partner"),
                std::string_view("sibling"), std::string_view("friend")});
  if (rng.Chance(0.3)) relationship = age < 45 ? "parent" : "child";
  const int contact_age = relationship == "parent"  ? age + 28
                          : relationship == "child" ? age - 28
                                                    : age;
  Gender g = rng.Chance(0.5) ? Gender::kMale : Gender::kFemale;
  Person contact = MakePerson(rng, u.country, g, std::max(18, contact_age - 5),
                              std::max(20, contact_age + 5));
  // Spouses and parents usually share the family name.
  const bool same_family = relationship != "friend" && rng.Chance(0.7);
  j.Reset().BeginObject();
  j.Field("name", contact.first_name + " " + (same_family ? u.last_name : contact.last_name));
  j.Field("relationship", relationship);
  j.Field("phone", MakePhone(rng, ref::Countries()[u.country], u.city));
  j.EndObject();
}

}  // namespace

core::Result<std::int64_t> WritePatientProfiles(const SinkContext& ctx) {
  const World& w = ctx.world;
  const auto catalogue = ref::Catalogue();
  CopyWriter out(ctx.conn, "patient_profiles",
                 {"id", "user_id", "patient_id", "medical_condition", "procedure_interest",
                  "budget_range", "preferred_timeline", "travel_preferences", "emergency_contact",
                  "insurance_info", "created_at", "updated_at", "deleted"},
                 ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  SealedFields sealed(out, "patient_profiles");
  JsonWriter j;
  std::vector<std::string_view> interests;
  for (std::size_t i = 0; i < w.patients.size() && out.ok(); ++i) {
    const Patient& p = w.patients[i];
    const User& u = w.users[p.user];
    Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kPatientRows), i);
    const Procedure& proc = w.procedures[p.procedure];
    const ref::CatalogueEntry& main = w.EntryOf(proc);
    out.Id(p.profile_id).Id(u.id).Text(p.code).Text(main.condition);
    sealed.Row(ctx.keys.Key(i), p.profile_id);
    // The main interest, and perhaps one or two related procedures.
    interests.assign({main.name});
    const int extra = static_cast<int>(rng.Weighted({55, 35, 10}));
    for (int k = 0; k < extra; ++k) {
      const ref::CatalogueEntry& other = catalogue[rng.Below(catalogue.size())];
      const bool suits = other.audience == ref::Audience::kAny ||
                         (other.audience == ref::Audience::kMale) == (u.gender == Gender::kMale);
      if (other.category == p.category && suits &&
          std::find(interests.begin(), interests.end(), other.name) == interests.end()) {
        interests.push_back(other.name);
      }
    }
    out.TextArray(interests);
    const double budget = rng.Real(0.7 * proc.price_min, 1.2 * proc.price_max) *
                          ToUsd(proc.currency);
    out.Text(BudgetRange(static_cast<std::int64_t>(budget)));
    out.Text(p.phase >= Phase::kBooking
                 ? rng.Pick({std::string_view("immediate"), std::string_view("1-3_months")})
                 : rng.Pick({std::string_view("immediate"), std::string_view("1-3_months"),
                             std::string_view("1-3_months"), std::string_view("3-6_months"),
                             std::string_view("6-12_months"), std::string_view("flexible")}));
    WriteTravelPreferences(j, rng, u);
    out.Json(j.str());
    WriteEmergencyContact(j, rng, u);
    sealed.Json("emergency_contact", j.str());
    if (rng.Chance(0.25)) {
      j.Reset().BeginObject();
      j.Field("provider", rng.Pick(ref::InsuranceCompanies()));
      std::string policy = "POL-";
      for (int k = 0; k < 8; ++k) policy.push_back(static_cast<char>('0' + rng.Below(10)));
      j.Field("policy_number", policy);
      j.Field("coverage", rng.Chance(0.6) ? "complications_cover" : "travel_medical");
      j.Key("valid_until").Date(kReferenceDay + rng.Range(30, 400));
      j.EndObject();
      sealed.Json("insurance_info", j.str());
    } else {
      out.Null();
    }
    const std::int64_t updated =
        p.created_at +
        static_cast<std::int64_t>((kReferenceTime - p.created_at) * rng.Real(0, 0.6));
    out.Timestamp(p.created_at).Timestamp(updated).Bool(false);
    out.EndRow();
  }
  return out.Finish();
}

core::Result<std::int64_t> WritePatientDataKeys(const SinkContext& ctx) {
  const World& w = ctx.world;
  CopyWriter out(ctx.conn, "patient_data_keys",
                 {"patient_profile_id", "wrapped_key", "master_key_id", "created_at"},
                 ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  for (std::size_t i = 0; i < w.patients.size() && out.ok(); ++i) {
    const privacy::NewDataKey& key = ctx.keys.Row(i);
    // Dated with the profile: a patient's key exists from their first record on.
    out.Id(w.patients[i].profile_id).Text(key.wrapped).Text(key.master_key_id);
    out.Timestamp(w.patients[i].created_at);
    out.EndRow();
  }
  return out.Finish();
}

core::Result<std::int64_t> WriteMedicalHistories(const SinkContext& ctx) {
  const World& w = ctx.world;
  const auto meds = ref::Medications();
  const auto conditions = ref::ChronicConditions();
  CopyWriter out(
      ctx.conn, "medical_histories",
      {"id", "patient_profile_id", "current_medications", "allergies", "chronic_conditions",
       "previous_surgeries", "family_medical_history", "lifestyle_factors", "additional_notes",
       "last_updated_by", "created_at", "updated_at", "deleted"},
      ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  SealedFields sealed(out, "medical_histories");
  JsonWriter j;
  std::vector<int> taking;
  std::vector<std::size_t> chronic;
  for (std::size_t i = 0; i < w.patients.size() && out.ok(); ++i) {
    const Patient& p = w.patients[i];
    const User& u = w.users[p.user];
    Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kMedicalHistory), i);
    const int age = AgeOn(u.birth_day, kReferenceDay);
    const int year_now = CivilFromDays(kReferenceDay).year;

    // Chronic conditions grow more likely with age; each brings its usual medication.
    chronic.clear();
    taking.clear();
    const double odds = age < 35 ? 0.04 : age < 50 ? 0.08 : 0.15;
    for (std::size_t c = 0; c < conditions.size(); ++c) {
      if (!rng.Chance(odds)) continue;
      chronic.push_back(c);
      if (c < std::size(kMedicationFor) && kMedicationFor[c] >= 0) {
        int med = kMedicationFor[c];
        if (med == 0 && rng.Chance(0.4)) med = 1;  // amlodipine instead of lisinopril
        taking.push_back(med);
      }
    }
    if (rng.Chance(0.15)) taking.push_back(10);  // vitamin D
    if (rng.Chance(0.08)) taking.push_back(8);   // antihistamine
    if (rng.Chance(0.05)) taking.push_back(6);   // omeprazole
    if (u.gender == Gender::kFemale && age < 45 && rng.Chance(0.2)) taking.push_back(9);
    if (p.hair_profile) {
      const HairTreatments hair = HairTreatmentsOf(w, static_cast<std::int32_t>(i));
      if (hair.current & 1U) taking.push_back(kMinoxidil);
      if (hair.current & 2U) taking.push_back(kFinasteride);
    }
    std::sort(taking.begin(), taking.end());
    taking.erase(std::unique(taking.begin(), taking.end()), taking.end());

    const Uuid row_id = rng.NewUuid();
    out.Id(row_id).Id(p.profile_id);
    sealed.Row(ctx.keys.Key(i), row_id);
    j.Reset().BeginArray();
    for (int m : taking) {
      j.BeginObject().Field("name", meds[m].name).Field("dose", meds[m].dose);
      j.Field("frequency", meds[m].frequency).Field("reason", meds[m].reason).EndObject();
    }
    j.EndArray();
    sealed.Json("current_medications", j.str());

    j.Reset().BeginArray();
    if (rng.Chance(0.22)) {
      const auto allergies = ref::Allergies();
      const std::size_t first = rng.Below(allergies.size());
      const int count = rng.Chance(0.25) ? 2 : 1;
      for (int k = 0; k < count; ++k) {
        const ref::Allergy& a =
            allergies[(first + static_cast<std::size_t>(k) * 5) % allergies.size()];
        j.BeginObject().Field("substance", a.substance).Field("reaction", a.reaction);
        j.Field("severity", rng.Chance(0.75) ? "mild" : "moderate").EndObject();
      }
    }
    j.EndArray();
    sealed.Json("allergies", j.str());

    j.Reset().BeginArray();
    for (std::size_t c : chronic) {
      j.BeginObject().Field("condition", conditions[c]);
      j.Field("diagnosed_year", year_now - rng.Int(1, std::max(2, age - 18)));
      j.Field("controlled", rng.Chance(0.85)).EndObject();
    }
    j.EndArray();
    sealed.Json("chronic_conditions", j.str());

    j.Reset().BeginArray();
    const auto surgeries = ref::PastSurgeries();
    const int surgery_count = static_cast<int>(rng.Weighted({55, 30, 12, 3}));
    for (int k = 0; k < surgery_count; ++k) {
      const std::string_view name = surgeries[rng.Below(surgeries.size())];
      if (name == "Caesarean section" && u.gender != Gender::kFemale) continue;
      j.BeginObject().Field("procedure", name);
      j.Field("year", year_now - rng.Int(1, std::max(2, age - 16)));
      j.Field("complications", rng.Chance(0.05)).EndObject();
    }
    j.EndArray();
    sealed.Json("previous_surgeries", j.str());

    j.Reset().BeginArray();
    const auto family = ref::FamilyConditions();
    const int family_count = static_cast<int>(rng.Weighted({35, 40, 20, 5}));
    for (int k = 0; k < family_count; ++k) {
      j.BeginObject();
      j.Field("relation", rng.Pick({std::string_view("mother"), std::string_view("father"),
                                    std::string_view("sibling"), std::string_view("grandparent")}));
      j.Field("condition", family[rng.Below(family.size())]).EndObject();
    }
    j.EndArray();
    sealed.Json("family_medical_history", j.str());

    j.Reset().BeginObject();
    const std::size_t smoking = rng.Weighted({58, 22, 20});
    j.Field("smoking", smoking == 0 ? "never" : smoking == 1 ? "former" : "current");
    if (smoking == 2) j.Field("cigarettes_per_day", rng.Int(3, 25));
    j.Field("alcohol", rng.Pick({std::string_view("none"), std::string_view("occasional"),
                                 std::string_view("occasional"), std::string_view("moderate"),
                                 std::string_view("heavy")}));
    j.Field("exercise", rng.Pick({std::string_view("none"), std::string_view("light"),
                                  std::string_view("moderate"), std::string_view("active")}));
    const bool gulf = ref::Countries()[u.country].code == "SA" ||
                      ref::Countries()[u.country].code == "AE" ||
                      ref::Countries()[u.country].code == "KW";
    j.Field("diet", gulf ? "halal" : rng.Chance(0.1) ? "vegetarian" : "omnivore");
    j.Key("bmi").Fixed(rng.Real(19.0, 31.5), 1);
    j.Field("sleep_hours", rng.Int(5, 9));
    j.EndObject();
    sealed.Json("lifestyle_factors", j.str());

    if (rng.Chance(0.4)) {
      sealed.Text("additional_notes", rng.Pick(ref::MedicalNotes()));
    } else {
      out.Null();
    }
    // A doctor reviews the history at a completed consultation.
    std::int64_t updated = p.created_at + rng.Range(60, 3 * kDay);
    std::string_view by = rng.Chance(0.9) ? "patient" : "system";
    if (p.consultation >= 0) {
      const Consultation& c = w.consultations[p.consultation];
      if (c.status == ConsultationStatus::kCompleted) {
        updated = std::max(updated, c.scheduled_at + c.duration_minutes * kMinute);
        by = "doctor";
      }
    }
    updated = std::min(updated, kReferenceTime - kMinute);
    const std::int64_t created = std::min(p.created_at + rng.Range(30, 7200), updated);
    out.Text(by).Timestamp(created).Timestamp(updated).Bool(false);
    out.EndRow();
  }
  return out.Finish();
}

core::Result<std::int64_t> WriteHairLossProfiles(const SinkContext& ctx) {
  const World& w = ctx.world;
  const auto treatments = ref::HairTreatments();
  const auto expectations = ref::HairExpectations();
  CopyWriter out(ctx.conn, "hair_loss_profiles",
                 {"id", "patient_profile_id", "hair_loss_type", "norwood_scale", "ludwig_scale",
                  "hair_loss_duration", "previous_treatments", "donor_area_quality", "expectations",
                  "photos", "created_at", "updated_at", "deleted"},
                 ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  SealedFields sealed(out, "hair_loss_profiles");
  JsonWriter j;
  for (std::size_t i = 0; i < w.patients.size() && out.ok(); ++i) {
    const Patient& p = w.patients[i];
    if (!p.hair_profile) continue;
    const User& u = w.users[p.user];
    const ref::CatalogueEntry& entry = w.EntryOf(w.procedures[p.procedure]);
    Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kHairLoss), i);
    const bool female = u.gender == Gender::kFemale;
    const int age = AgeOn(u.birth_day, kReferenceDay);
    const Uuid row_id = rng.NewUuid();
    out.Id(row_id).Id(p.profile_id);
    sealed.Row(ctx.keys.Key(i), row_id);
    int stage = 0;
    if (female) {
      out.Text(
          rng.Pick({std::string_view("female_pattern"), std::string_view("female_pattern"),
                    std::string_view("female_pattern"), std::string_view("female_pattern"),
                    std::string_view("traction_alopecia"), std::string_view("telogen_effluvium")}));
      stage = 1 + static_cast<int>(rng.Weighted({35, 45, 20}));
      out.Null().Int(stage);
    } else {
      static constexpr std::string_view kMaleTypes[] = {"male_pattern", "alopecia_areata",
                                                        "traction_alopecia", "scarring_alopecia",
                                                        "diffuse_thinning"};
      out.Text(kMaleTypes[rng.Weighted({85, 5, 4, 3, 3})]);
      // Older men tend to be further along the Norwood scale.
      const int shift = age > 45 ? 1 : 0;
      stage = std::min(7, 1 + static_cast<int>(rng.Weighted({2, 10, 25, 25, 18, 13, 7})) + shift);
      out.Int(stage).Null();
    }
    const int years = std::max(0, std::min(age - 18, static_cast<int>(rng.Range(0, 15))));
    out.Text(years < 1    ? "less_than_1_year"
             : years < 3  ? "1_2_years"
             : years < 6  ? "3_5_years"
             : years < 11 ? "5_10_years"
                          : "more_than_10_years");
    const HairTreatments hair = HairTreatmentsOf(w, static_cast<std::int32_t>(i));
    j.Reset().BeginArray();
    for (std::size_t t = 0; t < treatments.size(); ++t) {
      if (!(hair.tried & (1U << t))) continue;
      const bool current = (hair.current & (1U << t)) != 0;
      j.BeginObject().Field("treatment", treatments[t]);
      j.Field("duration_months", rng.Int(2, 48));
      j.Field("still_using", current);
      j.Field("result",
              current ? rng.Pick({std::string_view("slowed loss"),
                                  std::string_view("some regrowth"), std::string_view("stable")})
                      : rng.Pick({std::string_view("no effect"),
                                  std::string_view("stopped due to side effects"),
                                  std::string_view("slowed loss")}));
      j.EndObject();
    }
    j.EndArray();
    sealed.Json("previous_treatments", j.str());
    // Advanced loss and earlier surgery thin out the donor area.
    const int worse = (female ? stage * 2 : stage) >= 6 ? 1 : 0;
    static constexpr std::string_view kDonorQuality[] = {"excellent", "good", "fair", "poor"};
    out.Text(kDonorQuality[std::min<std::size_t>(3, rng.Weighted({20, 45, 25, 10}) + worse)]);
    std::string_view expectation = expectations[rng.Below(5)];
    if (entry.name.find("Beard") != std::string_view::npos ||
        entry.name.find("Moustache") != std::string_view::npos) {
      expectation = expectations[5];
    } else if (entry.name.find("Eyebrow") != std::string_view::npos) {
      expectation = expectations[6];
    } else if (entry.name.find("Repair") != std::string_view::npos) {
      expectation = expectations[7];
    } else if (female && rng.Chance(0.5)) {
      expectation = expectations[8];
    }
    sealed.Text("expectations", expectation);
    j.Reset().BeginArray();
    if (p.phase != Phase::kDiscovery || rng.Chance(0.3)) {
      static constexpr std::string_view kViews[] = {"front.jpg", "top.jpg",   "crown.jpg",
                                                    "left.jpg",  "right.jpg", "donor.jpg"};
      const int views = rng.Int(3, 6);
      for (int k = 0; k < views; ++k) j.String(MediaUrl("patients", p.profile_id, kViews[k]));
    }
    j.EndArray();
    sealed.Json("photos", j.str());
    const std::int64_t created = std::min(p.created_at + rng.Range(60, kDay),
                                          kReferenceTime - kMinute);
    const std::int64_t updated =
        created + static_cast<std::int64_t>((kReferenceTime - created) * rng.Real(0, 0.3));
    out.Timestamp(created).Timestamp(updated).Bool(false);
    out.EndRow();
  }
  return out.Finish();
}

}  // namespace imedic::seed
