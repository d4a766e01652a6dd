// patient_journey_events: the timeline of every patient, from the first
// ad click or visit to the last follow-up, tagged with its journey phase.
#include <algorithm>
#include <string>
#include <vector>

#include "seed/json_writer.hpp"
#include "seed/rows.hpp"
#include "seed/text_util.hpp"

namespace imedic::seed {
namespace {

constexpr std::string_view kDevices[] = {"mobile", "mobile", "mobile", "desktop", "tablet"};

std::string_view LandingPage(Category c) {
  return c == Category::kHair     ? "/en/hair-transplant-turkey"
         : c == Category::kDental ? "/en/dental-treatment-istanbul"
                                  : "/en/plastic-surgery-istanbul";
}

class JourneyWriter {
 public:
  JourneyWriter(const World& w, CopyWriter& out) : w_(w), out_(out) {}
  void WritePatient(std::int32_t index);

 private:
  // Starts an event; the caller adds fields to data() and calls End().
  // Events after the reference instant are skipped (Begin returns false).
  bool Begin(std::string_view type, Phase phase, std::int64_t at, std::string_view source,
             bool web_session);
  JsonWriter& data() { return j_; }
  void End();
  void NewWebSession();

  void Discovery();
  void Research();
  void Consultations();
  void BookingEvents();
  void Travel();
  void ProcedureDay();
  void Recovery();
  void FollowUp();

