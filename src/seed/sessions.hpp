// The conversations of a patient with the care team: one session per
// topic the patient's journey reached (first enquiry, pricing, the
// consultation, booking, travel, procedure day, recovery, follow-ups), each
// playing the opening turns of a scripted exchange. Planned from the
// patient alone, so conversation_sessions and messages agree without
// holding millions of messages in memory.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "seed/generator.hpp"

namespace imedic::seed {

enum class ChannelKind : std::uint8_t { kWhatsApp, kEmail, kSms };
std::string_view ChannelCode(ChannelKind kind);

enum class SessionStatus : std::uint8_t { kActive, kEnded, kTimeout };
std::string_view SessionStatusCode(SessionStatus status);

struct SessionPlan {
  Uuid id;
  std::string session_key;  // conversation_sessions.session_id
  ref::Topic topic = ref::Topic::kInquiry;
  Phase phase = Phase::kDiscovery;
  ChannelKind channel = ChannelKind::kWhatsApp;
  std::uint8_t script = 0;                 // into ref::Scripts(topic)
  std::uint8_t turns = 0;                  // how many turns of the script were played
  std::array<std::int64_t, 12> sent_at{};  // per turn
  SessionStatus status = SessionStatus::kEnded;
  std::int64_t ended_at = kNoTime;
  // The date and instant the conversation is about ({date} and {time}).
  std::int64_t subject_day = 0;
  std::int64_t subject_time = 0;
};

// Replaces `out` with the sessions of patient `patient`, oldest first.
void PlanSessions(const World& world, std::int32_t patient, std::vector<SessionPlan>& out);

}  // namespace imedic::seed
