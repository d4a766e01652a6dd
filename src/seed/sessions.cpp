#include "seed/sessions.hpp"

#include <algorithm>

#include "seed/rows.hpp"

namespace imedic::seed {

std::string_view ChannelCode(ChannelKind kind) {
  switch (kind) {
    case ChannelKind::kWhatsApp: return "whatsapp";
    case ChannelKind::kEmail: return "email";
    case ChannelKind::kSms: return "sms";
  }
  return "whatsapp";
}

std::string_view SessionStatusCode(SessionStatus status) {
  switch (status) {
    case SessionStatus::kActive: return "active";
    case SessionStatus::kEnded: return "ended";
    case SessionStatus::kTimeout: return "timeout";
  }
  return "ended";
}

namespace {

class SessionPlanner {
 public:
  SessionPlanner(const World& w, std::int32_t patient, std::vector<SessionPlan>& out)
      : w_(w),
        p_(w.patients[patient]),
        user_(w.users[p_.user]),
        rng_(Prng::Stream(w.seed, static_cast<std::uint64_t>(Stream::kSessions),
                          static_cast<std::uint64_t>(patient))),
        out_(out) {}

  void Plan();

 private:
  void Add(ref::Topic topic, Phase phase, std::int64_t start, std::int64_t subject_time);

  const World& w_;
  const Patient& p_;
  const User& user_;
  Prng rng_;
  std::vector<SessionPlan>& out_;
};

void SessionPlanner::Add(ref::Topic topic, Phase phase, std::int64_t start,
                         std::int64_t subject_time) {
  if (start >= kReferenceTime - 10 * kMinute) return;  // has not happened yet
  SessionPlan s;
  s.id = rng_.NewUuid();
  s.topic = topic;
  s.phase = phase;
  s.subject_time = subject_time;
  s.subject_day = DayOf(subject_time + 3 * kHour);  // the date in Istanbul
  // WhatsApp is how most patients talk to us; e-mail for the others and
  // for the paperwork-heavy topics, SMS for a few reminders.
  const bool has_whatsapp = !user_.channels.whatsapp.IsNil();
  const bool has_sms = !user_.channels.sms.IsNil();
  if (has_sms && topic == ref::Topic::kTravel && rng_.Chance(0.3)) {
    s.channel = ChannelKind::kSms;
  } else if (has_whatsapp && rng_.Chance(topic == ref::Topic::kBooking ? 0.7 : 0.88)) {
    s.channel = ChannelKind::kWhatsApp;
  } else {
    s.channel = ChannelKind::kEmail;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  s.session_key = s.channel == ChannelKind::kWhatsApp ? "wa_"
                  : s.channel == ChannelKind::kEmail  ? "em_"
                                                      : "sms_";
  for (int k = 0; k < 20; ++k) s.session_key.push_back(kHex[rng_.Below(16)]);

  const auto scripts = ref::Scripts(topic);
  s.script = static_cast<std::uint8_t>(rng_.Below(scripts.size()));
  // The third enquiry asks for a coordinator who speaks the patient's
  // language, which English speakers do not need.
  const bool english = ref::Countries()[user_.country].language.substr(0, 2) == "en";
  if (topic == ref::Topic::kInquiry && s.script == 2 && english) {
    s.script = static_cast<std::uint8_t>(rng_.Below(2));
  }
  const auto& script = scripts[s.script];
  const int length = static_cast<int>(std::min<std::size_t>(script.size(), s.sent_at.size()));
  s.turns = static_cast<std::uint8_t>(rng_.Int(std::min(2, length), length));
  std::int64_t t = start;
  for (int k = 0; k < s.turns; ++k) {
    if (k > 0) {
      // The team answers within minutes; patients take longer, e-mail longest.
      const bool reply_by_team = script[k].direction == ref::Direction::kOutgoing;
      std::int64_t gap = reply_by_team ? rng_.Range(2, 40) * kMinute : rng_.Range(1, 150) * kMinute;
      if (s.channel == ChannelKind::kEmail) gap *= 4;
      t += gap;
    }
    s.sent_at[static_cast<std::size_t>(k)] = t;
  }
  // Drop the turns that would lie in the future.
  while (s.turns > 1 && s.sent_at[s.turns - 1] >= kReferenceTime) --s.turns;
  const std::int64_t last = s.sent_at[s.turns - 1];
  const std::int64_t closes = last + rng_.Range(15, 60) * kMinute;
  if (closes >= kReferenceTime) {
    s.status = SessionStatus::kActive;
  } else {
    s.status = rng_.Chance(0.8) ? SessionStatus::kEnded : SessionStatus::kTimeout;
    s.ended_at = s.status == SessionStatus::kTimeout
                     ? std::min(last + 24 * kHour, kReferenceTime - kMinute)
                     : closes;
  }
  out_.push_back(std::move(s));
}

void SessionPlanner::Plan() {
  using ref::Topic;
  const Booking* b = p_.booking >= 0 ? &w_.bookings[p_.booking] : nullptr;
  // Before a booking, prices and dates refer to a typical trip a month out.
  const std::int64_t planned = b != nullptr ? ProcedureStart(*b) : kReferenceTime + 30 * kDay;
  Add(Topic::kInquiry, Phase::kDiscovery, p_.first_touch + rng_.Range(1, 30) * kMinute, planned);
  if (p_.research_at != kNoTime) {
    Add(Topic::kPricing, Phase::kResearch, p_.research_at + rng_.Range(1, 120) * kMinute, planned);
  }
  if (p_.consultation >= 0) {
    const Consultation& c = w_.consultations[p_.consultation];
    Add(Topic::kConsultation, Phase::kConsultation, c.created_at + rng_.Range(5, 90) * kMinute,
        c.scheduled_at);
    // The day of the call: the link, then the treatment plan.
    if (c.status == ConsultationStatus::kCompleted) {
      Add(Topic::kConsultationCall, Phase::kConsultation,
          c.scheduled_at - rng_.Range(45, 70) * kMinute, c.scheduled_at);
    }
  }
  if (b == nullptr) return;
  Add(Topic::kBooking, Phase::kBooking, b->created_at - rng_.Range(10, 240) * kMinute, planned);
  if (b->status == BookingStatus::kCancelled || b->status == BookingStatus::kNoShow) return;
  if (p_.phase >= Phase::kTravel) {
    Add(Topic::kTravel, Phase::kTravel, planned - rng_.Range(3, 12) * kDay, planned);
    if (b->has_travel) {
      Add(Topic::kArrival, Phase::kTravel, PlanTrip(w_, p_.booking).arrival + 10 * kMinute,
          planned);
    }
  }
  if (p_.phase >= Phase::kProcedure) {
    Add(Topic::kProcedureDay, Phase::kProcedure, planned - rng_.Range(60, 180) * kMinute, planned);
  }
  if (p_.phase >= Phase::kRecovery) {
    Add(Topic::kRecovery, Phase::kRecovery, planned + rng_.Range(4, 12) * kDay, planned);
  }
  if (p_.phase >= Phase::kFollowUp) {
    // Check-ins at months 1, 3, 6 and 12, as far as the patient got.
    for (int month : {1, 3, 6, 12}) {
      if (month > 1 && rng_.Chance(0.35)) continue;
      Add(Topic::kFollowUp, Phase::kFollowUp,
          planned + month * 30 * kDay + rng_.Range(0, 72) * kHour, planned);
    }
  }
}

}  // namespace

void PlanSessions(const World& world, std::int32_t patient, std::vector<SessionPlan>& out) {
  out.clear();
  SessionPlanner(world, patient, out).Plan();
}

}  // namespace imedic::seed
