// marketing_campaigns and leads.
#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <unordered_set>

#include "seed/json_writer.hpp"
#include "seed/people.hpp"
#include "seed/rows.hpp"
#include "seed/text_util.hpp"

namespace imedic::seed {
namespace {

enum class LeadStatus : std::uint8_t { kNew, kContacted, kQualified, kConverted, kLost };
std::string_view Code(LeadStatus s) {
  static constexpr std::string_view kCodes[] = {"new", "contacted", "qualified", "converted",
                                                "lost"};
  return kCodes[static_cast<int>(s)];
}

std::string_view AgeGroup(int age) {
  if (age < 25) return "18-24";
  if (age < 35) return "25-34";
  if (age < 45) return "35-44";
  if (age < 55) return "45-54";
  if (age < 65) return "55-64";
  return "65+";
}

// Scores follow the funnel: converted leads scored high, lost ones low.
int LeadScore(Prng& rng, LeadStatus status) {
  switch (status) {
    case LeadStatus::kNew: return rng.Int(5, 50);
    case LeadStatus::kContacted: return rng.Int(15, 65);
    case LeadStatus::kQualified: return rng.Int(50, 90);
    case LeadStatus::kConverted: return rng.Int(70, 100);
    case LeadStatus::kLost: return rng.Int(0, 40);
  }
  return 0;
}

// Where a campaign of each type runs (0029's channels), as a PostgreSQL
// array literal for COPY.
std::string_view CampaignChannels(CampaignType type) {
  switch (type) {
    case CampaignType::kGoogleAds: return "{google_search,youtube}";
    case CampaignType::kFacebookAds: return "{facebook,instagram}";
    case CampaignType::kSocialMedia: return "{instagram,tiktok}";
    case CampaignType::kEmail: return "{newsletter}";
    case CampaignType::kReferral: return "{referral_programme}";
  }
  return "{}";
}

// Everything a lead row needs, whether it belongs to a patient or not.
struct LeadRow {
  Uuid user_id;
  std::string email;
  std::string phone;
  std::string first_name;
  std::string last_name;
  LeadSource source = LeadSource::kWebsite;
  std::int32_t campaign = -1;
  LeadStatus status = LeadStatus::kNew;
  std::int32_t assigned_to = -1;
  std::int64_t created_at = 0;
  std::int64_t last_interaction = kNoTime;
  std::uint16_t country = 0;
  std::uint16_t city = 0;
  int age = 30;
  Category category = Category::kHair;
  std::int64_t deal_value_cents = -1;
  std::string_view deal_currency;
  std::string_view procedure;
  // The pipeline's stage (migration 0024) where it says more than the
  // status (consultation_booked, nurturing); empty: the status.
  std::string_view stage;
  std::string_view lost_reason;
  // 0029: the patient a converted lead became (nil: not converted).
  Uuid patient_profile;
};

// Why a prospect was lost, for lost leads (index by the lead's number).
constexpr std::array<std::string_view, 5> kLostReasons = {
    "chose a clinic in their own country", "price above their budget",
    "no answer after three calls", "postponed: not this year", "not a candidate after photos"};

class LeadWriter {
 public:
  LeadWriter(const World& w, CopyWriter& out) : w_(w), out_(out) {}
  void Write(Prng& rng, const LeadRow& lead);

