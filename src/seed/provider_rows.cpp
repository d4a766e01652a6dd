// providers, procedures and provider_availability.
#include <algorithm>
#include <unordered_map>

#include "seed/json_writer.hpp"
#include "seed/people.hpp"
#include "seed/rows.hpp"

namespace imedic::seed {
namespace {

// Languages clinics advertise besides Turkish and English, with the share
// of providers that offer each (via staff or interpreters).
struct Language {
  std::string_view code;
  double share;
};
constexpr Language kExtraLanguages[] = {{"de", 0.55}, {"ar", 0.6},  {"ru", 0.35},
                                        {"fr", 0.3},  {"nl", 0.15}, {"es", 0.2},
                                        {"it", 0.15}, {"fa", 0.15}, {"pl", 0.08}};

std::string_view Membership(Category c, int which) {
  static constexpr std::string_view kHair[] = {
      "International Society of Hair Restoration Surgery (ISHRS)", "FUE Europe"};
  static constexpr std::string_view kDental[] = {"Turkish Dental Association (TDB)",
                                                 "European Association for Osseointegration (EAO)"};
  static constexpr std::string_view kCosmetic[] = {
      "Turkish Society of Plastic, Reconstructive and Aesthetic Surgeons (TSPRAS)",
      "International Society of Aesthetic Plastic Surgery (ISAPS)"};
  if (c == Category::kHair) return kHair[which];
  if (c == Category::kDental) return kDental[which];
  return kCosmetic[which];
}

void WriteLocation(JsonWriter& j, const Provider& p, Prng& rng) {
  const ref::Area& area = ref::Areas()[p.area];
  std::string address(area.streets[rng.Below(2)]);
  address += " No:" + std::to_string(rng.Int(1, 180));
  if (rng.Chance(0.4)) address += " Kat:" + std::to_string(rng.Int(1, 9));
  address += ", " + std::string(area.neighbourhood) + ", " + std::to_string(area.postcode) + " " +
             std::string(area.district) + "/İstanbul";
  j.Reset().BeginObject();
  j.Field("address", address).Field("city", "Istanbul").Field("country", "TR");
  j.Field("district", area.district).Field("neighbourhood", area.neighbourhood);
  j.Field("postal_code", std::to_string(area.postcode));
  j.Key("lat").Fixed(p.lat, 6).Key("lng").Fixed(p.lng, 6);
  j.EndObject();
}

void WriteContact(JsonWriter& j, const Provider& p, Prng& rng) {
  const ref::Area& area = ref::Areas()[p.area];
  std::string phone = "+90";
  phone += area.phone_area;
  phone.push_back(static_cast<char>('2' + rng.Below(8)));
  for (int i = 0; i < 6; ++i) phone.push_back(static_cast<char>('0' + rng.Below(10)));
  const std::string domain = p.slug + ".example.com";
  j.Reset().BeginObject();
  j.Field("phone", phone);
  j.Field("whatsapp", MakePhone(rng, ref::Countries()[ref::CountryIndex("TR")]));
  j.Field("email", (p.type == ProviderType::kDoctor ? "office@" : "info@") + domain);
  j.Field("website", "https://www." + domain);
  j.EndObject();
}

void WriteCredentials(JsonWriter& j, const Provider& p, Prng& rng) {
  const int licensed = CivilFromDays(DayOf(p.created_at)).year - rng.Int(1, 15);
  j.Reset().BeginObject();
  j.Key("ministry_of_health_licence").BeginObject();
  j.Field("number", "34-" + std::to_string(licensed) + "-" + std::to_string(rng.Int(1000, 9999)));
  j.Field("issued", std::to_string(licensed) + "-" + std::to_string(rng.Int(10, 12)) + "-" +
                        std::to_string(rng.Int(10, 28)));
  j.EndObject();
  j.Field("health_tourism_authorisation", "STYB-" + std::to_string(std::max(2018, licensed)) + "-" +
                                              std::to_string(rng.Int(100, 999)));
  const bool hospital = p.type == ProviderType::kHospital;
  j.Key("accreditations").BeginArray();
  if (rng.Chance(hospital ? 0.8 : 0.2)) j.String("JCI");
  if (rng.Chance(hospital ? 0.9 : 0.6)) j.String("ISO 9001:2015");
  if (rng.Chance(hospital ? 0.4 : 0.15)) j.String("TEMOS");
  j.EndArray();
  j.Key("memberships").BeginArray();
  for (int c = 0; c < kCategoryCount; ++c) {
    if (!p.Offers(static_cast<Category>(c))) continue;
    j.String(Membership(static_cast<Category>(c), 0));
    if (rng.Chance(0.5)) j.String(Membership(static_cast<Category>(c), 1));
  }
  j.EndArray();
  if (p.type == ProviderType::kDoctor) {
    j.Field("board_certification", p.Offers(Category::kHair)
                                       ? "Turkish Board of Dermatology"
                                       : "Turkish Board of Plastic, Reconstructive and "
                                         "Aesthetic Surgery");
    j.Field("years_of_experience", rng.Int(8, 30));
  } else {
    j.Field("established", licensed);
  }
  j.EndObject();
}

void WriteRequirements(JsonWriter& j, const ref::CatalogueEntry& e) {
  j.Reset().BeginObject();
  j.Field("min_age", e.min_age);
  j.Field("anaesthesia", e.anaesthesia);
  j.Key("pre_op_tests").BeginArray();
  if (e.anaesthesia != "none") j.String("complete_blood_count");
  if (e.anaesthesia == "general" || e.anaesthesia == "sedation") {
    j.String("coagulation_panel").String("ecg");
  }
  if (e.category == Category::kHair || e.anaesthesia == "general") {
    j.String("hepatitis_b").String("hepatitis_c").String("hiv");
  }
  j.EndArray();
  j.Field("nights_in_istanbul", e.nights_in_istanbul);
  if (e.anaesthesia == "general") {
    j.Field("stop_smoking_days", 28);
    j.Field("bmi_max", 32);
  } else if (e.anaesthesia != "none") {
    j.Field("stop_smoking_days", 7);
  }
  if (e.anaesthesia != "none") j.Field("stop_blood_thinners_days", 7);
  if (e.category == Category::kDental) j.Field("panoramic_xray", true);
  if (e.category == Category::kHair) {
    j.Key("photos_required").BeginArray();
    j.String("front").String("top").String("crown").String("donor_area").EndArray();
  }
  j.EndObject();
}

}  // namespace

core::Result<std::int64_t> WriteProviders(const SinkContext& ctx) {
  const World& w = ctx.world;
  // The newest review moves the rating, and so the row's updated_at.
  std::vector<std::int64_t> last_review(w.providers.size(), kNoTime);
  for (const Booking& b : w.bookings) {
    if (b.review_rating > 0)
      last_review[b.provider] = std::max(last_review[b.provider], b.review_at);
  }
  CopyWriter out(ctx.conn, "providers",
                 {"id", "name", "type", "specialty", "location", "contact_info", "credentials",
                  "languages_spoken", "rating", "review_count", "is_verified", "is_active",
                  "created_at", "updated_at", "deleted"},
                 ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  JsonWriter j;
  std::vector<std::string_view> items;
  for (std::size_t i = 0; i < w.providers.size() && out.ok(); ++i) {
    const Provider& p = w.providers[i];
    Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kProviderRows), i);
    out.Id(p.id).Text(p.name).Text(ProviderTypeCode(p.type));
    items.clear();
    for (int c = 0; c < kCategoryCount; ++c) {
      if (p.Offers(static_cast<Category>(c)))
        items.push_back(CategoryCode(static_cast<Category>(c)));
    }
    out.TextArray(items);
    WriteLocation(j, p, rng);
    out.Json(j.str());
    WriteContact(j, p, rng);
    out.Json(j.str());
    WriteCredentials(j, p, rng);
    out.Json(j.str());
    items.assign({"tr", "en"});
    for (const Language& l : kExtraLanguages) {
      if (rng.Chance(l.share)) items.push_back(l.code);
    }
    out.TextArray(items);
    if (p.review_count > 0) {
      // Rounded half up to two decimals, exactly as round(avg(rating), 2).
      out.Hundredths((200 * p.rating_sum + p.review_count) / (2 * p.review_count));
    } else {
      out.Null();
    }
    out.Int(p.review_count).Bool(p.is_verified).Bool(p.is_active).Timestamp(p.created_at);
    out.Timestamp(last_review[i] != kNoTime ? last_review[i]
                                            : p.created_at + rng.Range(1, 90) * kDay);
    out.Bool(false);
    out.EndRow();
  }
  return out.Finish();
}