  const World& w_;
  CopyWriter& out_;
  JsonWriter j_;
  Prng rng_{0};
  const Patient* p_ = nullptr;
  const Booking* b_ = nullptr;
  std::string web_session_;
  std::string_view type_;
  std::string_view source_;
  std::int64_t at_ = 0;
  bool with_session_ = false;
  std::vector<std::int64_t> times_;
};

void JourneyWriter::NewWebSession() {
  static constexpr char kHex[] = "0123456789abcdef";
  web_session_ = "web_";
  for (int k = 0; k < 16; ++k) web_session_.push_back(kHex[rng_.Below(16)]);
}

bool JourneyWriter::Begin(std::string_view type, Phase phase, std::int64_t at,
                          std::string_view source, bool web_session) {
  if (at >= kReferenceTime) return false;
  type_ = type;
  source_ = source;
  at_ = at;
  with_session_ = web_session;
  j_.Reset().BeginObject().Field("phase", PhaseCode(phase));
  return true;
}

void JourneyWriter::End() {
  j_.EndObject();
  out_.Id(rng_.NewUuid()).Id(p_->profile_id).Text(type_).Json(j_.str()).Text(source_);
  if (with_session_) {
    out_.Text(web_session_);
  } else {
    out_.Null();
  }
  out_.Timestamp(at_).Bool(false);
  out_.EndRow();
}

void JourneyWriter::Discovery() {
  const std::int64_t t = p_->first_touch;
  const Procedure& proc = w_.procedures[p_->procedure];
  NewWebSession();
  const std::string_view device = rng_.Pick(kDevices);
  auto campaign = [&] {
    if (p_->campaign >= 0) j_.Key("campaign_id").String(UuidString(w_.campaigns[p_->campaign].id));
  };
  switch (p_->source) {
    case LeadSource::kGoogleAds:
      if (Begin("ad_click", Phase::kDiscovery, t, "google_ads", true)) {
        j_.Field("network", "search")
            .Field("keyword", Slug(w_.EntryOf(proc).name, ' ') + " turkey");
        j_.Field("device", device);
        campaign();
        End();
      }
      break;
    case LeadSource::kFacebook:
    case LeadSource::kInstagram:
    case LeadSource::kTikTok:
      if (Begin("social_media_engagement", Phase::kDiscovery, t, Code(p_->source), true)) {
        j_.Field("platform", Code(p_->source));
        j_.Field("action", rng_.Pick({std::string_view("ad_click"), std::string_view("video_view"),
                                      std::string_view("lead_form_opened")}));
        j_.Field("content", rng_.Pick({std::string_view("before_after_reel"),
                                       std::string_view("patient_testimonial"),
                                       std::string_view("doctor_qna")}));
        campaign();
        End();
      }
      break;
    case LeadSource::kReferral:
      if (Begin("referral_link_opened", Phase::kDiscovery, t, "referral", true)) {
        std::string code = "REF-";
        for (int k = 0; k < 6; ++k) code.push_back(static_cast<char>('A' + rng_.Below(26)));
        j_.Field("referral_code", code);
        campaign();
        End();
      }
      break;
    case LeadSource::kWhatsApp:
      if (Begin("whatsapp_inquiry", Phase::kDiscovery, t, "whatsapp", false)) {
        j_.Field("entry_point", "click_to_chat");
        End();
      }
      break;
    case LeadSource::kEmail:
      if (Begin("newsletter_click", Phase::kDiscovery, t, "email", true)) {
        j_.Field("link", LandingPage(p_->category));
        campaign();
        End();
      }
      break;
    case LeadSource::kWebsite:
      if (Begin("website_visit", Phase::kDiscovery, t, "website", true)) {
        j_.Field("page", LandingPage(p_->category));
        j_.Field("referrer",
                 rng_.Pick({std::string_view("google.com"), std::string_view("bing.com"),
                            std::string_view("direct"), std::string_view("forum.example.org")}));
        j_.Field("device", device);
        End();
      }
      break;
  }
  // The visitor gets in touch: a form on the site, or a WhatsApp chat.
  const bool form = rng_.Chance(0.5);
  if (p_->source != LeadSource::kWhatsApp &&
      Begin(form ? "contact_form_submitted" : "whatsapp_inquiry", Phase::kDiscovery,
            t + rng_.Range(2, 40) * kMinute, form ? "website" : "whatsapp", form)) {
    j_.Field("procedure_interest", w_.EntryOf(proc).name);
    End();
  }
  // Return visits before the research starts.
  const std::int64_t until = p_->research_at != kNoTime ? p_->research_at : kReferenceTime;
  const int visits = rng_.Int(0, 3);
  for (int k = 0; k < visits; ++k) {
    const std::int64_t at = t + static_cast<std::int64_t>((until - t) * rng_.Unit());
    NewWebSession();
    if (at > t && Begin("website_visit", Phase::kDiscovery, at, "website", true)) {
      j_.Field("page", LandingPage(p_->category)).Field("device", rng_.Pick(kDevices));
      End();
    }
  }
}

void JourneyWriter::Research() {
  if (p_->research_at == kNoTime) return;
  const std::int64_t from = p_->research_at;
  const std::int64_t until = p_->consult_request != kNoTime ? p_->consult_request : kReferenceTime;
  const Procedure& proc = w_.procedures[p_->procedure];
  const ref::CatalogueEntry& entry = w_.EntryOf(proc);
  const int count = rng_.Int(3, 10);
  times_.clear();
  for (int k = 0; k < count; ++k) {
    times_.push_back(from + static_cast<std::int64_t>((until - from) * rng_.Unit()));
  }
  std::sort(times_.begin(), times_.end());
  NewWebSession();
  for (int k = 0; k < count; ++k) {
    const std::int64_t at = times_[static_cast<std::size_t>(k)];
    if (k > 0 && at - times_[static_cast<std::size_t>(k - 1)] > 2 * kHour) NewWebSession();
    // The last research step is asking for a quote.
    const bool last = k == count - 1;
    const std::size_t kind = last ? 5 : rng_.Weighted({35, 20, 15, 15, 10, 0});
    switch (kind) {
      case 0:
        if (Begin("procedure_page_viewed", Phase::kResearch, at, "website", true)) {
          j_.Field("procedure", entry.name).Field("time_on_page_s", rng_.Int(20, 600));
          End();
        }
        break;
      case 1:
        if (Begin("before_after_gallery_viewed", Phase::kResearch, at, "website", true)) {
          j_.Field("procedure", entry.name).Field("images_viewed", rng_.Int(3, 40));
          End();
        }
        break;
      case 2:
        if (Begin("price_calculator_used", Phase::kResearch, at, "website", true)) {
          j_.Field("procedure", entry.name);
          j_.Field("estimate", proc.price_min + (proc.price_max - proc.price_min) / 2);
          j_.Field("currency", proc.currency);
          End();
        }
        break;
      case 3:
        if (Begin("reviews_page_viewed", Phase::kResearch, at, "website", true)) {
          j_.Key("provider_id").String(UuidString(w_.providers[p_->provider].id));
          End();
        }
        break;
      case 4:
        if (Begin("brochure_downloaded", Phase::kResearch, at, "website", true)) {
          j_.Field("language", ref::Countries()[w_.users[p_->user].country].language);
          End();
        }
        break;
      default:
        if (Begin("free_assessment_requested", Phase::kResearch, at, "website", true)) {
          j_.Field("procedure", entry.name).Field("photos_uploaded", rng_.Int(0, 6));
          End();
        }
        break;
    }
  }
}

void JourneyWriter::Consultations() {
  for (std::int32_t index : {p_->early_consultation, p_->consultation}) {
    if (index < 0) continue;
    const Consultation& c = w_.consultations[index];
    const std::string id = UuidString(c.id);
    const std::string provider = UuidString(w_.providers[c.provider].id);
    if (Begin("consultation_requested", Phase::kConsultation, c.created_at, "website", false)) {
      j_.Key("provider_id").String(provider);
      End();
    }
    if (Begin("consultation_scheduled", Phase::kConsultation,
              c.created_at + rng_.Range(5, 120) * kMinute, "crm", false)) {
      j_.Key("consultation_id").String(id).Field("type", Code(c.type));
      j_.Key("scheduled_at").Timestamp(c.scheduled_at);
      End();
    }
    if (c.scheduled_at - kDay > c.created_at &&
        Begin("consultation_reminder_sent", Phase::kConsultation, c.scheduled_at - kDay, "crm",
              false)) {
      j_.Key("consultation_id").String(id).Field("channel", "whatsapp");
      End();
    }
    switch (c.status) {
      case ConsultationStatus::kCompleted:
        if (Begin("consultation_completed", Phase::kConsultation,
                  c.scheduled_at + c.duration_minutes * kMinute, "clinic", false)) {
          j_.Key("consultation_id").String(id).Field("outcome", Code(c.outcome));
          j_.Field("duration_minutes", c.duration_minutes);
          End();
        }
        if (c.outcome != Outcome::kNotQualified &&
            Begin("treatment_plan_sent", Phase::kConsultation,
                  c.scheduled_at + rng_.Range(2, 24) * kHour, "crm", false)) {
          const Procedure& proc = w_.procedures[c.procedure];
          j_.Key("procedure_id").String(UuidString(proc.id));
          j_.Field("price", proc.price_min + (proc.price_max - proc.price_min) / 3);
          j_.Field("currency", proc.currency);
          End();
        }
        break;
      case ConsultationStatus::kNoShow:
        if (Begin("consultation_no_show", Phase::kConsultation, c.scheduled_at + 15 * kMinute,
                  "clinic", false)) {
          j_.Key("consultation_id").String(id);
          End();
        }
        break;
      case ConsultationStatus::kCancelled: {
        const std::int64_t at = c.created_at +
                                (std::min(c.scheduled_at, kReferenceTime) - c.created_at) / 2;
        if (Begin("consultation_cancelled", Phase::kConsultation, at, "crm", false)) {
          j_.Key("consultation_id").String(id);
          End();
        }
        break;
      }
      case ConsultationStatus::kScheduled: break;
    }
  }
}

void JourneyWriter::BookingEvents() {
  if (b_ == nullptr) return;
  const std::string id = UuidString(b_->id);
  if (Begin("quote_accepted", Phase::kBooking, b_->created_at - rng_.Range(10, 240) * kMinute,
            "whatsapp", false)) {
    j_.Key("procedure_id").String(UuidString(w_.procedures[b_->procedure].id));
    End();
  }
  if (Begin("booking_made", Phase::kBooking, b_->created_at, "crm", false)) {
    j_.Key("booking_id").String(id).Field("booking_reference", b_->reference);
    j_.Key("procedure_date").Date(b_->procedure_day);
    j_.Key("total_cost").Fixed(static_cast<double>(b_->cost_cents) / 100, 2);
    j_.Field("currency", b_->currency);
    End();
  }
  const std::int64_t start = ProcedureStart(*b_);
  const bool deposit = b_->payment != PaymentStatus::kPending;
  if (deposit &&
      Begin("deposit_paid", Phase::kBooking, b_->created_at + rng_.Range(10, 72 * 60) * kMinute,
            "payment_gateway", false)) {
    j_.Key("booking_id").String(id);
    j_.Key("amount").Fixed(std::min(300.0, static_cast<double>(b_->cost_cents) / 100), 2);
    j_.Field("currency", b_->currency);
    End();
  }
  switch (b_->status) {
    case BookingStatus::kCancelled:
      if (Begin("booking_cancelled", Phase::kBooking, b_->updated_at, "crm", false)) {
        j_.Key("booking_id")
            .String(id)
            .Field("reason", rng_.Pick({std::string_view("changed_mind"),
                                        std::string_view("health"), std::string_view("financial"),
                                        std::string_view("chose_other_clinic")}));
        End();
      }
      if (b_->payment == PaymentStatus::kRefunded &&
          Begin("refund_issued", Phase::kBooking, b_->updated_at + kHour, "payment_gateway",
                false)) {
        j_.Key("booking_id").String(id);
        End();
      }
      break;
    case BookingStatus::kNoShow:
      if (Begin("booking_no_show", Phase::kBooking, start + 2 * kHour, "clinic", false)) {
        j_.Key("booking_id").String(id);
        End();
      }
      break;
    default:
      if (b_->payment == PaymentStatus::kPaid) {
        const std::int64_t at = b_->status == BookingStatus::kCompleted
                                    ? start - rng_.Range(1, 20) * kHour
                                    : b_->updated_at;
        if (Begin("payment_completed", Phase::kBooking, at, "payment_gateway", false)) {
          j_.Key("booking_id").String(id);
          j_.Key("amount").Fixed(static_cast<double>(b_->cost_cents) / 100, 2);
          j_.Field("currency", b_->currency);
          End();
        }
      }
      break;
  }
}

void JourneyWriter::Travel() {
  if (b_ == nullptr || p_->phase < Phase::kTravel) return;
  const std::string id = UuidString(b_->id);
  if (b_->has_travel) {
    const TripPlan trip = PlanTrip(w_, p_->booking);
    if (Begin("flight_booked", Phase::kTravel, trip.booked_at, "travel_desk", false)) {
      j_.Key("booking_id").String(id).Key("arrival").Timestamp(trip.arrival);
      End();
    }
    if (Begin("hotel_booked", Phase::kTravel, trip.booked_at + rng_.Range(5, 90) * kMinute,
              "travel_desk", false)) {
      j_.Field("hotel", ref::Hotels()[trip.hotel].name);
      End();
    }
    if (Begin("airport_transfer_scheduled", Phase::kTravel,
              trip.booked_at + rng_.Range(1, 72) * kHour, "travel_desk", false)) {
      j_.Key("pickup_at").Timestamp(trip.arrival + 20 * kMinute);
      End();
    }
    if (Begin("arrived_istanbul", Phase::kTravel, trip.arrival, "travel_desk", false)) {
      j_.Field("transfer", true);
      End();
    }
  } else if (Begin("arrived_istanbul", Phase::kTravel,
                   ProcedureStart(*b_) - rng_.Range(14, 40) * kHour, "whatsapp", false)) {
    j_.Field("self_arranged", true);
    End();
  }
}

void JourneyWriter::ProcedureDay() {
  if (b_ == nullptr || p_->phase < Phase::kProcedure) return;
  const std::int64_t start = ProcedureStart(*b_);
  const ref::CatalogueEntry& entry = w_.EntryOf(w_.procedures[b_->procedure]);
  const std::string id = UuidString(b_->id);
  if (Begin("pre_op_tests_completed", Phase::kProcedure, start - 90 * kMinute, "clinic", false)) {
    j_.Key("booking_id").String(id);
    End();
  }
  if (Begin("procedure_started", Phase::kProcedure, start, "clinic", false)) {
    j_.Key("booking_id").String(id).Field("procedure", entry.name);
    End();
  }
  if (Begin("procedure_completed", Phase::kProcedure, start + entry.duration_hours * kHour,
            "clinic", false)) {
    j_.Key("booking_id").String(id).Field("duration_hours", entry.duration_hours);
    End();
  }
}

void JourneyWriter::Recovery() {
  if (b_ == nullptr || p_->phase < Phase::kRecovery) return;
  const std::int64_t start = ProcedureStart(*b_);
  const ref::CatalogueEntry& entry = w_.EntryOf(w_.procedures[b_->procedure]);
  const std::int64_t discharged = start + entry.duration_hours * kHour +
                                  (entry.anaesthesia == "general" ? kDay
                                                                  : rng_.Range(2, 5) * kHour);
  if (Begin("discharged", Phase::kRecovery, discharged, "clinic", false)) {
    j_.Field("medication_prescribed", true);
    End();
  }
  if (Begin("post_op_check", Phase::kRecovery, start + kDay + rng_.Range(1, 6) * kHour, "clinic",
            false)) {
    j_.Field("result", rng_.Chance(0.95) ? "normal" : "needs_attention");
    End();
  }
  const std::int64_t home = b_->has_travel ? PlanTrip(w_, p_->booking).departure
                                           : start + entry.nights_in_istanbul * kDay;
  if (Begin("returned_home", Phase::kRecovery, home, "whatsapp", false)) End();
  if (Begin("recovery_check_in", Phase::kRecovery, start + 7 * kDay + rng_.Range(8, 14) * kHour,
            "whatsapp", false)) {
    j_.Field("day", 7).Field("pain_level", rng_.Int(0, 4));
    End();
  }
}

void JourneyWriter::FollowUp() {
  if (b_ == nullptr || p_->phase < Phase::kFollowUp) return;
  const std::int64_t start = ProcedureStart(*b_);
  for (int month : {1, 3, 6, 12}) {
    if (month > 1 && rng_.Chance(0.25)) continue;
    if (Begin("photo_update_received", Phase::kFollowUp,
              start + month * 30 * kDay + rng_.Range(0, 96) * kHour, "mobile_app", false)) {
      j_.Field("month", month).Field("photos", rng_.Int(2, 5));
      End();
    }
  }
  if (b_->satisfaction > 0 &&
      Begin("satisfaction_survey_completed", Phase::kFollowUp,
            start + 30 * kDay + rng_.Range(0, 120) * kHour, "email", false)) {
    j_.Field("rating", b_->satisfaction);
    End();
  }
  if (b_->review_rating > 0 &&
      Begin("review_submitted", Phase::kFollowUp, b_->review_at, "website", false)) {
    j_.Field("rating", b_->review_rating);
    j_.Key("provider_id").String(UuidString(w_.providers[b_->provider].id));
    End();
  }
  if (rng_.Chance(0.12) && Begin("referral_made", Phase::kFollowUp,
                                 start + rng_.Range(60, 300) * kDay, "mobile_app", false)) {
    j_.Field("channel", "whatsapp");
    End();
  }
}

void JourneyWriter::WritePatient(std::int32_t index) {
  rng_ = Prng::Stream(w_.seed, static_cast<std::uint64_t>(Stream::kJourney),
                      static_cast<std::uint64_t>(index));
  p_ = &w_.patients[index];
  b_ = p_->booking >= 0 ? &w_.bookings[p_->booking] : nullptr;
  Discovery();
  Research();
  Consultations();
  BookingEvents();
  Travel();
  ProcedureDay();
  Recovery();
  FollowUp();
}

}  // namespace

core::Result<std::int64_t> WritePatientJourneyEvents(const SinkContext& ctx) {
  const World& w = ctx.world;
  CopyWriter out(ctx.conn, "patient_journey_events",
                 {"id", "patient_profile_id", "event_type", "event_data", "source", "session_id",
                  "created_at", "deleted"},
                 ctx.progress);
  if (auto s = out.Start(); !s) return core::Fail(s.error());
  JourneyWriter writer(w, out);
  for (std::size_t i = 0; i < w.patients.size() && out.ok(); ++i) {
    writer.WritePatient(static_cast<std::int32_t>(i));
  }
  return out.Finish();
}

}  // namespace imedic::seed