 private:
  const World& w_;
  CopyWriter& out_;
  JsonWriter j_;
  std::string scratch_;
};

void LeadWriter::Write(Prng& rng, const LeadRow& lead) {
  const ref::Country& country = ref::Countries()[lead.country];
  const ref::City& city = country.cities[lead.city];
  out_.Id(rng.NewUuid()).Id(lead.user_id).Text(lead.email);
  if (lead.phone.empty()) {
    out_.Null();
  } else {
    out_.Text(lead.phone);
  }
  out_.Text(lead.first_name).Text(lead.last_name).Text(Code(lead.source));
  out_.Id(lead.campaign >= 0 ? w_.campaigns[lead.campaign].id : Uuid{});
  out_.Text(Code(lead.status)).Int(LeadScore(rng, lead.status));
  out_.Id(lead.assigned_to >= 0 ? w_.users[lead.assigned_to].id : Uuid{});
  if (rng.Chance(0.35)) {
    const ref::LeadNoteKind kind = lead.status == LeadStatus::kLost ? ref::LeadNoteKind::kLost
                                   : lead.status == LeadStatus::kConverted
                                       ? ref::LeadNoteKind::kConverted
                                       : ref::LeadNoteKind::kOpen;
    out_.Text(rng.Pick(ref::LeadNotes(kind)));
  } else {
    out_.Null();
  }
  out_.Timestamp(lead.last_interaction);

  // Enrichment: employer and social profiles for some; all on example domains.
  const bool employed = rng.Chance(0.35);
  std::string company;
  std::string_view title;
  if (employed) {
    company = std::string(rng.Pick(ref::Companies()));
    title = rng.Pick(ref::JobTitles());
    out_.Text(company).Text(title);
  } else {
    out_.Null().Null();
  }
  out_.Text(country.code).Text(city.name).Text(AgeGroup(lead.age));
  out_.Text(rng.Pick({std::string_view("low"), std::string_view("medium"),
                      std::string_view("medium"), std::string_view("high")}));
  out_.Text(city.timezone);
  if (lead.deal_value_cents >= 0) {
    out_.Hundredths(lead.deal_value_cents);
  } else {
    out_.Null();
  }
  const std::string first = AsciiFold(lead.first_name);
  const std::string last = AsciiFold(lead.last_name);
  if (employed) {
    out_.Text(first + "." + last + "@" + Slug(company) + ".example.com");
  } else {
    out_.Null();
  }
  j_.Reset().BeginArray();
  if (employed) {
    const int since = CivilFromDays(kReferenceDay).year - rng.Int(1, 12);
    j_.BeginObject().Field("company", company).Field("title", title);
    j_.Field("from", std::to_string(since)).Key("to").Null().EndObject();
    if (rng.Chance(0.5)) {
      j_.BeginObject().Field("company", rng.Pick(ref::Companies()));
      j_.Field("title", rng.Pick(ref::JobTitles()));
      j_.Field("from", std::to_string(since - rng.Int(2, 8)));
      j_.Field("to", std::to_string(since)).EndObject();
    }
  }
  j_.EndArray();
  out_.Json(j_.str());
  const std::string handle = first + last + std::to_string(rng.Int(1, 999));
  auto profile = [&](double odds, std::string_view prefix) {
    if (rng.Chance(odds)) {
      out_.Text(std::string(prefix) + handle);
    } else {
      out_.Null();
    }
  };
  profile(0.25, "https://linkedin.example/in/");
  profile(0.05, "u/");
  profile(0.10, "@");
  profile(0.15, "https://facebook.example/");
  profile(0.08, "https://tiktok.example/@");
  profile(0.20, "https://instagram.example/");

  scratch_ = std::string(AgeGroup(lead.age)) + " lead from " + std::string(city.name) + ", " +
             std::string(country.name) + ", interested in " +
             std::string(ShortName(lead.procedure)) + "; came via " +
             std::string(Code(lead.source)) + ".";
  if (lead.deal_value_cents >= 0) {
    scratch_ += " Estimated deal " + FormatPrice(lead.deal_value_cents / 100, lead.deal_currency) +
                ".";
  }
  out_.Text(scratch_);
  const std::int64_t updated = lead.last_interaction != kNoTime
                                   ? std::max(lead.last_interaction, lead.created_at)
                                   : lead.created_at;
  out_.Timestamp(lead.created_at).Timestamp(updated).Bool(false);
  // 0024: stage, when it last changed, why lost, language, procedure asked about.
  out_.Text(lead.stage.empty() ? Code(lead.status) : lead.stage);
  out_.Timestamp(lead.status == LeadStatus::kNew ? kNoTime : updated);
  if (lead.lost_reason.empty()) {
    out_.Null();
  } else {
    out_.Text(lead.lost_reason);
  }
  out_.Text(country.language).Text(ShortName(lead.procedure));
  // 0029: the conversion's link to the patient, at the last stage change.
  out_.Id(lead.patient_profile);
  out_.Timestamp(lead.patient_profile.IsNil() ? kNoTime : updated);
  out_.EndRow();
}

}  // namespace

core::Result<std::int64_t> WriteMarketingCampaigns(const SinkContext& ctx) {
  const World& w = ctx.world;
  CopyWriter out(
      ctx.conn, "marketing_campaigns",
      {"id", "name", "type", "status", "target_audience", "budget", "currency", "start_date",
       "end_date", "created_by", "created_at", "updated_at", "deleted", "channels"},
      ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  JsonWriter j;
  for (std::size_t i = 0; i < w.campaigns.size() && out.ok(); ++i) {
    const Campaign& c = w.campaigns[i];
    Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kCampaignRows), i);
    std::string_view status = "active";
    if (c.start_day > kReferenceDay) {
      status = "draft";
    } else if (c.end_day < kReferenceDay) {
      status = "completed";
    } else if (rng.Chance(0.15)) {
      status = "paused";
    }
    out.Id(c.id).Text(c.name).Text(Code(c.type)).Text(status);
    j.Reset().BeginObject();
    j.Key("countries").BeginArray();
    for (std::uint16_t country : c.countries) j.String(ref::Countries()[country].code);
    j.EndArray();
    j.Key("languages").BeginArray();
    std::vector<std::string_view> languages;
    for (std::uint16_t country : c.countries) {
      const std::string_view language = ref::Countries()[country].language.substr(0, 2);
      if (std::find(languages.begin(), languages.end(), language) != languages.end()) continue;
      languages.push_back(language);
      j.String(language);
    }
    j.EndArray();
    const int min_age = c.category == Category::kDental ? 30 : 22;
    j.Key("age_range").BeginObject().Field("min", min_age);
    j.Field("max", min_age + rng.Int(25, 40)).EndObject();
    j.Key("genders").BeginArray();
    if (c.category != Category::kCosmetic) j.String("male");
    if (c.category != Category::kHair) j.String("female");
    j.EndArray();
    j.Key("interests").BeginArray();
    for (std::string_view interest : ref::Interests(c.category)) {
      if (rng.Chance(0.6)) j.String(interest);
    }
    j.EndArray();
    j.Field("procedure_category", CategoryCode(c.category));
    j.EndObject();
    out.Json(j.str());
    out.Hundredths(c.budget_cents).Text(c.currency).Date(c.start_day).Date(c.end_day);
    out.Id(w.users[c.created_by].id).Timestamp(c.created_at);
    const std::int64_t touched = std::min(std::min(c.end_day, kReferenceDay) * kDay + 10 * kHour,
                                          kReferenceTime - kMinute);
    out.Timestamp(std::max(c.created_at, touched)).Bool(false);
    out.Text(CampaignChannels(c.type));  // 0029
    out.EndRow();
  }
  return out.Finish();
}