core::Result<std::int64_t> WriteProcedures(const SinkContext& ctx) {
  const World& w = ctx.world;
  CopyWriter out(ctx.conn, "procedures",
                 {"id", "provider_id", "name", "category", "description", "duration_hours",
                  "recovery_time_days", "price_range", "requirements", "is_active", "created_at",
                  "updated_at", "deleted"},
                 ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  JsonWriter j;
  for (std::size_t i = 0; i < w.procedures.size() && out.ok(); ++i) {
    const Procedure& p = w.procedures[i];
    const ref::CatalogueEntry& e = w.EntryOf(p);
    out.Id(p.id).Id(w.providers[p.provider].id).Text(e.name).Text(CategoryCode(e.category));
    out.Text(e.description).Int(e.duration_hours).Int(e.recovery_days);
    j.Reset().BeginObject();
    j.Field("min", p.price_min).Field("max", p.price_max).Field("currency", p.currency);
    j.EndObject();
    out.Json(j.str());
    WriteRequirements(j, e);
    out.Json(j.str());
    // Prices were revised once a year.
    const std::int64_t revised = std::max(
        p.created_at, DaysFromCivil(2026, 1, 5) * kDay + static_cast<std::int64_t>(i % 97) * kHour);
    out.Bool(p.is_active).Timestamp(p.created_at).Timestamp(revised).Bool(false);
    out.EndRow();
  }
  return out.Finish();
}

core::Result<std::int64_t> WriteProviderAvailability(const SinkContext& ctx) {
  const World& w = ctx.world;
  constexpr std::int64_t kWindowDays = 60;
  // Upcoming confirmed bookings per (provider, day, slot).
  struct SlotUse {
    int count = 0;
    std::int32_t procedure = -1;
    std::int64_t last_booked = kNoTime;
  };
  auto key = [](std::int64_t provider, std::int64_t day_offset, std::int64_t slot) {
    return (provider * kWindowDays + day_offset) * 4 + slot;
  };
  std::unordered_map<std::int64_t, SlotUse> uses;
  for (const Booking& b : w.bookings) {
    const std::int64_t offset = b.procedure_day - kReferenceDay;
    if (b.status != BookingStatus::kConfirmed || offset < 0 || offset >= kWindowDays) continue;
    const auto slots = SlotsFor(w.providers[b.provider]);
    for (std::size_t s = 0; s < slots.size(); ++s) {
      if (b.procedure_time < slots[s].start || b.procedure_time >= slots[s].end) continue;
      SlotUse& use = uses[key(b.provider, offset, static_cast<std::int64_t>(s))];
      ++use.count;
      if (use.procedure < 0) use.procedure = b.procedure;
      use.last_booked = std::max(use.last_booked, b.created_at);
    }
  }

  CopyWriter out(
      ctx.conn, "provider_availability",
      {"id", "provider_id", "procedure_id", "date", "start_time", "end_time", "is_available",
       "max_bookings", "current_bookings", "created_at", "updated_at", "deleted"},
      ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  for (std::size_t i = 0; i < w.providers.size() && out.ok(); ++i) {
    const Provider& p = w.providers[i];
    if (!p.is_active) continue;
    Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kAvailability), i);
    const auto slots = SlotsFor(p);
    // Schedules are published a few weeks ahead.
    const std::int64_t published = kReferenceTime - rng.Range(2, 30) * kDay;
    for (std::int64_t offset = 0; offset < kWindowDays && out.ok(); ++offset) {
      const std::int64_t day = kReferenceDay + offset;
      if (Weekday(day) == 0) continue;        // closed on Sundays
      const bool day_off = rng.Chance(0.03);  // congress, holiday, maintenance
      for (std::size_t s = 0; s < slots.size(); ++s) {
        const auto found =
            uses.find(key(static_cast<std::int64_t>(i), offset, static_cast<std::int64_t>(s)));
        const SlotUse use = found == uses.end() ? SlotUse{} : found->second;
        int capacity = p.type == ProviderType::kDentalClinic ? rng.Int(4, 6)
                       : p.type == ProviderType::kHospital   ? rng.Int(2, 3)
                       : slots.size() == 1                   ? rng.Int(2, 4)
                                                             : rng.Int(1, 2);
        capacity = std::max(capacity, use.count);
        // A named surgeon's slots are surgery days for one procedure.
        std::int32_t procedure = -1;
        if (p.type == ProviderType::kDoctor) {
          procedure = use.procedure >= 0
                          ? use.procedure
                          : p.first_procedure + static_cast<std::int32_t>(rng.Below(
                                                    static_cast<std::uint64_t>(p.procedure_count)));
        }
        out.Id(rng.NewUuid()).Id(p.id);
        if (procedure >= 0) {
          out.Id(w.procedures[procedure].id);
        } else {
          out.Null();
        }
        out.Date(day).TimeOfDay(slots[s].start).TimeOfDay(slots[s].end);
        out.Bool(!day_off && use.count < capacity).Int(capacity).Int(use.count);
        out.Timestamp(published).Timestamp(std::max(published, use.last_booked)).Bool(false);
        out.EndRow();
      }
    }
  }
  return out.Finish();
}

}  // namespace imedic::seed