core::Result<std::int64_t> WriteLeads(const SinkContext& ctx) {
  const World& w = ctx.world;
  CopyWriter out(ctx.conn, "leads",
                 {"id",
                  "user_id",
                  "email",
                  "phone",
                  "first_name",
                  "last_name",
                  "source",
                  "campaign_id",
                  "status",
                  "lead_score",
                  "assigned_to",
                  "notes",
                  "last_interaction_at",
                  "company",
                  "job_title",
                  "country",
                  "city",
                  "age_group",
                  "income_group",
                  "timezone",
                  "deal_value",
                  "work_email",
                  "employment_history",
                  "linkedin_url",
                  "reddit_handle",
                  "x_handle",
                  "facebook_profile",
                  "tiktok_profile",
                  "instagram_profile",
                  "lead_summary",
                  "created_at",
                  "updated_at",
                  "deleted",
                  "stage",
                  "stage_changed_at",
                  "lost_reason",
                  "language",
                  "procedure_interest",
                  "patient_profile_id",
                  "converted_at"},
                 ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  LeadWriter writer(w, out);

  // First the leads that became patients (linked to their user account).
  for (std::size_t i = 0; i < w.patients.size() && out.ok(); ++i) {
    const Patient& p = w.patients[i];
    const User& u = w.users[p.user];
    Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kLeads), i);
    LeadRow lead;
    lead.user_id = u.id;
    lead.email = u.email;
    lead.phone = u.phone;
    lead.first_name = u.first_name;
    lead.last_name = u.last_name;
    lead.source = p.source;
    lead.campaign = p.campaign;
    lead.assigned_to = p.sales_rep;
    lead.created_at = p.first_touch;
    lead.country = u.country;
    lead.city = u.city;
    lead.age = static_cast<int>((kReferenceDay - u.birth_day) / 365);
    lead.category = p.category;
    const Procedure& proc = w.procedures[p.procedure];
    lead.procedure = w.EntryOf(proc).name;
    switch (p.phase) {
      case Phase::kDiscovery:
        lead.status = rng.Chance(0.4) ? LeadStatus::kNew : LeadStatus::kContacted;
        break;
      case Phase::kResearch: lead.status = LeadStatus::kContacted; break;
      case Phase::kConsultation: lead.status = LeadStatus::kQualified; break;
      default: {
        const Booking& b = w.bookings[p.booking];
        const bool lost = b.status == BookingStatus::kCancelled ||
                          b.status == BookingStatus::kNoShow;
        lead.status = lost ? LeadStatus::kLost : LeadStatus::kConverted;
        if (!lost) lead.patient_profile = p.profile_id;
        if (lost) {
          lead.lost_reason = b.status == BookingStatus::kCancelled
                                 ? "booking cancelled"
                                 : "did not come for the procedure";
        }
        lead.deal_value_cents = b.cost_cents;
        lead.deal_currency = b.currency;
        break;
      }
    }
    // A consultation asked for: the lead's consultation is booked.
    if (lead.status == LeadStatus::kQualified && p.consult_request != kNoTime) {
      lead.stage = "consultation_booked";
    }
    if (lead.status == LeadStatus::kQualified) {
      lead.deal_value_cents = (proc.price_min + proc.price_max) / 2 * 100LL;
      lead.deal_currency = proc.currency;
    }
    if (lead.status == LeadStatus::kNew && rng.Chance(0.5)) lead.assigned_to = -1;
    // The last touch: the booking, the consultation request, or a recent message.
    std::int64_t last = p.research_at != kNoTime ? p.research_at : p.first_touch;
    if (p.consult_request != kNoTime) last = p.consult_request;
    if (p.booking >= 0) last = w.bookings[p.booking].created_at;
    lead.last_interaction = std::min(last, kReferenceTime - kMinute);
    writer.Write(rng, lead);
  }

  // Then the prospects who never became patients.
  std::unordered_set<std::string_view> user_emails;
  user_emails.reserve(w.users.size());
  for (const User& u : w.users) user_emails.insert(u.email);
  std::vector<int> country_weights;
  for (const ref::Country& c : ref::Countries()) country_weights.push_back(c.weight);
  const auto catalogue = ref::Catalogue();
  const std::int64_t anonymous = w.lead_count - static_cast<std::int64_t>(w.patients.size());
  const auto span = static_cast<double>(kReferenceTime - kBusinessStart);
  for (std::int64_t i = 0; i < anonymous && out.ok(); ++i) {
    Prng rng = Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kLeads),
                            w.patients.size() + static_cast<std::uint64_t>(i));
    const std::size_t country = rng.Weighted(country_weights);
    const auto category = static_cast<Category>(rng.Weighted({45, 35, 20}));
    const Gender gender = category == Category::kHair
                              ? (rng.Chance(0.85) ? Gender::kMale : Gender::kFemale)
                          : category == Category::kCosmetic
                              ? (rng.Chance(0.8) ? Gender::kFemale : Gender::kMale)
                              : (rng.Chance(0.5) ? Gender::kMale : Gender::kFemale);
    Person person = MakePerson(rng, country, gender, 20, 70);
    LeadRow lead;
    lead.email = MakePersonalEmail(rng, person);
    if (user_emails.count(lead.email) != 0) {
      lead.email.insert(lead.email.find('@'), std::to_string(rng.Int(100, 999)));
    }
    lead.phone = rng.Chance(0.8) ? MakePhone(rng, ref::Countries()[country], person.city)
                                 : std::string();
    lead.first_name = std::move(person.first_name);
    lead.last_name = std::move(person.last_name);
    lead.source = static_cast<LeadSource>(rng.Weighted({22, 20, 14, 16, 5, 10, 9, 4}));
    // Lead volume grows over time: sqrt makes recent months denser.
    lead.created_at = kBusinessStart + static_cast<std::int64_t>(span * std::sqrt(rng.Unit()));
    lead.created_at = std::min(lead.created_at, kReferenceTime - kMinute);
    CampaignType type{};
    if (CampaignTypeFor(lead.source, &type)) {
      lead.campaign = w.CampaignOn(type, DayOf(lead.created_at), rng);
    }
    const std::int64_t age_days = (kReferenceTime - lead.created_at) / kDay;
    if (age_days < 3) {
      lead.status = rng.Chance(0.7) ? LeadStatus::kNew : LeadStatus::kContacted;
    } else if (age_days < 21) {
      lead.status =
          static_cast<LeadStatus>(std::array<int, 4>{0, 1, 2, 4}[rng.Weighted({25, 45, 15, 15})]);
    } else {
      lead.status =
          static_cast<LeadStatus>(std::array<int, 4>{0, 1, 2, 4}[rng.Weighted({5, 25, 12, 58})]);
    }
    if (lead.status != LeadStatus::kNew || rng.Chance(0.5)) {
      lead.assigned_to = w.sales_reps[rng.Below(w.sales_reps.size())];
    }
    // Every third prospect contacted over three weeks ago is being
    // nurtured (newsletters, no calls); lost ones say why.
    if (lead.status == LeadStatus::kContacted && age_days >= 21 && i % 3 == 0) {
      lead.stage = "nurturing";
    }
    if (lead.status == LeadStatus::kLost) {
      lead.lost_reason = kLostReasons[static_cast<std::size_t>(i) % kLostReasons.size()];
    }
    lead.country = person.country;
    lead.city = person.city;
    lead.age = static_cast<int>((kReferenceDay - person.birth_day) / 365);
    lead.category = category;
    // The procedure they asked about, and its typical price if qualified.
    std::size_t entry = rng.Below(catalogue.size());
    for (int k = 0; k < 8 && catalogue[entry].category != category; ++k) {
      entry = rng.Below(catalogue.size());
    }
    lead.procedure = catalogue[entry].name;
    if (lead.status == LeadStatus::kQualified) {
      lead.deal_value_cents = (catalogue[entry].min_eur + catalogue[entry].max_eur) / 2 * 100LL;
      lead.deal_currency = "EUR";
    }
    if (lead.status != LeadStatus::kNew) {
      const std::int64_t window = std::min<std::int64_t>(kReferenceTime - lead.created_at,
                                                         60 * kDay);
      lead.last_interaction = lead.created_at + static_cast<std::int64_t>(window * rng.Unit());
    } else {
      lead.last_interaction = lead.created_at;
    }
    writer.Write(rng, lead);
  }
  return out.Finish();
}

}  // namespace imedic::seed
